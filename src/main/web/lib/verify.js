// @ts-check
// The verification procedure of docs/verification.md: the checks in order, the first failure decides, a chain
// that cannot answer is UNDETERMINED and never INVALID.
import { validateProof } from './schema.js';
import { hashDocument } from './digest.js';
import { leafHash, rootFromPath } from './merkle.js';
import { canonicalKey, checkSignature, fingerprint as spkiFingerprint, revocationMessage, signatureProblem } from './signature.js';
import { DerError, parseSpki } from './der.js';
import { blockHash, countSeals, decodeHeader, HeaderError } from './header.js';
import { verifyTrieProof, MptProofError } from './mpt.js';
import { keccak256 } from './keccak.js';
import { bigIntToBytes, bytesToHex, concatBytes, hexToBytes, short } from './bytes.js';
import { rlpDecode, rlpScalar, RlpError } from './rlp.js';
import { formatInstant, parseInstant, sameInstant } from './time.js';
import { MalformedReceiptError, expectationsOf, verifyReceipt } from './receipt.js';
import {
  ChainUnavailable, ROOT_ANCHORED_TOPIC, anchorOf, blockByNumber, department as departmentRecord, departmentAt,
  issuerRegistryOf, jsonRpc, key as keyRecord, keyAt, latestBlockTime, quantity, revocationOf, revocationSignatures,
  revocationSignerOf, transactionReceipt, verifyInclusion,
} from './chain.js';

/** The verdicts, in the order of docs/verification.md. */
export const VERDICTS = Object.freeze(['VALID', 'INVALID', 'REVOKED', 'PENDING', 'UNDETERMINED']);

/** A proof document that does not validate against its version's schema: not a verdict, an input error. */
export class MalformedProofError extends Error {
  /** @param {import('./schema.js').ProofError[]} errors */
  constructor(errors) {
    super(`malformed proof: ${errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`);
    this.name = 'MalformedProofError';
    this.errors = errors;
  }
}

/**
 * @typedef {'VALID' | 'INVALID' | 'REVOKED' | 'PENDING' | 'UNDETERMINED'} Verdict
 * @typedef {'passed' | 'failed' | 'skipped' | 'unavailable'} Outcome
 * @typedef {{name: string, outcome: Outcome, where: 'offline' | 'chain', code: string, detail: string}} Check
 *
 * @typedef {object} Trust
 * @property {string} [registry] the registry address the verifier trusts
 * @property {{consensus: import('./types.js').BftConsensus, validators: string[]}} [validators]
 * @property {Record<string, string[]>} [departmentKeys] department code → the key fingerprints it holds
 *
 * @typedef {object} VerifyOptions
 * @property {string} [rpcUrl] a JSON-RPC node of the proof's chain
 * @property {typeof globalThis.fetch} [fetch] defaults to the global fetch
 * @property {number} [timeoutMs] per JSON-RPC call, default 10000
 * @property {Uint8Array} [document] the document's bytes, hashed locally
 * @property {Trust} [trust]
 * @property {{jws: string, keys: import('./receipt.js').ReceiptKeySet}} [receipt] the signed receipt the gateway
 *   answered at acceptance, and the receipt keys the verifier trusts (check 4a)
 *
 * @typedef {object} Answer
 * @property {Verdict} result
 * @property {string} code
 * @property {string[]} reasons
 * @property {Check[]} checks
 * @property {{digest?: string, algorithm?: string, department?: string, leaf?: string}} document
 * @property {{chainId: number, registry: string, batchId: number, blockNumber: number, blockHash: string, blockTime: string, txHash?: string}} [anchor]
 * @property {{algorithm: string, publicKeyFingerprint: string, tiedToDepartment: boolean}} [signature]
 * @property {Issuer} [issuer] what the issuer registry says, when check 15 read one
 * @property {{reason: string, revokedAt: string, blockNumber: number, replacementLeaf?: string, signed: boolean, signedBy?: string}} [revocation]
 * @property {{receivedAt?: string, expectedAnchoringBy?: string}} [pending]
 *
 * @typedef {object} Issuer the department and the signing key as the issuer registry records them (check 15)
 * @property {string} registry the issuer registry the trusted anchor registry names, lower case
 * @property {{code: string, nameZh?: string, nameEn?: string, registeredAt?: string, active: boolean}} department
 *   names and registration time absent when the code is not registered; `active` at the time checked
 * @property {{fingerprint: string, algorithm: string, validFrom: string, revokedAt?: string, revocationReason?: string}} [key]
 *   for a signed proof whose key the issuer registry knows; `revokedAt` is the time the revocation took effect
 */

const REASONS = ['', 'superseded', 'issued-in-error', 'withdrawn', 'fraud', 'other'];
/** The issuer registry's key algorithms (1 to 3) and key revocation reasons (1, 2). */
const KEY_ALGORITHMS = ['', 'ecdsa-p256', 'ed25519', 'sm2'];
const KEY_REVOCATION_REASONS = ['', 'superseded', 'compromised'];
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const FINGERPRINT = /^sha256:[0-9a-fA-F]{64}$/;
const ZERO_HASH = `0x${'00'.repeat(32)}`;
/** The AnchorRegistry's `mapping(bytes32 => Anchor) anchors` is at storage slot 3 (format version 2). */
const ANCHORS_SLOT = 3n;

/**
 * Trust inputs, checked and normalised (addresses and fingerprints lower case). A malformed one is the
 * caller's error, not a verdict: TypeError.
 * @param {Trust | undefined} trust
 */
