// @ts-check
// OpenZeppelin StandardMerkleTree leaves and sorted-pair paths (docs/proof-format.md, "Leaf and tree").
import { keccak256 } from './keccak.js';
import { bigIntToBytes, bytesToHex, concatBytes, hexToBytes, utf8 } from './bytes.js';

/**
 * Solidity's `abi.encode(bytes32, string, string)`: the word, two offsets, then each string's length and its
 * UTF-8 bytes zero-padded to whole words.
 * @param {Uint8Array} word 32 bytes
 * @param {string} a
 * @param {string} b
 * @returns {Uint8Array}
 */
export function abiEncodeBytes32StringString(word, a, b) {
  if (word.length !== 32) throw new RangeError(`bytes32 needs 32 bytes, got ${word.length}`);
  const tail = (/** @type {string} */ s) => {
    const data = utf8(s);
    const padded = new Uint8Array(Math.ceil(data.length / 32) * 32);
    padded.set(data);
    return concatBytes(bigIntToBytes(BigInt(data.length), 32), padded);
  };
  const ta = tail(a);
  const tb = tail(b);
  return concatBytes(word, bigIntToBytes(0x60n, 32), bigIntToBytes(BigInt(0x60 + ta.length), 32), ta, tb);
}

/**
 * The tree leaf of a document: `keccak256(keccak256(abi.encode(digest, algorithm, department)))`.
 * @param {string} digest `0x` and 64 hex digits
 * @param {string} algorithm
 * @param {string} department
 * @returns {string} `0x` and 64 lower-case hex digits
 */
export function leafHash(digest, algorithm, department) {
  const digestBytes = hexToBytes(digest);
  return bytesToHex(keccak256(keccak256(abiEncodeBytes32StringString(digestBytes, algorithm, department))));
}

/**
 * Inner node: keccak256 of the pair sorted as unsigned 256-bit numbers (equal-length big-endian bytes, so
 * lexicographic order is numeric order).
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @returns {Uint8Array}
 */
export function hashPair(a, b) {
  let aFirst = true;
  for (let i = 0; i < 32; i++) {
    if (a[i] !== b[i]) {
      aFirst = a[i] < b[i];
      break;
    }
  }
  return keccak256(aFirst ? concatBytes(a, b) : concatBytes(b, a));
}

/**
 * The root a sibling path leads to from `leaf` (OpenZeppelin `MerkleProof.processProof`).
 * @param {string} leaf
 * @param {readonly string[]} path
 * @returns {string}
 */
export function rootFromPath(leaf, path) {
  let node = hexToBytes(leaf);
  if (node.length !== 32) throw new RangeError('a leaf is 32 bytes');
  for (const sibling of path) {
    const s = hexToBytes(sibling);
    if (s.length !== 32) throw new RangeError('a path entry is 32 bytes');
    node = hashPair(node, s);
  }
  return bytesToHex(node);
}
