// Test support: a local anvil node replaying a recorded chain (docs/vectors/README.md), and free ports.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const WEB = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const REPO = join(WEB, '..', '..', '..');

/** The anvil binary that `npm ci` in contracts-solidity installs; ANVIL overrides it. */
export const ANVIL = process.env.ANVIL ?? join(REPO, 'contracts-solidity', 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');

export function anvilAvailable() {
  return existsSync(ANVIL);
}

/** A TCP port on 127.0.0.1 that was free a moment ago (never 8080 or 8545: the OS picks from its ephemeral range). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A JSON-RPC call that throws on any error. */
export async function rpc(url, method, params = []) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/**
 * Starts anvil with `args` plus a free port; resolves when it answers. `stop()` kills that process only.
 * @returns {Promise<{url: string, stop: () => Promise<void>}>}
 */
export async function startAnvil(args) {
  const port = await freePort();
  const child = spawn(ANVIL, [...args, '--port', String(port), '--host', '127.0.0.1', '--silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr}`);
    try {
      await rpc(url, 'eth_chainId');
      return { url, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`anvil did not answer on ${url}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Rebuilds a recorded chain on a fresh anvil: for each block its raw transactions in order, then evm_mine at its
 * timestamp; every block hash must equal the recorded one.
 * @param {{anvilArgs: string[], blocks: {number: number, timestamp: number, transactions: string[], hash: string}[]}} chain
 */
export async function replayChain(chain) {
  const node = await startAnvil(chain.anvilArgs);
  try {
    for (const block of chain.blocks) {
      for (const tx of block.transactions) await rpc(node.url, 'eth_sendRawTransaction', [tx]);
      await rpc(node.url, 'evm_mine', [block.timestamp]);
      const mined = await rpc(node.url, 'eth_getBlockByNumber', [`0x${block.number.toString(16)}`, false]);
      if (mined === null || mined.hash !== block.hash) {
        throw new Error(`replayed block ${block.number} has hash ${mined && mined.hash}, recorded ${block.hash}: another anvil version, or a stale vectors file`);
      }
      if (mined.transactions.length !== block.transactions.length) throw new Error(`replayed block ${block.number} holds ${mined.transactions.length} transactions, recorded ${block.transactions.length}`);
    }
    return node;
  } catch (e) {
    await node.stop();
    throw e;
  }
}
