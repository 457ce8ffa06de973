// The command line: options, usage errors, trust files, human output. In-process through run(), the function
// cli/verify.mjs calls; the proof vectors test runs the real processes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, parseArgs, UsageError } from '../cli/run.mjs';
import { REPO, replayChain } from './support/anvil.mjs';
import { cli, CLI } from './support/processes.mjs';

const file = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'proof-vectors.json'), 'utf8'));
const vector = (id) => file.vectors.find((v) => v.id === id);
const dir = mkdtempSync(join(tmpdir(), 'anchor-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name, content) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

async function runCli(args) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test('parseArgs: --opt value, --opt=value, the positional proof alias, --json, --help', () => {
  assert.deepEqual(parseArgs(['p.json', '--rpc=http://x', '--registry', '0xab', '--json']),
    { proof: 'p.json', file: null, rpc: 'http://x', registry: '0xab', validators: null, departmentKeys: null, receipt: null, jwks: null, json: true, help: false });
  assert.equal(parseArgs(['--receipt', 'r.jws', '--jwks=k.json']).jwks, 'k.json');
  assert.equal(parseArgs(['--proof', '-']).proof, '-');
  assert.equal(parseArgs(['--department-keys', 'k.json']).departmentKeys, 'k.json');
  assert.equal(parseArgs(['-h']).help, true);
  for (const bad of [['--bogus'], ['-x'], ['--rpc'], ['a.json', 'b.json'], ['--proof', 'a', 'b'], ['--file', 'a', '--file=b']]) {
    assert.throws(() => parseArgs(bad), UsageError, bad.join(' '));
  }
});

test('usage problems exit 2 with exactly one line on stderr and nothing on stdout', async () => {
  const proof = write('ok.json', vector('offline-without-seals').proof);
  const cases = [
    [[]], [['--bogus']], [[proof, '--rpc', 'ftp://node']], [[proof, '--rpc', 'not a url']], [[proof, '--registry', '0x12']],
    [[join(dir, 'missing.json')]], [[proof, '--validators', join(dir, 'missing.json')]],
    [[proof, '--validators', write('bad-validators.json', { consensus: 'none', validators: [] })]],
    [[proof, '--validators', write('dup.json', '{"consensus": "ibft2", "consensus": "qbft", "validators": []}')]],
    [[proof, '--department-keys', write('bad-keys.json', { DEMO: 'sha256:00' })]],
    [[proof, '--department-keys', write('not-json.json', '{')]],
    [[write('not-json-proof.json', '{"version": 2,')]],
    [[write('dup-proof.json', '{"version": 2, "version": 2}')]],
    [[proof, '--file', join(dir, 'no-such-document')]],
    [['--proof', '-', '--file', '-']],
  ];
  for (const [args] of cases) {
    const { code, out, err } = await runCli(args);
    assert.equal(code, 2, args.join(' '));
    assert.equal(out, '', args.join(' '));
    assert.equal(err.split('\n').filter(Boolean).length, 1, `${args.join(' ')}: ${err}`);
    assert.match(err, /^anchor-verify: /);
  }
});

test('--help prints the options and the exit codes, exit 0', async () => {
  const { code, out } = await runCli(['--help']);
  assert.equal(code, 0);
  for (const option of ['--proof', '--file', '--rpc', '--registry', '--validators', '--department-keys', '--json']) assert.ok(out.includes(option), option);
  assert.match(out, /0 VALID, 1 INVALID, 2 could not run, 3 UNDETERMINED, 4 REVOKED, 5 PENDING/);
});

test('human output: the verdict and its code first, then every check marked offline or on chain', async () => {
  const v = vector('bft-ibft2-final-offline');
  const { code, out } = await runCli([write('bft.json', v.proof), '--registry', v.trust.registry, '--validators', write('validators.json', v.trust.validators)]);
  assert.equal(code, 3);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0], 'UNDETERMINED (revocation-unchecked)');
  const names = ['version', 'document', 'leaf', 'signature', 'path', 'registry', 'header', 'seals', 'state-proof', 'network'];
  assert.equal(lines.length, 1 + names.length);
  names.forEach((name, i) => {
    const where = name === 'network' ? 'on chain' : 'offline ';
    assert.match(lines[i + 1], new RegExp(`^  ${where}  (passed|skipped) +${name} `), name);
  });
  assert.match(out, new RegExp(`quorum +3 of 4 trusted validators sealed block ${v.proof.blockNumber} \\(3 needed\\)`));
});

