// The shared proof vectors through the library exactly as the page bundles it (window.AnchorVerifier in
// target/verification-page/assets/verify.js), inside Chromium, against the recorded chain replayed on anvil:
// the page must agree with every other verifier. Held to the vectors as test/proof-vectors.test.mjs holds Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, anvilAvailable, freePort, replayChain } from '../support/anvil.mjs';
import { file, expected, mismatches } from '../support/vectors.mjs';
import { CHROMIUM, launch } from './browser.mjs';

const STANDALONE = process.env.PAGE_STANDALONE || join(REPO, 'target', 'verification-page', 'index.html');
const ci = process.env.CI === 'true';
const skip = !existsSync(CHROMIUM) && !ci ? `no Chromium at ${CHROMIUM}: the page's bundle was NOT checked against the vectors` : false;
if (skip) console.error(`!!! ${skip}`);

let node = null;
let closedUrl = null;
let browser = null;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (CI=true: it must run)`);
  assert.ok(existsSync(STANDALONE), `${STANDALONE} is missing: npm run build:page`);
  assert.ok(anvilAvailable(), 'anvil is missing: run npm ci in contracts-solidity (or set ANVIL)');
  node = await replayChain(file.chain);
  closedUrl = `http://127.0.0.1:${await freePort()}`;
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (node) await node.stop();
});

async function openPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(STANDALONE).href);
  await page.waitForFunction(() => typeof window.AnchorVerifier?.verifyProof === 'function');
  return { context, page };
}

test('page bundle in Chromium: every vector gives the expected result, code and check codes', { skip }, async () => {
  const { context, page } = await openPage();
  try {
    const cases = file.vectors.map((v) => ({
      id: v.id,
      proof: v.proof,
      trust: v.trust,
      document: v.document,
      rpcUrl: v.network === 'chain' ? node.url : v.network === 'unreachable' ? closedUrl : undefined,
    }));
    const answers = await page.evaluate(async (all) => {
      const out = {};
      for (const c of all) {
        const document = c.document === undefined ? undefined : Uint8Array.from(atob(c.document), (ch) => ch.charCodeAt(0));
        try {
          out[c.id] = await window.AnchorVerifier.verifyProof(c.proof, { rpcUrl: c.rpcUrl, trust: c.trust, document, timeoutMs: 5000 });
        } catch (e) {
          out[c.id] = { result: `threw ${e && e.name}: ${e && e.message}`, code: '', checks: [] };
        }
      }
      return out;
    }, cases);
    const failures = [];
    for (const v of file.vectors) {
      const m = mismatches(expected(v), answers[v.id]);
      if (m.length) failures.push(`${v.id}: ${m.join('; ')}`);
    }
    assert.deepEqual(failures, []);
  } finally {
    await context.close();
  }
});

test('page bundle in Chromium: every malformed document is refused with the expected pointer, as an object and as text', { skip }, async () => {
  const { context, page } = await openPage();
  try {
    const results = await page.evaluate((all) => all.map((m) => ({
      id: m.id,
      object: window.AnchorVerifier.validateProof(m.proof),
      text: window.AnchorVerifier.parseProofText(JSON.stringify(m.proof)),
    })), file.malformed);
    const failures = [];
    for (const [i, m] of file.malformed.entries()) {
      for (const how of ['object', 'text']) {
        const r = results[i][how];
        if (r.ok) failures.push(`${m.id} (${how}): accepted`);
        else if (!r.errors.some((e) => e.pointer === m.expect.pointer)) {
          failures.push(`${m.id} (${how}): pointers ${JSON.stringify(r.errors.map((e) => e.pointer))}, expected ${m.expect.pointer}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    await context.close();
  }
});
