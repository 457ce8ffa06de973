import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateProof, parseProofText, verifyProof, MalformedProofError } from '../lib/index.js';
import { REPO } from './support/anvil.mjs';

const vectors = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'proof-vectors.json'), 'utf8')).vectors;
const proofOf = (id) => structuredClone(vectors.find((v) => v.id === id).proof);
const pointers = (r) => (r.ok ? [] : r.errors.map((e) => e.pointer));

test('every proof document of the shared vectors validates (their verdicts are for the checks, not the schema)', () => {
  for (const v of vectors) assert.equal(validateProof(v.proof).ok, true, v.id);
});

test('what is not a JSON object is malformed at ""', () => {
  for (const value of [null, [], 'proof', 2, true, undefined]) assert.deepEqual(pointers(validateProof(value)), [''], String(value));
  assert.deepEqual(pointers(parseProofText('[]')), ['']);
  assert.deepEqual(pointers(parseProofText(42)), ['']);
});

test('an integer version from 3 to 2^53 - 1 is not malformed, whatever else the document holds; others are', () => {
  for (const version of [3, 1000, Number.MAX_SAFE_INTEGER]) assert.equal(validateProof({ version, anything: 'at all' }).ok, true, String(version));
  for (const version of [0, -1, 2 ** 53, 1e38, 2.5, '2', null, [2]]) assert.ok(pointers(validateProof({ ...proofOf('valid-batch-of-1'), version })).includes('/version'), String(version));
  assert.deepEqual(validateProof({}).errors.find((e) => e.pointer === '/version'), { pointer: '/version', message: 'is required' });
});

test('version 1 documents are read with the version 1 schema: its informative fields pass, version 2 fields do not', () => {
  const v1 = proofOf('valid-version-1');
  assert.equal(validateProof(v1).ok, true);
  assert.ok(pointers(validateProof({ ...v1, blockHeader: '0x00' })).includes('/blockHeader'));
  const v2 = proofOf('valid-batch-of-1');
  assert.ok(pointers(validateProof({ ...v2, departmentName: 'x' })).includes('/departmentName'));
});

test('every problem is listed at once, each with a human message', () => {
  const p = proofOf('valid-batch-of-1');
  p.digest = p.digest.toUpperCase().replace('0X', '0x');
  p.blockNumber = -1;
  delete p.root;
  p.extra = 1;
  const r = validateProof(p);
  assert.equal(r.ok, false);
  assert.deepEqual(new Set(pointers(r)), new Set(['/digest', '/blockNumber', '/root', '/extra']));
  assert.match(r.errors.find((e) => e.pointer === '/digest').message, /64 lower-case hex digits/);
  assert.equal(r.errors.find((e) => e.pointer === '/extra').message, 'is not a field of this version');
});

test('parseProofText refuses duplicate keys and trailing text with a pointer', () => {
  const text = JSON.stringify(proofOf('valid-batch-of-1'));
  assert.equal(parseProofText(text).ok, true);
  assert.deepEqual(pointers(parseProofText(text.replace('{', '{"root": "0x00",'))), ['/root']);
  assert.deepEqual(pointers(parseProofText(`${text}x`)), ['']);
});

test('verifyProof throws MalformedProofError with the errors for a malformed proof, TypeError for bad options', async () => {
  await assert.rejects(verifyProof({ version: '2' }), (e) => e instanceof MalformedProofError && e.errors.some((x) => x.pointer === '/version'));
  const p = proofOf('valid-batch-of-1');
  await assert.rejects(verifyProof(p, { trust: { registry: '0x12' } }), TypeError);
  await assert.rejects(verifyProof(p, { trust: { validators: { consensus: 'none', validators: ['0x' + '1'.repeat(40)] } } }), TypeError);
  await assert.rejects(verifyProof(p, { trust: { validators: { consensus: 'ibft2', validators: [] } } }), /non-empty/);
  await assert.rejects(verifyProof(p, { trust: { departmentKeys: { CIVIL: ['abc'] } } }), TypeError);
  await assert.rejects(verifyProof(p, { document: 'text' }), TypeError);
  await assert.rejects(verifyProof(p, { timeoutMs: 0 }), TypeError);
});
