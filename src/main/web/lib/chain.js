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
