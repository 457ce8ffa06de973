// Signed receipts on the verification page (docs/verification-page.md): the standalone page, opened from disk in
// Chromium, given a receipt pasted or as a file and the JWK set file the reader chooses. Every shared receipt vector
// (docs/vectors/receipt-vectors.json) goes through the page and must get the library's answer: a receipt alone is
// the receipt's verdict, a receipt with a proof is check 4a, a receipt that is not one is an error on its field.
// A valid receipt alone, a tampered one and one with its proof are shown in English and Chinese, with screenshots,
// axe-core, the 320 px reflow check and no request at all beyond the page's own files. Needs no chain and no gateway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../support/anvil.mjs';
import {
  CHROMIUM, READERS, PHONE, DESKTOP, launch, open, verdictOf, axeViolations, formatViolations, overflowsHorizontally,
  foreignRequests, screenshot,
} from './browser.mjs';

const STANDALONE = process.env.PAGE_STANDALONE || join(REPO, 'target', 'verification-page', 'index.html');
const SCREENSHOTS = process.env.PAGE_SCREENSHOTS || join(REPO, 'target', 'page-screenshots');
const ci = process.env.CI === 'true';
const skip = !existsSync(CHROMIUM) && !ci ? `no Chromium at ${CHROMIUM}: receipts on the page were NOT checked` : false;
if (skip) console.error(`!!! ${skip}`);

const file = JSON.parse(readFileSync(join(REPO, 'docs', 'vectors', 'receipt-vectors.json'), 'utf8'));
const vector = (desc) => {
  const v = file.vectors.find((x) => x.desc === desc);
  assert.ok(v, `no receipt vector "${desc}"`);
  return v;
};
const JWKS = { name: 'receipt-keys.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file.keys)) };
const json = (name, value) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });
// The page takes a pasted receipt without the white space around it (what pasting and a file's last line bring):
// these two vectors, malformed for the library, are the same receipt as a valid vector once trimmed.
const TRIMMED = new Set(["a trailing newline (a file's: the command-line verifiers strip it, the rest do not)", 'a leading space']);

let browser = null;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (CI=true: it must run)`);
  assert.ok(existsSync(STANDALONE), `${STANDALONE} is missing: npm run build:page`);
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
});

/** Fills the form on the standalone page: the receipt (pasted, or as a file), the keys, and a proof or document. */
async function give(page, { receipt, receiptFile, proof, document, keys = JWKS }) {
  await page.goto(pathToFileURL(STANDALONE).href);
  await page.locator('#mode').filter({ hasText: /without a service|未连接服务/ }).waitFor();
  if (receipt !== undefined) await page.locator('#receipt').fill(receipt);
  if (receiptFile !== undefined) await page.setInputFiles('#receipt-file', { name: 'receipt.jws', mimeType: 'text/plain', buffer: Buffer.from(receiptFile) });
  if (keys) await page.setInputFiles('#jwks', keys);
  if (proof) await page.setInputFiles('#proof', json('proof.json', proof));
  if (document !== undefined) await page.setInputFiles('#document-file', { name: 'document.txt', mimeType: 'text/plain', buffer: Buffer.from(document) });
  await page.getByRole('button', { name: /^(Check|核验)$/ }).click();
}

/** A state in each language: asserted, screenshot at phone and desktop width, reflow, axe-core, no request out. */
async function inEveryLanguage(name, input, expect) {
  const failures = [];
  for (const lang of ['en', 'zh']) {
    const { context, page, requests, problems } = await open(browser, { reader: READERS[lang], viewport: PHONE });
    try {
      await give(page, input);
      await expect(page, lang);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-Hans' : 'en');
      await screenshot(page, SCREENSHOTS, `${name}-${lang}-phone`);
      await page.setViewportSize(DESKTOP);
      await screenshot(page, SCREENSHOTS, `${name}-${lang}-desktop`);
      await page.setViewportSize({ width: 320, height: 640 });
      if (await overflowsHorizontally(page)) failures.push(`${name} (${lang}): scrolls sideways at 320 px`);
      await page.setViewportSize(PHONE);
      const violations = await axeViolations(page);
      if (violations.length) failures.push(`${name} (${lang}) axe-core violations:\n${formatViolations(violations)}`);
      const foreign = foreignRequests(requests, []);
      if (foreign.length) failures.push(`${name} (${lang}): requests beyond the page: ${foreign.join(', ')}`);
      if (problems.length) failures.push(`${name} (${lang}): ${problems.join('; ')}`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
}

const VALID = vector('a receipt signed with the signing key');
const WITH_PROOF = vector('the pending proof that names this receipt');

/** The receipt with the first character of its signature changed: still 64 bytes, no longer the gateway's. */
function tampered(jws) {
  const [header, payload, signature] = jws.split('.');
  return `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
}

test('a valid receipt alone: VALID, what it states, receivedAt as the service’s statement, the document PENDING', { skip }, async () => {
  const payload = JSON.parse(Buffer.from(VALID.receipt.split('.')[1], 'base64url').toString('utf8'));
  await inEveryLanguage('receipt-valid', { receipt: VALID.receipt }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'VALID');
    const panel = page.locator('#result .panel');
    assert.equal(await panel.getAttribute('data-kind'), 'receipt');
    assert.match(await panel.innerText(), lang === 'zh' ? /回执有效[\s\S]*已登记，尚未上链/ : /Receipt valid[\s\S]*status is Pending/);
    const details = await page.locator('#result .summary-list').innerText();
    for (const value of [payload.id, payload.digest, payload.department, payload.iss, payload.leaf, payload.registry, String(payload.chainId)]) {
      assert.ok(details.includes(value), `shows ${value}`);
    }
    assert.match(details, lang === 'zh' ? /收到时间（服务所述）[\s\S]*UTC/ : /Received \(the service’s statement\)[\s\S]*UTC/);
    assert.match(details, lang === 'zh' ? /已登记，尚未上链/ : /Pending: registered with the service/);
    assert.ok(details.includes(file.keys.keys[0].kid), 'the key it was signed with');
    assert.match(await page.locator('#result .note').innerText(), lang === 'zh' ? /区块链上没有任何记录支持/ : /Nothing on the blockchain backs it/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'result-title', 'focus moves to the answer');
    assert.match(await page.locator('#announce').textContent(), lang === 'zh' ? /回执有效/ : /Receipt valid/);
  });
});

