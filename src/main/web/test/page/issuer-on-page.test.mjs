// The issuer on the verification page (docs/verification-page.md): the standalone page, opened from disk in
// Chromium, checks vector proofs against the recorded chain replayed on anvil, whose registry names an issuer
// registry. The department's name shown is the chain's, in the reader's language, never the proof's
// `departmentName`; a signature by a key the chain does not tie to the department is INVALID with the reason; the
// key's status and who revoked are shown. Each state in both languages, with axe-core and the 320 px reflow check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, anvilAvailable, replayChain } from '../support/anvil.mjs';
import { file } from '../support/vectors.mjs';
import { CHROMIUM, READERS, PHONE, launch, open, verdictOf, axeViolations, formatViolations, overflowsHorizontally, foreignRequests } from './browser.mjs';

const STANDALONE = process.env.PAGE_STANDALONE || join(REPO, 'target', 'verification-page', 'index.html');
const ci = process.env.CI === 'true';
const skip = !existsSync(CHROMIUM) && !ci ? `no Chromium at ${CHROMIUM}: the issuer on the page was NOT checked` : false;
if (skip) console.error(`!!! ${skip}`);

const vector = (id) => file.vectors.find((v) => v.id === id);
const DOCTORED = '伪造的部门 Forged Ministry';
let node = null;
let browser = null;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (CI=true: it must run)`);
  assert.ok(existsSync(STANDALONE), `${STANDALONE} is missing: npm run build:page`);
  assert.ok(anvilAvailable(), 'anvil is missing: run npm ci in contracts-solidity (or set ANVIL)');
  node = await replayChain(file.chain);
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (node) await node.stop();
});

/** Checks `proof` on the standalone page in each language and hands the result's parts to `expect`. */
async function inEveryLanguage(proof, expect) {
  const failures = [];
  for (const lang of ['en', 'zh']) {
    const { context, page, requests, problems } = await open(browser, { reader: READERS[lang], viewport: PHONE });
    try {
      await page.goto(pathToFileURL(STANDALONE).href);
      await page.setInputFiles('#proof', { name: 'proof.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(proof)) });
      await page.locator('#rpc').fill(node.url);
      await page.getByRole('button', { name: /^(Check|核验)$/ }).click();
      const verdict = await verdictOf(page);
      // What the page says as the answer: everything but the folded technical evidence, which lists the proof's
      // fields as they are.
      const shown = await page.locator('#result').evaluate((el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('details.evidence').forEach((d) => d.remove());
        return copy.textContent;
      });
      const details = await page.locator('#result .summary-list').innerText();
      await expect({ lang, verdict, shown, details, page });
      await page.setViewportSize({ width: 320, height: 640 });
      if (await overflowsHorizontally(page)) failures.push(`${lang}: scrolls sideways at 320 px`);
      await page.setViewportSize(PHONE);
      const violations = await axeViolations(page);
      if (violations.length) failures.push(`${lang} axe-core violations:\n${formatViolations(violations)}`);
      const foreign = foreignRequests(requests, [new URL(node.url).origin]);
      if (foreign.length) failures.push(`${lang}: requests beyond the node: ${foreign.join(', ')}`);
      if (problems.length) failures.push(`${lang}: ${problems.join('; ')}`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
}

test('a proof whose departmentName is doctored: the page names the department as the chain registers it', { skip }, async () => {
  // departmentName is a field of version 1 proofs only (ignored, never checked); version 2 refuses it.
  const v = vector('valid-version-1');
  const proof = { ...v.proof, departmentName: DOCTORED };
  const chainNames = vector('valid-batch-of-1').expect.issuer.department;
  assert.equal(v.proof.department, chainNames.code);
  await inEveryLanguage(proof, async ({ lang, verdict, shown, details }) => {
    assert.equal(verdict, 'VALID', lang);
    const name = lang === 'zh' ? chainNames.nameZh : chainNames.nameEn;
    assert.ok(shown.includes(name), `${lang}: the chain's name ${name}`);
    assert.ok(!shown.includes('伪造') && !shown.includes('Forged'), `${lang}: the proof's departmentName is not shown as the issuer`);
    assert.match(details, lang === 'zh' ? /民政局（CIVIL）/ : /Civil Affairs Bureau \(CIVIL\)/);
    assert.match(details, lang === 'zh' ? /登记此文件时处于正常状态/ : /active when the document was registered/);
  });
});

