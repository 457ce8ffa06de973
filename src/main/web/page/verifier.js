// TEMPORARY adapter: stands in for the library in src/main/web/lib/ (branch js-verifier) until it lands, with its
// fixed API and answers shaped like docs/verification.md. It checks nothing; delete it when the library exists and
// import from ../lib/ instead.
export const VERDICTS = ['VALID', 'INVALID', 'REVOKED', 'PENDING', 'UNDETERMINED'];
export const ALGORITHMS = ['sha256', 'sha512-256', 'sha3-256', 'keccak256', 'sm3'];

export class MalformedProofError extends Error {
  constructor(errors) {
    super('malformed proof');
    this.errors = errors;
  }
}

export function validateProof(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [{ pointer: '', message: 'must be a JSON object' }] };
  }
  if (typeof value.digest !== 'string') return { ok: false, errors: [{ pointer: '/digest', message: 'is missing' }] };
  return { ok: true, proof: value };
}

export function parseProofText(text) {
  try {
    return validateProof(JSON.parse(text));
  } catch (e) {
    return { ok: false, errors: [{ pointer: '', message: 'is not JSON' }] };
  }
}

export async function hashDocument(bytes, algorithm) {
  if (algorithm !== 'sha256') return '0x' + '00'.repeat(32);
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return '0x' + Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function verifyProof(proof, options = {}) {
  const checks = [{ name: 'version', outcome: 'passed', where: 'offline', code: 'v' + proof.version, detail: 'proof format version ' + proof.version }];
  const document = { digest: proof.digest, algorithm: proof.algorithm, department: proof.department, leaf: proof.leaf };
  if (options.document) {
    const ok = (await hashDocument(options.document, proof.algorithm)) === proof.digest;
    checks.push({ name: 'document', outcome: ok ? 'passed' : 'failed', where: 'offline', code: ok ? 'digest-matches' : 'digest-mismatch', detail: '' });
    if (!ok) return { result: 'INVALID', code: 'digest-mismatch', reasons: [], checks, document };
  } else {
    checks.push({ name: 'document', outcome: 'skipped', where: 'offline', code: 'no-document', detail: 'no document given' });
  }
  if (proof.status === 'PENDING') {
    return { result: 'PENDING', code: 'pending', reasons: [], checks, document, pending: { receivedAt: proof.receivedAt, expectedAnchoringBy: proof.expectedAnchoringBy } };
  }
  const anchor = { chainId: proof.chainId, registry: proof.registry, batchId: proof.batchId, blockNumber: proof.blockNumber, blockHash: proof.blockHash, blockTime: proof.blockTime, txHash: proof.txHash };
  checks.push({ name: 'path', outcome: 'passed', where: 'offline', code: 'path-leads-to-root', detail: '' });
  try {
    const res = await (options.fetch || fetch)(options.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    await res.json();
  } catch (e) {
    checks.push({ name: 'network', outcome: 'unavailable', where: 'chain', code: 'chain-unreachable', detail: 'the node could not be asked' });
    return { result: 'UNDETERMINED', code: 'chain-unreachable', reasons: [], checks, document, anchor };
  }
  checks.push({ name: 'network', outcome: 'passed', where: 'chain', code: 'chain-id-matches', detail: '' });
  if (proof.status === 'REVOKED') {
    checks.push({ name: 'revocation', outcome: 'failed', where: 'chain', code: 'revoked', detail: '' });
    return { result: 'REVOKED', code: 'revoked', reasons: [], checks, document, anchor, revocation: proof.revocation };
  }
  checks.push({ name: 'revocation', outcome: 'passed', where: 'chain', code: 'not-revoked', detail: '' });
  return { result: 'VALID', code: 'valid', reasons: [], checks, document, anchor };
}