function normaliseTrust(trust) {
  if (trust === undefined || trust === null) return { registry: null, validators: null, departmentKeys: null };
  if (typeof trust !== 'object') throw new TypeError('trust must be an object');
  let registry = null;
  if (trust.registry !== undefined && trust.registry !== null) {
    if (typeof trust.registry !== 'string' || !ADDRESS.test(trust.registry)) throw new TypeError('trust.registry must be an address: 0x and 40 hex digits');
    registry = trust.registry.toLowerCase();
  }
  let validators = null;
  if (trust.validators !== undefined && trust.validators !== null) {
    const v = trust.validators;
    if (typeof v !== 'object' || (v.consensus !== 'ibft2' && v.consensus !== 'qbft')) {
      throw new TypeError('trust.validators.consensus must be "ibft2" or "qbft"');
    }
    if (!Array.isArray(v.validators) || v.validators.length === 0 || !v.validators.every((a) => typeof a === 'string' && ADDRESS.test(a))) {
      throw new TypeError('trust.validators.validators must be a non-empty list of addresses');
    }
    validators = { consensus: v.consensus, validators: [...new Set(v.validators.map((a) => a.toLowerCase()))] };
  }
  let departmentKeys = null;
  if (trust.departmentKeys !== undefined && trust.departmentKeys !== null) {
    const k = trust.departmentKeys;
    if (typeof k !== 'object' || Array.isArray(k)) throw new TypeError('trust.departmentKeys must map department codes to lists of fingerprints');
    /** @type {Map<string, Set<string>>} */
    departmentKeys = new Map();
    for (const [department, list] of Object.entries(k)) {
      if (!Array.isArray(list) || !list.every((f) => typeof f === 'string' && FINGERPRINT.test(f))) {
        throw new TypeError(`trust.departmentKeys.${department} must be a list of sha256:<64 hex digits> fingerprints`);
      }
      departmentKeys.set(department, new Set(list.map((f) => f.toLowerCase())));
    }
  }
  return { registry, validators, departmentKeys };
}

/**
 * Verifies a proof document, following docs/verification.md. Never throws for a verdict: a proof that does not
 * hold is INVALID, a node that does not answer is UNDETERMINED. Throws MalformedProofError for a document that
 * is not a proof, and TypeError for malformed options.
 * @param {unknown} proof a parsed proof document
 * @param {VerifyOptions} [options]
 * @returns {Promise<Answer>}
 */
