#!/usr/bin/env node
// Standalone verifier for the gateway's proof documents (format version 1).
//
//   node verify-proof.cjs <proof.json | -> [--rpc <url>] [--registry <address>] [--json]
//
// It trusts neither the gateway nor the proof: the leaf and the root are recomputed locally, and with --rpc the
// anchor is read straight from a node of the chain the proof names. Exit codes: 0 VALID, 1 INVALID,
// 3 UNDETERMINED, 4 REVOKED, 2 could not run (usage, malformed input, internal error).
//
// The result is only as strong as the registry address: VALID means "anchored in the registry the proof names".
// Compare that address (printed in the reasons) with the one the gateway operator publishes.
'use strict';

const fs = require('fs');

const USAGE = 'usage: node verify-proof.cjs <proof.json | -> [--rpc <url>] [--registry <address>] [--json]';
const LEAF_ENCODING = ['bytes32', 'string', 'string'];
const MAX_PATH = 64; // same bound as the gateway; a sorted-pair tree that deep would hold 2^64 leaves
const RPC_TIMEOUT_MS = 10_000;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
// An explicit zone is required: Date.parse reads a zone-less date-time as local time, which would make the
// block time check depend on the verifier's time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// Exit 1 means INVALID, which is also what Node uses for an uncaught exception; nothing may escape as exit 1.
function fail(message) {
  process.stderr.write(`verify-proof: ${message}\n`);
  process.exit(2);
}

let StandardMerkleTree, keccak256, utf8ToBytes, bytesToHex;
try {
  ({ StandardMerkleTree } = require('@openzeppelin/merkle-tree'));
  ({ keccak256 } = require('ethereum-cryptography/keccak'));
  ({ utf8ToBytes, bytesToHex } = require('ethereum-cryptography/utils'));
} catch (e) {
  fail(`cannot load dependencies (${e.message}); run \`npm ci\` in contracts-solidity`);
}

// ---------------------------------------------------------------------------------------------------------------
// Input

