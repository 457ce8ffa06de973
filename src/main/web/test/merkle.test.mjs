import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { leafHash, rootFromPath, abiEncodeBytes32StringString } from '../lib/merkle.js';
import { bytesToHex, hexToBytes } from '../lib/bytes.js';
import { REPO } from './support/anvil.mjs';
import { random } from './support/random.mjs';

// Computed with @openzeppelin/merkle-tree 1.0.8 (provenance in the file): every leaf, root and proof.
const vectors = JSON.parse(readFileSync(join(REPO, 'src', 'test', 'resources', 'merkle-vectors.json'), 'utf8'));

test('src/test/resources/merkle-vectors.json: every leaf and every proof\'s root', () => {
  let checked = 0;
  for (const c of vectors.cases) {
    assert.deepEqual(vectors.encoding, ['bytes32', 'string', 'string']);
    c.values.forEach((values, i) => {
      assert.equal(leafHash(...values), c.leaves[i], `${c.desc}: leaf ${i}`);
      assert.equal(rootFromPath(c.leaves[i], c.proofs[i]), c.root, `${c.desc}: proof ${i}`);
      checked++;
    });
  }
  assert.ok(checked >= 10, `${checked} leaves`);
});

test('abi.encode(bytes32, string, string) lays out the word, two offsets, then length-prefixed padded strings', () => {
  const enc = bytesToHex(abiEncodeBytes32StringString(new Uint8Array(32).fill(0x11), 'sha256', 'DEMO'));
  const words = enc.slice(2).match(/.{64}/g);
  assert.deepEqual(words, [
    '11'.repeat(32),
    '0'.repeat(62) + '60',
    '0'.repeat(62) + 'a0', // 0x60 + 32 + 32: the first string takes a length word and one data word
    '0'.repeat(63) + '6',
    Buffer.from('sha256').toString('hex').padEnd(64, '0'),
    '0'.repeat(63) + '4',
    Buffer.from('DEMO').toString('hex').padEnd(64, '0'),
  ]);
});

test('a path element changed, dropped, added or moved leads elsewhere', () => {
  const c = vectors.cases.find((x) => x.proofs.some((p) => p.length >= 2));
  const i = c.proofs.findIndex((p) => p.length >= 2);
  const proof = c.proofs[i];
  const flip = (h) => bytesToHex(hexToBytes(h).map((b, k) => (k === 31 ? b ^ 1 : b)));
  for (const bad of [[flip(proof[0]), ...proof.slice(1)], proof.slice(1), [...proof, proof[0]], [proof[1], proof[0], ...proof.slice(2)]]) {
    assert.notEqual(rootFromPath(c.leaves[i], bad), c.root);
  }
});

const OZ = join(REPO, 'contracts-solidity', 'node_modules', '@openzeppelin', 'merkle-tree');
test('property: 40 random trees agree with @openzeppelin/merkle-tree (the reference implementation)', {
  skip: existsSync(OZ) ? false : 'contracts-solidity/node_modules/@openzeppelin/merkle-tree is not installed (npm ci in contracts-solidity)',
}, () => {
  const { StandardMerkleTree } = createRequire(join(REPO, 'contracts-solidity', 'package.json'))('@openzeppelin/merkle-tree');
  const rng = random(3);
  const algorithms = ['sha256', 'sha512-256', 'sha3-256', 'keccak256', 'sm3'];
  for (let t = 0; t < 40; t++) {
    const values = Array.from({ length: 1 + rng.int(20) }, () => [bytesToHex(rng.bytes(32)), algorithms[rng.int(5)],
      Array.from({ length: 1 + rng.int(40) }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-部'[rng.int(38)]).join('')]);
    const tree = StandardMerkleTree.of(values, ['bytes32', 'string', 'string']);
    for (const [i, v] of tree.entries()) {
      assert.equal(leafHash(...v), tree.leafHash(v));
      assert.equal(rootFromPath(leafHash(...v), tree.getProof(i)), tree.root);
    }
  }
});