export async function verifyProof(proof, options = {}) {
  const validation = validateProof(proof);
  if (!validation.ok) throw new MalformedProofError(validation.errors);
  const p = validation.proof;
  const trust = normaliseTrust(options.trust);
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) throw new TypeError('timeoutMs must be a positive number of milliseconds');
  if (options.document !== undefined && !(options.document instanceof Uint8Array)) throw new TypeError('document must be a Uint8Array');
  if (options.rpcUrl !== undefined && options.rpcUrl !== null && typeof options.rpcUrl !== 'string') throw new TypeError('rpcUrl must be a string');
  // Browsers refuse a detached `fetch` ("Illegal invocation"): bind the global one to its global object.
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const rpc = options.rpcUrl ? jsonRpc({ url: options.rpcUrl, fetch: fetchImpl, timeoutMs }) : null;

  /** @type {Check[]} */
  const checks = [];
  /** @type {Answer['document']} */
  const document = {};
  for (const key of /** @type {const} */ (['digest', 'algorithm', 'department', 'leaf'])) {
    if (typeof p[key] === 'string') document[key] = p[key];
  }
  /** @type {Partial<Answer>} */
  const extra = {};

  /** @param {string} name @param {Outcome} outcome @param {'offline' | 'chain'} where @param {string} code @param {string} detail */
  const check = (name, outcome, where, code, detail) => {
    checks.push({ name, outcome, where, code, detail });
    return outcome;
  };
  /** @param {Verdict} result @param {string} code @returns {Answer} */
  const answer = (result, code) => ({ result, code, reasons: checks.map((c) => c.detail), checks, document, ...extra });
  /** @param {string} name */
  const outcomeOf = (name) => checks.find((c) => c.name === name);

  // 1. version
  if (p.version !== 1 && p.version !== 2) {
    check('version', 'failed', 'offline', 'unsupported-version', `proof format version ${p.version}: this verifier reads versions 1 and 2`);
    return answer('UNDETERMINED', 'unsupported-version');
  }
  if (p.version === 1) {
    const ignored = ['departmentName', 'receivedAt', 'revocation'].filter((f) => Object.hasOwn(p, f));
    check('version', 'passed', 'offline', 'v1', `proof format version 1${ignored.length ? `; not checked, ignored: ${ignored.join(', ')}` : ''}`);
  } else {
    check('version', 'passed', 'offline', 'v2', 'proof format version 2');
  }
  // The answer carries the anchor the proof states and its signature whatever the verdict; the checks say which
  // of their values were confirmed.
  if (p.status !== 'PENDING') {
    extra.anchor = {
      chainId: /** @type {number} */ (p.chainId), registry: /** @type {string} */ (p.registry), batchId: /** @type {number} */ (p.batchId),
      blockNumber: /** @type {number} */ (p.blockNumber), blockHash: /** @type {string} */ (p.blockHash), blockTime: /** @type {string} */ (p.blockTime),
    };
    if (p.txHash !== undefined) extra.anchor.txHash = p.txHash;
  }
  if (p.signature !== undefined) {
    extra.signature = { algorithm: p.signature.algorithm, publicKeyFingerprint: p.signature.publicKeyFingerprint, tiedToDepartment: false };
  }

  // 2. document
  if (options.document === undefined) {
    check('document', 'skipped', 'offline', 'no-document', 'no document given: its digest was not compared with the proof');
  } else {
    const digest = await hashDocument(options.document, p.algorithm);
    if (digest !== p.digest) {
      check('document', 'failed', 'offline', 'digest-mismatch', `the document's ${p.algorithm} digest is ${digest}, the proof states ${p.digest}`);
      return answer('INVALID', 'digest-mismatch');
    }
    check('document', 'passed', 'offline', 'digest-matches', `the document hashes to ${short(p.digest)} under ${p.algorithm}`);
  }

  // 3. leaf
  const leaf = leafHash(p.digest, p.algorithm, p.department);
  document.leaf = p.leaf ?? leaf;
  if (p.leaf === undefined) {
    check('leaf', 'passed', 'offline', 'leaf-computed', `leaf ${short(leaf)} computed from digest, algorithm and department ${p.department} (the proof states none)`);
  } else if (p.leaf !== leaf) {
    check('leaf', 'failed', 'offline', 'leaf-mismatch', `the proof's leaf ${p.leaf} does not commit to this digest, algorithm and department ${p.department} (their leaf is ${leaf})`);
    return answer('INVALID', 'leaf-mismatch');
  } else {
    check('leaf', 'passed', 'offline', 'leaf-matches', `leaf ${short(leaf)} commits to digest, algorithm and department ${p.department}`);
  }

  // 4. signature
  if (p.signature === undefined) {
    check('signature', 'skipped', 'offline', 'unsigned', 'the submission was not signed by the department');
  } else {
    const s = p.signature;
    const result = checkSignature(s, p.department, p.algorithm, p.digest);
    if (!result.ok) {
      check('signature', 'failed', 'offline', result.code, result.detail);
      return answer('INVALID', result.code);
    }
    const listed = trust.departmentKeys?.get(p.department);
    if (listed === undefined) {
      check('signature', 'passed', 'offline', 'untied', `signed with ${s.algorithm} key ${s.publicKeyFingerprint}; not tied to the department ${p.department} by this verifier`);
    } else if (!listed.has(s.publicKeyFingerprint)) {
      check('signature', 'failed', 'offline', 'signature-key-unregistered', `signed with key ${s.publicKeyFingerprint}, which is not among the ${listed.size} trusted keys of department ${p.department}`);
      return answer('INVALID', 'signature-key-unregistered');
    } else {
      extra.signature = { algorithm: s.algorithm, publicKeyFingerprint: s.publicKeyFingerprint, tiedToDepartment: true };
      check('signature', 'passed', 'offline', 'tied', `signed with key ${s.publicKeyFingerprint}, a trusted key of department ${p.department}`);
    }
  }

  // 4a. receipt: listed only when the proof names a receipt or the verifier holds one
  if (options.receipt !== undefined) {
    let r;
    try {
      const expected = expectationsOf(p);
      if (options.document !== undefined) expected.document = options.document;
      r = await verifyReceipt(options.receipt.jws, options.receipt.keys, expected);
    } catch (e) {
      if (!(e instanceof MalformedReceiptError)) throw e;
      check('receipt', 'failed', 'offline', 'receipt-malformed', `the receipt given is not a signed receipt: ${e.message}`);
      return answer('INVALID', 'receipt-malformed');
    }
    if (r.result !== 'VALID') {
      check('receipt', 'failed', 'offline', r.code, r.detail);
      return answer('INVALID', r.code);
    }
    check('receipt', 'passed', 'offline', p.receiptId !== undefined ? 'receipt-matches' : 'receipt-matches-document',
      `${r.detail}; ${p.receiptId !== undefined ? 'the proof names this receipt' : 'the proof names no receipt: the receipt is of the same document'}`);
  } else if (p.receiptId !== undefined) {
    check('receipt', 'skipped', 'offline', 'no-receipt', `no receipt given: the proof names receipt ${p.receiptId}, taken as it states it`);
  }

  if (p.status === 'PENDING') return verifyPending(p, leaf, trust, rpc, check, answer, extra);

  // From here on the proof is anchored: the schema guarantees the anchor fields.
  const root = /** @type {string} */ (p.root);
  const path = /** @type {string[]} */ (p.path);
  const registry = /** @type {string} */ (p.registry).toLowerCase();
  const chainId = /** @type {number} */ (p.chainId);
  const batchId = /** @type {number} */ (p.batchId);
  const blockNumber = /** @type {number} */ (p.blockNumber);
  const proofBlockHash = /** @type {string} */ (p.blockHash);
  const blockTime = /** @type {string} */ (p.blockTime);

  // 5. path
  const computedRoot = rootFromPath(leaf, path);
  if (computedRoot !== root) {
    check('path', 'failed', 'offline', 'path-mismatch', `the path (${path.length} hash${path.length === 1 ? '' : 'es'}) leads from the leaf to ${computedRoot}, not to the proof's root ${root}`);
    return answer('INVALID', 'path-mismatch');
  }
  check('path', 'passed', 'offline', 'path-leads-to-root', `the path (${path.length} hash${path.length === 1 ? '' : 'es'}) leads from the leaf to root ${short(root)}`);

  // 6. registry
  if (!registryCheck(registry, trust, check)) return answer('INVALID', 'registry-untrusted');

  // 7. header
  const consensus = trust.validators?.consensus ?? p.consensus ?? null;
  /** @type {import('./header.js').BlockHeader | null} */
  let header = null;
  if (p.blockHeader === undefined || consensus === null) {
    check('header', 'skipped', 'offline', 'no-header', 'the proof carries no block header');
  } else {
    const rlp = hexToBytes(p.blockHeader);
    const problem = headerProblem(rlp, consensus, blockNumber, blockTime, proofBlockHash);
    if (typeof problem === 'string') {
      check('header', 'failed', 'offline', 'header-mismatch', problem);
      return answer('INVALID', 'header-mismatch');
    }
    header = problem;
    const by = trust.validators ? ` (consensus ${consensus}, as the trusted validator set says)` : ` (consensus ${consensus})`;
    check('header', 'passed', 'offline', 'header-matches', `the header hashes to block ${short(proofBlockHash)}${by}, number ${blockNumber}, time ${blockTime}`);
  }

  // 8. seals
  if (consensus === 'none') {
    check('seals', 'skipped', 'offline', 'no-seals', 'this network has no BFT seals');
  } else if (header === null) {
    check('seals', 'skipped', 'offline', 'no-header', 'no block header to check seals on');
  } else if (trust.validators === null) {
    check('seals', 'skipped', 'offline', 'no-trusted-validators', 'no trusted validator set given: the seals were not checked');
  } else {
    const count = countSeals(hexToBytes(/** @type {string} */ (p.blockHeader)), /** @type {import('./types.js').BftConsensus} */ (consensus), trust.validators.validators);
    const tally = `${count.trustedSigners.length} of ${count.size} trusted validators sealed block ${blockNumber} (${count.required} needed)`;
    if (!count.quorum) {
      check('seals', 'failed', 'offline', 'seals-insufficient', `only ${tally}`);
      return answer('INVALID', 'seals-insufficient');
    }
    check('seals', 'passed', 'offline', 'quorum', tally);
  }

  // 9. state-proof
  if (p.anchorProof === undefined || header === null) {
    check('state-proof', 'skipped', 'offline', 'no-state-proof', p.anchorProof === undefined ? 'the proof carries no state proof' : 'no checked block header to prove the anchor against');
  } else {
    const problem = stateProofProblem(header.stateRoot, registry, root, p.anchorProof, batchId, blockNumber, blockTime);
    if (problem !== null) {
      check('state-proof', 'failed', 'offline', 'state-proof-invalid', problem);
      return answer('INVALID', 'state-proof-invalid');
    }
    check('state-proof', 'passed', 'offline', 'anchor-proven', `the state of block ${blockNumber} holds anchor (batch ${batchId}, block ${blockNumber}, ${blockTime}) for the root in registry ${registry}`);
  }
  const provenOffline = outcomeOf('seals')?.code === 'quorum' && outcomeOf('state-proof')?.code === 'anchor-proven';

  // 10. network
  if (rpc === null) {
    check('network', 'skipped', 'chain', 'no-node', 'no node given: the chain was not asked');
    return provenOffline ? answer('UNDETERMINED', 'revocation-unchecked') : answer('UNDETERMINED', 'offline');
  }
  const unavailable = (/** @type {string} */ name, /** @type {ChainUnavailable} */ e) => {
    check(name, 'unavailable', 'chain', 'chain-unreachable', `the chain could not be asked: ${e.message}`);
    return provenOffline ? answer('UNDETERMINED', 'revocation-unchecked') : answer('UNDETERMINED', 'chain-unreachable');
  };
  let step = 'network';
  try {
    const nodeChainId = quantity('eth_chainId', await rpc('eth_chainId', []));
    if (nodeChainId !== BigInt(chainId)) {
      check('network', 'failed', 'chain', 'wrong-network', `the node is on chain ${nodeChainId}, the proof names chain ${chainId}`);
      return answer('UNDETERMINED', 'wrong-network');
    }
    check('network', 'passed', 'chain', 'chain-id-matches', `the node is on chain ${chainId}`);

    // 11. inclusion
    step = 'inclusion';
    const included = await verifyInclusion(rpc, registry, path, root, leaf);
    if (included === null) {
      check('inclusion', 'failed', 'chain', 'registry-missing', `no registry contract answers at ${registry} on chain ${chainId}`);
      return answer('INVALID', 'registry-missing');
    }
    if (!included) {
      check('inclusion', 'failed', 'chain', 'root-not-anchored', `registry ${registry} does not confirm the inclusion: root ${short(root)} is not anchored there`);
      return answer('INVALID', 'root-not-anchored');
    }
    check('inclusion', 'passed', 'chain', 'included', `registry ${registry} confirms the leaf is included under an anchored root (verifyInclusion)`);

    // 12. anchor
    step = 'anchor';
    const a = await anchorOf(rpc, registry, root);
    if (a.batchId !== BigInt(batchId) || a.blockNumber !== BigInt(blockNumber) || !sameInstant(blockTime, a.timestamp)) {
      check('anchor', 'failed', 'chain', 'anchor-mismatch', `the registry anchored the root as batch ${a.batchId} in block ${a.blockNumber} at ${formatInstant(a.timestamp)}; the proof says batch ${batchId}, block ${blockNumber}, ${blockTime}`);
      return answer('INVALID', 'anchor-mismatch');
    }
    check('anchor', 'passed', 'chain', 'anchor-matches', `the registry anchored the root as batch ${batchId} in block ${blockNumber} at ${blockTime}`);

    // 13. block
    step = 'block';
    const block = await blockByNumber(rpc, blockNumber);
    if (block.hash !== proofBlockHash || !sameInstant(blockTime, block.timestamp)) {
      check('block', 'failed', 'chain', 'block-mismatch', `block ${blockNumber} has hash ${block.hash} and time ${formatInstant(block.timestamp)}; the proof says ${proofBlockHash}, ${blockTime}`);
      return answer('INVALID', 'block-mismatch');
    }
    check('block', 'passed', 'chain', 'block-matches', `block ${blockNumber} has hash ${short(proofBlockHash)} and time ${blockTime}`);

    // 14. transaction
    step = 'transaction';
    if (p.txHash === undefined) {
      check('transaction', 'skipped', 'chain', 'no-transaction', 'the proof names no anchoring transaction');
    } else {
      // The block's own list says whether the transaction is there; only then is a missing receipt the node's
      // gap (a pruned transaction index) rather than a false claim.
      /** @type {string | null} */
      let problem = `it is not among the ${block.transactions.length} transactions of block ${blockNumber}`;
      if (block.transactions.includes(p.txHash)) {
        const receipt = await transactionReceipt(rpc, p.txHash);
        if (receipt === null) {
          throw new ChainUnavailable(`eth_getTransactionReceipt: block ${blockNumber} lists transaction ${short(p.txHash)} but the node has no receipt for it`);
        }
        problem = receiptProblem(receipt, registry, batchId, root, proofBlockHash, blockNumber);
      }
      if (problem !== null) {
        check('transaction', 'failed', 'chain', 'transaction-mismatch', `transaction ${short(p.txHash)}: ${problem}`);
        return answer('INVALID', 'transaction-mismatch');
      }
      check('transaction', 'passed', 'chain', 'transaction-matches', `transaction ${short(p.txHash)} succeeded in block ${blockNumber} and logged RootAnchored(batch ${batchId}, root) from the registry`);
    }

    // 15. issuer
    step = 'issuer';
    const issuer = await issuerCheck(rpc, p, registry, block.timestamp, false, check, extra);
    if (issuer.failed !== null) return answer('INVALID', issuer.failed);

    // 16. revocation
    step = 'revocation';
    const r = await revocationOf(rpc, registry, leaf);
    if (p.version === 2 && p.status === 'REVOKED') {
      const problem = revocationClaimProblem(/** @type {import('./types.js').ProofRevocation} */ (p.revocation), r, p.department);
      if (problem !== null) {
        check('revocation', 'failed', 'chain', 'revocation-mismatch', problem);
        return answer('INVALID', 'revocation-mismatch');
      }
    }
    if (r.reason !== 0) return revoked(r, await revocationSigner(rpc, p.department, registry, leaf, r, issuer), check, answer, extra);
    check('revocation', 'passed', 'chain', 'not-revoked', 'the registry records no revocation of this document');
    return answer('VALID', 'valid');
  } catch (e) {
    if (e instanceof ChainUnavailable) return unavailable(step, e);
    throw e;
  }
}

