// The chain side against a real node: eth_getProof answers of anvil (state and storage proofs as a node gives
// them), and every way a node can fail to answer, injected in front of anvil, at every chain check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { verifyProof } from '../lib/index.js';
import { verifyTrieProof, MptProofError } from '../lib/mpt.js';
import { rlpDecode, rlpScalar } from '../lib/rlp.js';
import { bytesToHex, hexToBytes, concatBytes, bigIntToBytes } from '../lib/bytes.js';
import { REPO, anvilAvailable, replayChain, rpc } from './support/anvil.mjs';

const file = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'proof-vectors.json'), 'utf8'));
const vector = (id) => file.vectors.find((v) => v.id === id);
const REGISTRY = file.chain.registries.main;
let node;

before(async () => {
  assert.ok(anvilAvailable(), 'anvil is missing: run npm ci in contracts-solidity (or set ANVIL)');
  node = await replayChain(file.chain);
});
after(async () => node && node.stop());

const anchorsSlot = (root) => keccak_256(concatBytes(hexToBytes(root), bigIntToBytes(3n, 32)));

test('anvil eth_getProof: the registry account and anchors[root] verify against the block\'s stateRoot', async () => {
  const { proof } = vector('valid-batch-of-1');
  for (const tag of [`0x${proof.blockNumber.toString(16)}`, 'latest']) {
    const block = await rpc(node.url, 'eth_getBlockByNumber', [tag, false]);
    const slot = bytesToHex(anchorsSlot(proof.root));
    const answer = await rpc(node.url, 'eth_getProof', [REGISTRY, [slot], tag]);
    const account = verifyTrieProof(hexToBytes(block.stateRoot), keccak_256(hexToBytes(REGISTRY)), answer.accountProof.map(hexToBytes));
    const [nonce, balance, storageRoot, codeHash] = rlpDecode(account);
    // What the node says of the account, decoded from the proven leaf.
    assert.equal(rlpScalar(nonce, 'nonce'), BigInt(answer.nonce));
    assert.equal(rlpScalar(balance, 'balance'), BigInt(answer.balance));
    assert.equal(bytesToHex(storageRoot), answer.storageHash);
    assert.equal(bytesToHex(codeHash), answer.codeHash);
    const stored = verifyTrieProof(storageRoot, keccak_256(hexToBytes(slot)), answer.storageProof[0].proof.map(hexToBytes));
    const value = rlpScalar(rlpDecode(stored), 'value');
    assert.equal(value, BigInt(answer.storageProof[0].value));
    const seconds = BigInt(Date.parse(proof.blockTime) / 1000);
    assert.equal(value, BigInt(proof.batchId) | (BigInt(proof.blockNumber) << 64n) | (seconds << 128n), `slot value at ${tag}`);
  }
});

test('anvil eth_getProof: a root never anchored, and an account that does not exist, are proven absent', async () => {
  const block = await rpc(node.url, 'eth_getBlockByNumber', ['latest', false]);
  const slot = bytesToHex(anchorsSlot(`0x${'42'.repeat(32)}`));
  const answer = await rpc(node.url, 'eth_getProof', [REGISTRY, [slot], 'latest']);
  const [, , storageRoot] = rlpDecode(verifyTrieProof(hexToBytes(block.stateRoot), keccak_256(hexToBytes(REGISTRY)), answer.accountProof.map(hexToBytes)));
  assert.equal(verifyTrieProof(storageRoot, keccak_256(hexToBytes(slot)), answer.storageProof[0].proof.map(hexToBytes)), null);
  const nobody = `0x${'ab'.repeat(20)}`;
  const none = await rpc(node.url, 'eth_getProof', [nobody, [], 'latest']);
  assert.equal(verifyTrieProof(hexToBytes(block.stateRoot), keccak_256(hexToBytes(nobody)), none.accountProof.map(hexToBytes)), null);
});

test('anvil eth_getProof: a flipped byte in any node of a real account proof is refused', async () => {
  const block = await rpc(node.url, 'eth_getBlockByNumber', ['latest', false]);
  const answer = await rpc(node.url, 'eth_getProof', [REGISTRY, [], 'latest']);
  const nodes = answer.accountProof.map(hexToBytes);
  for (let n = 0; n < nodes.length; n++) {
    for (let at = 0; at < nodes[n].length; at += 17) {
      const bad = nodes.map((x) => x.slice());
      bad[n][at] ^= 0x80;
      assert.throws(() => verifyTrieProof(hexToBytes(block.stateRoot), keccak_256(hexToBytes(REGISTRY)), bad), MptProofError, `node ${n} byte ${at}`);
    }
  }
});

/** A fetch in front of the node that breaks the `nth` call of `method` in the way `how` says. */
function flakyFetch(method, how, callsToPass = 0) {
  let seen = 0;
  return async (url, init) => {
    const request = JSON.parse(init.body);
    const key = request.method === 'eth_call' ? `eth_call:${request.params[0].data.slice(0, 10)}` : request.method;
    if (key !== method || seen++ < callsToPass) return fetch(url, init);
    const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    switch (how) {
      case 'refused': throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      case 'http-503': return json({ error: 'busy' }, 503);
      case 'rpc-error': return json({ jsonrpc: '2.0', id: request.id, error: { code: -32000, message: 'header not found' } });
      case 'not-json': return new Response('<html>gateway timeout</html>', { status: 200 });
      case 'other-id': return json({ jsonrpc: '2.0', id: request.id + 1000, result: '0x1' });
      case 'no-result': return json({ jsonrpc: '2.0', id: request.id });
      case 'null-result': return json({ jsonrpc: '2.0', id: request.id, result: null });
      case 'garbage-result': return json({ jsonrpc: '2.0', id: request.id, result: { surprise: true } });
      case 'stall': return new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      default: throw new Error(how);
    }
  };
}

