// @ts-check
// Reading the chain over JSON-RPC: the calls verification makes, each answer checked for shape. Every way of not
// getting a straight answer (refused, timed out, HTTP or JSON-RPC error, malformed answer, unknown block) is a
// ChainUnavailable, which can only ever lead to UNDETERMINED: a flaky node must not make a genuine proof look forged.
import { keccak256 } from './keccak.js';
import { bigIntToBytes, bytesToBigInt, bytesToHex, concatBytes, hexToBytes, utf8 } from './bytes.js';

/** The node gave no straight answer. */
export class ChainUnavailable extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ChainUnavailable';
  }
}

/**
 * The node ran an eth_call and the contract reverted: no straight answer for most questions, but a caller that
 * knows what a revert without data means there (a function the contract predates) may read it as one.
 */
export class CallReverted extends ChainUnavailable {
  /** @param {string} message @param {boolean} withoutData */
  constructor(message, withoutData) {
    super(message);
    this.name = 'CallReverted';
    this.withoutData = withoutData;
  }
}

/**
 * @typedef {object} RpcOptions
 * @property {string} url
 * @property {typeof globalThis.fetch} fetch
 * @property {number} timeoutMs per call, the whole answer included
 */

/**
 * A JSON-RPC client for one node.
 * @param {RpcOptions} options
 * @returns {(method: string, params: unknown[]) => Promise<unknown>}
 */
export function jsonRpc({ url, fetch, timeoutMs }) {
  let id = 0;
  return async (method, params) => {
    const requestId = ++id;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let body;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: requestId, method, params }),
        signal: controller.signal,
      });
      if (!res.ok) throw new ChainUnavailable(`${method}: HTTP ${res.status} ${res.statusText}`.trim());
      const text = await res.text(); // inside the timer too: a node can stall after the headers
      try {
        body = JSON.parse(text);
      } catch {
        throw new ChainUnavailable(`${method}: the answer is not JSON`);
      }
    } catch (e) {
      if (e instanceof ChainUnavailable) throw e;
      if (controller.signal.aborted) throw new ChainUnavailable(`${method}: no answer within ${timeoutMs / 1000} s`);
      const cause = /** @type {{cause?: {code?: string, message?: string}}} */ (e).cause;
      const why = cause?.code ?? cause?.message;
      throw new ChainUnavailable(`${method}: ${e instanceof Error ? e.message : String(e)}${why ? ` (${why})` : ''}`);
    } finally {
      clearTimeout(timer);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ChainUnavailable(`${method}: the answer is not a JSON-RPC object`);
    if (body.id !== requestId) throw new ChainUnavailable(`${method}: the answer is for another request`);
    if (body.error !== undefined) {
      const err = body.error ?? {};
      if (method === 'eth_call' && typeof err.message === 'string' && err.message.toLowerCase().startsWith('execution reverted')) {
        // Nodes write no data, null or "0x" for a revert without data.
        const withoutData = err.data === undefined || err.data === null || err.data === '0x';
        throw new CallReverted(`${method}: the contract reverted ${withoutData ? 'without data' : `with data ${String(JSON.stringify(err.data)).slice(0, 80)}`}`, withoutData);
      }
      throw new ChainUnavailable(`${method}: node error ${String(err.code)}: ${String(err.message).slice(0, 200)}`);
    }
    if (!('result' in body)) throw new ChainUnavailable(`${method}: the answer has neither result nor error`);
    return body.result;
  };
}

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/i;
const DATA = /^0x([0-9a-f]{2})*$/i;
const HASH = /^0x[0-9a-f]{64}$/i;
const ADDRESS = /^0x[0-9a-f]{40}$/i;

/**
 * @param {string} what
 * @param {unknown} v
 * @returns {bigint}
 */
export function quantity(what, v) {
  if (typeof v !== 'string' || !QUANTITY.test(v)) throw new ChainUnavailable(`${what}: expected a hex quantity, got ${JSON.stringify(v)?.slice(0, 80)}`);
  return BigInt(v);
}

/**
 * @param {string} what
 * @param {unknown} v
 * @param {RegExp} [shape]
 * @returns {string} lower case
 */
