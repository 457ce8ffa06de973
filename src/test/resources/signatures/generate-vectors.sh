#!/usr/bin/env bash
# Regenerates vectors.json with implementations other than Bouncy Castle: Node's crypto for ecdsa-p256 and
# ed25519, the OpenSSL 3 command line for sm2 (Node has no SM2). Fresh keys each run; the private keys live
# in a temporary directory that is deleted, only public keys, messages and signatures are written.
# Usage: src/test/resources/signatures/generate-vectors.sh > src/test/resources/signatures/vectors.json
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# SM2 with OpenSSL: SM3 digest of "vector-sm2", message per SignedMessage, SM3withSM2 with the GM/T 0009
# default user id, DER signature.
sm2_digest="0x$(printf 'vector-sm2' | openssl dgst -sm3 -r | cut -d' ' -f1)"
printf 'anchor-gateway/v1\nDEMO\nsm3\n%s' "$sm2_digest" > "$tmp/sm2.msg"
openssl genpkey -algorithm SM2 -out "$tmp/sm2.key" 2>/dev/null
openssl pkey -in "$tmp/sm2.key" -pubout -out "$tmp/sm2.pub"
openssl pkeyutl -sign -inkey "$tmp/sm2.key" -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
  -in "$tmp/sm2.msg" -out "$tmp/sm2.sig"
openssl pkeyutl -verify -pubin -inkey "$tmp/sm2.pub" -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
  -in "$tmp/sm2.msg" -sigfile "$tmp/sm2.sig" >&2
sm2_fingerprint="sha256:$(openssl pkey -pubin -in "$tmp/sm2.pub" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)"

SM2_DIGEST="$sm2_digest" SM2_PUB="$(cat "$tmp/sm2.pub")" SM2_SIG="$(xxd -p -c 1000 "$tmp/sm2.sig")" \
SM2_FINGERPRINT="$sm2_fingerprint" OPENSSL_VERSION="$(openssl version)" node - <<'JS'
const crypto = require('crypto');
const message = (alg, digest) => `anchor-gateway/v1\nDEMO\n${alg}\n${digest}`;
const spki = (k) => k.export({ type: 'spki', format: 'pem' });
const fingerprint = (k) => 'sha256:' + crypto.createHash('sha256').update(k.export({ type: 'spki', format: 'der' })).digest('hex');
const vectors = [];
const add = (v) => vectors.push(v);

// ecdsa-p256: SHA-256 digest of "vector-p256", crypto.sign('sha256', ...) yields DER.
{
  const digest = '0x' + crypto.createHash('sha256').update('vector-p256').digest('hex');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const msg = message('sha256', digest);
  const sig = crypto.sign('sha256', Buffer.from(msg, 'utf8'), privateKey);
  if (!crypto.verify('sha256', Buffer.from(msg, 'utf8'), publicKey, sig)) throw new Error('p256 self-check');
  const base = { keyAlgorithm: 'ecdsa-p256', publicKeyPem: spki(publicKey), fingerprint: fingerprint(publicKey) };
  add({ desc: 'ecdsa-p256 signature by Node crypto', ...base, digestAlgorithm: 'sha256', digest, message: msg, signature: sig.toString('hex'), valid: true });
  add({ desc: 'ecdsa-p256: same signature presented for another digest algorithm name', ...base, digestAlgorithm: 'sha3-256', digest, message: message('sha3-256', digest), signature: sig.toString('hex'), valid: false });
  // The same signature with s replaced by n - s: still valid ECDSA, recorded to pin that low-s is not enforced.
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const der = sig;
  let p = 2;
  const readInt = () => { const len = der[p + 1]; const v = der.subarray(p + 2, p + 2 + len); p += 2 + len; return BigInt('0x' + v.toString('hex')); };
  const r = readInt(); const s = readInt();
  const intDer = (x) => { let h = x.toString(16); if (h.length % 2) h = '0' + h; if (parseInt(h.slice(0, 2), 16) >= 0x80) h = '00' + h; const b = Buffer.from(h, 'hex'); return Buffer.concat([Buffer.from([0x02, b.length]), b]); };
  const body = Buffer.concat([intDer(r), intDer(n - s)]);
  const flipped = Buffer.concat([Buffer.from([0x30, body.length]), body]);
  if (!crypto.verify('sha256', Buffer.from(msg, 'utf8'), publicKey, flipped)) throw new Error('p256 n-s self-check');
  add({ desc: 'ecdsa-p256: the same signature with s replaced by n - s (low-s is not enforced)', ...base, digestAlgorithm: 'sha256', digest, message: msg, signature: flipped.toString('hex'), valid: true });
}

// ed25519: SHA-256 digest of "vector-ed25519", pure Ed25519 (crypto.sign(null, ...)).
{
  const digest = '0x' + crypto.createHash('sha256').update('vector-ed25519').digest('hex');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const msg = message('sha256', digest);
  const sig = crypto.sign(null, Buffer.from(msg, 'utf8'), privateKey);
  const base = { keyAlgorithm: 'ed25519', publicKeyPem: spki(publicKey), fingerprint: fingerprint(publicKey) };
  add({ desc: 'ed25519 signature by Node crypto', ...base, digestAlgorithm: 'sha256', digest, message: msg, signature: sig.toString('hex'), valid: true });
  const other = '0x' + crypto.createHash('sha256').update('vector-ed25519-other').digest('hex');
  add({ desc: 'ed25519: same signature presented for another digest', ...base, digestAlgorithm: 'sha256', digest: other, message: message('sha256', other), signature: sig.toString('hex'), valid: false });
}

// sm2: made by the OpenSSL command line (see generate-vectors.sh), passed in through the environment.
{
  const digest = process.env.SM2_DIGEST;
  const base = { keyAlgorithm: 'sm2', publicKeyPem: process.env.SM2_PUB + '\n', fingerprint: process.env.SM2_FINGERPRINT };
  add({ desc: 'sm2 signature by the OpenSSL command line (SM3withSM2, user id 1234567812345678)', ...base, digestAlgorithm: 'sm3', digest, message: message('sm3', digest), signature: process.env.SM2_SIG, valid: true });
  add({ desc: 'sm2: same signature presented for another digest algorithm name', ...base, digestAlgorithm: 'sha256', digest, message: message('sha256', digest), signature: process.env.SM2_SIG, valid: false });
}

console.log(JSON.stringify({
  provenance: `Generated by src/test/resources/signatures/generate-vectors.sh on ${new Date().toISOString().slice(0, 10)}: `
    + `ecdsa-p256 and ed25519 with Node ${process.version} crypto (generateKeyPairSync, crypto.sign; DER ECDSA), `
    + `sm2 with the ${process.env.OPENSSL_VERSION} command line (genpkey -algorithm SM2; pkeyutl -sign -rawin -digest sm3 `
    + `-pkeyopt distid:1234567812345678). Fresh keys, private keys discarded. fingerprint = sha256 of the SPKI DER as exported `
    + `by Node or OpenSSL. message is the exact signed text (UTF-8). valid=false vectors reuse a valid signature with another input.`,
  vectors,
}, null, 2));
JS