/**
 * The PENDING branch: after check 4 only `registry`, `network`, `issuer` (at the latest block's time) and
 * `revocation` run.
 * @param {import('./types.js').Proof} p
 * @param {string} leaf
 * @param {ReturnType<typeof normaliseTrust>} trust
 * @param {((method: string, params: unknown[]) => Promise<unknown>) | null} rpc
 * @param {(name: string, outcome: Outcome, where: 'offline' | 'chain', code: string, detail: string) => Outcome} check
 * @param {(result: Verdict, code: string) => Answer} answer
 * @param {Partial<Answer>} extra
 * @returns {Promise<Answer>}
 */
async function verifyPending(p, leaf, trust, rpc, check, answer, extra) {
  extra.pending = {};
  if (p.receivedAt !== undefined) extra.pending.receivedAt = p.receivedAt;
  if (p.expectedAnchoringBy !== undefined) extra.pending.expectedAnchoringBy = p.expectedAnchoringBy;
  const pending = () => answer('PENDING', 'pending');
  if (p.registry === undefined) return pending();
  const registry = p.registry.toLowerCase();
  if (!registryCheck(registry, trust, check)) {
    delete extra.pending;
    return answer('INVALID', 'registry-untrusted');
  }
  if (p.chainId === undefined) return pending();
  if (rpc === null) {
    check('network', 'skipped', 'chain', 'no-node', 'no node given: the registry was not asked about a revocation');
    return pending();
  }
  let step = 'network';
  try {
    const nodeChainId = quantity('eth_chainId', await rpc('eth_chainId', []));
    if (nodeChainId !== BigInt(p.chainId)) {
      check('network', 'failed', 'chain', 'wrong-network', `the node is on chain ${nodeChainId}, the proof names chain ${p.chainId}`);
      delete extra.pending;
      return answer('UNDETERMINED', 'wrong-network');
    }
    check('network', 'passed', 'chain', 'chain-id-matches', `the node is on chain ${p.chainId}`);
    step = 'issuer';
    const issuer = await issuerCheck(rpc, p, registry, null, true, check, extra);
    if (issuer.failed !== null) {
      delete extra.pending;
      return answer('INVALID', issuer.failed);
    }
    step = 'revocation';
    const r = await revocationOf(rpc, registry, leaf);
    if (r.reason !== 0) {
      delete extra.pending;
      return revoked(r, await revocationSigner(rpc, p.department, registry, leaf, r, issuer), check, answer, extra);
    }
    check('revocation', 'passed', 'chain', 'not-revoked', 'the registry records no revocation of this document');
  } catch (e) {
    if (!(e instanceof ChainUnavailable)) throw e;
    check(step, 'unavailable', 'chain', 'chain-unreachable', `the chain could not be asked: ${e.message}`);
  }
  return pending();
}

