// @ts-check
// Merkle-Patricia trie proofs (Ethereum yellow paper, appendix D), as eth_getProof returns them: the nodes on the
// path from the root to a key, root first. Used for the registry's account in the state trie and for one slot
// in its storage trie; both are "secure" tries, keyed by keccak256 of the address or the slot.
import { keccak256 } from './keccak.js';
import { equalBytes, bytesToHex } from './bytes.js';
import { rlpDecode, rlpEncode, RlpError } from './rlp.js';

/** A proof that does not prove anything: a node that does not hash to its reference, a malformed node, … */
export class MptProofError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'MptProofError';
  }
}

/**
 * @param {Uint8Array} bytes
 * @returns {number[]}
 */
function toNibbles(bytes) {
  const out = [];
  for (const b of bytes) out.push(b >> 4, b & 0x0f);
  return out;
}

/**
 * Hex-prefix decoding of a leaf or extension node's path (yellow paper, appendix C).
 * @param {Uint8Array} encoded
 * @returns {{leaf: boolean, nibbles: number[]}}
 */
function hexPrefix(encoded) {
  if (encoded.length === 0) throw new MptProofError('empty hex-prefix path');
  const all = toNibbles(encoded);
  const flag = all[0];
  if (flag > 3) throw new MptProofError(`hex-prefix flag ${flag} is not 0 to 3`);
  const odd = (flag & 1) === 1;
  if (!odd && all[1] !== 0) throw new MptProofError('hex-prefix padding nibble is not zero');
  return { leaf: flag >= 2, nibbles: all.slice(odd ? 1 : 2) };
}

/**
 * The value stored under `key` in the trie whose root hash is `root`, proven by `nodes`; `null` when the proof
 * shows that the key is absent. Throws MptProofError when the nodes prove nothing: every node must be the one
 * its parent references (by keccak256, or embedded when its RLP is shorter than 32 bytes), in order, and every
 * node given must be used.
 * @param {Uint8Array} root 32 bytes
 * @param {Uint8Array} key the trie key (for secure tries already hashed)
 * @param {readonly Uint8Array[]} nodes
 * @returns {Uint8Array | null}
 */
export function verifyTrieProof(root, key, nodes) {
  if (root.length !== 32) throw new MptProofError('a trie root is 32 bytes');
  const path = toNibbles(key);
  let at = 0; // nibbles of the key consumed
  let used = 0; // proof nodes consumed
  /** @type {Uint8Array | import('./rlp.js').RlpList} the parent's reference: a hash, or an embedded node */
  let ref = root;

  const done = (/** @type {Uint8Array | null} */ value) => {
    if (used !== nodes.length) throw new MptProofError(`${nodes.length - used} proof nodes left over after the key was resolved`);
    return value;
  };

  for (;;) {
    /** @type {import('./rlp.js').RlpItem} */
    let node;
    if (ref instanceof Uint8Array) {
      if (ref.length !== 32) throw new MptProofError(`a reference of ${ref.length} bytes is neither a hash nor a node`);
      if (used >= nodes.length) throw new MptProofError(`proof ends before node ${bytesToHex(ref)}`);
      const raw = nodes[used++];
      if (!equalBytes(keccak256(raw), ref)) throw new MptProofError(`proof node ${used - 1} does not hash to ${bytesToHex(ref)}`);
      try {
        node = rlpDecode(raw);
      } catch (e) {
        if (e instanceof RlpError) throw new MptProofError(`proof node ${used - 1} is not RLP: ${e.message}`);
        throw e;
      }
    } else {
      node = ref;
    }
    if (!Array.isArray(node)) throw new MptProofError('a trie node is a list');

    if (node.length === 17) {
      if (at === path.length) {
        // Secure-trie keys all have the same length, so no value ever sits in a branch on the way.
        const value = node[16];
        if (!(value instanceof Uint8Array)) throw new MptProofError('a branch value is a string');
        return done(value.length === 0 ? null : value);
      }
      const child = node[path[at++]];
      if (child instanceof Uint8Array && child.length === 0) return done(null);
      ref = childRef(child);
      continue;
    }
    if (node.length === 2) {
      const [encodedPath, next] = node;
      if (!(encodedPath instanceof Uint8Array)) throw new MptProofError('a leaf or extension path is a string');
      const { leaf, nibbles } = hexPrefix(encodedPath);
      const rest = path.slice(at);
      if (leaf) {
        if (!(next instanceof Uint8Array)) throw new MptProofError('a leaf value is a string');
        const same = nibbles.length === rest.length && nibbles.every((n, i) => n === rest[i]);
        return done(same ? next : null);
      }
      if (nibbles.length === 0) throw new MptProofError('an extension with an empty path');
      if (nibbles.length > rest.length || !nibbles.every((n, i) => n === rest[i])) return done(null);
      at += nibbles.length;
      ref = childRef(next);
      continue;
    }
    throw new MptProofError(`a trie node has 2 or 17 items, not ${node.length}`);
  }
}

/**
 * A child reference: a 32-byte hash, or a node embedded because its RLP is shorter than 32 bytes.
 * @param {import('./rlp.js').RlpItem} child
 * @returns {Uint8Array | import('./rlp.js').RlpList}
 */
function childRef(child) {
  if (child instanceof Uint8Array) {
    if (child.length !== 32) throw new MptProofError(`a child reference of ${child.length} bytes`);
    return child;
  }
  if (rlpEncode(child).length >= 32) throw new MptProofError('an embedded node of 32 bytes or more');
  return child;
}
