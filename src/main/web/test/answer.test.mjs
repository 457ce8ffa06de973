// The answer object of docs/verification.md ("The answer"), checked for its shape on every shared vector run
// offline, and on chosen ones for the parts that depend on the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyProof, VERDICTS } from '../lib/index.js';
import { REPO } from './support/anvil.mjs';

const file = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'proof-vectors.json'), 'utf8'));
const vector = (id) => file.vectors.find((v) => v.id === id);
const ORDER = ['version', 'document', 'leaf', 'signature', 'path', 'registry', 'header', 'seals', 'state-proof',
  'network', 'inclusion', 'anchor', 'block', 'transaction', 'revocation'];
const offline = (v) => verifyProof(v.proof, { trust: v.trust, document: v.document === undefined ? undefined : new Uint8Array(Buffer.from(v.document, 'base64')) });

test('offline, every vector gives a well-formed answer: checks in order, reasons their details, plain JSON', async () => {
  for (const v of file.vectors) {
    const a = await offline(v);
    assert.ok(VERDICTS.includes(a.result), v.id);
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(a))), JSON.stringify(a), `${v.id}: survives JSON`);
    const names = a.checks.map((c) => c.name);
    assert.deepEqual(names, ORDER.filter((n) => names.includes(n)), `${v.id}: checks in the order of the spec`);
    assert.equal(new Set(names).size, names.length, `${v.id}: each check once`);
    for (const c of a.checks) {
      assert.deepEqual(Object.keys(c), ['name', 'outcome', 'where', 'code', 'detail'], v.id);
      assert.ok(['passed', 'failed', 'skipped', 'unavailable'].includes(c.outcome), v.id);
      assert.equal(c.where, ORDER.indexOf(c.name) >= 9 ? 'chain' : 'offline', `${v.id}: ${c.name} is where the spec's table says`);
      assert.ok(c.detail.length > 0, v.id);
    }
    assert.deepEqual(a.reasons, a.checks.map((c) => c.detail), `${v.id}: reasons are the details`);
    assert.equal(a.checks.filter((c) => c.outcome === 'failed').length <= 1, true, `${v.id}: the first failure decides and ends`);
    const failed = a.checks.find((c) => c.outcome === 'failed');
    if (failed) assert.equal(a.code, failed.code, `${v.id}: the verdict's code is the failed check's`);
    // Without a node nothing on chain can have failed, so only an offline check can make it INVALID.
    assert.ok(!a.checks.some((c) => c.where === 'chain' && c.outcome !== 'skipped'), `${v.id}: no chain check ran without a node`);
    assert.ok(a.result !== 'VALID' && a.result !== 'REVOKED', `${v.id}: never VALID or REVOKED offline`);
    assert.equal(typeof a.document, 'object', v.id);
    if (a.result !== 'UNDETERMINED' || a.code !== 'unsupported-version') {
      assert.deepEqual(Object.keys(a.document), ['digest', 'algorithm', 'department', 'leaf'], v.id);
    }
  }
});

test('anchor and signature are in the answer whenever the proof states them, whatever the verdict', async () => {
  const tampered = await offline(vector('tampered-leaf'));
  assert.equal(tampered.result, 'INVALID');
  const p = vector('tampered-leaf').proof;
  assert.deepEqual(tampered.anchor, { chainId: p.chainId, registry: p.registry, batchId: p.batchId, blockNumber: p.blockNumber, blockHash: p.blockHash, blockTime: p.blockTime, ...(p.txHash ? { txHash: p.txHash } : {}) });
  const badSignature = await offline(vector('signature-value-changed'));
  assert.equal(badSignature.code, 'signature-invalid');
  assert.deepEqual(badSignature.signature, { algorithm: vector('signature-value-changed').proof.signature.algorithm, publicKeyFingerprint: vector('signature-value-changed').proof.signature.publicKeyFingerprint, tiedToDepartment: false });
  const tied = vector('signed-tied');
  assert.equal((await offline(tied)).signature.tiedToDepartment, true);
  assert.equal((await offline(vector('valid-batch-of-1'))).signature, undefined);
});

test('pending is in the answer with PENDING only, with the gateway\'s two statements', async () => {
  const v = vector('pending-offline');
  const a = await offline(v);
  assert.equal(a.result, 'PENDING');
  assert.equal(a.anchor, undefined);
  assert.deepEqual(a.pending, { receivedAt: v.proof.receivedAt, ...(v.proof.expectedAnchoringBy ? { expectedAnchoringBy: v.proof.expectedAnchoringBy } : {}) });
  assert.equal((await offline(vector('pending-tampered-leaf'))).pending, undefined);
  assert.equal((await offline(vector('valid-batch-of-1'))).pending, undefined);
});

test('an unsupported version answers UNDETERMINED with only the version check', async () => {
  const a = await offline(vector('unsupported-version'));
  assert.equal(`${a.result} ${a.code}`, 'UNDETERMINED unsupported-version');
  assert.deepEqual(a.checks.map((c) => `${c.name} ${c.outcome}`), ['version failed']);
});
