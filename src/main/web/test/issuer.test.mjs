// Check 15 (issuer) and who revoked (check 16) against a real anvil with the real compiled IssuerRegistry and an
// AnchorRegistry that names it: departments, keys, suspensions and revocations written through the contracts, then
// proofs of documents anchored around them. docs/verification.md, "The issuer (check 15)", "Who revoked (check 16)".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { verifyProof } from '../lib/index.js';
import { departmentAt, issuerRegistryOf, jsonRpc, revocationSignerOf } from '../lib/chain.js';
import { anvilAvailable } from './support/anvil.mjs';
import { contractsBuilt, issuerChain, makeKey } from './support/issuer-chain.mjs';

const START = 1_767_225_600; // 2026-01-01T00:00:00Z
const t = (s) => START + s;
const iso = (s) => new Date(t(s) * 1000).toISOString().replace('.000Z', 'Z');

let chain;
const docs = {};
const keys = {};

before(async () => {
  assert.ok(anvilAvailable(), 'anvil is missing: run npm ci in contracts-solidity (or set ANVIL)');
  assert.ok(contractsBuilt(), 'contracts-solidity/out is missing: npm run build in contracts-solidity');
  chain = await issuerChain({ start: START - 100 }); // the two deployments are mined before START
  keys.p256 = makeKey('ecdsa-p256');
  keys.ed = makeKey('ed25519');
  keys.stranger = makeKey('ecdsa-p256');
  keys.late = makeKey('ecdsa-p256');
  keys.compromised = makeKey('ecdsa-p256');
  const at = (s) => chain.at(t(s));
  at(10); await chain.registerDepartment('CIVIL', '民政局', 'Civil Affairs Bureau');
  at(20); await chain.registerDepartment('EDU', '教育局', 'Education Bureau');
  at(30); await chain.registerKey('CIVIL', keys.p256);
  at(40); await chain.registerKey('CIVIL', keys.ed);
  at(50); docs.unsigned = await chain.anchor({ department: 'CIVIL' });
  at(60); docs.signed = await chain.anchor({ department: 'CIVIL', key: keys.p256 });
  at(70); docs.stranger = await chain.anchor({ department: 'CIVIL', key: keys.stranger });
  at(80); docs.late = await chain.anchor({ department: 'CIVIL', key: keys.late });
  at(90); await chain.registerKey('CIVIL', keys.late);
  at(100); await chain.registerKey('CIVIL', keys.compromised);
  at(110); docs.beforeCompromise = await chain.anchor({ department: 'CIVIL', key: keys.compromised });
  at(130); docs.afterCompromise = await chain.anchor({ department: 'CIVIL', key: keys.compromised });
  at(140); await chain.revokeKey('CIVIL', keys.compromised, 2, t(120));
  at(150); docs.unknown = await chain.anchor({ department: 'NOBODY' });
  at(160); docs.beforeSuspension = await chain.anchor({ department: 'EDU' });
  at(190); docs.afterSuspension = await chain.anchor({ department: 'EDU' });
  at(200); await chain.suspendDepartment('EDU', t(170));
  at(210); docs.revokedUnsigned = await chain.anchor({ department: 'CIVIL' });
  at(220); await chain.revoke(docs.revokedUnsigned.leaf, 4);
  at(230); docs.revokedSigned = await chain.anchor({ department: 'CIVIL', key: keys.p256 });
  at(240); await chain.revokeSigned(docs.revokedSigned.leaf, 'CIVIL', 1, keys.ed, { replacementLeaf: docs.signed.leaf });
  at(250); docs.revokedSignedP256 = await chain.anchor({ department: 'CIVIL' });
  at(260); await chain.revokeSigned(docs.revokedSignedP256.leaf, 'CIVIL', 3, keys.p256);
  at(270); docs.revokedBadSignature = await chain.anchor({ department: 'CIVIL' });
  // A real P-256 signature by the right key, over another reason than the one recorded.
  const wrong = keys.p256.sign(Buffer.from(`anchor-gateway/v1/revocation\nCIVIL\n${docs.revokedBadSignature.leaf}\n5\n0x${'00'.repeat(32)}`));
  at(280); await chain.revokeSigned(docs.revokedBadSignature.leaf, 'CIVIL', 2, keys.p256, { signature: wrong });
  at(290); docs.revokedByCompromisedKey = await chain.anchor({ department: 'CIVIL' });
  at(300); await chain.revokeSigned(docs.revokedByCompromisedKey.leaf, 'CIVIL', 4, keys.compromised);
  at(310); await chain.registerDepartment('LAST', '最后', 'Last'); // a last block: "now" for PENDING
});

after(async () => chain && chain.stop());

