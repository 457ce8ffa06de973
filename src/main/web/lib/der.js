// @ts-check
// Just enough DER (X.690) to read a SubjectPublicKeyInfo from a PEM public key or certificate, and an
// ECDSA/SM2 signature `SEQUENCE {r, s}`. Strict: definite, minimal lengths; anything else is an error, so every
// key and signature has one encoding (a fingerprint is a hash of bytes, after all).
import { base64ToBytes, bytesToBigInt } from './bytes.js';

/** Bytes that are not the DER structure expected. */
export class DerError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'DerError';
  }
}

/**
 * @typedef {object} Tlv one DER element
 * @property {number} tag the identifier octet (only low-tag-number form is read)
 * @property {Uint8Array} value the contents
 * @property {Uint8Array} raw the whole element: identifier, length and contents
 * @property {number} end offset after the element in the input
 */

/**
 * Reads the element at `at`.
 * @param {Uint8Array} b
 * @param {number} at
 * @param {number} [limit]
 * @returns {Tlv}
 */
export function readTlv(b, at, limit = b.length) {
  if (at + 2 > limit) throw new DerError('truncated element');
  const tag = b[at];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let length = b[at + 1];
  let start = at + 2;
  if (length === 0x80) throw new DerError('indefinite length is not DER');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 3) throw new DerError('element too long');
    if (start + count > limit) throw new DerError('truncated length');
    if (b[start] === 0) throw new DerError('length with a leading zero is not DER');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + b[start + i];
    if (length < 0x80) throw new DerError('long-form length below 128 is not DER');
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new DerError('truncated contents');
  return { tag, value: b.subarray(start, end), raw: b.subarray(at, end), end };
}

/**
 * The elements of a constructed value, all of it.
 * @param {Uint8Array} contents
 * @returns {Tlv[]}
 */
