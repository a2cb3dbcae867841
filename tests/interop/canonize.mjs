// RDFC-1.0 canonical N-Quads of JSON-LD documents as Digital Bazaar's jsonld.js computes them,
// to compare with the platform's own canonicalization (badges/ob3/rdfc.py).
//
// stdin:  {"documents": [<json-ld>, ...], "contexts": {"<url>": <json>, ...}}
// stdout: [{"nquads": "..."} | {"error": "..."}, ...]
import jsonld from 'jsonld';

import {knownContexts, readStdin} from './contexts.mjs';

async function main() {
  const input = JSON.parse(await readStdin());
  const known = knownContexts(input.contexts);
  const documentLoader = async url => {
    if(!known.has(url)) {
      throw new Error(`${url} is not available offline`);
    }
    return {contextUrl: null, documentUrl: url, document: known.get(url)};
  };
  const results = [];
  for(const document of input.documents) {
    try {
      const nquads = await jsonld.canonize(document, {
        algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader,
        safe: false, canonizeOptions: {maxWorkFactor: Infinity},
      });
      results.push({nquads});
    } catch(error) {
      results.push({error: error.message || String(error)});
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
