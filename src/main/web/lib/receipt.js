// @ts-check
// Signed receipts (docs/verification.md, "Receipts"): a compact JWS (RFC 7515) signed with ES256 only (RFC 7518
// section 3.4: ECDSA P-256 over SHA-256, the signature the 64 bytes R || S), checked with WebCrypto under an RFC 7517
// JWK set whose keys are named by their RFC 7638 thumbprints. The checks run in the order of the Java verifier
// (org.docanchor.verifier.receipt.ReceiptJws): alg, header, payload, signature length, kid, signature, leaf, then
// what the verifier holds (a proof, a document). Both walk docs/vectors/receipt-vectors.json.
import { parseStrictJson } from './json.js';
import { leafHash } from './merkle.js';
import { hashDocument, ALGORITHMS } from './digest.js';

/** The `typ` of a receipt's header (RFC 8725 section 3.11: explicit typing). */
export const RECEIPT_TYPE = 'anchor-receipt+json';
const MAX_CHARS = 8192;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const DEPARTMENT = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
const REQUIRED = ['version', 'id', 'digest', 'algorithm', 'department', 'leaf', 'receivedAt', 'iss'];
const OPTIONAL = ['chainId', 'registry'];
/** P-256 (secp256r1): field prime and curve coefficient b; a = -3. */
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

/** A receipt or a key set that is not one: not a verdict, an input error. */
export class MalformedReceiptError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'MalformedReceiptError';
  }
}

/**
 * @typedef {object} SignedReceipt what a receipt states (receipt format version 1)
 * @property {number} version
 * @property {string} id
 * @property {string} digest
 * @property {string} algorithm
 * @property {string} department
 * @property {string} leaf
 * @property {string} receivedAt
 * @property {number} [chainId]
 * @property {string} [registry]
 * @property {string} iss
 *
 * @typedef {{result: 'VALID' | 'INVALID', code: string, detail: string, kid?: string, receipt?: SignedReceipt}} ReceiptAnswer
 *
 * @typedef {object} ReceiptExpectations what the verifier holds besides the receipt; each absent part is not compared
 * @property {string} [receiptId] the proof's receiptId
 * @property {string} [digest]
 * @property {string} [algorithm]
 * @property {string} [department]
 * @property {string} [leaf]
 * @property {number} [chainId]
 * @property {string} [registry]
 * @property {Uint8Array} [document] hashed under the receipt's algorithm
 *
 * @typedef {NonNullable<typeof globalThis.crypto>['subtle']} Subtle
 * @typedef {Awaited<ReturnType<Subtle['importKey']>>} VerifyKey
 * @typedef {{kids: string[], keys: Map<string, VerifyKey>}} ReceiptKeySet
 */

/**
 * Base64url without padding, read strictly (one spelling per byte string); null otherwise.
 * @param {string} text
 * @returns {Uint8Array<ArrayBuffer> | null}
 */
function base64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return encode(bytes) === text ? bytes : null;
}