const SELECTORS = { verifyInclusion: '0x', anchorOf: '0x', revocationOf: '0x' };
for (const [name, signature] of [['verifyInclusion', 'verifyInclusion(bytes32[],bytes32,bytes32)'], ['anchorOf', 'anchorOf(bytes32)'], ['revocationOf', 'revocationOf(bytes32)']]) {
  SELECTORS[name] = bytesToHex(keccak_256(new TextEncoder().encode(signature)).subarray(0, 4));
}
const STEPS = [
  ['network', 'eth_chainId'],
  ['inclusion', `eth_call:${SELECTORS.verifyInclusion}`],
  ['anchor', `eth_call:${SELECTORS.anchorOf}`],
  ['block', 'eth_getBlockByNumber'],
  ['transaction', 'eth_getTransactionReceipt'],
  ['revocation', `eth_call:${SELECTORS.revocationOf}`],
];
const FAILURES = ['refused', 'http-503', 'rpc-error', 'not-json', 'other-id', 'no-result', 'garbage-result', 'stall'];

test('a node that fails at any chain check, in any of 8 ways, gives UNDETERMINED chain-unreachable, never INVALID', async () => {
  const v = vector('valid-batch-of-3-without-document');
  const problems = [];
  for (const [check, method] of STEPS) {
    for (const how of FAILURES) {
      const answer = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, fetch: flakyFetch(method, how), timeoutMs: 200 });
      const last = answer.checks.at(-1);
      const got = `${answer.result} ${answer.code}; last check ${last.name} ${last.outcome} ${last.code}`;
      if (got !== `UNDETERMINED chain-unreachable; last check ${check} unavailable chain-unreachable`) problems.push(`${check} ${how}: ${got}`);
    }
    // null for a block, or no receipt for a transaction the block lists (a pruned transaction index), is the
    // node's gap, not a verdict on the proof.
    const answer = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, fetch: flakyFetch(method, 'null-result'), timeoutMs: 200 });
    if (answer.result !== 'UNDETERMINED') problems.push(`${check} null-result: ${answer.result} ${answer.code}`);
  }
  assert.deepEqual(problems, []);
});

test('with seals and a state proof checked offline, a failing node gives revocation-unchecked', async () => {
  const v = vector('bft-ibft2-final-offline');
  for (const how of FAILURES) {
    const answer = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, fetch: flakyFetch('eth_chainId', how), timeoutMs: 200 });
    assert.equal(`${answer.result} ${answer.code}`, 'UNDETERMINED revocation-unchecked', how);
  }
});

test('a PENDING proof stays PENDING when the node fails; the failing check is unavailable', async () => {
  const v = vector('pending');
  for (const [check, method] of [['network', 'eth_chainId'], ['revocation', `eth_call:${SELECTORS.revocationOf}`]]) {
    for (const how of FAILURES) {
      const answer = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, fetch: flakyFetch(method, how), timeoutMs: 200 });
      assert.equal(`${answer.result} ${answer.code}`, 'PENDING pending', `${check} ${how}`);
      assert.deepEqual(answer.checks.at(-1), { ...answer.checks.at(-1), name: check, outcome: 'unavailable', code: 'chain-unreachable' });
      assert.ok(answer.pending.receivedAt, 'the gateway\'s statements are carried');
    }
  }
});

test('answers of the wrong shape from the registry are unavailable, not verdicts: a 2 for a bool, a short word', async () => {
  const v = vector('valid-batch-of-3-without-document');
  const replace = (selector, result) => async (url, init) => {
    const request = JSON.parse(init.body);
    if (request.method === 'eth_call' && request.params[0].data.startsWith(selector)) {
      return new Response(JSON.stringify({ jsonrpc: '2.0', id: request.id, result }));
    }
    return fetch(url, init);
  };
  for (const [selector, result] of [[SELECTORS.verifyInclusion, `0x${'0'.repeat(63)}2`], [SELECTORS.verifyInclusion, '0x01'], [SELECTORS.anchorOf, `0x${'0'.repeat(64)}`],
    [SELECTORS.revocationOf, `0x${'0'.repeat(63)}9${'0'.repeat(192)}`], [SELECTORS.anchorOf, '0xzz']]) {
    const answer = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, fetch: replace(selector, result) });
    assert.equal(`${answer.result} ${answer.code}`, 'UNDETERMINED chain-unreachable', `${selector} -> ${result}`);
  }
  // An empty answer is a verdict: no contract answered.
  const empty = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, fetch: replace(SELECTORS.verifyInclusion, '0x') });
  assert.equal(`${empty.result} ${empty.code}`, 'INVALID registry-missing');
});

test('without options.fetch the global fetch is called on its global object, as browsers require', async () => {
  const v = vector('valid-batch-of-1');
  const real = globalThis.fetch;
  let calls = 0;
  // Chromium's window.fetch throws "Illegal invocation" when called detached; this stand-in does the same.
  globalThis.fetch = function strictFetch(url, init) {
    if (this !== globalThis) throw new TypeError('Illegal invocation');
    calls++;
    return real(url, init);
  };
  try {
    const answer = await verifyProof(v.proof, { rpcUrl: node.url, trust: v.trust, document: new Uint8Array(Buffer.from(v.document, 'base64')) });
    assert.equal(`${answer.result} ${answer.code}`, 'VALID valid');
    assert.ok(calls >= 6, `${calls} calls`);
  } finally {
    globalThis.fetch = real;
  }
});
