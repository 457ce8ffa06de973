// The shared proof vectors (docs/vectors/proof-vectors.json) through the library and through the Node CLI.
// The recorded chain is replayed on a fresh anvil; "unreachable" vectors get a closed local port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyProof, validateProof, parseProofText } from '../lib/index.js';
import { run } from '../cli/run.mjs';
import { WEB, anvilAvailable, freePort, replayChain } from './support/anvil.mjs';
import { cli, BUNDLE, WRAPPER } from './support/processes.mjs';
import { file, KNOWN_VECTOR_ERRORS, expected, mismatches } from './support/vectors.mjs';

const EXIT = { VALID: 0, INVALID: 1, UNDETERMINED: 3, REVOKED: 4, PENDING: 5 };
const CLI = join(WEB, 'cli', 'verify.mjs');

let node = null;
let closedUrl = null;
let tmp = null;

before(async () => {
  // Without anvil the chain vectors cannot run; that is a failure, not a skip: the harness must not drop them.
  assert.ok(anvilAvailable(), 'anvil is missing: run npm ci in contracts-solidity (or set ANVIL)');
  node = await replayChain(file.chain);
  closedUrl = `http://127.0.0.1:${await freePort()}`;
  tmp = mkdtempSync(join(tmpdir(), 'anchor-vectors-'));
});