/**
 * Check 6; false when the proof names a registry other than the trusted one.
 * @param {string} registry lower case
 * @param {ReturnType<typeof normaliseTrust>} trust
 * @param {(name: string, outcome: Outcome, where: 'offline' | 'chain', code: string, detail: string) => Outcome} check
 * @returns {boolean}
 */
function registryCheck(registry, trust, check) {
  if (trust.registry === null) {
    check('registry', 'skipped', 'offline', 'no-trusted-registry', `no trusted registry given: the proof's registry ${registry} is taken as it is`);
    return true;
  }
  if (registry !== trust.registry) {
    check('registry', 'failed', 'offline', 'registry-untrusted', `the proof names registry ${registry}, not the trusted registry ${trust.registry}`);
    return false;
  }
  check('registry', 'passed', 'offline', 'trusted', `the proof names the trusted registry ${registry}`);
  return true;
}

/**
 * The decoded header when it hashes to `blockHash` under `consensus` and holds the number and time; else what
 * is wrong with it.
 * @param {Uint8Array} rlp
 * @param {import('./types.js').Consensus} consensus
 * @param {number} blockNumber
 * @param {string} blockTime
 * @param {string} expectedHash
 * @returns {import('./header.js').BlockHeader | string}
 */
function headerProblem(rlp, consensus, blockNumber, blockTime, expectedHash) {
  let header;
  let hash;
  try {
    header = decodeHeader(rlp);
    hash = bytesToHex(blockHash(rlp, consensus));
  } catch (e) {
    if (e instanceof HeaderError) return `the block header does not decode${consensus === 'none' ? '' : ` as a ${consensus} header`}: ${e.message}`;
    throw e;
  }
  if (hash !== expectedHash) return `under ${consensus} rules the header hashes to ${hash}, not to the proof's block hash ${expectedHash}`;
  if (header.number !== BigInt(blockNumber)) return `the header is of block ${header.number}, the proof says ${blockNumber}`;
  if (!sameInstant(blockTime, header.timestamp)) return `the header's time is ${formatInstant(header.timestamp)}, the proof says ${blockTime}`;
  return header;
}

