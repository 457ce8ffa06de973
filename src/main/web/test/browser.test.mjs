// The library as a browser runs it: the minified browser bundle (target/web/anchor-verify-lib.min.mjs, from
// `npm run build:lib`) in headless Chromium, under a Content-Security-Policy without 'unsafe-eval', verifying
// shared vectors offline and against the replayed chain (fetch from the page to anvil), and hashing a document
// with WebCrypto. Skipped, with the reason printed, where Debian's chromium is not installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO, anvilAvailable, freePort, replayChain } from './support/anvil.mjs';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const BUNDLE = join(REPO, 'target', 'web', 'anchor-verify-lib.min.mjs');
const file = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'proof-vectors.json'), 'utf8'));
const IDS = ['bft-ibft2-final-offline', 'offline-without-seals', 'valid-batch-of-3-sm3', 'signed-sm2', 'signed-ed25519', 'revoked-with-replacement', 'pending', 'tampered-leaf'];

let node;
let server;
let base;
const profile = mkdtempSync(join(tmpdir(), 'anchor-verify-chromium-'));

const skip = CHROMIUM === undefined ? 'chromium is not installed (apt-get install chromium)' : false;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build first`);
  assert.ok(anvilAvailable(), 'anvil is missing: run npm ci in contracts-solidity (or set ANVIL)');
  node = await replayChain(file.chain);
  const cases = IDS.map((id) => {
    const v = file.vectors.find((x) => x.id === id);
    return { id, proof: v.proof, trust: v.trust, document: v.document, rpc: v.network === 'chain', expect: v.expect };
  });
  const script = `
import { verifyProof, hashDocument, VERDICTS } from './lib.mjs';
const cases = ${JSON.stringify(cases)};
const results = {};
for (const c of cases) {
  const document = c.document === undefined ? undefined : Uint8Array.from(atob(c.document), (ch) => ch.charCodeAt(0));
  try {
    const a = await verifyProof(c.proof, { rpcUrl: c.rpc ? ${JSON.stringify(node.url)} : undefined, trust: c.trust, document });
    results[c.id] = a.result + ' ' + a.code;
  } catch (e) {
    results[c.id] = 'threw ' + e;
  }
}
results.sha256 = await hashDocument(new TextEncoder().encode('abc'), 'sha256');
results.sm3 = await hashDocument(new TextEncoder().encode('abc'), 'sm3');
results.verdicts = VERDICTS.join(',');
const out = document.createElement('pre');
out.id = 'results';
out.textContent = JSON.stringify(results);
document.body.append(out);
`;
  const csp = `default-src 'none'; script-src 'self'; connect-src ${node.url}`;
  const pages = {
    '/': ['text/html', `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><script type="module" src="/main.mjs"></script></head><body></body></html>`],
    '/main.mjs': ['text/javascript', script],
    '/lib.mjs': ['text/javascript', readFileSync(BUNDLE, 'utf8')],
  };
  server = createServer((req, res) => {
    const page = pages[req.url];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': page[0], 'content-security-policy': csp }).end(page[1]);
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  if (node) await node.stop();
  if (server) await new Promise((resolve) => server.close(resolve));
  rmSync(profile, { recursive: true, force: true });
});

test('browser bundle in headless Chromium under a CSP without eval: vectors offline and on chain, WebCrypto hashing', { skip }, async () => {
  const dom = await new Promise((resolve, reject) => {
    execFile(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--virtual-time-budget=30000', '--dump-dom', base],
    { timeout: 90_000, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
  const match = dom.match(/<pre id="results">([^<]*)<\/pre>/);
  assert.ok(match, `no results in the page: ${dom.slice(0, 500)}`);
  const results = JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  for (const id of IDS) {
    const v = file.vectors.find((x) => x.id === id);
    assert.equal(results[id], `${v.expect.result} ${v.expect.code}`, id);
  }
  assert.equal(results.sha256, '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(results.sm3, '0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.equal(results.verdicts, 'VALID,INVALID,REVOKED,PENDING,UNDETERMINED');
});
