// Browser tests of the verification page against a running gateway and chain node, driven by
// VerificationPageTest (Java), which registers the documents and passes their facts:
//   PAGE_URL          the page as the gateway serves it
//   PAGE_RPC_URL      a node of the chain
//   PAGE_FIXTURES     JSON: {department, valid: {file, digest}, changed: {file}, revoked: {file, digest, reason,
//                     replacementDigest}, pending: {digest}, shared: {digest, departments}, proofFile,
//                     receipts: {valid, pending}} (receipts: the signed receipts the gateway answered)
//   PAGE_STANDALONE   target/verification-page/index.html, opened from disk
//   PAGE_SCREENSHOTS  where the screenshots go (target/page-screenshots)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  launch, open, verdictOf, axeViolations, formatViolations, overflowsHorizontally, screenshot, foreignRequests,
  PHONE, DESKTOP, READERS,
} from './browser.mjs';

const env = process.env;
const configured = ['PAGE_URL', 'PAGE_RPC_URL', 'PAGE_FIXTURES', 'PAGE_STANDALONE', 'PAGE_SCREENSHOTS'].every((k) => env[k]);
const skip = configured ? false : 'run by VerificationPageTest, which starts the gateway and the chain (PAGE_* not set)';

let browser;
let fixtures;
let pageUrl;
let gatewayOrigin;
let rpcOrigin;
const axeReport = [];

before(async () => {
  if (skip) return;
  fixtures = JSON.parse(readFileSync(env.PAGE_FIXTURES, 'utf8'));
  pageUrl = new URL(env.PAGE_URL);
  gatewayOrigin = pageUrl.origin;
  rpcOrigin = new URL(env.PAGE_RPC_URL).origin;
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (axeReport.length) console.log(`axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa):\n${axeReport.join('\n')}`);
});

function urlWith(params) {
  const url = new URL(pageUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

async function check(page) {
  await page.getByRole('button', { name: /^(Check|核验)$/ }).click();
}

/**
 * Loads a state in each language (a reader of that language, in their time zone), asserts `expect` on it,
 * screenshots it at phone and desktop width, checks that it reflows at 320 px, runs axe-core, and requires no
 * third-party request, no CSP violation and no uncaught error.
 */
async function everyLanguage(name, load, expect, { allowedOrigins = [gatewayOrigin, rpcOrigin] } = {}) {
  const failures = [];
  for (const lang of ['en', 'zh']) {
    const { context, page, requests, problems } = await open(browser, { reader: READERS[lang], viewport: PHONE });
    try {
      await load(page);
      await expect(page, lang);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-Hans' : 'en');
      await screenshot(page, env.PAGE_SCREENSHOTS, `${name}-${lang}-phone`);
      await page.setViewportSize(DESKTOP);
      await screenshot(page, env.PAGE_SCREENSHOTS, `${name}-${lang}-desktop`);
      await page.setViewportSize({ width: 320, height: 640 });
      if (await overflowsHorizontally(page)) failures.push(`${name} (${lang}): scrolls sideways at 320 px`);
      await page.setViewportSize(PHONE);
      const violations = await axeViolations(page);
      axeReport.push(`  ${name} (${lang}): ${violations.length ? `${violations.length} violations` : 'no violations'}`);
      if (violations.length) failures.push(`${name} (${lang}) axe-core violations:\n${formatViolations(violations)}`);
      const foreign = foreignRequests(requests, allowedOrigins);
      if (foreign.length) failures.push(`${name} (${lang}): requests beyond the gateway and the node: ${foreign.join(', ')}`);
      if (problems.length) failures.push(`${name} (${lang}): ${problems.join('; ')}`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
}

test('the empty page: form with labels, skip link, no result yet', { skip }, async () => {
  await everyLanguage('start', (page) => page.goto(pageUrl.href), async (page) => {
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    assert.equal(await page.locator('#result').isHidden(), true);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  });
});

test('checking with nothing given shows an error summary that links to the field', { skip }, async () => {
  await everyLanguage('error-summary', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await check(page);
  }, async (page) => {
    const summary = page.locator('#error-summary');
    await summary.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
    await summary.locator('a').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'document-file');
    assert.equal(await page.locator('#document-file').getAttribute('aria-invalid'), 'true');
  });
});

test('a real registered file, dropped on the page, is VALID', { skip }, async () => {
  const bytes = readFileSync(fixtures.valid.file);
  await everyLanguage('valid', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    // A real drop: a DataTransfer holding the file, dispatched on the drop zone.
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'certificate.pdf', { type: 'application/pdf' }));
      return dt;
    }, [...bytes]);
    await page.dispatchEvent('#document-drop', 'drop', { dataTransfer: transfer });
    await check(page);
  }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'VALID');
    const text = await page.locator('#result').innerText();
    assert.ok(text.includes(fixtures.department), 'names the department');
    assert.ok(text.includes('UTC'), 'anchoring time with UTC beside it');
    assert.equal(await page.locator('[data-check="document"]').getAttribute('data-outcome'), 'passed');
    assert.equal(await page.locator('.warning-text').count(), 0, 'the published node: no warning about the node');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'result-title', 'focus moves to the answer');
    const announced = await page.locator('#announce').textContent();
    assert.match(announced, lang === 'zh' ? /有效/ : /Valid/);
  });
});