const verify = (proof, options = {}) => verifyProof(proof, { rpcUrl: chain.url, trust: { registry: chain.registry }, timeoutMs: 5000, ...options });
const checkOf = (answer, name) => answer.checks.find((c) => c.name === name);

test('an unsigned document of a registered, active department: VALID, with the department as the chain records it', async () => {
  const a = await verify(docs.unsigned);
  assert.equal(a.result, 'VALID', JSON.stringify(a.checks));
  assert.equal(checkOf(a, 'issuer').code, 'issuer-confirmed');
  assert.deepEqual(a.issuer, {
    registry: chain.issuer,
    department: { code: 'CIVIL', nameZh: '民政局', nameEn: 'Civil Affairs Bureau', registeredAt: iso(10), active: true },
  });
  assert.deepEqual(a.checks.map((c) => c.name).slice(-3), ['transaction', 'issuer', 'revocation']);
});

test('signed with a key valid at the anchoring time: VALID, the signature tied to the department by the chain', async () => {
  const a = await verify(docs.signed);
  assert.equal(a.result, 'VALID', JSON.stringify(a.checks));
  assert.equal(checkOf(a, 'signature').code, 'untied');
  assert.equal(checkOf(a, 'issuer').code, 'issuer-confirmed');
  assert.equal(a.signature.tiedToDepartment, true);
  assert.deepEqual(a.issuer.key, { fingerprint: keys.p256.fingerprint, algorithm: 'ecdsa-p256', validFrom: iso(30) });
});

test('a valid signature by a key the department never registered: INVALID signature-key-unregistered, no key in the answer', async () => {
  const a = await verify(docs.stranger);
  assert.equal(a.result, 'INVALID');
  assert.equal(a.code, 'signature-key-unregistered');
  assert.equal(checkOf(a, 'signature').code, 'untied', 'the signature itself verifies');
  assert.equal(checkOf(a, 'issuer').outcome, 'failed');
  assert.equal(a.issuer.key, undefined);
  assert.equal(a.signature.tiedToDepartment, false);
  assert.equal(checkOf(a, 'revocation'), undefined, 'checks after the deciding one are not run');
});

test('a key registered only after the anchoring: INVALID signature-key-unregistered', async () => {
  const a = await verify(docs.late);
  assert.equal(a.code, 'signature-key-unregistered');
  assert.equal(a.issuer.key.validFrom, iso(90));
  assert.match(checkOf(a, 'issuer').detail, /only from 2026-01-01T00:01:30Z/);
});

test('a key compromised from a time before the anchoring: INVALID signature-key-revoked; documents anchored before it stay VALID', async () => {
  const after = await verify(docs.afterCompromise);
  assert.equal(after.result, 'INVALID');
  assert.equal(after.code, 'signature-key-revoked');
  assert.deepEqual(after.issuer.key, { fingerprint: keys.compromised.fingerprint, algorithm: 'ecdsa-p256', validFrom: iso(100), revokedAt: iso(120), revocationReason: 'compromised' });
  const before = await verify(docs.beforeCompromise);
  assert.equal(before.result, 'VALID', JSON.stringify(before.checks));
  assert.equal(before.issuer.key.revocationReason, 'compromised');
});

test('a department the issuer registry does not know: INVALID department-unknown', async () => {
  const a = await verify(docs.unknown);
  assert.equal(a.result, 'INVALID');
  assert.equal(a.code, 'department-unknown');
  assert.deepEqual(a.issuer.department, { code: 'NOBODY', active: false });
});

test('a department suspended from a time before the anchoring: INVALID department-suspended; anchored before, VALID', async () => {
  const after = await verify(docs.afterSuspension);
  assert.equal(after.result, 'INVALID');
  assert.equal(after.code, 'department-suspended');
  assert.equal(after.issuer.department.active, false);
  assert.equal(after.issuer.department.nameEn, 'Education Bureau');
  const before = await verify(docs.beforeSuspension);
  assert.equal(before.result, 'VALID', JSON.stringify(before.checks));
  assert.equal(before.issuer.department.active, true);
});

test('PENDING: the issuer is checked at the latest block\'s time, a suspended department is INVALID', async () => {
  const ok = await verify(chain.pending({ department: 'CIVIL', key: keys.p256 }));
  assert.equal(ok.result, 'PENDING', JSON.stringify(ok.checks));
  assert.deepEqual(ok.checks.map((c) => [c.name, c.code]).slice(-3), [['network', 'chain-id-matches'], ['issuer', 'issuer-confirmed'], ['revocation', 'not-revoked']]);
  assert.match(checkOf(ok, 'issuer').detail, /now \(2026-01-01T00:05:10Z, the latest block\)/);
  const suspended = await verify(chain.pending({ department: 'EDU' }));
  assert.equal(suspended.result, 'INVALID');
  assert.equal(suspended.code, 'department-suspended');
  assert.equal(suspended.pending, undefined);
  const stranger = await verify(chain.pending({ department: 'CIVIL', key: keys.stranger }));
  assert.equal(stranger.code, 'signature-key-unregistered');
});

