// Shared parts of the page's browser tests: Debian's Chromium driven by playwright-core, axe-core run inside the
// page, screenshots, and a watch on every request the page makes.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };
// A reader in each language, each in a time zone other than UTC, so local time and UTC differ on screen.
export const READERS = {
  en: { locale: 'en-GB', timezoneId: 'Europe/London' },
  zh: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
};

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Launches Chromium with a fresh profile (playwright makes a temporary user-data-dir for each launch). */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A page in a new context for a reader; records each request's URL and any Content-Security-Policy violation or
 * uncaught error, for the assertions that the page makes no third-party request and runs under its policy.
 */
export async function open(browser, { reader = READERS.en, viewport = PHONE } = {}) {
  const context = await browser.newContext({ ...reader, viewport });
  // Init scripts are not subject to the page's CSP, so axe runs on the page as served (and from file://).
  await context.addInitScript({ content: AXE_SOURCE });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, requests, problems };
}

/** Waits for the result panel and returns its verdict (VALID, INVALID, …, NOT_FOUND, AMBIGUOUS). */
export async function verdictOf(page, timeout = 30000) {
  const panel = page.locator('#result .panel');
  await panel.waitFor({ state: 'visible', timeout });
  return panel.getAttribute('data-verdict');
}

/** axe-core violations of the WCAG 2.2 AA tags on the page as it is, with the folded parts opened too. */
export async function axeViolations(page) {
  return page.evaluate(async (tags) => {
    const opened = [];
    for (const d of document.querySelectorAll('details:not([open])')) {
      d.open = true;
      opened.push(d);
    }
    try {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      }));
    } finally {
      for (const d of opened) d.open = false;
    }
  }, AXE_TAGS);
}

export function formatViolations(violations) {
  return violations.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n}`).join('\n')}`).join('\n');
}

/** Whether the page needs horizontal scrolling at its current width (WCAG 1.4.10 reflow). */
export function overflowsHorizontally(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

export async function screenshot(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Requests to anywhere but the page's own origin, the node, or local data (blob:, data:, file:). */
export function foreignRequests(requests, allowedOrigins) {
  return requests.filter((url) => {
    const u = new URL(url);
    if (['data:', 'blob:', 'file:'].includes(u.protocol)) return false;
    return !allowedOrigins.includes(u.origin);
  });
}
