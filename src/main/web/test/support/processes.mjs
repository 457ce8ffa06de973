// Test support: running the verifier as a real process.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, WEB } from './anvil.mjs';

export const CLI = join(WEB, 'cli', 'verify.mjs');
export const WRAPPER = join(REPO, 'contracts-solidity', 'scripts', 'verify-proof.cjs');

/**
 * The bundle `npm run build` writes to target/anchor-verify.mjs, copied alone into an empty temporary directory,
 * so a run proves it needs nothing beside it (no node_modules up the tree).
 */
export const BUNDLE = (() => {
  const built = join(REPO, 'target', 'anchor-verify.mjs');
  if (!existsSync(built)) return built; // the run fails and says where it looked: run `npm run build` first
  const copy = join(mkdtempSync(join(tmpdir(), 'anchor-verify-bundle-')), 'anchor-verify.mjs');
  copyFileSync(built, copy);
  return copy;
})();

/** Runs `node program ...args` with `input` on standard input; resolves with exit code, stdout and stderr. */
export function cli(program, args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: tmpdir() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
