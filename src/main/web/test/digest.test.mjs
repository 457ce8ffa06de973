import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hashDocument, ALGORITHMS } from '../lib/index.js';
import { utf8 } from '../lib/bytes.js';
import { random } from './support/random.mjs';

// Known answers for "abc" and for the empty string: FIPS 180-4 examples (SHA-256, SHA-512/256), FIPS 202
// (SHA3-256), the Keccak team's Keccak-256 (as Ethereum uses), GB/T 32905-2016 appendix A (SM3).
const KNOWN = {
  sha256: ['0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  'sha512-256': ['0x53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23', '0xc672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a'],
  'sha3-256': ['0x3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532', '0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a'],
  keccak256: ['0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45', '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'],
  sm3: ['0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0', '0x1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b'],
};

test('each of the five algorithms gives its published digest of "abc" and of the empty string', async () => {
  assert.deepEqual([...ALGORITHMS], Object.keys(KNOWN));
  for (const [algorithm, [abc, empty]] of Object.entries(KNOWN)) {
    assert.equal(await hashDocument(utf8('abc'), algorithm), abc, algorithm);
    assert.equal(await hashDocument(new Uint8Array(0), algorithm), empty, algorithm);
  }
});

test('SHA-256, SHA-512/256 and SHA3-256 agree with OpenSSL (Node crypto) on random documents up to 1 MiB', async () => {
  const rng = random(5);
  for (const size of [1, 55, 64, 1000, 65537, 1 << 20]) {
    const doc = rng.bytes(size);
    for (const [ours, theirs] of [['sha256', 'sha256'], ['sha512-256', 'sha512-256'], ['sha3-256', 'sha3-256']]) {
      assert.equal(await hashDocument(doc, ours), `0x${createHash(theirs).update(doc).digest('hex')}`, `${ours} of ${size} bytes`);
    }
  }
});

test('a view into a larger buffer hashes only its own bytes; unknown algorithms and non-bytes are refused', async () => {
  const big = utf8('xxabcxx');
  assert.equal(await hashDocument(big.subarray(2, 5), 'sha256'), KNOWN.sha256[0]);
  await assert.rejects(hashDocument(utf8('abc'), 'md5'), /unknown algorithm/);
  await assert.rejects(hashDocument('abc', 'sha256'), /Uint8Array/);
});