test('a signed proof: the key as the chain records it, valid when the document was registered', { skip }, async () => {
  const v = vector('signed-ecdsa-p256');
  await inEveryLanguage(v.proof, async ({ lang, verdict, details }) => {
    assert.equal(verdict, 'VALID', lang);
    assert.match(details, lang === 'zh' ? /住房和城乡建设局（SIGNED）/ : /Housing and Construction Bureau \(SIGNED\)/);
    assert.match(details, lang === 'zh' ? /密钥 sha256:83e…\S+（ecdsa-p256）.*登记此文件时有效/ : /Key sha256:83e…\S+ \(ecdsa-p256\), valid from .*: it was valid when the document was registered/);
  });
});

test('a signature forged with a fresh key: INVALID, saying the key does not belong to the department', { skip }, async () => {
  await inEveryLanguage(vector('issuer-forged-signature-fresh-key').proof, async ({ lang, verdict, shown, details, page }) => {
    assert.equal(verdict, 'INVALID', lang);
    assert.match(await page.locator('#result .panel').innerText(), lang === 'zh' ? /签名密钥不属于该部门/ : /signed with a key that does not belong to the department/);
    assert.equal(await page.locator('[data-check="issuer"]').getAttribute('data-outcome'), 'failed');
    assert.match(details, lang === 'zh' ? /不是该部门在区块链上登记的密钥/ : /is not a key of this department on the blockchain/);
    assert.ok(shown.includes(lang === 'zh' ? '示范局' : 'Demonstration Bureau'), lang);
  });
});

test('a key compromised before the anchoring and a suspended department: INVALID with the reason', { skip }, async () => {
  await inEveryLanguage(vector('issuer-key-compromised-before-anchoring').proof, async ({ lang, verdict, details, page }) => {
    assert.equal(verdict, 'INVALID', lang);
    assert.match(await page.locator('#result .panel').innerText(), lang === 'zh' ? /已被该部门撤销/ : /a key the department had revoked/);
    assert.match(details, lang === 'zh' ? /撤销（已泄露）：登记此文件时无效/ : /\(compromised\): it was not valid when the document was registered/);
  });
  await inEveryLanguage(vector('issuer-department-suspended-before-anchoring').proof, async ({ lang, verdict, details, page }) => {
    assert.equal(verdict, 'INVALID', lang);
    assert.match(await page.locator('#result .panel').innerText(), lang === 'zh' ? /暂停状态/ : /suspended/);
    assert.match(details, lang === 'zh' ? /审计局（SUSPENDED）/ : /Audit Bureau \(SUSPENDED\)/);
  });
});

test('who revoked: the department with its checked signature, or the service\'s revoker on its behalf', { skip }, async () => {
  await inEveryLanguage(vector('revoked-signed-by-department').proof, async ({ lang, verdict, details }) => {
    assert.equal(verdict, 'REVOKED', lang);
    assert.match(details, lang === 'zh' ? /示范局，附其签名（已核验；密钥 sha256:b77…/ : /Demonstration Bureau, with its signature \(checked; key sha256:b77…/);
  });
  await inEveryLanguage(vector('revoked-superseded').proof, async ({ lang, verdict, details }) => {
    assert.equal(verdict, 'REVOKED', lang);
    assert.match(details, lang === 'zh' ? /服务的撤销账户代表该部门撤销（未经部门签名）/ : /the service’s revoker, on the department’s behalf \(not signed by the department\)/);
  });
});
