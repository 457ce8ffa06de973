import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { checkSignature, signedMessage, fingerprint } from '../lib/signature.js';
import { spkiFromPem, parseSpki, decodeDerSignature, DerError } from '../lib/der.js';
import { bytesToBase64, hexToBytes, base64ToBytes } from '../lib/bytes.js';
import { REPO, WEB } from './support/anvil.mjs';

// Made with Node's crypto and the OpenSSL command line by the Java engineer's generator (provenance in the file).
const shared = JSON.parse(readFileSync(join(REPO, 'src', 'test', 'resources', 'signatures', 'vectors.json'), 'utf8'));
// Certificate chains made with the OpenSSL command line (test/fixtures/generate-certificates.sh).
const certs = JSON.parse(readFileSync(join(WEB, 'test', 'fixtures', 'certificates.json'), 'utf8'));

const sig = (algorithm, publicKeyFingerprint, publicKey, value) => ({ algorithm, publicKeyFingerprint, publicKey, value });

test('the signature vectors of src/test/resources/signatures/vectors.json verify exactly when marked valid', () => {
  assert.equal(shared.vectors.length, 7);
  for (const v of shared.vectors) {
    const r = checkSignature(sig(v.keyAlgorithm, v.fingerprint, v.publicKeyPem, bytesToBase64(hexToBytes(v.signature))), 'DEMO', v.digestAlgorithm, v.digest);
    assert.equal(r.ok, v.valid, v.desc);
    if (!v.valid) assert.equal(r.code, 'signature-invalid', v.desc);
    assert.equal(new TextDecoder().decode(signedMessage('DEMO', v.digestAlgorithm, v.digest)), v.message, `message of ${v.desc}`);
  }
});

test('a PEM certificate chain, leaf first: the leaf key is used and its fingerprint is OpenSSL\'s (P-256, Ed25519, SM2)', () => {
  for (const v of certs.vectors) {
    assert.equal(new TextDecoder().decode(signedMessage(certs.department, certs.digestAlgorithm, certs.digest)), v.message);
    const r = checkSignature(sig(v.algorithm, v.fingerprint, v.chain, v.signature), certs.department, certs.digestAlgorithm, certs.digest);
    assert.deepEqual(r, { ok: true, fingerprint: v.fingerprint }, v.algorithm);
    // The same signature for another department's message does not verify.
    assert.equal(checkSignature(sig(v.algorithm, v.fingerprint, v.chain, v.signature), 'OTHER', certs.digestAlgorithm, certs.digest).code, 'signature-invalid');
  }
});

test('a chain given root first names the root key: fingerprint mismatch', () => {
  const v = certs.vectors[0];
  const blocks = v.chain.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g);
  const reversed = `${blocks[1]}\n${blocks[0]}\n`;
  assert.equal(checkSignature(sig(v.algorithm, v.fingerprint, reversed, v.signature), certs.department, 'sha256', certs.digest).code, 'signature-key-mismatch');
});

test('fingerprints and key types agree with Node\'s crypto for freshly made keys; signatures made by Node verify', () => {
  const message = signedMessage('NODE', 'sha256', `0x${'ab'.repeat(32)}`);
  for (const [type, options, algorithm, hash] of [['ec', { namedCurve: 'P-256' }, 'ecdsa-p256', 'sha256'], ['ed25519', {}, 'ed25519', null]]) {
    for (let i = 0; i < 5; i++) {
      const { publicKey, privateKey } = generateKeyPairSync(type, options);
      const der = publicKey.export({ type: 'spki', format: 'der' });
      const pem = publicKey.export({ type: 'spki', format: 'pem' });
      assert.deepEqual(spkiFromPem(pem), new Uint8Array(der));
      assert.equal(parseSpki(new Uint8Array(der)).algorithm, algorithm);
      const value = nodeSign(hash, message, privateKey).toString('base64');
      const r = checkSignature(sig(algorithm, fingerprint(new Uint8Array(der)), pem, value), 'NODE', 'sha256', `0x${'ab'.repeat(32)}`);
      assert.equal(r.ok, true, `${algorithm} #${i}`);
    }
  }
});

const p256 = shared.vectors[0];
const base = () => sig(p256.keyAlgorithm, p256.fingerprint, p256.publicKeyPem, bytesToBase64(hexToBytes(p256.signature)));
const check = (s) => checkSignature(s, 'DEMO', p256.digestAlgorithm, p256.digest);