/**
 * Null when the state proof shows `anchors[root]` holding (batchId, blockNumber, blockTime) in the registry's
 * storage under `stateRoot`; else what is wrong.
 * @param {Uint8Array} stateRoot
 * @param {string} registry
 * @param {string} root
 * @param {{accountProof: string[], storageProof: string[]}} anchorProof
 * @param {number} batchId
 * @param {number} blockNumber
 * @param {string} blockTime
 * @returns {string | null}
 */
function stateProofProblem(stateRoot, registry, root, anchorProof, batchId, blockNumber, blockTime) {
  try {
    const account = verifyTrieProof(stateRoot, keccak256(hexToBytes(registry)), anchorProof.accountProof.map(hexToBytes));
    if (account === null) return `the account proof shows no account at ${registry}`;
    const fields = rlpDecode(account);
    if (!Array.isArray(fields) || fields.length !== 4 || !(fields[2] instanceof Uint8Array) || fields[2].length !== 32) {
      return 'the account is not RLP [nonce, balance, storageRoot, codeHash]';
    }
    const storageRoot = fields[2];
    const slot = keccak256(concatBytes(hexToBytes(root), bigIntToBytes(ANCHORS_SLOT, 32)));
    const stored = verifyTrieProof(storageRoot, keccak256(slot), anchorProof.storageProof.map(hexToBytes));
    if (stored === null) return `the storage proof shows anchors[${short(root)}] empty: the root is not anchored in this state`;
    const item = rlpDecode(stored);
    const value = rlpScalar(item, 'the slot value');
    const time = parseInstant(blockTime);
    const expected = time === null ? -1n : BigInt(batchId) | (BigInt(blockNumber) << 64n) | (time.seconds << 128n);
    if (value !== expected) {
      const mask = (1n << 64n) - 1n;
      return `the slot holds batch ${value & mask}, block ${(value >> 64n) & mask}, time ${formatInstant((value >> 128n) & mask)}${value >> 192n ? ' (and more)' : ''}; the proof says batch ${batchId}, block ${blockNumber}, ${blockTime}`;
    }
    return null;
  } catch (e) {
    if (e instanceof MptProofError || e instanceof RlpError) return `the state proof is not valid: ${e.message}`;
    throw e;
  }
}

/**
 * Null when the receipt shows a successful transaction to the registry in the proof's block that logged
 * RootAnchored(batchId, root) from the registry; else what is wrong.
 * @param {import('./chain.js').Receipt} receipt
 * @param {string} registry
 * @param {number} batchId
 * @param {string} root
 * @param {string} blockHashHex
 * @param {number} blockNumber
 * @returns {string | null}
 */
function receiptProblem(receipt, registry, batchId, root, blockHashHex, blockNumber) {
  if (!receipt.success) return 'it failed (receipt status 0)';
  if (receipt.blockHash !== blockHashHex || receipt.blockNumber !== BigInt(blockNumber)) return `it is in block ${receipt.blockNumber} (${short(receipt.blockHash)}), not in block ${blockNumber}`;
  if (receipt.to !== registry) return `it was sent to ${receipt.to ?? 'no address (a contract creation)'}, not to the registry ${registry}`;
  const batchTopic = bytesToHex(bigIntToBytes(BigInt(batchId), 32));
  const logged = receipt.logs.some((l) => !l.removed && l.address === registry && l.topics[0] === ROOT_ANCHORED_TOPIC && l.topics[1] === batchTopic && l.topics[2] === root);
  if (!logged) return `it logged no RootAnchored(batch ${batchId}, root ${short(root)}) from the registry`;
  return null;
}

/**
 * Null when a REVOKED proof's `revocation` is the registry's record, field by field; else what differs.
 * @param {import('./types.js').ProofRevocation} claim
 * @param {{reason: number, revokedAt: bigint, blockNumber: bigint, replacementLeaf: string}} r
 * @param {string} department
 * @returns {string | null}
 */