test('a tampered receipt alone: INVALID, the signature does not hold', { skip }, async () => {
  await inEveryLanguage('receipt-tampered', { receipt: tampered(VALID.receipt) }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'INVALID');
    const panel = page.locator('#result .panel');
    assert.equal(await panel.getAttribute('data-code'), 'receipt-signature-invalid');
    assert.match(await panel.innerText(), lang === 'zh' ? /回执无效[\s\S]*回执签名无效/ : /Receipt not valid[\s\S]*signature is not valid/);
    assert.match(await page.locator('#result .note').innerText(), lang === 'zh' ? /未经确认/ : /not confirmed/);
    assert.doesNotMatch(await page.locator('#result .summary-list').innerText(), /Pending|尚未上链/, 'no status from a receipt that does not hold');
  });
});

test('a receipt with the proof that names it: check 4a passed', { skip }, async () => {
  await inEveryLanguage('receipt-with-proof', { receiptFile: `${WITH_PROOF.receipt}\n`, proof: WITH_PROOF.proof }, async (page, lang) => {
    // No node is given: the proof is PENDING (offline), and its receipt is checked offline.
    assert.equal(await verdictOf(page), WITH_PROOF.proof.status === 'PENDING' ? 'PENDING' : 'UNDETERMINED');
    assert.equal(await page.locator('#result .panel').getAttribute('data-kind'), 'result');
    const check = page.locator('[data-check="receipt"]');
    assert.equal(await check.getAttribute('data-outcome'), 'passed');
    assert.equal(await check.getAttribute('data-code'), 'receipt-matches');
    assert.match(await check.innerText(), lang === 'zh' ? /网关签署的回执有效，且正是此证明所指明的回执/ : /signed receipt is valid and is the one this proof names/);
  });
});

test('every shared receipt vector on the page gets the library’s answer', { skip }, async () => {
  const failures = [];
  const { context, page, problems } = await open(browser);
  try {
    for (const v of file.vectors) {
      await give(page, { receipt: v.receipt, proof: v.proof, document: v.document });
      const summary = page.locator('#error-summary');
      const panel = page.locator('#result .panel');
      await Promise.race([summary.waitFor({ state: 'visible', timeout: 20000 }), panel.waitFor({ state: 'visible', timeout: 20000 })]);
      const error = await summary.isVisible() ? await page.locator('#error-summary a').getAttribute('href') : null;
      let got;
      if (error) got = `error ${error}`;
      else if (await panel.getAttribute('data-kind') === 'receipt') got = `${await panel.getAttribute('data-verdict')} ${await panel.getAttribute('data-code')}`;
      else {
        const check = page.locator('[data-check="receipt"]');
        got = `${await panel.getAttribute('data-verdict')} ${await check.getAttribute('data-outcome')} ${await check.getAttribute('data-code')}`;
      }
      let want;
      // An empty receipt (or white space only) is no input at all: the page asks for something to check.
      if (v.wantErr) want = TRIMMED.has(v.desc) ? 'VALID receipt-valid' : v.receipt.trim() === '' ? 'error #document-file' : 'error #receipt';
      else if (!v.proof) want = `${v.expect.result} ${v.expect.code}`;
      else if (v.expect.result === 'VALID') want = `PENDING passed ${v.proof.receiptId !== undefined ? 'receipt-matches' : 'receipt-matches-document'}`;
      else want = `INVALID failed ${v.expect.code}`;
      if (got !== want) failures.push(`${v.desc}: the page says ${got}, expected ${want}`);
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(problems, []);
});

test('what is not a receipt or a key set, or a receipt without keys, is an error on its field, never a verdict', { skip }, async () => {
  const { context, page, problems } = await open(browser);
  try {
    const expectError = async (field, pattern) => {
      const summary = page.locator('#error-summary');
      await summary.waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
      assert.equal(await page.locator('#error-summary a').getAttribute('href'), `#${field}`);
      assert.match(await page.locator(`#${field}-error`).innerText(), pattern);
      assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#result').isHidden(), true);
    };
    await give(page, { receipt: 'hello, this is no receipt' });
    await expectError('receipt', /not a signed receipt/);
    await give(page, { receipt: VALID.receipt, keys: null });
    await expectError('jwks', /Choose the receipt keys file/);
    await give(page, { receipt: VALID.receipt, keys: json('keys.json', { keys: [] }) });
    await expectError('jwks', /not a set of receipt keys/);
    await give(page, { receipt: VALID.receipt, keys: { name: 'keys.json', mimeType: 'application/json', buffer: Buffer.from('{not json') } });
    await expectError('jwks', /not a set of receipt keys/);
    await give(page, { receipt: VALID.receipt, receiptFile: VALID.receipt });
    await expectError('receipt-file', /paste it or choose its file, not both/);
    // The error link moves the focus to the field, by keyboard.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'receipt-file');
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});