test('a changed file is not found, with a message that says why', { skip }, async () => {
  await everyLanguage('not-found', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.setInputFiles('#document-file', fixtures.changed.file);
    await check(page);
  }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'NOT_FOUND');
    const text = await page.locator('#result .panel').innerText();
    assert.match(text, lang === 'zh' ? /未找到[\s\S]*改动/ : /Not found[\s\S]*changed/);
  });
});

test('a revoked document is REVOKED with its reason and a link to its replacement', { skip }, async () => {
  await everyLanguage('revoked', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.setInputFiles('#document-file', fixtures.revoked.file);
    await check(page);
  }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'REVOKED');
    const text = await page.locator('#result .panel').innerText();
    assert.match(text, lang === 'zh' ? /已被新文件取代/ : /replaced by a newer document/, 'the reason, superseded');
    const href = await page.getByRole('link', { name: lang === 'zh' ? '核验替代文件' : 'Check the replacement document' }).getAttribute('href');
    assert.ok(href.includes(fixtures.revoked.replacementDigest), `replacement link ${href}`);
  });
});

test('a changed file checked with the original’s proof file is INVALID: not the document the proof is for', { skip }, async () => {
  await everyLanguage('invalid', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.setInputFiles('#document-file', fixtures.changed.file);
    await page.setInputFiles('#proof', fixtures.proofFile);
    await check(page);
  }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'INVALID');
    assert.equal(await page.locator('[data-check="document"]').getAttribute('data-outcome'), 'failed');
    const text = await page.locator('#result .panel').innerText();
    assert.match(text, lang === 'zh' ? /无效[\s\S]*不是此证明所对应的文件/ : /Not valid[\s\S]*not the document this proof is for/);
  });
});

