import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { verifyTrieProof, MptProofError } from '../lib/mpt.js';
import { bytesToHex, utf8 } from '../lib/bytes.js';
import { rlpEncode } from '../lib/rlp.js';
import { referenceTrie } from './support/reference-trie.mjs';
import { random } from './support/random.mjs';

const entries = (pairs) => pairs.map(([k, v]) => ({ key: utf8(k), value: utf8(v) }));

test('the reference trie gives the ethereum/tests trieanyorder roots (dogs, puppy), the empty root, and one leaf', () => {
  // Known answers from ethereum/tests TrieTests (trieanyorder.json) and go-ethereum's trie tests.
  assert.equal(bytesToHex(referenceTrie(entries([['doe', 'reindeer'], ['dog', 'puppy'], ['dogglesworth', 'cat']])).root),
    '0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3');
  assert.equal(bytesToHex(referenceTrie(entries([['do', 'verb'], ['horse', 'stallion'], ['doge', 'coin'], ['dog', 'puppy']])).root),
    '0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84');
  assert.equal(bytesToHex(referenceTrie([]).root), '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
  assert.equal(bytesToHex(referenceTrie(entries([['A', 'a'.repeat(50)]])).root),
    '0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab');
});

test('verifyTrieProof reads every key of the puppy trie (values in branches, embedded nodes) and proves absent ones absent', () => {
  const data = [['do', 'verb'], ['horse', 'stallion'], ['doge', 'coin'], ['dog', 'puppy']];
  const trie = referenceTrie(entries(data));
  for (const [k, v] of data) assert.equal(new TextDecoder().decode(verifyTrieProof(trie.root, utf8(k), trie.prove(utf8(k)))), v, k);
  for (const k of ['d', 'dogs', 'cat', 'horses', 'h', '']) assert.equal(verifyTrieProof(trie.root, utf8(k), trie.prove(utf8(k))), null, k);
});

/** Random secure-trie contents: keccak256 keys (as state and storage tries use), RLP-ish values of 1 to 40 bytes. */
function secureEntries(rng, count) {
  return Array.from({ length: count }, () => ({ key: keccak_256(rng.bytes(8)), value: rng.bytes(1 + rng.int(40)) }));
}

/** Short random keys, so some are prefixes of others and many nodes are embedded (shorter than 32 bytes). */
function shortEntries(rng, count) {
  const seen = new Map();
  while (seen.size < count) {
    const key = rng.bytes(1 + rng.int(3));
    seen.set(bytesToHex(key), { key, value: rng.bytes(1 + rng.int(4)) });
  }
  return [...seen.values()];
}

for (const [kind, make] of [['secure (32-byte keys)', secureEntries], ['short keys (embedded nodes, values in branches)', shortEntries]]) {
  test(`property, ${kind}: proofs from the reference trie verify to the value, or to absent for keys not in it`, () => {
    const rng = random(kind.length);
    let embedded = 0;
    for (let round = 0; round < 25; round++) {
      const items = make(rng, 1 + rng.int(40));
      const trie = referenceTrie(items);
      embedded += trie.embedded;
      for (const { key, value } of items) assert.deepEqual(verifyTrieProof(trie.root, key, trie.prove(key)), value);
      for (let i = 0; i < 5; i++) {
        const absent = make(rng, 1)[0].key;
        if (items.some((it) => bytesToHex(it.key) === bytesToHex(absent))) continue;
        assert.equal(verifyTrieProof(trie.root, absent, trie.prove(absent)), null);
      }
    }
    if (make === shortEntries) assert.ok(embedded > 0, 'the short-key tries hold embedded nodes');
  });

  test(`property, ${kind}: a flipped byte anywhere, a truncated, dropped, added or swapped node is refused, never a value`, () => {
    const rng = random(kind.length + 100);
    let mutations = 0;
    for (let round = 0; round < 25; round++) {
      const items = make(rng, 2 + rng.int(40));
      const trie = referenceTrie(items);
      const { key } = items[rng.int(items.length)];
      const proof = trie.prove(key);
      // A flipped bit in any byte of any node changes that node's hash, which its parent (or the root) pins.
      for (let n = 0; n < proof.length; n++) {
        for (let at = 0; at < proof[n].length; at += 1 + rng.int(7)) {
          const bad = proof.map((x) => x.slice());
          bad[n][at] ^= 1 << rng.int(8);
          assert.throws(() => verifyTrieProof(trie.root, key, bad), MptProofError);
          mutations++;
        }
      }
      assert.throws(() => verifyTrieProof(trie.root, key, proof.slice(0, -1)), MptProofError, 'last node dropped');
      const cut = rng.int(proof.length);
      assert.throws(() => verifyTrieProof(trie.root, key, proof.map((x, i) => (i === cut ? x.subarray(0, x.length - 1 - rng.int(x.length - 1)) : x))), MptProofError, 'node truncated');
      assert.throws(() => verifyTrieProof(trie.root, key, [...proof, proof[0]]), MptProofError, 'node added');
      if (proof.length > 1) assert.throws(() => verifyTrieProof(trie.root, key, [proof[1], proof[0], ...proof.slice(2)]), MptProofError, 'swapped');
      const otherRoot = keccak_256(trie.root);
      assert.throws(() => verifyTrieProof(otherRoot, key, proof), MptProofError, 'another root');
    }
    assert.ok(mutations > 100, `${mutations} mutations`);
  });
}

test('a proof for one key does not prove another key present', () => {
  const rng = random(7);
  const items = secureEntries(rng, 30);
  const trie = referenceTrie(items);
  const proof = trie.prove(items[0].key);
  for (const other of items.slice(1)) {
    try {
      const v = verifyTrieProof(trie.root, other.key, proof);
      assert.equal(v, null, 'at most a proof of absence');
    } catch (e) {
      assert.ok(e instanceof MptProofError);
    }
  }
});

test('malformed nodes are refused: wrong item count, bad hex-prefix flag, wrong reference size', () => {
  const root = (node) => keccak_256(node);
  const threeItems = rlpEncode([Uint8Array.of(0x20), Uint8Array.of(1), Uint8Array.of(2)]);
  assert.throws(() => verifyTrieProof(root(threeItems), Uint8Array.of(0), [threeItems]), /2 or 17 items/);
  const badFlag = rlpEncode([Uint8Array.of(0x40), utf8('x')]);
  assert.throws(() => verifyTrieProof(root(badFlag), Uint8Array.of(0), [badFlag]), /flag/);
  const badPad = rlpEncode([Uint8Array.of(0x21, 0x00), utf8('x')]);
  assert.throws(() => verifyTrieProof(root(badPad), Uint8Array.of(0), [badPad]), /padding/);
  const branch = Array.from({ length: 17 }, () => new Uint8Array(0));
  branch[0] = new Uint8Array(20); // neither a 32-byte hash nor an embedded list
  const b = rlpEncode(branch);
  assert.throws(() => verifyTrieProof(root(b), Uint8Array.of(0), [b]), /reference of 20 bytes/);
  assert.throws(() => verifyTrieProof(root(b), Uint8Array.of(0), [Uint8Array.of(0xc0, 0x00)]), /does not hash/);
});