test('human output on chain: revoked documents show the registry\'s revocation; checks made on chain say so', async () => {
  // The JSON form of the same answer is asserted for every vector by the proof vectors test; this is the text.
  const answer = {
    result: 'REVOKED', code: 'revoked', reasons: [], document: {},
    checks: [{ name: 'revocation', outcome: 'failed', where: 'chain', code: 'revoked', detail: 'the issuing department revoked the document' }],
    revocation: { reason: 'superseded', revokedAt: '2026-01-01T00:00:12Z', blockNumber: 6, replacementLeaf: `0x${'ab'.repeat(32)}` },
  };
  const { formatAnswer } = await import('../cli/run.mjs');
  const text = formatAnswer(answer);
  assert.match(text, /^REVOKED \(revoked\)\n  on chain  failed +revocation +revoked +the issuing department/);
  assert.match(text, /revoked: superseded at 2026-01-01T00:00:12Z in block 6, replaced by leaf 0xabab/);
});

test('human output on the recorded chain: the department\'s registered names, the key and its validity, who revoked', async () => {
  const node = await replayChain(file.chain);
  try {
    const human = async (id) => {
      const v = vector(id);
      const { code, out } = await runCli([write(`${id}.json`, v.proof), '--rpc', node.url, '--registry', v.trust.registry]);
      return { code, out };
    };
    const signed = await human('signed-ecdsa-p256');
    assert.equal(signed.code, 0);
    assert.match(signed.out, /\ndepartment: SIGNED, registered on chain as 住房和城乡建设局 \/ Housing and Construction Bureau since 2026-01-01T00:00:04Z \(issuer registry 0x[0-9a-f]{40}\); active at the anchoring time 2026-01-01T00:00:\d\dZ\n/);
    assert.match(signed.out, /\nkey: sha256:83e7d727[0-9a-f]{56} \(ecdsa-p256\), valid from 2026-01-01T00:00:04Z: valid at the anchoring time /);
    const compromised = await human('issuer-key-compromised-before-anchoring');
    assert.equal(compromised.code, 1);
    assert.match(compromised.out, /\nkey: sha256:[0-9a-f]{64} \(ecdsa-p256\), valid from \S+, revoked \(compromised\) from \S+: not valid at the anchoring time /);
    const forged = await human('issuer-forged-signature-fresh-key');
    assert.match(forged.out, /\nkey: sha256:[0-9a-f]{64} is not a key of DEMO in the issuer registry\n/);
    const unknown = await human('issuer-department-unknown');
    assert.match(unknown.out, /\ndepartment: GHOST is not registered in issuer registry 0x[0-9a-f]{40} at the anchoring time /);
    const bySigned = await human('revoked-signed-by-department');
    assert.equal(bySigned.code, 4);
    assert.match(bySigned.out, /\nrevoked by 示范局 \/ Demonstration Bureau \(DEMO\), signature checked \(key sha256:b7746a78[0-9a-f]{56}\)\n/);
    const unsigned = await human('revoked-superseded');
    assert.match(unsigned.out, /\nrevoked by the gateway's revoker on the department's behalf \(unsigned\)\n/);
    const notHolding = await human('revoked-signature-not-holding');
    assert.match(notHolding.out, /\(unsigned\); the signature the registry records does not hold\n/);
    const none = await human('valid-no-issuer-registry');
    assert.doesNotMatch(none.out, /\n(department|key): /);
  } finally {
    await node.stop();
  }
});

test('--file: the document is hashed and compared (digest-mismatch is exit 1, INVALID)', async () => {
  const v = vector('document-changed');
  const { code, out } = await runCli([write('doc-proof.json', v.proof), '--file', write('doc.bin', Buffer.from(v.document, 'base64').toString('latin1')), '--json']);
  assert.equal(code, 1);
  assert.equal(JSON.parse(out).code, 'digest-mismatch');
});

test('the proof read from standard input with --proof - (real process)', async () => {
  const v = vector('offline-without-seals');
  const { code, stdout } = await cli(CLI, ['--proof', '-', '--json'], JSON.stringify(v.proof));
  assert.equal(code, 3);
  assert.equal(JSON.parse(stdout).code, 'offline');
});

test('--json with a malformed proof also prints the errors as JSON on stdout (and still exits 2)', async () => {
  const { code, out, err } = await runCli([write('malformed.json', { version: '2' }), '--json']);
  assert.equal(code, 2);
  const printed = JSON.parse(out);
  assert.equal(printed.error, 'malformed-proof');
  assert.ok(printed.errors.some((e) => e.pointer === '/version'));
  assert.equal(err.split('\n').filter(Boolean).length, 1);
});
