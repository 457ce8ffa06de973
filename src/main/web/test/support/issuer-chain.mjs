// Test support: a fresh anvil with the real compiled IssuerRegistry and an AnchorRegistry that names it, written
// through the contracts' own functions (transactions from anvil's first unlocked account), and proof documents of
// documents anchored there. Needs contracts-solidity/out (npm run build in contracts-solidity).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { REPO, rpc, startAnvil } from './anvil.mjs';
import { leafHash } from '../../lib/merkle.js';
import { signedMessage, revocationMessage } from '../../lib/signature.js';

const OUT = join(REPO, 'contracts-solidity', 'out', 'web3j');
export const contractsBuilt = () => existsSync(join(OUT, 'IssuerRegistry.bin')) && existsSync(join(OUT, 'AnchorRegistry.bin'));

const hex = (b) => Buffer.from(b).toString('hex');
const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const padRight = (h) => h.padEnd(Math.ceil(h.length / 64) * 64, '0');

/**
 * ABI encoding of the argument kinds the tests pass: uint (number|bigint), address, bytes32 ('0x…'), string,
 * bytes (Uint8Array), as `[type, value]` pairs.
 */
export function abiEncode(args) {
  const head = [];
  const tails = [];
  let offset = 32 * args.length;
  for (const [type, value] of args) {
    if (type === 'string' || type === 'bytes') {
      const body = type === 'string' ? Buffer.from(value, 'utf8').toString('hex') : hex(value);
      head.push(word(offset));
      const tail = word(body.length / 2) + padRight(body);
      tails.push(tail);
      offset += tail.length / 2;
    } else if (type === 'address' || type === 'bytes32') {
      head.push(value.slice(2).toLowerCase().padStart(64, '0'));
    } else {
      head.push(word(value));
    }
  }
  return head.join('') + tails.join('');
}

const selector = (sig) => hex(keccak_256(Buffer.from(sig))).slice(0, 8);
export const calldata = (sig, args) => `0x${selector(sig)}${abiEncode(args)}`;

/** A department key made in Node: the canonical SPKI, its fingerprint, and a signer. */
export function makeKey(algorithm) {
  const { publicKey, privateKey } = algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const digest = createHash('sha256').update(spki).digest('hex');
  return {
    algorithm,
    registryAlgorithm: algorithm === 'ed25519' ? 2 : 1,
    spki: new Uint8Array(spki),
    pem: publicKey.export({ type: 'spki', format: 'pem' }),
    fingerprint: `sha256:${digest}`,
    fingerprintHex: `0x${digest}`,
    sign: (message) => new Uint8Array(sign(algorithm === 'ed25519' ? null : 'sha256', message, privateKey)),
  };
}

/**
 * A fresh anvil (chain 1337, mined by the test, one transaction a block) with an IssuerRegistry and an AnchorRegistry naming it; `at(seconds)` sets
 * the next block's time, `send` mines one transaction in a block of its own and checks it succeeded.
 */
