// An independent OpenID4VCI wallet for the tests: Sphereon's @sphereon/oid4vci-client (pinned
// in package-lock.json) takes a credential offer from the platform the way a wallet app does.
// It makes a fresh Ed25519 holder key (node:crypto) named by a did:key, follows the offer
// (the offer JSON, both metadata documents), redeems the pre-authorized code with the
// transaction code, signs the proof of possession over the issuer's c_nonce, and receives the
// credential. Nothing of ours runs here.
//
// stdin:  {"offerUri": "openid-credential-offer://?credential_offer_uri=...", "txCode": "123456"}
// stdout: {"holderDid": "did:key:z6Mk...", "credential": {...}, "response": {...}}
import {generateKeyPairSync, sign} from 'node:crypto';

import {OpenID4VCIClient} from '@sphereon/oid4vci-client';

import {readStdin} from './contexts.mjs';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58btc(bytes) {
  let number = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let text = '';
  while(number > 0n) {
    text = B58[Number(number % 58n)] + text;
    number /= 58n;
  }
  for(const byte of bytes) {
    if(byte !== 0) {
      break;
    }
    text = '1' + text;
  }
  return text;
}

// An Ed25519 did:key: multibase base58btc of the multicodec ed25519-pub (0xed 0x01) + key.
function holderKey() {
  const {privateKey, publicKey} = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({format: 'jwk'}).x, 'base64url');
  const multibase = 'z' + base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), raw]));
  const did = `did:key:${multibase}`;
  return {privateKey, did, kid: `${did}#${multibase}`};
}

const part = value => Buffer.from(JSON.stringify(value)).toString('base64url');

function signer(privateKey) {
  // Sphereon builds the proof's header and payload (typ, aud, iat, nonce); we sign them.
  return async ({header, payload}) => {
    const input = `${part({...header, alg: 'EdDSA'})}.${part(payload)}`;
    const signature = sign(null, Buffer.from(input), privateKey).toString('base64url');
    return `${input}.${signature}`;
  };
}

const {offerUri, txCode} = JSON.parse(await readStdin());
const holder = holderKey();
const client = await OpenID4VCIClient.fromURI({
  uri: offerUri, kid: holder.kid, alg: 'EdDSA', retrieveServerMetadata: true,
});
await client.acquireAccessToken({pin: txCode});
const response = await client.acquireCredentials({
  credentialTypes: ['OpenBadgeCredential'],
  format: 'ldp_vc',
  proofCallbacks: {signCallback: signer(holder.privateKey)},
  kid: holder.kid,
  alg: 'EdDSA',
});
const credential = response.credentials?.[0]?.credential ?? response.credential;
process.stdout.write(JSON.stringify({holderDid: holder.did, credential, response}));