function parseArgs(argv) {
  const args = { file: null, rpc: null, registry: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--rpc') {
      if (i + 1 >= argv.length) fail(`--rpc needs a URL\n${USAGE}`);
      args.rpc = argv[++i];
    } else if (a.startsWith('--rpc=')) args.rpc = a.slice(6);
    else if (a === '--registry') {
      if (i + 1 >= argv.length) fail(`--registry needs an address\n${USAGE}`);
      args.registry = argv[++i];
    } else if (a.startsWith('--registry=')) args.registry = a.slice(11);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a}\n${USAGE}`);
    else if (args.file !== null) fail(`only one proof document at a time\n${USAGE}`);
    else args.file = a;
  }
  if (args.file === null) fail(`no proof document given\n${USAGE}`);
  if (args.rpc !== null) {
    let url;
    try { url = new URL(args.rpc); } catch { fail(`--rpc: not a URL: ${args.rpc}`); }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`--rpc: only http and https URLs, got ${args.rpc}`);
  }
  if (args.registry !== null) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(args.registry)) fail(`--registry: not an address: ${args.registry}`);
    args.registry = args.registry.toLowerCase();
  }
  return args;
}

function readProof(file) {
  let text;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file === '-' ? 'standard input' : file}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`${file === '-' ? 'standard input' : file} is not JSON: ${e.message}`);
  }
}

// Lists every problem at once (JSON pointers, as the gateway's own /verify endpoint does) so a hand-edited
// document can be fixed in one go. Hex is lower-cased on the way: StandardMerkleTree.verify compares the root
// as a string against its own lower-case result, so an upper-case root would otherwise never verify.
function checkProof(p) {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('malformed proof: / must be a JSON object');
  const errors = [];
  const hash = (name, required) => {
    const v = p[name];
    if (v === undefined || v === null) {
      if (required) errors.push(`/${name}: is required: 0x and 64 hex digits`);
      return null;
    }
    if (typeof v !== 'string' || !HASH.test(v)) { errors.push(`/${name}: must be 0x and 64 hex digits`); return null; }
    return v.toLowerCase();
  };
  const integer = (name, min) => {
    const v = p[name];
    if (!Number.isSafeInteger(v) || v < min) errors.push(`/${name}: ${v === undefined ? 'is required:' : 'must be'} an integer from ${min}`);
    return v;
  };
  const text = (name) => {
    const v = p[name];
    if (typeof v !== 'string' || v === '') errors.push(`/${name}: ${v === undefined ? 'is required:' : 'must be'} a non-empty string`);
    return v;
  };

  if (p.version !== undefined && p.version !== 1) errors.push(`/version: unsupported version ${JSON.stringify(p.version)}; this verifier reads version 1`);
  if (p.status !== undefined && !['ANCHORED', 'REVOKED', 'PENDING'].includes(p.status)) errors.push('/status: must be ANCHORED, REVOKED or PENDING');
  if (p.leafEncoding !== undefined && JSON.stringify(p.leafEncoding) !== JSON.stringify(LEAF_ENCODING)) {
    errors.push(`/leafEncoding: must be ${JSON.stringify(LEAF_ENCODING)}`);
  }
  const q = { digest: hash('digest', true), algorithm: text('algorithm'), department: text('department') };
  // A PENDING document carries only the registration; demanding the anchor fields would bury the real problem.
  if (p.status === 'PENDING' && errors.length === 0) return { pending: true, ...q };
  if (p.status === 'PENDING') fail(`malformed proof document:\n  ${errors.join('\n  ')}`);

  q.leaf = hash('leaf', false);
  q.root = hash('root', true);
  q.blockHash = hash('blockHash', true);
  q.txHash = hash('txHash', false); // not checked on chain, but a garbled one hints at a damaged document
  q.path = [];
  if (!Array.isArray(p.path)) errors.push('/path: is required: an array of hashes (empty for a batch of one document)');
  else if (p.path.length > MAX_PATH) errors.push(`/path: at most ${MAX_PATH} hashes, got ${p.path.length}`);
  else p.path.forEach((h, i) => {
    if (typeof h !== 'string' || !HASH.test(h)) errors.push(`/path/${i}: must be 0x and 64 hex digits`);
    else q.path.push(h.toLowerCase());
  });
  q.batchId = integer('batchId', 1);
  q.chainId = integer('chainId', 1);
  q.blockNumber = integer('blockNumber', 0);
  if (typeof p.registry !== 'string' || !ADDRESS.test(p.registry)) errors.push('/registry: is required: 0x and 40 hex digits');
  q.registry = typeof p.registry === 'string' ? p.registry.toLowerCase() : null;
  q.blockTime = p.blockTime ?? null;
  if (q.blockTime !== null && (typeof q.blockTime !== 'string' || !ISO_INSTANT.test(q.blockTime) || Number.isNaN(Date.parse(q.blockTime)))) {
    errors.push('/blockTime: must be an ISO-8601 instant with a zone, e.g. 2026-11-23T14:48:39Z');
  }
  if (errors.length > 0) fail(`malformed proof document:\n  ${errors.join('\n  ')}`);
  return q;
}

// ---------------------------------------------------------------------------------------------------------------
// Chain access. Every way of not getting a straight answer (refused, timed out, HTTP error, JSON-RPC error,
// garbage) becomes Unavailable, which can only ever lead to UNDETERMINED: a flaky node must not make a genuine
// proof look forged.

class Unavailable extends Error {}

let rpcId = 0;
async function rpc(url, method, params, label = method) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), RPC_TIMEOUT_MS);
  let body;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
      signal: controller.signal,
    });
    if (!res.ok) throw new Unavailable(`${label}: HTTP ${res.status} ${res.statusText}`.trim());
    body = await res.json(); // inside the timer too: a node can stall after the headers
  } catch (e) {
    if (e instanceof Unavailable) throw e;
    if (controller.signal.aborted) throw new Unavailable(`${label}: no answer within ${RPC_TIMEOUT_MS / 1000} s`);
    const cause = e.cause && (e.cause.code || e.cause.message);
    throw new Unavailable(`${label}: ${e.message}${cause ? ` (${cause})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
  if (body === null || typeof body !== 'object') throw new Unavailable(`${label}: the answer is not a JSON-RPC object`);
  if (body.error) throw new Unavailable(`${label}: node error ${body.error.code}: ${body.error.message}`);
  if (!('result' in body)) throw new Unavailable(`${label}: the answer has neither result nor error`);
  return body.result;
}

function quantity(method, v) {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw new Unavailable(`${method}: expected a hex quantity, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

// Hand-encoded ABI so the verifier needs no ABI library; both functions only take static words and one bytes32[].
const selector = (signature) => bytesToHex(keccak256(utf8ToBytes(signature))).slice(0, 8);
const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const strip = (h) => h.slice(2);
const VERIFY_INCLUSION = selector('verifyInclusion(bytes32[],bytes32,bytes32)');
const ANCHOR_OF = selector('anchorOf(bytes32)');
const REVOCATION_OF = selector('revocationOf(bytes32)');
const REVOCATION_REASONS = { 1: 'superseded', 2: 'issued-in-error', 3: 'withdrawn', 4: 'fraud', 5: 'other' };

async function call(url, to, data, method, words) {
  const ret = await rpc(url, 'eth_call', [{ to, data: `0x${data}` }, 'latest'], `eth_call ${method}`);
  if (typeof ret !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(ret)) throw new Unavailable(`eth_call ${method}: not hex data: ${JSON.stringify(ret)}`);
  // An address without code answers any call with empty data; so does a contract without this function that has
  // a permissive fallback. Either way no registry answered.
  if (ret.length < 2 + 64 * words) return null;
  return Array.from({ length: words }, (_, i) => BigInt(`0x${ret.slice(2 + 64 * i, 2 + 64 * (i + 1))}`));
}

async function anchorOf(url, q) {
  const w = await call(url, q.registry, ANCHOR_OF + strip(q.root), 'anchorOf', 3);
  return w && { batchId: w[0], blockNumber: w[1], timestamp: w[2] };
}

// ---------------------------------------------------------------------------------------------------------------
// Verification: each step either adds a reason and goes on, or returns a verdict with its last reason.

async function verify(q, rpcUrl, trustedRegistry = null) {
  const reasons = [];
  const done = (result, reason) => ({ result, reasons: reason ? [...reasons, reason] : reasons });

  if (q.pending) {
    return done('UNDETERMINED', 'status is PENDING: the document is registered but its batch is not anchored yet; fetch the proof again later');
  }

  // Offline: the leaf binds digest, algorithm and department together; the path must lead from it to the root.
  const values = [q.digest, q.algorithm, q.department];
  const leaf = StandardMerkleTree.of([values], LEAF_ENCODING).leafHash(values);
  if (q.leaf !== null && q.leaf !== leaf) {
    return done('INVALID', `the leaf ${q.leaf} does not commit to this digest, algorithm and department (expected ${leaf})`);
  }
  reasons.push(`leaf ${leaf} recomputed from digest ${q.digest}, algorithm ${q.algorithm} and department ${q.department}${q.leaf ? ' matches the proof' : ''}`);
  if (!StandardMerkleTree.verify(q.root, LEAF_ENCODING, values, q.path)) {
    return done('INVALID', `the path (${q.path.length} hash${q.path.length === 1 ? '' : 'es'}) does not lead from the leaf to the claimed root ${q.root}`);
  }
  reasons.push(`the path leads from the leaf to root ${q.root}`);

  // The registry the proof names is only as trustworthy as its address: a forger can deploy a look-alike
  // registry. --registry pins the address the verifier trusts (published by the issuing authority).
  if (trustedRegistry !== null && q.registry !== trustedRegistry) {
    return done('INVALID', `the proof names registry ${q.registry}, not the trusted registry ${trustedRegistry}`);
  }

  if (rpcUrl === null) {
    return done('UNDETERMINED', `offline checks passed; give --rpc <url> of a node of chain ${q.chainId} to check the anchor`);
  }

  try {
    const chainId = quantity('eth_chainId', await rpc(rpcUrl, 'eth_chainId', []));
    if (chainId !== BigInt(q.chainId)) return done('UNDETERMINED', `node is on chain ${chainId}, proof names chain ${q.chainId}`);

    const noRegistry = `no registry contract at ${q.registry} on chain ${q.chainId}`;
    const data = VERIFY_INCLUSION + word(0x60) + strip(q.root) + strip(leaf) + word(q.path.length) + q.path.map(strip).join('');
    const included = await call(rpcUrl, q.registry, data, 'verifyInclusion', 1);
    if (included === null) return done('INVALID', noRegistry);
    if (included[0] > 1n) return done('INVALID', `${noRegistry} (verifyInclusion answered a word that is not a bool)`);
    if (included[0] === 0n) {
      // The path is already known to be right, so a "no" almost always means the root was never anchored here;
      // anchorOf only sharpens the message and must not turn a settled INVALID into UNDETERMINED.
      const a = await anchorOf(rpcUrl, q).catch(() => null);
      return done('INVALID', a && a.batchId === 0n
        ? `registry ${q.registry} has no anchor for root ${q.root}`
        : `registry ${q.registry} rejects the path for root ${q.root} (verifyInclusion returned false)`);
    }
    reasons.push(`registry ${q.registry} on chain ${chainId} confirms the inclusion (verifyInclusion)`);

    const a = await anchorOf(rpcUrl, q);
    if (a === null) return done('INVALID', `${noRegistry} (anchorOf answered nothing)`);
    if (a.batchId !== BigInt(q.batchId)) return done('INVALID', `the registry anchored this root as batch ${a.batchId}, the proof says batch ${q.batchId}`);
    if (a.blockNumber !== BigInt(q.blockNumber)) return done('INVALID', `the registry anchored this root in block ${a.blockNumber}, the proof says block ${q.blockNumber}`);

    // The registry records the block number; the block hash ties the proof to this exact chain history, so a
    // block that was reorganised away (or a proof copied from a fork) shows up here.
    const block = await rpc(rpcUrl, 'eth_getBlockByNumber', [`0x${a.blockNumber.toString(16)}`, false]);
    if (block === null || typeof block !== 'object') throw new Unavailable(`eth_getBlockByNumber: the node does not know block ${a.blockNumber}`);
    if (typeof block.hash !== 'string' || !HASH.test(block.hash)) throw new Unavailable(`eth_getBlockByNumber: no block hash in the answer`);
    if (block.hash.toLowerCase() !== q.blockHash) return done('INVALID', `block ${a.blockNumber} has hash ${block.hash.toLowerCase()}, the proof says ${q.blockHash}`);
    const timestamp = quantity('eth_getBlockByNumber', block.timestamp);
    const time = new Date(Number(timestamp) * 1000).toISOString().replace('.000Z', 'Z');
    if (q.blockTime !== null && timestamp * 1000n !== BigInt(Date.parse(q.blockTime))) {
      return done('INVALID', `block ${a.blockNumber} has time ${time}, the proof says ${q.blockTime}`);
    }
    reasons.push(`anchored as batch ${a.batchId} in block ${a.blockNumber} (hash ${q.blockHash}) at ${time}`);

    // The registry's revocation record decides, whatever the proof document says about revocation.
    const r = await call(rpcUrl, q.registry, REVOCATION_OF + strip(leaf), 'revocationOf', 4);
    if (r === null) return done('UNDETERMINED', `registry ${q.registry} cannot say whether the document was revoked (no revocationOf)`);
    if (r[0] !== 0n) {
      const reason = REVOCATION_REASONS[Number(r[0])] || `code ${r[0]}`;
      const at = new Date(Number(r[1]) * 1000).toISOString().replace('.000Z', 'Z');
      const replacement = r[3] === 0n ? '' : `; replaced by leaf 0x${r[3].toString(16).padStart(64, '0')}`;
      return done('REVOKED', `the issuing department revoked the document (${reason}) at ${at} in block ${r[2]}${replacement}`);
    }
    reasons.push('the registry records no revocation of this document');
    return done('VALID');
  } catch (e) {
    if (!(e instanceof Unavailable)) throw e;
    return done('UNDETERMINED', `the chain could not be asked: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const EXIT = { VALID: 0, INVALID: 1, UNDETERMINED: 3, REVOKED: 4 };

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const outcome = await verify(checkProof(readProof(args.file)), args.rpc, args.registry);
  const out = args.json
    ? `${JSON.stringify(outcome)}\n`
    : `${outcome.result}\n${outcome.reasons.map((r) => `- ${r}\n`).join('')}`;
  // Exit explicitly once stdout is flushed: fetch keeps idle connections open for a few seconds otherwise.
  process.stdout.write(out, () => process.exit(EXIT[outcome.result]));
}

main().catch((e) => fail(`internal error: ${e && e.stack ? e.stack : e}`));
