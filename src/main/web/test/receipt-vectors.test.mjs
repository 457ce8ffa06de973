// The shared receipt vectors (docs/vectors/receipt-vectors.json) through the library (verifyReceipt, and
// verifyProof given the receipt) and the Node CLI. The Java core walks the same file (ReceiptVectorsTest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyReceipt, parseReceiptKeySet, expectationsOf, MalformedReceiptError, verifyProof } from '../lib/index.js';
import { run } from '../cli/run.mjs';
import { REPO } from './support/anvil.mjs';

const file = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'receipt-vectors.json'), 'utf8'));
const CODES = ['receipt-valid', 'receipt-algorithm-refused', 'receipt-key-unknown', 'receipt-signature-invalid',
  'receipt-leaf-mismatch', 'receipt-mismatch', 'malformed'];

const expectationsFor = (v) => {
  const e = v.proof ? expectationsOf(v.proof) : {};
  if (v.document !== undefined) e.document = new TextEncoder().encode(v.document);
  return e;
};

test('the file holds one vector of every answer, each described once', () => {
  const codes = new Set(file.vectors.map((v) => v.wantErr ?? v.expect.code));
  assert.deepEqual([...codes].sort(), [...CODES].sort());
  assert.equal(new Set(file.vectors.map((v) => v.desc)).size, file.vectors.length);
  assert.ok(file.keySets.length > 0);
});

test('library: every receipt gives its answer, and a proof given the receipt decides the same way', async () => {
  const keys = await parseReceiptKeySet(JSON.stringify(file.keys));
  const failures = [];
  for (const v of file.vectors) {
    let answer;
    try {
      answer = await verifyReceipt(v.receipt, keys, expectationsFor(v));
    } catch (e) {
      if (!(e instanceof MalformedReceiptError)) throw e;
      if (v.wantErr !== 'malformed') failures.push(`${v.desc}: malformed (${e.message}), expected ${v.expect.code}`);
      continue;
    }
    if (v.wantErr) {
      failures.push(`${v.desc}: ${answer.code}, expected malformed`);
      continue;
    }
    if (answer.result !== v.expect.result || answer.code !== v.expect.code) {
      failures.push(`${v.desc}: ${answer.result} ${answer.code} (${answer.detail}), expected ${v.expect.result} ${v.expect.code}`);
    }
    if (v.proof) {
      const document = v.document === undefined ? undefined : new TextEncoder().encode(v.document);
      const a = await verifyProof(v.proof, { receipt: { jws: v.receipt, keys }, document });
      const check = a.checks.find((c) => c.name === 'receipt');
      const want = answer.result === 'VALID' ? ['PENDING', 'passed'] : ['INVALID', answer.code];
      const got = answer.result === 'VALID' ? [a.result, check?.outcome] : [a.result, check?.code];
      if (got.join(' ') !== want.join(' ')) failures.push(`${v.desc}: the proof verifier says ${got.join(' ')}, expected ${want.join(' ')}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('library: every malformed key set is refused', async () => {
  for (const v of file.keySets) {
    await assert.rejects(parseReceiptKeySet(v.jwks), MalformedReceiptError, v.desc);
  }
});

test('a proof that names a receipt, verified without it, lists the receipt check as skipped', async () => {
  const v = file.vectors.find((x) => x.proof?.receiptId && x.expect?.code === 'receipt-valid');
  const a = await verifyProof(v.proof, {});
  assert.deepEqual(a.checks.find((c) => c.name === 'receipt'), {
    name: 'receipt', outcome: 'skipped', where: 'offline', code: 'no-receipt',
    detail: `no receipt given: the proof names receipt ${v.proof.receiptId}, taken as it states it`,
  });
});

test('CLI: --receipt with --jwks checks a receipt on its own, and with a proof', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'anchor-receipts-'));
  try {
    const jwks = join(tmp, 'jwks.json');
    writeFileSync(jwks, JSON.stringify(file.keys));
    const cases = [
      ['a receipt signed with the signing key', 0, false],
      ['alg none with an empty signature', 1, false],
      ['signed by a key outside the set, naming its own kid', 1, false],
      ['two parts', 2, false],
      ['the pending proof that names this receipt', 5, true],
      ['a proof that names another receipt', 1, true],
    ];
    for (const [desc, exit, withProof] of cases) {
      const v = file.vectors.find((x) => x.desc === desc);
      assert.ok(v, desc);
      const receipt = join(tmp, 'receipt.jws');
      writeFileSync(receipt, `${v.receipt}\n`);
      const argv = ['--receipt', receipt, '--jwks', jwks, '--json'];
      if (withProof) {
        writeFileSync(join(tmp, 'proof.json'), JSON.stringify(v.proof));
        argv.push('--proof', join(tmp, 'proof.json'));
      }
      let out = '';
      let err = '';
      const code = await run(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
      assert.equal(code, exit, `${desc}: ${out} ${err}`);
      if (exit === 2) assert.match(err, /not a signed receipt/);
      else if (!withProof) assert.equal(JSON.parse(out).code, v.expect.code);
      else assert.ok(JSON.parse(out).checks.some((c) => c.name === 'receipt'));
    }
    let err = '';
    assert.equal(await run(['--receipt', join(tmp, 'receipt.jws')], { out: () => {}, err: (t) => { err += t; } }), 2);
    assert.match(err, /--jwks/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