/** @param {Uint8Array} bytes */
function encode(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {Uint8Array} bytes */
function toBigInt(bytes) {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

/** @param {bigint} base @param {bigint} exponent */
function modPow(base, exponent) {
  let result = 1n;
  let b = base % P;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

/** y^2 = x^3 - 3x + b (mod p), both below p. @param {bigint} x @param {bigint} y */
function onP256(x, y) {
  if (x >= P || y >= P) return false;
  const right = (((modPow(x, 3n) - 3n * x + B) % P) + P) % P;
  return modPow(y, 2n) === right;
}

/** @returns {Subtle} */
function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (crypto.subtle) is missing: a secure context or Node 20+ is needed');
  return s;
}

/**
 * RFC 7638 thumbprint of a P-256 key: base64url of the SHA-256 of {"crv":"P-256","kty":"EC","x":…,"y":…}.
 * @param {string} x @param {string} y
 */
export async function thumbprint(x, y) {
  const canonical = `{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`;
  return encode(new Uint8Array(await subtle().digest('SHA-256', new TextEncoder().encode(canonical))));
}

/**
 * Reads a JWK set strictly: every key a P-256 public key whose kid is its RFC 7638 thumbprint.
 * @param {string | object} jwks the JSON text, or the parsed object
 * @returns {Promise<ReceiptKeySet>}
 */
export async function parseReceiptKeySet(jwks) {
  let set;
  try {
    set = typeof jwks === 'string' ? parseStrictJson(jwks) : jwks;
  } catch (e) {
    throw new MalformedReceiptError(`the key set is not JSON: ${/** @type {Error} */ (e).message}`);
  }
  if (set === null || typeof set !== 'object' || Array.isArray(set) || Object.keys(set).length !== 1
      || !Array.isArray(/** @type {any} */ (set).keys)) {
    throw new MalformedReceiptError('a key set is a JSON object with one member, keys, an array');
  }
  /** @type {Map<string, VerifyKey>} */
  const keys = new Map();
  /** @type {unknown[]} */
  const list = /** @type {any} */ (set).keys;
  for (const [i, jwk] of list.entries()) {
    const at = `/keys/${i}`;
    if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) throw new MalformedReceiptError(`${at}: a key is a JSON object`);
    const k = /** @type {Record<string, unknown>} */ (jwk);
    for (const name of Object.keys(k)) {
      if (!['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use'].includes(name)) {
        throw new MalformedReceiptError(`${at}: unexpected member ${name} (a receipt key has kty, crv, x, y, kid, and optionally alg ES256 and use sig)`);
      }
    }
    if (Object.hasOwn(k, 'alg') && k.alg !== 'ES256') throw new MalformedReceiptError(`${at}/alg: must be ES256`);
    if (Object.hasOwn(k, 'use') && k.use !== 'sig') throw new MalformedReceiptError(`${at}/use: must be sig`);
    if (k.kty !== 'EC' || k.crv !== 'P-256') throw new MalformedReceiptError(`${at}: a receipt key is kty EC, crv P-256`);
    const x = typeof k.x === 'string' ? base64url(k.x) : null;
    const y = typeof k.y === 'string' ? base64url(k.y) : null;
    if (x === null || y === null || x.length !== 32 || y.length !== 32) {
      throw new MalformedReceiptError(`${at}: x and y are 32 bytes each, base64url without padding`);
    }
    if (!onP256(toBigInt(x), toBigInt(y))) throw new MalformedReceiptError(`${at}: the point (x, y) is not on P-256`);
    const expected = await thumbprint(/** @type {string} */ (k.x), /** @type {string} */ (k.y));
    if (k.kid !== expected) throw new MalformedReceiptError(`${at}/kid: must be the key's RFC 7638 thumbprint ${expected}`);
    if (keys.has(expected)) throw new MalformedReceiptError(`${at}: key ${expected} is listed twice`);
    const key = await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: /** @type {string} */ (k.x), y: /** @type {string} */ (k.y), ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    keys.set(expected, key);
  }
  if (keys.size === 0) throw new MalformedReceiptError('the key set has no key');
  return { kids: [...keys.keys()], keys };
}

/**
 * A short printable text as it is; anything else by its length, so that messages stay one line.
 * @param {string} text
 */
function printable(text) {
  return text.length <= 64 && /^[\x20-\x7e]*$/.test(text) ? JSON.stringify(text) : `a text of ${text.length} characters`;
}

/**
 * @param {string} part @param {string} what
 * @returns {Record<string, unknown>}
 */
function jsonPart(part, what) {
  const bytes = base64url(part);
  if (bytes === null || bytes.length === 0) throw new MalformedReceiptError(`the ${what} is not base64url without padding`);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new MalformedReceiptError(`the ${what} is not UTF-8`);
  }
  let value;
  try {
    value = parseStrictJson(text);
  } catch (e) {
    throw new MalformedReceiptError(`the ${what} is not JSON: ${/** @type {Error} */ (e).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MalformedReceiptError(`the ${what} is not a JSON object`);
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * @param {Record<string, unknown>} p
 * @returns {SignedReceipt}
 */
function payloadOf(p) {
  for (const name of Object.keys(p)) {
    if (!REQUIRED.includes(name) && !OPTIONAL.includes(name)) throw new MalformedReceiptError(`the payload has ${printable(name)}, not a receipt field`);
  }
  for (const name of REQUIRED) {
    if (!Object.hasOwn(p, name)) throw new MalformedReceiptError(`the payload has no ${name}`);
  }
  if (p.version !== 1) throw new MalformedReceiptError('the payload\'s version must be 1 (receipt format version 1)');
  /** @param {string} name @param {RegExp | null} pattern @param {string} what @returns {string} */
  const text = (name, pattern, what) => {
    const value = p[name];
    if (typeof value !== 'string' || (pattern !== null && !pattern.test(value))) throw new MalformedReceiptError(`/${name}: must be ${what}`);
    return value;
  };
  const id = text('id', UUID, 'a UUID in lower case');
  const digest = text('digest', HASH, '0x and 64 lower-case hex digits');
  const algorithm = text('algorithm', null, 'a digest algorithm');
  if (!ALGORITHMS.includes(algorithm)) throw new MalformedReceiptError('/algorithm: not a digest algorithm of the gateway');
  const department = text('department', DEPARTMENT, 'a department code (1 to 32 of A-Z 0-9 -)');
  const leaf = text('leaf', HASH, '0x and 64 lower-case hex digits');
  const receivedAt = text('receivedAt', TIME, 'a UTC time such as 2026-11-23T10:15:30.123456Z');
  const m = /** @type {RegExpExecArray} */ (TIME.exec(receivedAt));
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  date.setUTCFullYear(Number(m[1]));
  if (date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3]) || date.getUTCHours() !== Number(m[4])
      || date.getUTCMinutes() !== Number(m[5]) || date.getUTCSeconds() !== Number(m[6])) {
    throw new MalformedReceiptError('/receivedAt: not a time');
  }
  const iss = text('iss', null, 'the gateway\'s name');
  if (iss.length === 0 || iss.length > 256) throw new MalformedReceiptError('/iss: 1 to 256 characters');
  /** @type {SignedReceipt} */
  const receipt = { version: 1, id, digest, algorithm, department, leaf, receivedAt, iss };
  if (Object.hasOwn(p, 'chainId')) {
    const c = p.chainId;
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1) throw new MalformedReceiptError('/chainId: an integer from 1 to 2^53 - 1');
    receipt.chainId = c;
  }
  if (Object.hasOwn(p, 'registry')) receipt.registry = text('registry', ADDRESS, '0x and 40 hex digits');
  // The answer lists the fields in the payload's documented order, as the Java verifier's does.
  const { chainId, registry } = receipt;
  return { version: 1, id, digest, algorithm, department, leaf, receivedAt, ...(chainId !== undefined ? { chainId } : {}), ...(registry !== undefined ? { registry } : {}), iss };
}

/**
 * What a proof states that a receipt must match.
 * @param {import('./types.js').Proof} proof a proof that validated against its schema
 * @returns {ReceiptExpectations}
 */
export function expectationsOf(proof) {
  /** @type {ReceiptExpectations} */
  const e = { digest: proof.digest, algorithm: proof.algorithm, department: proof.department };
  if (proof.receiptId !== undefined) e.receiptId = proof.receiptId;
  if (proof.leaf !== undefined) e.leaf = proof.leaf;
  if (proof.chainId !== undefined) e.chainId = proof.chainId;
  if (proof.registry !== undefined) e.registry = proof.registry;
  return e;
}

/**
 * @param {SignedReceipt} r @param {ReceiptExpectations} e
 * @returns {Promise<string | null>}
 */
async function mismatch(r, e) {
  if (e.receiptId !== undefined && e.receiptId !== r.id) return `the proof names receipt ${e.receiptId}, this is receipt ${r.id}`;
  if (e.digest !== undefined && e.digest !== r.digest) return `the receipt is for digest ${r.digest}, the proof for ${e.digest}`;
  if (e.algorithm !== undefined && e.algorithm !== r.algorithm) return `the receipt's algorithm is ${r.algorithm}, the proof's ${e.algorithm}`;
  if (e.department !== undefined && e.department !== r.department) return `the receipt's department is ${r.department}, the proof's ${e.department}`;
  if (e.leaf !== undefined && e.leaf !== r.leaf) return `the receipt's leaf is ${r.leaf}, the proof's ${e.leaf}`;
  if (e.chainId !== undefined && r.chainId !== undefined && e.chainId !== r.chainId) return `the receipt is for chain ${r.chainId}, the proof for chain ${e.chainId}`;
  if (e.registry !== undefined && r.registry !== undefined && e.registry.toLowerCase() !== r.registry.toLowerCase()) {
    return `the receipt is for registry ${r.registry}, the proof for ${e.registry}`;
  }
  if (e.document !== undefined) {
    const computed = await hashDocument(e.document, r.algorithm);
    if (computed !== r.digest) return `the document hashes to ${computed} under ${r.algorithm}, the receipt says ${r.digest}`;
  }
  return null;
}

/**
 * Checks a signed receipt against the trusted keys and what the verifier holds.
 * @param {string} jws the compact JWS
 * @param {ReceiptKeySet} keySet from parseReceiptKeySet
 * @param {ReceiptExpectations} [expected]
 * @returns {Promise<ReceiptAnswer>}
 * @throws {MalformedReceiptError} when the text is not a receipt at all (structure, header, payload)
 */
export async function verifyReceipt(jws, keySet, expected = {}) {
  if (typeof jws !== 'string' || jws.length > MAX_CHARS) throw new MalformedReceiptError(`a receipt is a compact JWS of at most ${MAX_CHARS} characters`);
  const parts = jws.split('.');
  if (parts.length !== 3) {
    throw new MalformedReceiptError(`a compact JWS has three base64url parts separated by two dots, this has ${parts.length} part${parts.length === 1 ? '' : 's'}`);
  }
  const header = jsonPart(parts[0], 'header');
  if (typeof header.alg !== 'string') throw new MalformedReceiptError('the header has no alg');
  /** @param {string} code @param {string} detail @param {string} [kid] @param {SignedReceipt} [receipt] @returns {ReceiptAnswer} */
  const invalid = (code, detail, kid, receipt) => ({ result: 'INVALID', code, detail, ...(kid !== undefined ? { kid } : {}), ...(receipt ? { receipt } : {}) });
  if (header.alg !== 'ES256') return invalid('receipt-algorithm-refused', `the receipt's alg is ${printable(header.alg)}; receipts are signed with ES256 only`);
  for (const name of Object.keys(header)) {
    if (!['alg', 'typ', 'kid'].includes(name)) throw new MalformedReceiptError(`the header has ${printable(name)}; a receipt's header has alg, typ and kid only`);
  }
  if (header.typ !== RECEIPT_TYPE) throw new MalformedReceiptError(`the header's typ must be ${RECEIPT_TYPE}`);
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) {
    throw new MalformedReceiptError('the header\'s kid must be a key id (1 to 128 characters)');
  }
  const kid = header.kid;
  const receipt = payloadOf(jsonPart(parts[1], 'payload'));
  const signature = base64url(parts[2]);
  if (signature === null) throw new MalformedReceiptError('the signature is not base64url without padding');
  if (signature.length !== 64) {
    return invalid('receipt-signature-invalid', `an ES256 signature is 64 bytes (R || S, RFC 7518 section 3.4), this one ${signature.length}`, kid, receipt);
  }
  const key = keySet.keys.get(kid);
  if (key === undefined) {
    return invalid('receipt-key-unknown', `the receipt names key ${printable(kid)}, not among the trusted receipt keys [${keySet.kids.join(', ')}]`, kid, receipt);
  }
  const input = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  const ok = await subtle().verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, input);
  if (!ok) return invalid('receipt-signature-invalid', `the signature does not verify under key ${kid}`, kid, receipt);
  const leaf = leafHash(receipt.digest, receipt.algorithm, receipt.department);
  if (leaf !== receipt.leaf) {
    return invalid('receipt-leaf-mismatch', `the receipt's leaf ${receipt.leaf} does not commit to its digest, algorithm and department: they give ${leaf}`, kid, receipt);
  }
  const differs = await mismatch(receipt, expected);
  if (differs !== null) return invalid('receipt-mismatch', differs, kid, receipt);
  return {
    result: 'VALID', code: 'receipt-valid',
    detail: `receipt ${receipt.id} signed with key ${kid}: ${receipt.iss} accepted digest ${receipt.digest} (${receipt.algorithm}) from department ${receipt.department} at ${receipt.receivedAt}`,
    kid, receipt,
  };
}