test('a proof file whose root was changed is INVALID; a JSON file that is no proof is an error on the field', { skip }, async () => {
  const proof = JSON.parse(readFileSync(fixtures.proofFile, 'utf8'));
  const last = proof.root.slice(-1);
  proof.root = proof.root.slice(0, -1) + (last === '0' ? '1' : '0');
  const { context, page } = await open(browser);
  try {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.setInputFiles('#proof', { name: 'tampered-proof.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(proof)) });
    await check(page);
    assert.equal(await verdictOf(page), 'INVALID');
    assert.ok(await page.locator('[data-outcome="failed"]').count() >= 1, 'names the failed check');

    // Not a proof at all: an error on the field, not a verdict.
    await page.setInputFiles('#proof', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await check(page);
    await page.locator('#error-summary').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#error-summary a').getAttribute('href'), '#proof');
    assert.match(await page.locator('#proof-error').innerText(), /not a valid proof/);
    assert.equal(await page.locator('#result').isHidden(), true);
  } finally {
    await context.close();
  }
});

test('a registered document not yet anchored is PENDING', { skip }, async () => {
  await everyLanguage('pending', (page) => page.goto(urlWith({ digest: fixtures.pending.digest })), async (page) => {
    assert.equal(await verdictOf(page), 'PENDING');
  });
});

test('an unreachable node (?rpc=http://127.0.0.1:1) is UNDETERMINED, never INVALID', { skip }, async () => {
  await everyLanguage('undetermined', (page) => page.goto(urlWith({ digest: fixtures.valid.digest, rpc: 'http://127.0.0.1:1' })),
    async (page, lang) => {
      assert.equal(await verdictOf(page), 'UNDETERMINED');
      const text = await page.locator('#result .panel').innerText();
      assert.match(text, lang === 'zh' ? /并不表示文件无效/ : /does not mean the document is invalid/);
      await page.getByRole('button', { name: lang === 'zh' ? '使用其他节点' : 'Use another node' }).waitFor();
    }, { allowedOrigins: [gatewayOrigin, rpcOrigin, 'http://127.0.0.1:1'] });
});

test('a document several departments registered: the reader chooses the department, by keyboard', { skip }, async () => {
  const [first, second] = fixtures.shared.departments;
  await everyLanguage('choose-department', (page) => page.goto(urlWith({ digest: fixtures.shared.digest })), async (page) => {
    assert.equal(await verdictOf(page), 'AMBIGUOUS');
    const choices = await page.locator('input[name="department-choice"]').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(choices.sort(), [first, second].sort());
  });

  const { context, page } = await open(browser);
  try {
    await page.goto(urlWith({ digest: fixtures.shared.digest }));
    assert.equal(await verdictOf(page), 'AMBIGUOUS');
    // Continue without a choice: an error summary linking to the first option.
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#error-summary').waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'department-choice-first');
    // Arrow keys move through the radio group; Space picks; Tab to Continue; Enter checks.
    const target = (await page.locator('input[name="department-choice"]').evaluateAll((els) => els.map((e) => e.value))).indexOf(second);
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#result .panel[data-verdict="VALID"]').waitFor({ timeout: 30000 });
    assert.ok((await page.locator('#result').innerText()).includes(second));
  } finally {
    await context.close();
  }

  const direct = await open(browser);
  try {
    await direct.page.goto(urlWith({ digest: fixtures.shared.digest, department: first }));
    assert.equal(await verdictOf(direct.page), 'VALID');
    assert.ok((await direct.page.locator('#result').innerText()).includes(first));
  } finally {
    await direct.context.close();
  }
});

test('a gateway that publishes no node: the node field is asked for up front, and the reader’s node answers', { skip }, async () => {
  const { context, page } = await open(browser);
  try {
    // The gateway's /network as a gateway without anchor.chain.public-rpc-url answers it: no rpcUrl.
    await page.route('**/api/v1/network', async (route) => {
      const response = await route.fetch();
      const { rpcUrl, ...network } = await response.json();
      await route.fulfill({ response, json: network });
    });
    await page.goto(urlWith({ digest: fixtures.valid.digest }));
    assert.equal(await verdictOf(page), 'UNDETERMINED', 'no node: not checked, never invalid');
    const rpc = page.locator('#rpc');
    assert.equal(await rpc.isVisible(), true, 'outside the folded advanced part');
    assert.equal(await page.locator('#advanced #rpc').count(), 0);
    await rpc.fill(env.PAGE_RPC_URL);
    await check(page);
    await page.locator('#result .panel[data-verdict="VALID"]').waitFor({ timeout: 30000 });
    await screenshot(page, env.PAGE_SCREENSHOTS, 'gateway-without-node-en-phone');
  } finally {
    await context.close();
  }
});

test('the QR code link (?digest=) opens the answer without any input', { skip }, async () => {
  const { context, page } = await open(browser);
  try {
    await page.goto(urlWith({ digest: fixtures.valid.digest }));
    assert.equal(await verdictOf(page), 'VALID');
    assert.equal(await page.locator('#digest').inputValue(), fixtures.valid.digest);
    assert.equal(await page.locator('[data-check="document"]').getAttribute('data-outcome'), 'skipped');
  } finally {
    await context.close();
  }
});

test('Chinese is the default for a Chinese browser, and the button switches language and <html lang>', { skip }, async () => {
  const { context, page } = await open(browser, { reader: READERS.zh });
  try {
    await page.goto(urlWith({ digest: fixtures.valid.digest }));
    assert.equal(await verdictOf(page), 'VALID');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.equal(await page.locator('h1').textContent(), '核验文件');
    assert.match(await page.locator('.panel__title').textContent(), /有效/);

    const button = page.locator('#language');
    assert.equal(await button.textContent(), 'English');
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Check a document');
    assert.match(await page.locator('.panel__title').textContent(), /Valid/);
    assert.equal(await page.title(), 'Valid: check a document');

    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.match(await page.locator('.panel__title').textContent(), /有效/);
  } finally {
    await context.close();
  }
  const english = await open(browser, { reader: READERS.en });
  try {
    await english.page.goto(pageUrl.href);
    assert.equal(await english.page.evaluate(() => document.documentElement.lang), 'en');
  } finally {
    await english.context.close();
  }
});

test('the standalone page opened from disk, with a proof file and only a node address, is VALID', { skip }, async () => {
  const fileUrl = pathToFileURL(env.PAGE_STANDALONE).href;
  await everyLanguage('standalone-valid', async (page) => {
    await page.goto(fileUrl);
    await page.locator('#mode').filter({ hasText: /without a service|未连接服务/ }).waitFor();
    await page.setInputFiles('#proof', fixtures.proofFile);
    await page.locator('#rpc').fill(env.PAGE_RPC_URL);
    await check(page);
  }, async (page) => {
    assert.equal(await verdictOf(page), 'VALID');
    assert.equal(await page.locator('[data-check="inclusion"]').getAttribute('data-outcome'), 'passed');
    assert.ok((await page.locator('.warning-text').innerText()).includes(env.PAGE_RPC_URL.replace(/\/$/, '')),
      'says the answer relies on the node the reader chose');
  }, { allowedOrigins: [rpcOrigin] });
});

/** Whether the page fetched the gateway's receipt keys (same origin, /.well-known/jwks.json). */
function fetchedGatewayKeys(page) {
  return page.evaluate((origin) => performance.getEntriesByType('resource')
    .some((e) => e.name === `${origin}/.well-known/jwks.json`), gatewayOrigin);
}

test('the gateway’s receipt of a document not yet anchored, alone: VALID under the gateway’s keys, the document PENDING', { skip }, async () => {
  await everyLanguage('receipt-gateway', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.locator('#receipt').fill(fixtures.receipts.pending);
    await check(page);
  }, async (page, lang) => {
    assert.equal(await verdictOf(page), 'VALID');
    assert.equal(await page.locator('#result .panel').getAttribute('data-kind'), 'receipt');
    const details = await page.locator('#result .summary-list').innerText();
    assert.ok(details.includes(fixtures.pending.digest), 'the receipt\'s digest');
    assert.ok(details.includes(fixtures.department), 'the receipt\'s department');
    assert.match(details, lang === 'zh' ? /已登记，尚未上链[\s\S]*本服务（其公布的密钥集）/ : /Pending: registered[\s\S]*this service \(its published key set\)/);
    assert.equal(await fetchedGatewayKeys(page), true, 'the keys came from the gateway\'s own origin');
  });
});

test('a registered file with the gateway’s receipt: VALID, check 4a passed; another document’s receipt: INVALID', { skip }, async () => {
  await everyLanguage('receipt-with-document', async (page) => {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.setInputFiles('#document-file', fixtures.valid.file);
    await page.locator('#receipt').fill(fixtures.receipts.valid);
    await check(page);
  }, async (page) => {
    assert.equal(await verdictOf(page), 'VALID');
    const receipt = page.locator('[data-check="receipt"]');
    assert.equal(await receipt.getAttribute('data-outcome'), 'passed');
    assert.equal(await receipt.getAttribute('data-code'), 'receipt-matches');
  });

  const { context, page } = await open(browser);
  try {
    await page.goto(pageUrl.href);
    await page.locator('#mode').filter({ hasText: /127\.0\.0\.1|localhost/ }).waitFor();
    await page.setInputFiles('#document-file', fixtures.valid.file);
    await page.locator('#receipt').fill(fixtures.receipts.pending);
    await check(page);
    assert.equal(await verdictOf(page), 'INVALID');
    assert.equal(await page.locator('[data-check="receipt"]').getAttribute('data-code'), 'receipt-mismatch');
  } finally {
    await context.close();
  }
});
