// @ts-check
// Recursive Length Prefix (Ethereum yellow paper, appendix B): a strict decoder and an encoder.
// Strict means canonical: every value has exactly one encoding, so `encode(decode(x))` is `x` byte for byte.
// That matters here because block hashes are computed over re-encoded headers: a lax decoder would let two
// different byte strings stand for the same header.
import { concatBytes } from './bytes.js';

/** @typedef {Uint8Array | RlpList} RlpItem */
/** @typedef {RlpItem[]} RlpList */

/** Bytes that are not one canonical RLP item. */
export class RlpError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'RlpError';
  }
}

const MAX_DEPTH = 32;

/**
 * Decodes exactly one item that spans all of `bytes`.
 * @param {Uint8Array} bytes
 * @returns {RlpItem}
 */
export function rlpDecode(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('rlpDecode: bytes must be a Uint8Array');
  const [item, end] = decodeAt(bytes, 0, bytes.length, 0);
  if (end !== bytes.length) throw new RlpError(`${bytes.length - end} bytes after the item`);
  return item;
}

/**
 * @param {Uint8Array} b
 * @param {number} at
 * @param {number} limit end of the enclosing payload
 * @param {number} depth
 * @returns {[RlpItem, number]} the item and the offset after it
 */
function decodeAt(b, at, limit, depth) {
  if (depth > MAX_DEPTH) throw new RlpError(`nested deeper than ${MAX_DEPTH}`);
  if (at >= limit) throw new RlpError(`truncated: item expected at offset ${at}`);
  const prefix = b[at];
  if (prefix < 0x80) return [b.subarray(at, at + 1), at + 1];
  if (prefix <= 0xb7) {
    const length = prefix - 0x80;
    const start = at + 1;
    if (start + length > limit) throw new RlpError(`truncated: string of ${length} bytes at offset ${at}`);
    if (length === 1 && b[start] < 0x80) throw new RlpError(`non-canonical: single byte below 0x80 with a prefix at offset ${at}`);
    return [b.subarray(start, start + length), start + length];
  }
  if (prefix <= 0xbf) {
    const [length, start] = longLength(b, at, prefix - 0xb7, limit);
    if (start + length > limit) throw new RlpError(`truncated: string of ${length} bytes at offset ${at}`);
    return [b.subarray(start, start + length), start + length];
  }
  let length;
  let start;
  if (prefix <= 0xf7) {
    length = prefix - 0xc0;
    start = at + 1;
  } else {
    [length, start] = longLength(b, at, prefix - 0xf7, limit);
  }
  const end = start + length;
  if (end > limit) throw new RlpError(`truncated: list of ${length} bytes at offset ${at}`);
  /** @type {RlpList} */
  const items = [];
  let p = start;
  while (p < end) {
    const [item, next] = decodeAt(b, p, end, depth + 1);
    items.push(item);
    p = next;
  }
  return [items, end];
}

/**
 * The length that follows a long-form prefix: `count` big-endian bytes, no leading zero, at least 56.
 * @param {Uint8Array} b
 * @param {number} at offset of the prefix
 * @param {number} count
 * @param {number} limit
 * @returns {[number, number]} the length and the offset of the payload
 */
function longLength(b, at, count, limit) {
  const start = at + 1 + count;
  if (start > limit) throw new RlpError(`truncated: length of length at offset ${at}`);
  if (b[at + 1] === 0) throw new RlpError(`non-canonical: length with a leading zero at offset ${at}`);
  if (count > 4) throw new RlpError(`length of ${count} bytes at offset ${at}: too long for this decoder`);
  let length = 0;
  for (let i = at + 1; i < start; i++) length = length * 256 + b[i];
  if (length < 56) throw new RlpError(`non-canonical: long form for ${length} bytes at offset ${at}`);
  return [length, start];
}

/**
 * @param {number} length
 * @param {number} offset 0x80 for strings, 0xc0 for lists
 * @returns {Uint8Array}
 */
function header(length, offset) {
  if (length < 56) return Uint8Array.of(offset + length);
  const digits = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) digits.unshift(n % 256);
  return Uint8Array.of(offset + 55 + digits.length, ...digits);
}

/**
 * Encodes an item canonically.
 * @param {RlpItem} item
 * @returns {Uint8Array}
 */
export function rlpEncode(item) {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return item.slice();
    return concatBytes(header(item.length, 0x80), item);
  }
  const payload = concatBytes(...item.map(rlpEncode));
  return concatBytes(header(payload.length, 0xc0), payload);
}

/**
 * The unsigned integer of an RLP scalar, which must be canonical (no leading zero byte; zero is empty).
 * @param {RlpItem} item
 * @param {string} what for the error message
 * @returns {bigint}
 */
export function rlpScalar(item, what) {
  if (!(item instanceof Uint8Array)) throw new RlpError(`${what} is a list, not an integer`);
  if (item.length > 0 && item[0] === 0) throw new RlpError(`non-canonical: ${what} has a leading zero byte`);
  let n = 0n;
  for (const x of item) n = (n << 8n) | BigInt(x);
  return n;
}

/**
 * Canonical scalar encoding of a non-negative integer.
 * @param {bigint} n
 * @returns {Uint8Array}
 */
export function scalarBytes(n) {
  if (n < 0n) throw new RangeError('RLP scalars are non-negative');
  const out = [];
  for (let x = n; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return Uint8Array.from(out);
}

/**
 * @param {RlpItem} item
 * @returns {item is RlpList}
 */
export function isList(item) {
  return Array.isArray(item);
}
