// A slow, obviously-correct Merkle-Patricia trie, written from the yellow paper's appendix D (functions TRIE, c
// and n) and nothing else: it rebuilds every node from the full key set each time. Test code only; it cross-checks
// lib/mpt.js, which only ever sees proofs.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { rlpEncode } from '../../lib/rlp.js';

const nibbles = (bytes) => [...bytes].flatMap((b) => [b >> 4, b & 15]);

/** Hex-prefix encoding (appendix C). */
function hp(path, leaf) {
  const flag = (leaf ? 2 : 0) + (path.length % 2);
  const all = path.length % 2 ? [flag, ...path] : [flag, 0, ...path];
  const out = new Uint8Array(all.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (all[2 * i] << 4) | all[2 * i + 1];
  return out;
}

/** c(J, i): the node for the items, all of whose keys agree on the first i nibbles. */
function c(items, i) {
  if (items.length === 0) return new Uint8Array(0);
  if (items.length === 1) return [hp(items[0].key.slice(i), true), items[0].value];
  let j = i;
  while (items.every((it) => it.key.length > j && it.key[j] === items[0].key[j])) j++;
  if (j > i) return [hp(items[0].key.slice(i, j), false), n(items, j)];
  const branch = [];
  for (let nib = 0; nib < 16; nib++) branch.push(n(items.filter((it) => it.key.length > i && it.key[i] === nib), i + 1));
  const here = items.find((it) => it.key.length === i);
  branch.push(here ? here.value : new Uint8Array(0));
  return branch;
}

let embeddedCount = 0;

/** n(J, i): how a parent refers to the node: embedded below 32 bytes, else by its keccak256. */
function n(items, i) {
  if (items.length === 0) return new Uint8Array(0);
  const node = c(items, i);
  const encoded = rlpEncode(node);
  if (encoded.length < 32) embeddedCount++;
  return encoded.length < 32 ? node : keccak_256(encoded);
}

/** @param {{key: Uint8Array, value: Uint8Array}[]} entries distinct keys, non-empty values */
export function referenceTrie(entries) {
  const items = entries.map((e) => ({ key: nibbles(e.key), value: e.value }));
  embeddedCount = 0;
  const root = keccak_256(rlpEncode(c(items, 0)));
  return {
    root,
    /** How many nodes of the trie are embedded in their parent. */
    embedded: embeddedCount,
    /** The nodes eth_getProof would return for `key`: root first, each node referenced by hash (not embedded). */
    prove(keyBytes) {
      const key = nibbles(keyBytes);
      const proof = [rlpEncode(c(items, 0))];
      let set = items;
      let i = 0;
      for (;;) {
        if (set.length <= 1) return proof;
        let j = i;
        while (set.every((it) => it.key.length > j && it.key[j] === set[0].key[j])) j++;
        if (j > i) {
          if (key.length < j || key.slice(i, j).some((x, k) => x !== set[0].key[i + k])) return proof;
          i = j;
        } else {
          if (key.length === i) return proof;
          const nib = key[i];
          set = set.filter((it) => it.key.length > i && it.key[i] === nib);
          i += 1;
          if (set.length === 0) return proof;
        }
        const encoded = rlpEncode(c(set, i));
        if (encoded.length >= 32) proof.push(encoded);
      }
    },
  };
}