export function readChildren(contents) {
  const out = [];
  let at = 0;
  while (at < contents.length) {
    const tlv = readTlv(contents, at);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/**
 * Exactly one element spanning `bytes`, with the given tag.
 * @param {Uint8Array} bytes
 * @param {number} tag
 * @param {string} what
 * @returns {Tlv}
 */
export function readOne(bytes, tag, what) {
  const tlv = readTlv(bytes, 0);
  if (tlv.end !== bytes.length) throw new DerError(`bytes after the ${what}`);
  if (tlv.tag !== tag) throw new DerError(`${what}: tag 0x${tlv.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return tlv;
}

/**
 * Dotted text of an OBJECT IDENTIFIER's contents.
 * @param {Uint8Array} v
 * @returns {string}
 */
export function oidText(v) {
  if (v.length === 0) throw new DerError('empty OID');
  const arcs = [];
  let n = 0n;
  for (let i = 0; i < v.length; i++) {
    if (n === 0n && v[i] === 0x80) throw new DerError('OID arc with a leading zero');
    n = (n << 7n) | BigInt(v[i] & 0x7f);
    if ((v[i] & 0x80) === 0) {
      arcs.push(n);
      n = 0n;
    } else if (i === v.length - 1) {
      throw new DerError('truncated OID');
    }
  }
  const first = arcs[0] < 40n ? 0n : arcs[0] < 80n ? 1n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/**
 * A positive INTEGER in minimal encoding.
 * @param {Tlv} tlv
 * @param {string} what
 * @returns {bigint}
 */
export function positiveInteger(tlv, what) {
  const v = tlv.value;
  if (tlv.tag !== 0x02) throw new DerError(`${what} is not an INTEGER`);
  if (v.length === 0) throw new DerError(`${what} is empty`);
  if (v[0] & 0x80) throw new DerError(`${what} is negative`);
  if (v.length > 1 && v[0] === 0 && (v[1] & 0x80) === 0) throw new DerError(`${what} has a superfluous leading zero`);
  return bytesToBigInt(v);
}

/**
 * `r` and `s` of a DER `SEQUENCE {INTEGER r, INTEGER s}`.
 * @param {Uint8Array} der
 * @returns {{r: bigint, s: bigint}}
 */
export function decodeDerSignature(der) {
  const seq = readOne(der, 0x30, 'signature');
  const parts = readChildren(seq.value);
  if (parts.length !== 2) throw new DerError('a signature is a SEQUENCE of two INTEGERs');
  return { r: positiveInteger(parts[0], 'r'), s: positiveInteger(parts[1], 's') };
}

/**
 * The blocks of a PEM text (RFC 7468), in order; text outside the blocks is ignored, as OpenSSL does.
 * @param {string} text
 * @returns {{label: string, der: Uint8Array}[]}
 */
export function pemBlocks(text) {
  const blocks = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END ([A-Z0-9 ]+)-----/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== m[3]) throw new DerError(`PEM block BEGIN ${m[1]} ends with END ${m[3]}`);
    const der = base64ToBytes(m[2].replace(/[ \t\r\n]/g, ''));
    if (der === null) throw new DerError(`PEM block ${m[1]} is not base64`);
    blocks.push({ label: m[1], der });
  }
  return blocks;
}

/**
 * The SubjectPublicKeyInfo element of an X.509 certificate.
 * @param {Uint8Array} certificate DER
 * @returns {Uint8Array}
 */
export function certificateSpki(certificate) {
  const cert = readChildren(readOne(certificate, 0x30, 'certificate').value);
  if (cert.length !== 3 || cert[0].tag !== 0x30) throw new DerError('a certificate is SEQUENCE {tbsCertificate, algorithm, signature}');
  const tbs = readChildren(cert[0].value);
  // [0] EXPLICIT version is optional (absent for v1 certificates); then serialNumber, signature, issuer,
  // validity, subject, subjectPublicKeyInfo.
  const first = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const spki = tbs[first + 5];
  if (spki === undefined || spki.tag !== 0x30) throw new DerError('no subjectPublicKeyInfo in the certificate');
  return spki.raw;
}

/**
 * @typedef {object} PublicKeyInfo
 * @property {'ecdsa-p256' | 'ed25519' | 'sm2'} algorithm what the key is for
 * @property {Uint8Array} key the raw key: an SEC1 point for P-256 and SM2, 32 bytes for Ed25519
 * @property {Uint8Array} spki the DER SubjectPublicKeyInfo, whose SHA-256 is the fingerprint
 */

const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const PRIME256V1 = '1.2.840.10045.3.1.7';
const SM2 = '1.2.156.10197.1.301';
const ED25519 = '1.3.101.112';

/**
 * Reads a SubjectPublicKeyInfo of a P-256, SM2 or Ed25519 key.
 * @param {Uint8Array} spki DER
 * @returns {PublicKeyInfo}
 */
export function parseSpki(spki) {
  const parts = readChildren(readOne(spki, 0x30, 'SubjectPublicKeyInfo').value);
  if (parts.length !== 2 || parts[0].tag !== 0x30 || parts[1].tag !== 0x03) {
    throw new DerError('a SubjectPublicKeyInfo is SEQUENCE {AlgorithmIdentifier, BIT STRING}');
  }
  const alg = readChildren(parts[0].value);
  if (alg.length < 1 || alg.length > 2 || alg[0].tag !== 0x06) throw new DerError('bad AlgorithmIdentifier');
  const oid = oidText(alg[0].value);
  const param = alg[1] === undefined ? null : alg[1].tag === 0x06 ? oidText(alg[1].value) : alg[1].tag === 0x05 && alg[1].value.length === 0 ? 'NULL' : 'other';
  const bits = parts[1].value;
  if (bits.length < 1 || bits[0] !== 0) throw new DerError('the key BIT STRING has unused bits');
  const key = bits.subarray(1);
  /** @type {PublicKeyInfo['algorithm']} */
  let algorithm;
  if (oid === ID_EC_PUBLIC_KEY && param === PRIME256V1) algorithm = 'ecdsa-p256';
  // SM2 keys are id-ecPublicKey on the curve sm2p256v1, as RFC 5480 names EC keys; the id-sm2 algorithm form is
  // refused, as the Java core and the on-chain issuer registry refuse it.
  else if (oid === ID_EC_PUBLIC_KEY && param === SM2) algorithm = 'sm2';
  else if (oid === ED25519 && param === null) algorithm = 'ed25519';
  else throw new DerError(`unsupported key type ${oid}${param === null ? '' : ` (${param})`}`);
  return { algorithm, key, spki };
}

/**
 * The SubjectPublicKeyInfo a proof's `publicKey` holds: the PEM public key, or the leaf (first) certificate's
 * key of a PEM certificate chain.
 * @param {string} pem
 * @returns {Uint8Array}
 */
export function spkiFromPem(pem) {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) throw new DerError('no PEM block');
  const first = blocks[0];
  if (first.label === 'PUBLIC KEY') {
    if (blocks.length !== 1) throw new DerError('a PEM public key is one block');
    return first.der;
  }
  if (first.label === 'CERTIFICATE') {
    if (!blocks.every((b) => b.label === 'CERTIFICATE')) throw new DerError('a certificate chain holds only CERTIFICATE blocks');
    return certificateSpki(first.der);
  }
  throw new DerError(`PEM block ${first.label}: expected PUBLIC KEY or CERTIFICATE`);
}
