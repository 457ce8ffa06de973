// @ts-check
// The Node command-line verifier (docs/verification.md, "Command-line verifiers"), as a function from arguments
// to an exit code so tests can run it in-process; cli/verify.mjs is the executable around it.
import { readFileSync } from 'node:fs';
import { parseProofText, verifyProof } from '../lib/index.js';
import { MalformedReceiptError, parseReceiptKeySet, verifyReceipt } from '../lib/receipt.js';
import { parseStrictJson } from '../lib/json.js';

export const USAGE = `usage: anchor-verify --proof FILE|- [--file DOCUMENT] [--rpc URL] [--registry 0x…]
                     [--validators FILE] [--department-keys FILE] [--receipt FILE --jwks FILE] [--json]
       anchor-verify --receipt FILE|- --jwks FILE [--file DOCUMENT] [--json]
  --proof FILE|-          the proof document (JSON); - reads standard input; also accepted without --proof
  --receipt FILE|-        the signed receipt the gateway answered at acceptance (its compact JWS): checked on its
                          own, or with the proof, which must name it
  --jwks FILE             the receipt keys you trust: the gateway's JWK set (GET /.well-known/jwks.json)
  --file DOCUMENT         the document itself: hashed locally and compared with the proof's digest
  --rpc URL               a JSON-RPC node of the proof's chain (http or https)
  --registry 0x…          the registry address you trust (published by the operator)
  --validators FILE       the validator set you trust: {"consensus": "ibft2"|"qbft", "validators": ["0x…", …]}
  --department-keys FILE  the keys you trust per department: {"DEPT": ["sha256:<fingerprint>", …], …}
  --json                  print the answer as JSON (the same object as POST /api/v1/verify); for a malformed
                          proof, {"error": "malformed-proof", "errors": [{pointer, message}]}
exit codes: 0 VALID, 1 INVALID, 2 could not run, 3 UNDETERMINED, 4 REVOKED, 5 PENDING (2 also: not a receipt)`;

/** @type {Record<string, number>} */
export const EXIT = { VALID: 0, INVALID: 1, UNDETERMINED: 3, REVOKED: 4, PENDING: 5 };

/** Input the verifier cannot run with: exit 2 with one line. */
export class UsageError extends Error {}

const VALUE_OPTIONS = new Map([
  ['--proof', 'proof'], ['--file', 'file'], ['--rpc', 'rpc'], ['--registry', 'registry'],
  ['--validators', 'validators'], ['--department-keys', 'departmentKeys'], ['--receipt', 'receipt'], ['--jwks', 'jwks'],
]);

/**
 * @typedef {object} Args
 * @property {string | null} proof
 * @property {string | null} file
 * @property {string | null} rpc
 * @property {string | null} registry
 * @property {string | null} validators
 * @property {string | null} departmentKeys
 * @property {string | null} receipt
 * @property {string | null} jwks
 * @property {boolean} json
 * @property {boolean} help
 */

/**
 * @param {string[]} argv
 * @returns {Args}
 */
export function parseArgs(argv) {
  /** @type {Args} */
  const args = { proof: null, file: null, rpc: null, registry: null, validators: null, departmentKeys: null, receipt: null, jwks: null, json: false, help: false };
  /** @param {string} key @param {string} value @param {string} option */
  const set = (key, value, option) => {
    const k = /** @type {keyof Args} */ (key);
    if (args[k] !== null) throw new UsageError(`${option} given twice`);
    /** @type {Record<string, unknown>} */ (args)[k] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '-h' || a === '--help') args.help = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a : a.slice(0, eq);
      const key = VALUE_OPTIONS.get(name);
      if (key === undefined) throw new UsageError(`unknown option ${name}`);
      let value;
      if (eq !== -1) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`${name} needs a value`);
      set(key, value, name);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      // The positional proof file of the version 1 verifier, kept as an alias of --proof.
      set('proof', a, 'the proof');
    }
  }
  return args;
}

/**
 * Reads a file (or standard input for `-`) as text.
 * @param {string} path
 * @param {string} what
 * @returns {Buffer}
 */
function readInput(path, what) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const err = /** @type {NodeJS.ErrnoException} */ (e);
    throw new UsageError(`cannot read ${what} ${path === '-' ? 'from standard input' : path}: ${err.code ?? err.message}`);
  }
}

/**
 * A trust file: strict JSON.
 * @param {string} path
 * @param {string} what
 * @returns {unknown}
 */