function hexField(what, v, shape = DATA) {
  if (typeof v !== 'string' || !shape.test(v)) throw new ChainUnavailable(`${what}: malformed value ${JSON.stringify(v)?.slice(0, 80)}`);
  return v.toLowerCase();
}

/**
 * @param {string} signature
 * @returns {Uint8Array}
 */
const selector = (signature) => keccak256(utf8(signature)).subarray(0, 4);
const word = (/** @type {bigint} */ n) => bigIntToBytes(n, 32);

export const ROOT_ANCHORED_TOPIC = bytesToHex(keccak256(utf8('RootAnchored(uint64,bytes32,uint32,bytes32)')));
const VERIFY_INCLUSION = selector('verifyInclusion(bytes32[],bytes32,bytes32)');
const ANCHOR_OF = selector('anchorOf(bytes32)');
const REVOCATION_OF = selector('revocationOf(bytes32)');
const U64 = (1n << 64n) - 1n;

/**
 * eth_call on `latest`, answered with exactly `words` 32-byte words, or null when the address answered nothing
 * (no code there, or a contract whose fallback returns nothing).
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} to
 * @param {Uint8Array} data
 * @param {string} name
 * @param {number} words
 * @returns {Promise<bigint[] | null>}
 */
async function call(rpc, to, data, name, words) {
  const ret = hexField(`eth_call ${name}`, await rpc('eth_call', [{ to, data: bytesToHex(data) }, 'latest']));
  const bytes = hexToBytes(ret);
  if (bytes.length === 0) return null;
  if (bytes.length !== 32 * words) throw new ChainUnavailable(`eth_call ${name}: ${bytes.length} bytes of answer, expected ${32 * words}`);
  return Array.from({ length: words }, (_, i) => bytesToBigInt(bytes.subarray(32 * i, 32 * i + 32)));
}

/**
 * The registry's `verifyInclusion(path, root, leaf)`: true, false, or null when no contract answered.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @param {readonly string[]} path
 * @param {string} root
 * @param {string} leaf
 * @returns {Promise<boolean | null>}
 */
export async function verifyInclusion(rpc, registry, path, root, leaf) {
  const data = concatBytes(VERIFY_INCLUSION, word(0x60n), hexToBytes(root), hexToBytes(leaf), word(BigInt(path.length)), ...path.map(hexToBytes));
  const w = await call(rpc, registry, data, 'verifyInclusion', 1);
  if (w === null) return null;
  if (w[0] > 1n) throw new ChainUnavailable('eth_call verifyInclusion: the answer is not a bool');
  return w[0] === 1n;
}

/**
 * The registry's `anchorOf(root)`.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @param {string} root
 * @returns {Promise<{batchId: bigint, blockNumber: bigint, timestamp: bigint}>}
 */
export async function anchorOf(rpc, registry, root) {
  const w = await call(rpc, registry, concatBytes(ANCHOR_OF, hexToBytes(root)), 'anchorOf', 3);
  if (w === null) throw new ChainUnavailable('eth_call anchorOf: the registry answered nothing');
  if (w.some((x) => x > U64)) throw new ChainUnavailable('eth_call anchorOf: a value is not a uint64');
  return { batchId: w[0], blockNumber: w[1], timestamp: w[2] };
}

/**
 * The registry's `revocationOf(leaf)`; reason 0 means not revoked.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @param {string} leaf
 * @returns {Promise<{reason: number, revokedAt: bigint, blockNumber: bigint, replacementLeaf: string}>}
 */
export async function revocationOf(rpc, registry, leaf) {
  const w = await call(rpc, registry, concatBytes(REVOCATION_OF, hexToBytes(leaf)), 'revocationOf', 4);
  if (w === null) throw new ChainUnavailable('eth_call revocationOf: the registry answered nothing');
  if (w[0] > 5n || w[1] > U64 || w[2] > U64) throw new ChainUnavailable('eth_call revocationOf: the answer is out of range');
  return { reason: Number(w[0]), revokedAt: w[1], blockNumber: w[2], replacementLeaf: bytesToHex(word(w[3])) };
}