function revocationClaimProblem(claim, r, department) {
  if (r.reason === 0) return 'the proof says the document was revoked; the registry records no revocation';
  const differences = [];
  if (claim.reason !== REASONS[r.reason]) differences.push(`reason ${REASONS[r.reason]}, the proof says ${claim.reason}`);
  if (claim.revokedAt === undefined || !sameInstant(claim.revokedAt, r.revokedAt)) differences.push(`time ${formatInstant(r.revokedAt)}, the proof says ${claim.revokedAt}`);
  if (claim.blockNumber === undefined || BigInt(claim.blockNumber) !== r.blockNumber) differences.push(`block ${r.blockNumber}, the proof says ${claim.blockNumber}`);
  const claimed = claim.replacementLeaf ?? ZERO_HASH;
  if (claimed !== r.replacementLeaf) differences.push(`replacement leaf ${r.replacementLeaf === ZERO_HASH ? 'none' : r.replacementLeaf}, the proof says ${claim.replacementLeaf ?? 'none'}`);
  if (claim.replacement !== undefined) {
    const computed = leafHash(claim.replacement.digest, claim.replacement.algorithm, department);
    if (computed !== claimed) differences.push(`the proof's replacement document has leaf ${computed}, not the replacement leaf it states`);
  }
  return differences.length === 0 ? null : `the registry's revocation differs from the proof's: ${differences.join('; ')}`;
}

/**
 * The REVOKED answer from the registry's record, and who revoked.
 * @param {{reason: number, revokedAt: bigint, blockNumber: bigint, replacementLeaf: string}} r
 * @param {{signedBy: string | null, detail: string}} signer
 * @param {(name: string, outcome: Outcome, where: 'offline' | 'chain', code: string, detail: string) => Outcome} check
 * @param {(result: Verdict, code: string) => Answer} answer
 * @param {Partial<Answer>} extra
 * @returns {Answer}
 */
function revoked(r, signer, check, answer, extra) {
  const reason = REASONS[r.reason];
  /** @type {NonNullable<Answer['revocation']>} */
  const revocation = {
    reason, revokedAt: formatInstant(r.revokedAt), blockNumber: Number(r.blockNumber),
    ...(r.replacementLeaf !== ZERO_HASH ? { replacementLeaf: r.replacementLeaf } : {}),
    signed: signer.signedBy !== null,
    ...(signer.signedBy !== null ? { signedBy: signer.signedBy } : {}),
  };
  extra.revocation = revocation;
  const replaced = r.replacementLeaf === ZERO_HASH ? '' : `; replaced by the document with leaf ${r.replacementLeaf}`;
  check('revocation', 'failed', 'chain', 'revoked', `the issuing department revoked the document (${reason}) at ${formatInstant(r.revokedAt)} in block ${r.blockNumber}${replaced}; ${signer.detail}`);
  return answer('REVOKED', 'revoked');
}

/**
 * `sha256:` and the hex of a 32-byte fingerprint given as `0x` and 64 hex digits, and back.
 * @param {string} hex
 */
const fingerprintName = (hex) => `sha256:${hex.slice(2)}`;

/**
 * Check 15, `issuer`: the department and, for a signed proof, its key as the issuer registry the trusted anchor
 * registry names records them at `time` (the anchoring time; for a PENDING document the latest block's). Records
 * the check and `extra.issuer`; `failed` is the failing code, `registry` the issuer registry read (null: none).
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {import('./types.js').Proof} p
 * @param {string} registry the anchor registry, lower case
 * @param {bigint | null} anchoredAt null for a PENDING document
 * @param {boolean} pending
 * @param {(name: string, outcome: Outcome, where: 'offline' | 'chain', code: string, detail: string) => Outcome} check
 * @param {Partial<Answer>} extra
 * @returns {Promise<{failed: string | null, registry: string | null}>}
 */
async function issuerCheck(rpc, p, registry, anchoredAt, pending, check, extra) {
  const issuerRegistry = await issuerRegistryOf(rpc, registry);
  if (issuerRegistry === null) {
    check('issuer', 'skipped', 'chain', 'no-issuer-registry', `registry ${registry} names no issuer registry: department ${p.department} and its keys are not checked on chain`);
    return { failed: null, registry: null };
  }
  const time = anchoredAt ?? (await latestBlockTime(rpc));
  const when = pending ? `now (${formatInstant(time)}, the latest block)` : `at the anchoring time ${formatInstant(time)}`;
  const code = p.department;
  const standing = await departmentAt(rpc, issuerRegistry, code, time);
  const record = await departmentRecord(rpc, issuerRegistry, code);
  if (standing.registered && !record.registered) {
    throw new ChainUnavailable(`issuer registry ${issuerRegistry} says department ${code} was registered at ${formatInstant(time)} but is not registered now`);
  }
  /** @type {Issuer['department']} */
  const dept = record.registered
    ? { code, nameZh: record.nameZh, nameEn: record.nameEn, registeredAt: formatInstant(record.registeredAt), active: standing.active }
    : { code, active: false };
  extra.issuer = { registry: issuerRegistry, department: dept };
  const named = `department ${code}${record.registered ? ` (${record.nameEn})` : ''}`;
  const fail = (/** @type {string} */ failCode, /** @type {string} */ detail) => {
    check('issuer', 'failed', 'chain', failCode, detail);
    return { failed: failCode, registry: issuerRegistry };
  };
  if (!standing.registered) {
    return fail('department-unknown', `issuer registry ${issuerRegistry} ${record.registered ? `registered ${named} only at ${formatInstant(record.registeredAt)}, not ${when}` : `has no department ${code}`}`);
  }
  if (!standing.active) return fail('department-suspended', `issuer registry ${issuerRegistry} records ${named} as suspended ${when}`);
  const s = p.signature;
  if (s === undefined) {
    check('issuer', 'passed', 'chain', 'issuer-confirmed', `issuer registry ${issuerRegistry} records ${named} as registered and active ${when}`);
    return { failed: null, registry: issuerRegistry };
  }
  const fp = `0x${s.publicKeyFingerprint.slice('sha256:'.length)}`;
  const { valid, k } = await consistentKey(rpc, issuerRegistry, code, fp, time);
  const keyName = `key ${s.publicKeyFingerprint}`;
  if (k.algorithm === 0) return fail('signature-key-unregistered', `issuer registry ${issuerRegistry} has no ${keyName} for ${named}: the signature is not the department's`);
  const revokedKey = k.revocationReason !== 0;
  extra.issuer.key = { fingerprint: s.publicKeyFingerprint, algorithm: KEY_ALGORITHMS[k.algorithm], validFrom: formatInstant(k.validFrom) };
  if (revokedKey) {
    extra.issuer.key.revokedAt = formatInstant(k.effectiveAt);
    extra.issuer.key.revocationReason = KEY_REVOCATION_REASONS[k.revocationReason];
  }
  if (!valid && k.validFrom > time) return fail('signature-key-unregistered', `${keyName} signs for ${named} only from ${formatInstant(k.validFrom)}, not ${when}`);
  if (!valid) {
    return fail('signature-key-revoked', `${keyName} of ${named} was revoked (${KEY_REVOCATION_REASONS[k.revocationReason]}) from ${formatInstant(k.effectiveAt)}, so it does not sign ${when}`);
  }
  extra.signature = { algorithm: s.algorithm, publicKeyFingerprint: s.publicKeyFingerprint, tiedToDepartment: true };
  check('issuer', 'passed', 'chain', 'issuer-confirmed', `issuer registry ${issuerRegistry} records ${named} as registered and active, and ${keyName} as its signing key, ${when}`);
  return { failed: null, registry: issuerRegistry };
}