after(async () => {
  if (node) await node.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const rpcUrlOf = (v) => (v.network === 'chain' ? node.url : v.network === 'unreachable' ? closedUrl : undefined);

test('the vectors file holds the vectors and malformed documents this harness expects', (t) => {
  for (const [id, k] of Object.entries(KNOWN_VECTOR_ERRORS)) {
    assert.ok(file.vectors.some((v) => v.id === id), `known vector error ${id} is not in the file any more: remove it here`);
    assert.notDeepEqual(file.vectors.find((v) => v.id === id).expect, k.expect, `${id} is fixed in the file: remove it from KNOWN_VECTOR_ERRORS`);
    t.diagnostic(`vector ${id} asserted against the spec's answer ${k.expect.result} ${k.expect.code}, not the file's: ${k.why}`);
  }
  assert.ok(file.vectors.length >= 75, `${file.vectors.length} vectors`);
  assert.ok(file.malformed.length >= 20, `${file.malformed.length} malformed documents`);
  assert.deepEqual(new Set(file.vectors.map((v) => v.network)), new Set(['chain', 'unreachable', 'none']));
});

test('library: every vector gives the expected result, code and check codes', async () => {
  const failures = [];
  for (const v of file.vectors) {
    const answer = await verifyProof(v.proof, {
      rpcUrl: rpcUrlOf(v),
      trust: v.trust,
      document: v.document === undefined ? undefined : new Uint8Array(Buffer.from(v.document, 'base64')),
      timeoutMs: 5000,
    });
    const m = mismatches(expected(v), answer);
    if (m.length) failures.push(`${v.id}: ${m.join('; ')}`);
  }
  assert.deepEqual(failures, []);
});

test('library: every malformed document is refused with the expected pointer, as an object and as text', () => {
  const failures = [];
  for (const m of file.malformed) {
    for (const [how, result] of [['object', validateProof(m.proof)], ['text', parseProofText(JSON.stringify(m.proof))]]) {
      if (result.ok) failures.push(`${m.id} (${how}): accepted`);
      else if (!result.errors.some((e) => e.pointer === m.expect.pointer)) {
        failures.push(`${m.id} (${how}): pointers ${JSON.stringify(result.errors.map((e) => e.pointer))}, expected ${m.expect.pointer}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});


/** The CLI arguments for one vector, its proof and trust inputs written to files. */
function cliArgs(v, i) {
  const proofFile = join(tmp, `proof-${i}.json`);
  writeFileSync(proofFile, JSON.stringify(v.proof));
  const args = ['--json'];
  // Alternate the two spellings of the proof argument: --proof FILE, and the version 1 verifier's positional one.
  if (i % 2 === 0) args.push('--proof', proofFile);
  else args.unshift(proofFile);
  const url = rpcUrlOf(v);
  if (url) args.push(`--rpc=${url}`);
  if (v.trust?.registry) args.push('--registry', v.trust.registry);
  if (v.trust?.validators) {
    writeFileSync(join(tmp, `validators-${i}.json`), JSON.stringify(v.trust.validators));
    args.push('--validators', join(tmp, `validators-${i}.json`));
  }
  if (v.trust?.departmentKeys) {
    writeFileSync(join(tmp, `keys-${i}.json`), JSON.stringify(v.trust.departmentKeys));
    args.push('--department-keys', join(tmp, `keys-${i}.json`));
  }
  if (v.document !== undefined) {
    writeFileSync(join(tmp, `document-${i}`), Buffer.from(v.document, 'base64'));
    args.push('--file', join(tmp, `document-${i}`));
  }
  return args;
}

/** One answer's failures, exit code included. */
function cliMismatches(v, code, stdout, stderr) {
  let answer;
  try {
    answer = JSON.parse(stdout);
  } catch {
    return [`exit ${code}, no JSON answer; stderr ${stderr.trim()}`];
  }
  const m = mismatches(expected(v), answer);
  if (code !== EXIT[expected(v).expect.result]) m.push(`exit ${code}, expected ${EXIT[expected(v).expect.result]}`);
  return m;
}

test('CLI in-process (run, the code behind cli/verify.mjs): every vector gives the expected JSON answer and exit code', async () => {
  const failures = [];
  for (const [i, v] of file.vectors.entries()) {
    let stdout = '';
    let stderr = '';
    const code = await run(cliArgs(v, i), { out: (t) => { stdout += t; }, err: (t) => { stderr += t; } });
    const m = cliMismatches(v, code, stdout, stderr);
    if (m.length) failures.push(`${v.id}: ${m.join('; ')}`);
  }
  assert.deepEqual(failures, []);
});

test('CLI in-process: every malformed document exits 2 with one line on stderr naming the expected pointer', async () => {
  const failures = [];
  for (const [i, m] of file.malformed.entries()) {
    const proofFile = join(tmp, `malformed-${i}.json`);
    writeFileSync(proofFile, JSON.stringify(m.proof));
    let stdout = '';
    let stderr = '';
    const code = await run(['--proof', proofFile], { out: (t) => { stdout += t; }, err: (t) => { stderr += t; } });
    const lines = stderr.split('\n').filter(Boolean);
    if (code !== 2) failures.push(`${m.id}: exit ${code}`);
    if (lines.length !== 1) failures.push(`${m.id}: ${lines.length} lines on stderr`);
    // A pointer is printed before its message; "" (the document itself) prints as "/".
    const shown = m.expect.pointer === '' ? ': / ' : ` ${m.expect.pointer} `;
    if (!stderr.includes(shown)) failures.push(`${m.id}: stderr does not name ${m.expect.pointer || '/'}: ${stderr.trim()}`);
    if (stdout !== '') failures.push(`${m.id}: printed ${stdout.trim()} on stdout`);
  }
  assert.deepEqual(failures, []);
});

// Real processes cost a third of a second each on this machine, so they run one vector per verdict (and a
// malformed document), through each of the three ways to start the verifier.
const SAMPLE = ['valid-version-1', 'valid-batch-of-3-sm3', 'signed-sm2', 'tampered-leaf', 'chain-unreachable', 'bft-ibft2-final-offline', 'revoked-with-replacement', 'pending'];

for (const [label, program] of [['cli/verify.mjs', CLI], ['contracts-solidity/scripts/verify-proof.cjs', WRAPPER], ['the single-file bundle, copied alone', BUNDLE]]) {
  test(`subprocess ${label}: one vector per verdict, and a malformed proof on standard input`, async () => {
    const failures = [];
    for (const id of SAMPLE) {
      const i = file.vectors.findIndex((v) => v.id === id);
      assert.ok(i >= 0, `sample vector ${id} is missing`);
      const { code, stdout, stderr } = await cli(program, cliArgs(file.vectors[i], i));
      const m = cliMismatches(file.vectors[i], code, stdout, stderr);
      if (m.length) failures.push(`${id}: ${m.join('; ')}`);
    }
    const malformed = file.malformed.find((m) => m.id === 'version-as-string');
    const { code, stdout, stderr } = await cli(program, ['--proof', '-'], JSON.stringify(malformed.proof));
    if (code !== 2 || stdout !== '' || stderr.split('\n').filter(Boolean).length !== 1 || !stderr.includes(' /version ')) {
      failures.push(`version-as-string: exit ${code}, stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`);
    }
    assert.deepEqual(failures, []);
  });
}