test('revoked by the gateway\'s revoker: REVOKED, signed false, no signedBy', async () => {
  const a = await verify(docs.revokedUnsigned);
  assert.equal(a.result, 'REVOKED');
  assert.equal(a.revocation.signed, false);
  assert.equal('signedBy' in a.revocation, false);
  assert.match(checkOf(a, 'revocation').detail, /unsigned: the gateway's revoker revoked it on the department's behalf/);
});

test('a revocation the department signed (Ed25519, P-256): REVOKED, signed true, signedBy the key', async () => {
  const ed = await verify(docs.revokedSigned);
  assert.equal(ed.result, 'REVOKED', JSON.stringify(ed.checks));
  assert.deepEqual(ed.revocation, { reason: 'superseded', revokedAt: iso(240), blockNumber: ed.revocation.blockNumber, replacementLeaf: docs.signed.leaf, signed: true, signedBy: keys.ed.fingerprint });
  const p256 = await verify(docs.revokedSignedP256);
  assert.equal(p256.revocation.signed, true);
  assert.equal(p256.revocation.signedBy, keys.p256.fingerprint);
  assert.match(checkOf(p256, 'revocation').detail, /signed by the department's key sha256:/);
});

test('a recorded revocation signature that does not verify, or by a key not valid then: REVOKED all the same, signed false', async () => {
  const bad = await verify(docs.revokedBadSignature);
  assert.equal(bad.result, 'REVOKED');
  assert.equal(bad.revocation.signed, false);
  assert.match(checkOf(bad, 'revocation').detail, /does not verify .*the recorded signature does not hold/);
  const compromised = await verify(docs.revokedByCompromisedKey);
  assert.equal(compromised.result, 'REVOKED');
  assert.equal(compromised.revocation.signed, false);
  assert.match(checkOf(compromised, 'revocation').detail, /does not hold valid for department CIVIL .*the recorded signature does not hold/);
});

/** A fetch in front of the node that rewrites the `result` of the requests `match` picks. */
function rewriting(match, rewrite) {
  return async (url, init) => {
    const request = JSON.parse(init.body);
    const res = await fetch(url, init);
    if (!match(request)) return res;
    const body = await res.json();
    body.result = rewrite(body.result);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
const callTo = (signature) => {
  const sel = `0x${Buffer.from(keccak_256(Buffer.from(signature))).toString('hex').slice(0, 8)}`;
  return (r) => r.method === 'eth_call' && r.params[0].data.startsWith(sel);
};

test('answers no issuer registry gives are unavailable (UNDETERMINED), never a verdict on the document', async () => {
  const word = (n) => n.toString(16).padStart(64, '0');
  const cases = [
    ['departmentAt with a bool of 2', callTo('departmentAt(string,uint64)'), () => `0x${word(2)}${word(1)}`],
    ['departmentAt active but not registered', callTo('departmentAt(string,uint64)'), () => `0x${word(0)}${word(1)}`],
    ['departmentAt one word long', callTo('departmentAt(string,uint64)'), (r) => r.slice(0, 66)],
    ['department with a word more', callTo('department(string)'), (r) => `${r}${word(0)}`],
    ['department with a name offset off the encoder\'s place', callTo('department(string)'), (r) => `0x${r.slice(2, 66)}${word(0xc0)}${r.slice(130)}`],
    ['keyAt valid with algorithm 0', callTo('keyAt(string,bytes32,uint64)'), () => `0x${word(1)}${word(0)}`],
    ['keyAt algorithm 4', callTo('keyAt(string,bytes32,uint64)'), () => `0x${word(0)}${word(4)}`],
    ['key whose spki does not hash to the fingerprint', callTo('key(string,bytes32)'), (r) => r.replace(/3059301306072a8648ce3d0201/, '3059301306072a8648ce3d0202')],
    ['issuerRegistry above 160 bits', callTo('issuerRegistry()'), () => `0x${'11'.repeat(32)}`],
  ];
  for (const [what, match, rewrite] of cases) {
    const a = await verify(docs.signed, { fetch: rewriting(match, rewrite) });
    assert.equal(a.result, 'UNDETERMINED', `${what}: ${a.result} ${a.code} ${JSON.stringify(a.checks.at(-1))}`);
    assert.equal(a.code, 'chain-unreachable', what);
    assert.deepEqual([checkOf(a, 'issuer')?.outcome, checkOf(a, 'issuer')?.code], ['unavailable', 'chain-unreachable'], what);
  }
});

test('a signed revocation whose log the node does not give: the revocation check is unavailable', async () => {
  const a = await verify(docs.revokedSigned, { fetch: rewriting((r) => r.method === 'eth_getLogs', () => []) });
  assert.equal(a.result, 'UNDETERMINED');
  assert.deepEqual([checkOf(a, 'revocation').outcome, checkOf(a, 'revocation').code], ['unavailable', 'chain-unreachable']);
  assert.match(checkOf(a, 'revocation').detail, /no DocumentRevocationSigned log/);
  const moved = await verify(docs.revokedSigned, { fetch: rewriting((r) => r.method === 'eth_getLogs', (logs) => logs.map((l) => ({ ...l, blockNumber: '0x1' }))) });
  assert.equal(checkOf(moved, 'revocation').outcome, 'unavailable');
});

/** A fetch in front of the node that answers the requests `match` picks with a JSON-RPC error instead. */
function failing(match, error) {
  return async (url, init) => {
    const request = JSON.parse(init.body);
    if (!match(request)) return fetch(url, init);
    return new Response(JSON.stringify({ jsonrpc: '2.0', id: request.id, error }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

test('a registry that predates issuer registries (issuerRegistry() and revocationSignerOf revert without data): issuer skipped, revocations unsigned', async () => {
  const old = (r) => callTo('issuerRegistry()')(r) || callTo('revocationSignerOf(bytes32)')(r);
  for (const error of [{ code: 3, message: 'execution reverted' }, { code: -32000, message: 'execution reverted', data: '0x' }, { code: 3, message: 'Execution reverted', data: null }]) {
    const a = await verify(docs.revokedSigned, { fetch: failing(old, error) });
    assert.equal(a.result, 'REVOKED', JSON.stringify(error));
    assert.equal(checkOf(a, 'issuer').code, 'no-issuer-registry');
    assert.equal(a.issuer, undefined);
    assert.equal(a.revocation.signed, false);
  }
  // Anything else from the registry for these two is no answer any registry gives: unavailable.
  const withData = await verify(docs.revokedSigned, { fetch: failing(callTo('issuerRegistry()'), { code: 3, message: 'execution reverted', data: '0x08c379a0' }) });
  assert.deepEqual([withData.result, checkOf(withData, 'issuer').outcome], ['UNDETERMINED', 'unavailable']);
  const empty = await verify(docs.revokedSigned, { fetch: rewriting(callTo('revocationSignerOf(bytes32)'), () => '0x') });
  assert.equal(empty.result, 'UNDETERMINED');
  assert.deepEqual([checkOf(empty, 'revocation').outcome, checkOf(empty, 'revocation').code], ['unavailable', 'chain-unreachable']);
  const emptyName = await verify(docs.signed, { fetch: rewriting(callTo('issuerRegistry()'), () => '0x') });
  assert.equal(checkOf(emptyName, 'issuer').code, 'no-issuer-registry', 'no data at all from issuerRegistry(): none');
});

test('anvil: a real contract without the functions (the IssuerRegistry itself) reverts without data, read as none and unsigned', async () => {
  const rpc = jsonRpc({ url: chain.url, fetch, timeoutMs: 5000 });
  assert.equal(await issuerRegistryOf(rpc, chain.issuer), null);
  assert.equal(await revocationSignerOf(rpc, chain.issuer, docs.revokedSigned.leaf), null);
  assert.equal(await issuerRegistryOf(rpc, chain.registry), chain.issuer);
  assert.equal(await revocationSignerOf(rpc, chain.registry, docs.revokedSigned.leaf), keys.ed.fingerprintHex);
  // A revert of the registry's own (an unknown department is no revert: views answer zeros) stays unavailable.
  await assert.rejects(departmentAt(rpc, chain.registry, 'CIVIL', 1n), (e) => e.name === 'CallReverted' && e.withoutData === true);
});

test('a signer recorded by a registry that names no issuer registry cannot be checked: REVOKED, signed false, and the CLI says why', async () => {
  const zero = `0x${'00'.repeat(32)}`;
  const a = await verify(docs.revokedSigned, { fetch: rewriting(callTo('issuerRegistry()'), () => zero) });
  assert.equal(a.result, 'REVOKED');
  assert.equal(checkOf(a, 'issuer').code, 'no-issuer-registry');
  assert.equal(a.revocation.signed, false);
  assert.match(checkOf(a, 'revocation').detail, new RegExp(`signed with key ${keys.ed.fingerprint}, which cannot be checked`));
  const { formatAnswer } = await import('../cli/run.mjs');
  assert.match(formatAnswer(a), /\nrevoked by the gateway's revoker on the department's behalf \(unsigned\); the registry records a signature, which cannot be checked: it names no issuer registry\n/);
  const held = formatAnswer(await verify(docs.revokedBadSignature));
  assert.match(held, /\(unsigned\); the signature the registry records does not hold\n/);
});