function readJsonFile(path, what) {
  const text = readInput(path, what).toString('utf8');
  try {
    return parseStrictJson(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * @param {string} text
 * @returns {string} one line
 */
const oneLine = (text) => text.replace(/\s*\n\s*/g, ' ');

/**
 * The human form of an answer: the verdict and its code, then every check with where it was made.
 * @param {import('../lib/verify.js').Answer} a
 * @returns {string}
 */
export function formatAnswer(a) {
  const lines = [`${a.result} (${a.code})`];
  const nameWidth = Math.max(...a.checks.map((c) => c.name.length));
  const codeWidth = Math.max(...a.checks.map((c) => c.code.length));
  for (const c of a.checks) {
    const where = c.where === 'chain' ? 'on chain' : 'offline ';
    lines.push(`  ${where}  ${c.outcome.padEnd(11)}  ${c.name.padEnd(nameWidth)}  ${c.code.padEnd(codeWidth)}  ${c.detail}`);
  }
  lines.push(...issuerLines(a));
  if (a.revocation) {
    const r = a.revocation;
    lines.push(`revoked: ${r.reason} at ${r.revokedAt} in block ${r.blockNumber}${r.replacementLeaf ? `, replaced by leaf ${r.replacementLeaf}` : ''}`);
    lines.push(r.signed
      ? `revoked by ${departmentName(a)}, signature checked (key ${r.signedBy})`
      : `revoked by the gateway's revoker on the department's behalf (unsigned)${unprovenSignature(a)}`);
  }
  if (a.pending) {
    lines.push(`pending: received ${a.pending.receivedAt ?? '(not stated)'}, anchoring expected by ${a.pending.expectedAnchoringBy ?? '(not stated)'} (the gateway's statements)`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * For a revocation counted as unsigned although the registry records a signer: why (from the check's detail).
 * @param {import('../lib/verify.js').Answer} a
 * @returns {string}
 */
function unprovenSignature(a) {
  const detail = a.checks.find((c) => c.name === 'revocation')?.detail ?? '';
  if (!/records the revocation as signed/.test(detail)) return '';
  return /cannot be checked/.test(detail)
    ? '; the registry records a signature, which cannot be checked: it names no issuer registry'
    : '; the signature the registry records does not hold';
}

/**
 * The department as the issuer registry names it (both registered names), else its code.
 * @param {import('../lib/verify.js').Answer} a
 * @returns {string}
 */
function departmentName(a) {
  const d = a.issuer?.department;
  if (d?.nameZh === undefined) return a.document.department ?? 'the department';
  return `${d.nameZh} / ${d.nameEn} (${d.code})`;
}

/**
 * What the issuer registry says (check 15): the department's registered names and standing, and the signing key and
 * whether it was valid at the time checked. Nothing when check 15 read no issuer registry.
 * @param {import('../lib/verify.js').Answer} a
 * @returns {string[]}
 */
function issuerLines(a) {
  const check = a.checks.find((c) => c.name === 'issuer');
  if (!a.issuer || !check) return [];
  const when = a.anchor ? `at the anchoring time ${a.anchor.blockTime}` : 'now (the latest block)';
  const d = a.issuer.department;
  const lines = [];
  if (d.nameZh === undefined) {
    lines.push(`department: ${d.code} is not registered in issuer registry ${a.issuer.registry} ${when}`);
  } else {
    lines.push(`department: ${d.code}, registered on chain as ${d.nameZh} / ${d.nameEn} since ${d.registeredAt} (issuer registry ${a.issuer.registry}); ${d.active ? 'active' : 'suspended'} ${when}`);
  }
  const k = a.issuer.key;
  if (k) {
    const revoked = k.revokedAt ? `, revoked (${k.revocationReason}) from ${k.revokedAt}` : '';
    const valid = check.code === 'issuer-confirmed';
    lines.push(`key: ${k.fingerprint} (${k.algorithm}), valid from ${k.validFrom}${revoked}: ${valid ? 'valid' : 'not valid'} ${when}`);
  } else if (a.signature && check.code === 'signature-key-unregistered') {
    lines.push(`key: ${a.signature.publicKeyFingerprint} is not a key of ${d.code} in the issuer registry`);
  }
  return lines;
}

/**
 * A receipt on its own (and the document, if given): VALID exit 0, INVALID exit 1, not a receipt exit 2.
 * @param {{jws: string, keys: import('../lib/receipt.js').ReceiptKeySet}} receipt
 * @param {Args} args
 * @param {Io} io
 * @returns {Promise<number>}
 */
async function receiptOnly(receipt, args, io) {
  if (args.rpc !== null || args.registry !== null || args.validators !== null || args.departmentKeys !== null) {
    throw new UsageError('a receipt on its own is checked offline: --rpc, --registry, --validators and --department-keys need --proof');
  }
  /** @type {import('../lib/receipt.js').ReceiptExpectations} */
  const expected = {};
  if (args.file !== null) expected.document = new Uint8Array(readInput(args.file, 'document'));
  let answer;
  try {
    answer = await verifyReceipt(receipt.jws, receipt.keys, expected);
  } catch (e) {
    if (!(e instanceof MalformedReceiptError)) throw e;
    if (args.json) io.out(`${JSON.stringify({ error: 'malformed-receipt', message: e.message })}\n`);
    throw new UsageError(`the receipt is not a signed receipt: ${e.message}`);
  }
  io.out(args.json ? `${JSON.stringify(answer)}\n` : `${answer.result} (${answer.code})\n  ${answer.detail}\n`);
  return EXIT[answer.result];
}

/**
 * @typedef {object} Io
 * @property {(text: string) => void} out
 * @property {(text: string) => void} err
 * @property {typeof globalThis.fetch} [fetch]
 */

/**
 * Runs the verifier; returns the exit code. Never throws.
 * @param {string[]} argv
 * @param {Io} io
 * @returns {Promise<number>}
 */
export async function run(argv, io) {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (args.proof === null && args.receipt === null) throw new UsageError('no proof given (--proof FILE, or - for standard input)');
    if ([args.proof, args.file, args.receipt].filter((a) => a === '-').length > 1) {
      throw new UsageError('only one of the proof, the document and the receipt can come from standard input');
    }
    if ((args.receipt === null) !== (args.jwks === null)) throw new UsageError('--receipt and --jwks go together: the receipt, and the keys you trust for it');
    let receipt;
    if (args.receipt !== null && args.jwks !== null) {
      // A file ends with a newline; the receipt itself has no white space.
      const jws = readInput(args.receipt, 'receipt').toString('utf8').trim();
      const jwksText = readInput(args.jwks, 'receipt keys').toString('utf8');
      try {
        receipt = { jws, keys: await parseReceiptKeySet(jwksText) };
      } catch (e) {
        if (e instanceof MalformedReceiptError) throw new UsageError(`--jwks ${args.jwks}: ${e.message}`);
        throw e;
      }
    }
    if (args.proof === null && receipt !== undefined) return await receiptOnly(receipt, args, io);
    if (args.rpc !== null) {
      let url;
      try {
        url = new URL(args.rpc);
      } catch {
        throw new UsageError(`--rpc: not a URL: ${args.rpc}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--rpc: only http and https URLs, got ${args.rpc}`);
    }
    if (args.registry !== null && !/^0x[0-9a-fA-F]{40}$/.test(args.registry)) throw new UsageError(`--registry: not an address: ${args.registry}`);

    /** @type {import('../lib/verify.js').Trust} */
    const trust = {};
    if (args.registry !== null) trust.registry = args.registry;
    if (args.validators !== null) {
      trust.validators = /** @type {NonNullable<import('../lib/verify.js').Trust['validators']>} */ (readJsonFile(args.validators, 'validator set'));
    }
    if (args.departmentKeys !== null) {
      trust.departmentKeys = /** @type {Record<string, string[]>} */ (readJsonFile(args.departmentKeys, 'department keys'));
    }
    const document = args.file === null ? undefined : new Uint8Array(readInput(args.file, 'document'));

    const proofText = readInput(/** @type {string} */ (args.proof), 'proof').toString('utf8');
    const parsed = parseProofText(proofText);
    if (!parsed.ok) {
      if (args.json) io.out(`${JSON.stringify({ error: 'malformed-proof', errors: parsed.errors })}\n`);
      throw new UsageError(`malformed proof: ${parsed.errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`);
    }

    let answer;
    try {
      answer = await verifyProof(parsed.proof, { rpcUrl: args.rpc ?? undefined, trust, document, fetch: io.fetch, receipt });
    } catch (e) {
      // Trust inputs the library refuses (a validator file without a consensus, say) are usage errors.
      if (e instanceof TypeError) throw new UsageError(e.message);
      throw e;
    }
    io.out(args.json ? `${JSON.stringify(answer)}\n` : formatAnswer(answer));
    return EXIT[answer.result];
  } catch (e) {
    // Exit 1 means INVALID: nothing else may end with it, and no stack trace reaches the user.
    if (e instanceof UsageError) {
      const hint = /^(no proof|unknown option|.* needs a value|.* given twice)/.test(e.message) ? ' (see --help)' : '';
      io.err(`anchor-verify: ${oneLine(e.message)}${hint}\n`);
    } else {
      io.err(`anchor-verify: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    }
    return 2;
  }
}
