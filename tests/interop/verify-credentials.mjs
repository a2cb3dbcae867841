// An independent verifier for the credentials the platform signs: Digital Bazaar's
// @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite, the libraries wallets and verifier
// sites use. Nothing is fetched: contexts come from their npm packages (not from our pinned
// copies), and the documents a verifier would fetch (issuer profiles, status lists) are
// handed in by the caller, who read them from the platform's own URLs.
//
// stdin:  {"credentials": [<signed credential>, ...], "documents": {"<url>": <json>, ...},
//          "contexts": {"<url>": <json>, ...},   (contexts: only ones no npm package ships)
//          "checkStatus": true}   (false: check proofs only, status lists not at hand)
// stdout: [{"verified": true|false, "errors": ["..."], "revoked": true|false|null}, ...]
import {gunzipSync} from 'node:zlib';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';

import {knownContexts, readStdin} from './contexts.mjs';

const {extendContextLoader} = jsigs;

function makeLoader({documents, contexts}) {
  const known = knownContexts(contexts);
  const loader = async url => {
    if(known.has(url)) {
      return {contextUrl: null, documentUrl: url, document: known.get(url)};
    }
    const [base, fragment] = url.split('#');
    const document = documents[base];
    if(document === undefined) {
      throw new Error(`${url} is not available offline (no network in this verifier)`);
    }
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document};
    }
    // A verification method: the key inside its controller document, with that context.
    const method = (document.verificationMethod || []).find(m => m.id === url);
    if(!method) {
      throw new Error(`${url}: no such verification method in ${base}`);
    }
    return {
      contextUrl: null, documentUrl: url,
      document: {'@context': document['@context'], ...method},
    };
  };
  return extendContextLoader(loader);
}

// BitstringStatusList: the encoded list is multibase base64url (u) of a GZIP'd bitstring
// whose first bit (index 0) is the most significant bit of the first byte.
function bitAt(encodedList, index) {
  if(typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new Error('encodedList is not multibase base64url');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  const byte = Math.floor(index / 8);
  if(byte >= bits.length) {
    throw new Error(`statusListIndex ${index} is outside the list`);
  }
  return (bits[byte] >> (7 - (index % 8))) & 1;
}

function makeCheckStatus({documentLoader, suite}) {
  return async ({credential}) => {
    const entries = [].concat(credential.credentialStatus);
    let revoked = false;
    for(const entry of entries) {
      if(entry.type !== 'BitstringStatusListEntry') {
        throw new Error(`unsupported status type ${entry.type}`);
      }
      const {document: list} = await documentLoader(entry.statusListCredential);
      const listResult = await vc.verifyCredential({credential: list, suite, documentLoader});
      if(!listResult.verified) {
        throw new Error('the status list credential does not verify');
      }
      if(list.issuer !== (credential.issuer.id || credential.issuer)) {
        throw new Error('the status list has another issuer than the credential');
      }
      if(bitAt(list.credentialSubject.encodedList, Number(entry.statusListIndex))) {
        revoked = true;
      }
    }
    return {verified: !revoked, revoked};
  };
}

function errorsOf(result) {
  const errors = [];
  const collect = error => {
    if(!error) {
      return;
    }
    for(const one of [].concat(error)) {
      errors.push(one.message || String(one));
      if(one.errors) {
        collect(one.errors);
      }
    }
  };
  collect(result.error);
  for(const proof of result.results || []) {
    collect(proof.error);
  }
  if(result.statusResult && result.statusResult.revoked) {
    errors.push('revoked');
  }
  return [...new Set(errors)];
}

async function main() {
  const input = JSON.parse(await readStdin());
  const documentLoader = makeLoader(input);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const checkStatus = input.checkStatus === false ?
    async () => ({verified: true, revoked: null}) :
    makeCheckStatus({documentLoader, suite});
  const results = [];
  for(const credential of input.credentials) {
    try {
      const result = await vc.verifyCredential({
        credential, suite, documentLoader,
        checkStatus: credential.credentialStatus ? checkStatus : undefined,
      });
      results.push({
        verified: Boolean(result.verified),
        errors: result.verified ? [] : errorsOf(result),
        revoked: result.statusResult ? result.statusResult.revoked : null,
      });
    } catch(error) {
      results.push({verified: false, errors: [error.message || String(error)], revoked: null});
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