/**
 * `keyAt(code, fingerprint, time)` and `key(code, fingerprint)`, which must agree with each other and with the
 * fingerprint: two answers no issuer registry gives together are no answer.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} issuerRegistry
 * @param {string} code
 * @param {string} fp `0x` and 64 hex digits
 * @param {bigint} time
 * @returns {Promise<{valid: boolean, k: import('./chain.js').IssuerKey}>}
 */
async function consistentKey(rpc, issuerRegistry, code, fp, time) {
  const at = await keyAt(rpc, issuerRegistry, code, fp, time);
  const k = await keyRecord(rpc, issuerRegistry, code, fp);
  const inconsistent = (/** @type {string} */ why) => new ChainUnavailable(`issuer registry ${issuerRegistry}: ${why}`);
  if (at.algorithm !== k.algorithm) throw inconsistent(`keyAt says algorithm ${at.algorithm}, key says ${k.algorithm}`);
  if (k.algorithm === 0) return { valid: false, k };
  if (spkiFingerprint(k.spki) !== fingerprintName(fp)) throw inconsistent(`the recorded key does not hash to its fingerprint ${fingerprintName(fp)}`);
  const validByRecord = k.validFrom <= time && (k.revocationReason === 0 || time < k.effectiveAt);
  if (validByRecord !== at.valid) throw inconsistent(`keyAt says the key is ${at.valid ? '' : 'not '}valid at ${formatInstant(time)}, the key's record says otherwise`);
  return { valid: at.valid, k };
}

/**
 * Who revoked (check 16): the fingerprint of the department key whose recorded signature of the revocation
 * request holds, or null (unsigned, or a recorded signature that does not hold), and the words for the detail.
 * @param {(method: string, params: unknown[]) => Promise<unknown>} rpc
 * @param {string} code the department
 * @param {string} registry the anchor registry, lower case
 * @param {string} leaf
 * @param {{reason: number, revokedAt: bigint, blockNumber: bigint, replacementLeaf: string}} r
 * @param {{registry: string | null}} issuer as check 15 read it
 * @returns {Promise<{signedBy: string | null, detail: string}>}
 */
async function revocationSigner(rpc, code, registry, leaf, r, issuer) {
  const issuerRegistry = issuer.registry;
  const fp = await revocationSignerOf(rpc, registry, leaf);
  if (fp === null) return { signedBy: null, detail: "unsigned: the gateway's revoker revoked it on the department's behalf" };
  const named = fingerprintName(fp);
  const claimed = `the registry records the revocation as signed with key ${named}`;
  const notHeld = (/** @type {string} */ why) => ({ signedBy: null, detail: `${claimed}, ${why}: the recorded signature does not hold` });
  if (issuerRegistry === null) {
    return { signedBy: null, detail: `${claimed}, which cannot be checked: registry ${registry} names no issuer registry; counted as unsigned` };
  }
  const { valid, k } = await consistentKey(rpc, issuerRegistry, code, fp, r.revokedAt);
  const signatures = await revocationSignatures(rpc, registry, r.blockNumber, leaf, fp);
  if (signatures.length === 0) {
    throw new ChainUnavailable(`eth_getLogs: block ${r.blockNumber} has no DocumentRevocationSigned log of registry ${registry} for leaf ${short(leaf)}, which the registry records as signed`);
  }
  if (!valid) return notHeld(`which issuer registry ${issuerRegistry} does not hold valid for department ${code} at ${formatInstant(r.revokedAt)}`);
  let info;
  try {
    info = canonicalKey(parseSpki(k.spki));
  } catch (e) {
    if (e instanceof DerError) return notHeld(`whose recorded key does not parse (${e.message})`);
    throw e;
  }
  const message = revocationMessage(code, leaf, r.reason, r.replacementLeaf);
  const problem = signatureProblem(info, signatures[0], message);
  if (problem !== null) return notHeld(`but the logged ${info.algorithm} signature ${problem}`);
  return { signedBy: named, detail: `signed by the department's key ${named}` };
}