/**
 * Hash, timestamp and transaction hashes of a block; the node must have it.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {number} number
 * @returns {Promise<{hash: string, timestamp: bigint, transactions: string[]}>}
 */
export async function blockByNumber(rpc, number) {
  const block = await rpc('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]);
  if (block === null) throw new ChainUnavailable(`eth_getBlockByNumber: the node does not have block ${number}`);
  if (typeof block !== 'object' || Array.isArray(block)) throw new ChainUnavailable('eth_getBlockByNumber: the answer is not a block');
  const b = /** @type {Record<string, unknown>} */ (block);
  if (!Array.isArray(b.transactions)) throw new ChainUnavailable('eth_getBlockByNumber: no transaction list in the block');
  return {
    hash: hexField('eth_getBlockByNumber hash', b.hash, HASH),
    timestamp: quantity('eth_getBlockByNumber timestamp', b.timestamp),
    transactions: b.transactions.map((t, i) => hexField(`eth_getBlockByNumber transaction ${i}`, t, HASH)),
  };
}

/**
 * @typedef {object} Receipt
 * @property {boolean} success
 * @property {string} blockHash
 * @property {bigint} blockNumber
 * @property {string | null} to
 * @property {{address: string, topics: string[], removed: boolean}[]} logs
 */

/**
 * A transaction's receipt, or null when the node has none.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} txHash
 * @returns {Promise<Receipt | null>}
 */
export async function transactionReceipt(rpc, txHash) {
  const r = await rpc('eth_getTransactionReceipt', [txHash]);
  if (r === null) return null;
  if (typeof r !== 'object' || Array.isArray(r)) throw new ChainUnavailable('eth_getTransactionReceipt: the answer is not a receipt');
  const o = /** @type {Record<string, unknown>} */ (r);
  if (!Array.isArray(o.logs)) throw new ChainUnavailable('eth_getTransactionReceipt: no logs in the receipt');
  const logs = o.logs.map((log, i) => {
    if (log === null || typeof log !== 'object') throw new ChainUnavailable(`eth_getTransactionReceipt: log ${i} is not an object`);
    const l = /** @type {Record<string, unknown>} */ (log);
    if (!Array.isArray(l.topics)) throw new ChainUnavailable(`eth_getTransactionReceipt: log ${i} has no topics`);
    return {
      address: hexField(`log ${i} address`, l.address, ADDRESS),
      topics: l.topics.map((t, j) => hexField(`log ${i} topic ${j}`, t, HASH)),
      removed: l.removed === true,
    };
  });
  return {
    success: quantity('eth_getTransactionReceipt status', o.status) === 1n,
    blockHash: hexField('eth_getTransactionReceipt blockHash', o.blockHash, HASH),
    blockNumber: quantity('eth_getTransactionReceipt blockNumber', o.blockNumber),
    to: o.to === null || o.to === undefined ? null : hexField('eth_getTransactionReceipt to', o.to, ADDRESS),
    logs,
  };
}

// --- The issuer registry (contracts-solidity/src/IIssuerRegistry.sol) and who revoked ---------------------------
// Answers are decoded strictly: a value out of its type's range, a dynamic value not where the ABI encoder puts
// it, or two answers that contradict each other are no answer any contract gives, hence ChainUnavailable.

export const DOCUMENT_REVOCATION_SIGNED_TOPIC = bytesToHex(keccak256(utf8('DocumentRevocationSigned(bytes32,bytes32,bytes)')));
const ISSUER_REGISTRY = selector('issuerRegistry()');
const REVOCATION_SIGNER_OF = selector('revocationSignerOf(bytes32)');
const DEPARTMENT = selector('department(string)');
const DEPARTMENT_AT = selector('departmentAt(string,uint64)');
const KEY = selector('key(string,bytes32)');
const KEY_AT = selector('keyAt(string,bytes32,uint64)');

/**
 * eth_call on `latest`, the answer's bytes as they are (empty when the address answered nothing).
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} to
 * @param {Uint8Array} data
 * @param {string} name
 * @returns {Promise<Uint8Array>}
 */
async function callBytes(rpc, to, data, name) {
  return hexToBytes(hexField(`eth_call ${name}`, await rpc('eth_call', [{ to, data: bytesToHex(data) }, 'latest'])));
}

/** The ABI tail of a `string`: its length, then its bytes padded to whole words. */
const stringTail = (/** @type {string} */ s) => {
  const bytes = utf8(s);
  const padded = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
  padded.set(bytes);
  return concatBytes(word(BigInt(bytes.length)), padded);
};

/**
 * Reads ABI-encoded answers: head words by index, and dynamic `bytes`/`string` values only where Solidity's
 * encoder puts them (in order, right after the head and each other, zero padded, nothing after the last).
 */
class AbiAnswer {
  /** @param {string} name what is read, for messages @param {Uint8Array} bytes @param {number} headWords */
  constructor(name, bytes, headWords) {
    this.name = name;
    this.bytes = bytes;
    this.at = 32 * headWords;
    if (bytes.length < this.at) this.fail(`${bytes.length} bytes of answer, expected at least ${this.at}`);
  }

  /** @param {string} why @returns {never} */
  fail(why) {
    throw new ChainUnavailable(`${this.name}: ${why}, which no contract answers`);
  }

  /** @param {number} i */
  word(i) {
    return bytesToBigInt(this.bytes.subarray(32 * i, 32 * i + 32));
  }

  /** @param {number} i @param {string} what */
  bool(i, what) {
    const w = this.word(i);
    if (w > 1n) this.fail(`${what} is not a bool`);
    return w === 1n;
  }

  /** @param {number} i @param {number} max @param {string} what */
  uint(i, max, what) {
    const w = this.word(i);
    if (w > BigInt(max)) this.fail(`${what} ${w} is out of range`);
    return Number(w);
  }

  /** @param {number} i @param {string} what */
  uint64(i, what) {
    const w = this.word(i);
    if (w > U64) this.fail(`${what} is not a uint64`);
    return w;
  }

  /** The dynamic value whose offset is head word `i`; values must be read in order. @param {number} i @param {string} what */
  dynamic(i, what) {
    if (this.word(i) !== BigInt(this.at)) this.fail(`the offset of ${what} is not where the ABI encoder puts it`);
    if (this.bytes.length < this.at + 32) this.fail(`${what} is cut short`);
    const length = this.word(this.at / 32);
    const end = this.at + 32 + Math.ceil(Number(length) / 32) * 32;
    if (length > 0xffffn || this.bytes.length < end) this.fail(`${what} is cut short`);
    const value = this.bytes.slice(this.at + 32, this.at + 32 + Number(length));
    if (this.bytes.subarray(this.at + 32 + Number(length), end).some((b) => b !== 0)) this.fail(`the padding of ${what} is not zero`);
    this.at = end;
    return value;
  }

  /** Nothing may follow the last value. */
  end() {
    if (this.bytes.length !== this.at) this.fail(`${this.bytes.length} bytes of answer, expected ${this.at}`);
  }
}

/**
 * eth_call to the anchor registry of a function added with issuer registries: a registry that predates it reverts
 * without data, which reads as `predating`; any other revert is no straight answer.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @param {Uint8Array} data
 * @param {string} name
 * @param {bigint[] | null} predating
 * @returns {Promise<bigint[] | null>}
 */
async function callPredating(rpc, registry, data, name, predating) {
  try {
    return await call(rpc, registry, data, name, 1);
  } catch (e) {
    if (e instanceof CallReverted && e.withoutData) return predating;
    throw e;
  }
}

/**
 * The anchor registry's `issuerRegistry()`, lower case; null when it names none: zero, no data (an address
 * without code), or a revert without data (a registry that predates the function).
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @returns {Promise<string | null>}
 */
export async function issuerRegistryOf(rpc, registry) {
  const w = await callPredating(rpc, registry, ISSUER_REGISTRY, 'issuerRegistry', null);
  if (w === null || w[0] === 0n) return null;
  if (w[0] >> 160n !== 0n) throw new ChainUnavailable('eth_call issuerRegistry: the answer is not an address');
  return `0x${w[0].toString(16).padStart(40, '0')}`;
}

/**
 * The anchor registry's `revocationSignerOf(leaf)`: the fingerprint (`0x` and 64 hex digits) of the department key
 * that signed the revocation, or null for an unsigned one: zero, or a revert without data (a registry that
 * predates signed revocations). No data at all is unavailable: the registry that recorded the revocation answers.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @param {string} leaf
 * @returns {Promise<string | null>}
 */
export async function revocationSignerOf(rpc, registry, leaf) {
  const w = await callPredating(rpc, registry, concatBytes(REVOCATION_SIGNER_OF, hexToBytes(leaf)), 'revocationSignerOf', [0n]);
  if (w === null) throw new ChainUnavailable('eth_call revocationSignerOf: the registry answered nothing');
  if (w[0] === 0n) return null;
  return bytesToHex(word(w[0]));
}

/**
 * The issuer registry's `departmentAt(code, time)`.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} issuerRegistry
 * @param {string} code
 * @param {bigint} time
 * @returns {Promise<{registered: boolean, active: boolean}>}
 */
export async function departmentAt(rpc, issuerRegistry, code, time) {
  const a = new AbiAnswer('eth_call departmentAt', await callBytes(rpc, issuerRegistry, concatBytes(DEPARTMENT_AT, word(0x40n), word(time), stringTail(code)), 'departmentAt'), 2);
  a.end();
  const registered = a.bool(0, 'registered');
  const active = a.bool(1, 'active');
  if (active && !registered) a.fail('active without registered');
  return { registered, active };
}

/**
 * The issuer registry's `department(code)`: the record now. Names are UTF-8 by convention (the contract does not
 * check it): a bad sequence shows as U+FFFD.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} issuerRegistry
 * @param {string} code
 * @returns {Promise<{registered: boolean, nameZh: string, nameEn: string, registeredAt: bigint, active: boolean}>}
 */
export async function department(rpc, issuerRegistry, code) {
  const a = new AbiAnswer('eth_call department', await callBytes(rpc, issuerRegistry, concatBytes(DEPARTMENT, word(0x20n), stringTail(code)), 'department'), 5);
  const registered = a.bool(0, 'registered');
  const text = new TextDecoder('utf-8');
  const nameZh = text.decode(a.dynamic(1, 'nameZh'));
  const nameEn = text.decode(a.dynamic(2, 'nameEn'));
  a.end();
  const record = { registered, nameZh, nameEn, registeredAt: a.uint64(3, 'registeredAt'), active: a.bool(4, 'active') };
  if (!registered && (nameZh !== '' || nameEn !== '' || record.registeredAt !== 0n || record.active)) a.fail('an unregistered department with a record');
  return record;
}

/**
 * The issuer registry's `keyAt(code, fingerprint, time)`; algorithm 0 for an unknown key.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} issuerRegistry
 * @param {string} code
 * @param {string} fingerprint `0x` and 64 hex digits
 * @param {bigint} time
 * @returns {Promise<{valid: boolean, algorithm: number}>}
 */
export async function keyAt(rpc, issuerRegistry, code, fingerprint, time) {
  const data = concatBytes(KEY_AT, word(0x60n), hexToBytes(fingerprint), word(time), stringTail(code));
  const a = new AbiAnswer('eth_call keyAt', await callBytes(rpc, issuerRegistry, data, 'keyAt'), 2);
  a.end();
  const valid = a.bool(0, 'valid');
  const algorithm = a.uint(1, 3, 'the key algorithm');
  if (valid && algorithm === 0) a.fail('a valid key of no algorithm');
  return { valid, algorithm };
}

/**
 * @typedef {object} IssuerKey everything the issuer registry records of a department's key
 * @property {number} algorithm 1 ECDSA P-256, 2 Ed25519, 3 SM2; 0 for an unknown key
 * @property {Uint8Array} spki the canonical DER SubjectPublicKeyInfo
 * @property {bigint} validFrom
 * @property {bigint} registeredAt
 * @property {number} revocationReason 0 not revoked, 1 superseded, 2 compromised
 * @property {bigint} effectiveAt
 * @property {bigint} revokedAt
 */

/**
 * The issuer registry's `key(code, fingerprint)`.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} issuerRegistry
 * @param {string} code
 * @param {string} fingerprint `0x` and 64 hex digits
 * @returns {Promise<IssuerKey>}
 */
export async function key(rpc, issuerRegistry, code, fingerprint) {
  const data = concatBytes(KEY, word(0x40n), hexToBytes(fingerprint), stringTail(code));
  const a = new AbiAnswer('eth_call key', await callBytes(rpc, issuerRegistry, data, 'key'), 7);
  const spki = a.dynamic(1, 'spki');
  a.end();
  const k = {
    algorithm: a.uint(0, 3, 'the key algorithm'), spki, validFrom: a.uint64(2, 'validFrom'), registeredAt: a.uint64(3, 'registeredAt'),
    revocationReason: a.uint(4, 2, 'the revocation reason'), effectiveAt: a.uint64(5, 'effectiveAt'), revokedAt: a.uint64(6, 'revokedAt'),
  };
  if (k.algorithm === 0 && (spki.length !== 0 || k.validFrom !== 0n || k.registeredAt !== 0n || k.revocationReason !== 0)) a.fail('an unknown key with a record');
  return k;
}

/**
 * The `signature` of the anchor registry's DocumentRevocationSigned(leaf, fingerprint, signature) logs in block
 * `blockNumber` (eth_getLogs on exactly that block, filtered by the three topics; each log is checked again).
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} registry
 * @param {bigint} blockNumber
 * @param {string} leaf
 * @param {string} fingerprint `0x` and 64 hex digits
 * @returns {Promise<Uint8Array[]>}
 */
export async function revocationSignatures(rpc, registry, blockNumber, leaf, fingerprint) {
  const block = `0x${blockNumber.toString(16)}`;
  const topics = [DOCUMENT_REVOCATION_SIGNED_TOPIC, leaf, fingerprint];
  const logs = await rpc('eth_getLogs', [{ address: registry, fromBlock: block, toBlock: block, topics }]);
  if (!Array.isArray(logs)) throw new ChainUnavailable('eth_getLogs: the answer is not a list of logs');
  /** @type {Uint8Array[]} */
  const signatures = [];
  for (const [i, log] of logs.entries()) {
    if (log === null || typeof log !== 'object' || Array.isArray(log)) throw new ChainUnavailable(`eth_getLogs: log ${i} is not an object`);
    const l = /** @type {Record<string, unknown>} */ (log);
    if (quantity(`eth_getLogs log ${i} blockNumber`, l.blockNumber) !== blockNumber) {
      throw new ChainUnavailable(`eth_getLogs: asked for the logs of block ${blockNumber}, the node answered a log of block ${BigInt(/** @type {string} */ (l.blockNumber))}`);
    }
    if (!Array.isArray(l.topics)) throw new ChainUnavailable(`eth_getLogs: log ${i} has no topics`);
    const got = l.topics.map((t, j) => hexField(`eth_getLogs log ${i} topic ${j}`, t, HASH));
    const address = hexField(`eth_getLogs log ${i} address`, l.address, ADDRESS);
    if (l.removed === true || address !== registry || got.length !== 3 || got.some((t, j) => t !== topics[j])) continue;
    const data = new AbiAnswer(`eth_getLogs log ${i} DocumentRevocationSigned`, hexToBytes(hexField(`eth_getLogs log ${i} data`, l.data)), 1);
    const signature = data.dynamic(0, 'signature');
    data.end();
    signatures.push(signature);
  }
  return signatures;
}

/**
 * The latest block's timestamp: the time a PENDING document's issuer is checked at.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @returns {Promise<bigint>}
 */
export async function latestBlockTime(rpc) {
  const block = await rpc('eth_getBlockByNumber', ['latest', false]);
  if (block === null || typeof block !== 'object' || Array.isArray(block)) throw new ChainUnavailable('eth_getBlockByNumber latest: the answer is not a block');
  return quantity('eth_getBlockByNumber latest timestamp', /** @type {Record<string, unknown>} */ (block).timestamp);
}