test('signature-key-mismatch: another fingerprint, an unparsable key, a key of another algorithm, a private key', () => {
  assert.equal(check(base()).ok, true);
  assert.equal(check({ ...base(), publicKeyFingerprint: `sha256:${'0'.repeat(64)}` }).code, 'signature-key-mismatch');
  assert.equal(check({ ...base(), publicKey: 'not a key' }).code, 'signature-key-mismatch');
  assert.equal(check({ ...base(), publicKey: p256.publicKeyPem.replace('MFkw', 'MFkx') }).code, 'signature-key-mismatch');
  assert.equal(check({ ...base(), algorithm: 'ed25519' }).code, 'signature-key-mismatch');
  assert.equal(check({ ...base(), algorithm: 'sm2' }).code, 'signature-key-mismatch');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.equal(check({ ...base(), publicKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }).code, 'signature-key-mismatch');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
  assert.match(check({ ...base(), publicKey: rsa }).detail, /unsupported key type 1\.2\.840\.113549\.1\.1\.1/);
});

test('signature-invalid: non-canonical base64, BER instead of DER, trailing bytes, r or s out of range', () => {
  const der = hexToBytes(`0x${p256.signature}`);
  const { r, s } = decodeDerSignature(der);
  assert.equal(check({ ...base(), value: bytesToBase64(der).replace(/=*$/, '') }).code, 'signature-invalid', 'padding dropped');
  // Long-form length where the short form fits is BER, not DER.
  const ber = Uint8Array.of(0x30, 0x81, der[1], ...der.subarray(2));
  assert.equal(check({ ...base(), value: bytesToBase64(ber) }).code, 'signature-invalid');
  assert.equal(check({ ...base(), value: bytesToBase64(Uint8Array.of(...der, 0)) }).code, 'signature-invalid');
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const encode = (a, b) => {
    const int = (x) => {
      let h = x.toString(16);
      if (h.length % 2) h = `0${h}`;
      if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
      const bytes = hexToBytes(`0x${h}`);
      return [0x02, bytes.length, ...bytes];
    };
    const body = [...int(a), ...int(b)];
    return Uint8Array.of(0x30, body.length, ...body);
  };
  assert.equal(check({ ...base(), value: bytesToBase64(encode(r, s)) }).ok, true, 'the re-encoding is the original');
  assert.equal(check({ ...base(), value: bytesToBase64(encode(r, s + n)) }).code, 'signature-invalid', 's + n');
  assert.equal(check({ ...base(), value: bytesToBase64(encode(r + n, s)) }).code, 'signature-invalid', 'r + n');
  assert.equal(check({ ...base(), value: bytesToBase64(encode(0n, s)) }).code, 'signature-invalid', 'r = 0');
  const ed = shared.vectors.find((v) => v.keyAlgorithm === 'ed25519' && v.valid);
  const edSig = hexToBytes(`0x${ed.signature}`);
  const edCheck = (value) => checkSignature(sig('ed25519', ed.fingerprint, ed.publicKeyPem, bytesToBase64(value)), 'DEMO', ed.digestAlgorithm, ed.digest);
  assert.equal(edCheck(edSig).ok, true);
  assert.equal(edCheck(edSig.subarray(0, 63)).code, 'signature-invalid');
});

test('SM2: s outside 1..n-1 is refused with that reason, before any curve arithmetic', () => {
  const v = shared.vectors.find((x) => x.keyAlgorithm === 'sm2' && x.valid);
  const der = hexToBytes(`0x${v.signature}`);
  const { r, s } = decodeDerSignature(der);
  const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
  const int = (x) => {
    let h = x.toString(16);
    if (h.length % 2) h = `0${h}`;
    if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
    const bytes = hexToBytes(`0x${h}`);
    return [0x02, bytes.length, ...bytes];
  };
  const body = [...int(r), ...int(s + n)];
  const value = bytesToBase64(Uint8Array.of(0x30, body.length, ...body));
  const r2 = checkSignature(sig('sm2', v.fingerprint, v.publicKeyPem, value), 'DEMO', v.digestAlgorithm, v.digest);
  assert.equal(r2.code, 'signature-invalid');
  assert.match(r2.detail, /outside 1 to n-1/);
});

test('base64 is strict: canonical standard alphabet with padding only', () => {
  assert.deepEqual(base64ToBytes('TWFu'), Uint8Array.of(77, 97, 110));
  assert.deepEqual(base64ToBytes('TWE='), Uint8Array.of(77, 97));
  assert.deepEqual(base64ToBytes('TQ=='), Uint8Array.of(77));
  for (const bad of ['TQ', 'TR==', 'TWF=', 'TW-u', 'TW_u', 'T Fu', '====', 'TQ==TQ==']) assert.equal(base64ToBytes(bad), null, bad);
});

test('DER reader: indefinite length, a length with a leading zero, truncation', () => {
  assert.throws(() => decodeDerSignature(Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0, 0)), DerError);
  assert.throws(() => decodeDerSignature(Uint8Array.of(0x30, 0x82, 0x00, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01)), DerError);
  assert.throws(() => decodeDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01)), DerError);
  assert.throws(() => decodeDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01)), /negative/);
  assert.throws(() => decodeDerSignature(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01)), /leading zero/);
});