export async function issuerChain({ start = 1_767_225_600, issuerRegistry = true } = {}) {
  const node = await startAnvil(['--chain-id', '1337', '--hardfork', 'london', '--timestamp', String(start), '--gas-price', '0', '--base-fee', '0', '--no-mining', '--order', 'fifo']);
  const [from] = await rpc(node.url, 'eth_accounts');
  // Every block is mined at a time the test chose: `next`, 10 s after the previous block unless `at` says.
  let next = start + 10;
  const at = (seconds) => {
    next = seconds;
  };
  const send = async (tx) => {
    const hash = await rpc(node.url, 'eth_sendTransaction', [{ from, gas: '0x1c9c380', ...tx }]);
    await rpc(node.url, 'evm_mine', [next]);
    const receipt = await rpc(node.url, 'eth_getTransactionReceipt', [hash]);
    if (receipt === null || receipt.status !== '0x1') throw new Error(`transaction ${hash} failed: ${JSON.stringify(receipt)}`);
    next = Number(BigInt((await rpc(node.url, 'eth_getBlockByNumber', [receipt.blockNumber, false])).timestamp)) + 10;
    return receipt;
  };
  const deploy = async (name, args) => {
    const bin = readFileSync(join(OUT, `${name}.bin`), 'utf8').trim().replace(/^0x/, '');
    const receipt = await send({ data: `0x${bin}${abiEncode(args)}` });
    return receipt.contractAddress.toLowerCase();
  };
  const issuer = issuerRegistry ? await deploy('IssuerRegistry', [['uint', 0], ['address', from], ['address', from]]) : `0x${'00'.repeat(20)}`;
  const registry = await deploy('AnchorRegistry', [['uint', 0], ['address', from], ['address', from], ['address', issuer]]);
  let batchId = 0;

  const chain = {
    url: node.url,
    stop: () => node.stop(),
    registry,
    issuer,
    /** The time the next transaction's block will have. */
    get nextTime() { return next; },
    at,
    send,
    issuerTx: (sig, args) => send({ to: issuer, data: calldata(sig, args) }),
    registerDepartment: (code, nameZh, nameEn) => chain.issuerTx('registerDepartment(string,string,string)', [['string', code], ['string', nameZh], ['string', nameEn]]),
    suspendDepartment: (code, from) => chain.issuerTx('suspendDepartment(string,uint64)', [['string', code], ['uint', from]]),
    registerKey: (code, k, validFrom = next) => chain.issuerTx('registerKey(string,uint8,bytes,uint64)', [['string', code], ['uint', k.registryAlgorithm], ['bytes', k.spki], ['uint', validFrom]]),
    revokeKey: (code, k, reason, effectiveAt) => chain.issuerTx('revokeKey(string,bytes32,uint8,uint64)', [['string', code], ['bytes32', k.fingerprintHex], ['uint', reason], ['uint', effectiveAt]]),

    /**
     * Anchors one document as a batch of its own (root = leaf) and returns its proof; `key` signs the submission.
     * @param {{department: string, key?: ReturnType<typeof makeKey>, digest?: string}} doc
     */
    async anchor({ department, key, digest = `0x${hex(keccak_256(Buffer.from(`${department}-${batchId}-${Math.random()}`)))}` }) {
      const leaf = leafHash(digest, 'sha256', department);
      batchId += 1;
      const receipt = await send({ to: registry, data: calldata('anchor(uint64,bytes32,uint32)', [['uint', batchId], ['bytes32', leaf], ['uint', 1]]) });
      const block = await rpc(node.url, 'eth_getBlockByNumber', [receipt.blockNumber, false]);
      const proof = {
        version: 2, status: 'ANCHORED', digest, algorithm: 'sha256', department, leafEncoding: ['bytes32', 'string', 'string'], leaf,
        path: [], root: leaf, batchId, chainId: 1337, registry, txHash: receipt.transactionHash, blockNumber: Number(BigInt(receipt.blockNumber)),
        blockHash: block.hash, blockTime: new Date(Number(BigInt(block.timestamp)) * 1000).toISOString().replace('.000Z', 'Z'),
      };
      if (key) proof.signature = chain.signature(key, department, digest);
      return proof;
    },

    /** A proof's `signature` object made with `key`. */
    signature: (key, department, digest) => ({
      algorithm: key.algorithm, publicKeyFingerprint: key.fingerprint, publicKey: key.pem,
      value: Buffer.from(key.sign(signedMessage(department, 'sha256', digest))).toString('base64'),
    }),

    /** A PENDING proof of a document not anchored yet. */
    pending({ department, key }) {
      const digest = `0x${hex(keccak_256(Buffer.from(`pending-${department}-${Math.random()}`)))}`;
      const proof = {
        version: 2, status: 'PENDING', digest, algorithm: 'sha256', department, leaf: leafHash(digest, 'sha256', department),
        receivedAt: '2026-01-01T00:00:20Z', expectedAnchoringBy: '2026-01-01T00:00:22Z', chainId: 1337, registry,
      };
      if (key) proof.signature = chain.signature(key, department, digest);
      return proof;
    },

    /** Revokes a leaf unsigned (reason 1 to 5), or signed by `key` (`signature` overrides the made one). */
    revoke: (leaf, reason, replacementLeaf = `0x${'00'.repeat(32)}`) => send({ to: registry, data: calldata('revoke(bytes32,uint8,bytes32)', [['bytes32', leaf], ['uint', reason], ['bytes32', replacementLeaf]]) }),
    revokeSigned(leaf, department, reason, key, { replacementLeaf = `0x${'00'.repeat(32)}`, signature } = {}) {
      const value = signature ?? key.sign(revocationMessage(department, leaf, reason, replacementLeaf));
      return send({ to: registry, data: calldata('revokeSigned(bytes32,uint8,bytes32,bytes32,bytes)', [['bytes32', leaf], ['uint', reason], ['bytes32', replacementLeaf], ['bytes32', key.fingerprintHex], ['bytes', value]]) });
    },
  };
  return chain;
}
