// Chromium through playwright-core (Debian's /usr/bin/chromium: Playwright
// cannot download its own here), the console's sign-in, axe, screenshots.

import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from './server.js';

/** How long one step (a click, an assertion) may take. */
export const STEP_MS = 10_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_BIN'] || '/usr/bin/chromium',
    // Root in a container: Chromium's sandbox needs user namespaces.
    args: ['--no-sandbox'],
  });
}

export interface JsonAnswer {
  url: string;
  status: number;
  text: string;
}

/** A page with everything that went wrong in it recorded. */
export interface Tab {
  context: BrowserContext;
  page: Page;
  /** console.error messages (CSP refusals appear here too) */
  consoleErrors: string[];
  /** uncaught exceptions */
  pageErrors: string[];
  /** securitypolicyviolation events: "directive blocked-uri" */
  cspViolations: string[];
  /** Every JSON answer the page received (bodies read as they arrive). */
  jsonAnswers(): Promise<JsonAnswer[]>;
  close(): Promise<void>;
}

export interface TabOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export async function openTab(browser: Browser, server: Server, options: TabOptions = {}): Promise<Tab> {
  const context = await browser.newContext({
    baseURL: server.base,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(STEP_MS);
  context.setDefaultNavigationTimeout(15_000);
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const pending: Promise<JsonAnswer | null>[] = [];
  // A binding (CDP, not a script in the page) so the CSP cannot block it.
  await context.exposeBinding('__ticketdE2eCsp', (_source, text: string) => {
    cspViolations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __ticketdE2eCsp: (t: string) => void }).__ticketdE2eCsp;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ` +
             `${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location();
      consoleErrors.push(`${msg.text()} (${where.url}:${where.lineNumber})`);
    }
  });
  page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  page.on('response', (res) => {
    const type = res.headers()['content-type'] ?? '';
    if (!type.includes('json')) return;
    pending.push(res.text().then(
      (text) => ({ url: res.url(), status: res.status(), text }),
      () => null));
  });
  return {
    context, page, consoleErrors, pageErrors, cspViolations,
    async jsonAnswers() {
      const all = await Promise.all(pending);
      return all.filter((a): a is JsonAnswer => a !== null);
    },
    close: () => context.close(),
  };
}

/** Signs in on /sign-in with an API token ("Use an API token"). */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('summary', { hasText: 'Use an API token' }).click();
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** The text a control shows: a select's chosen option, an input's value. */
export async function shownValue(control: Locator): Promise<string> {
  return control.evaluate((el) => {
    if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.text ?? '';
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
    return el.textContent ?? '';
  });
}

export function artifactsDir(): string {
  const dir = process.env['TICKETD_ARTIFACTS'] || join(tmpdir(), 'ticketd-browser-artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Resolves once the page has drawn two more frames, or after a second (a
 * page in the background draws none); the capture itself decides then.
 */
async function nextFrames(page: Page): Promise<void> {
  const drawn = page.evaluate(() => new Promise<void>((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  }));
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => { timer = setTimeout(resolve, 1000); });
  try {
    await Promise.race([drawn.catch(() => undefined), waited]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Saves the whole page as <artifacts>/<name>.png.
 *
 * Headless Chromium now and then refuses a capture outright with "Unable to
 * capture screenshot" (a page just set, no frame drawn yet; seen once in CI
 * on the mail screens, and known upstream) and takes the same picture when
 * asked again. So the capture waits for drawn frames first and, on that one
 * error only, waits a moment and asks once more; any other error, or a second
 * refusal, fails the test.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(artifactsDir(), `${name}.png`);
  const capture = () => page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await nextFrames(page);
  try {
    await capture();
  } catch (e) {
    if (!(e instanceof Error) || !e.message.includes('Unable to capture screenshot')) throw e;
    await page.waitForTimeout(250);
    await nextFrames(page);
    await capture();
  }
  return path;
}

/**
 * Runs axe on the page as it is; fails on any violation of impact serious or
 * critical. All violations (minor ones too) go to <artifacts>/axe-<screen>.json.
 */
export async function checkAccessibility(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  if (results.passes.length === 0) throw new Error(`axe on ${screen}: no rule ran (axe not injected?)`);
  writeFileSync(join(artifactsDir(), `axe-${screen}.json`),
                JSON.stringify(results.violations, null, 2));
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n` +
      v.nodes.slice(0, 5).map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n'));
    throw new Error(`axe on ${screen} (${page.url()}): ${bad.length} serious/critical violation(s)\n` +
                    lines.join('\n'));
  }
}

/**
 * Runs `body`; when it throws, saves <artifacts>/failed-<name>.png and adds
 * the page's URL, console errors and exceptions to the error.
 */
export async function capturingFailure<T>(tab: Tab, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    let extra = '';
    try {
      const path = await screenshot(tab.page, `failed-${name}`);
      extra += `\n  page: ${tab.page.url()}\n  screenshot: ${path}`;
    } catch {
      // the page may be gone
    }
    if (tab.consoleErrors.length) extra += `\n  console errors:\n    ${tab.consoleErrors.join('\n    ')}`;
    if (tab.pageErrors.length) extra += `\n  page errors:\n    ${tab.pageErrors.join('\n    ')}`;
    // The reporter prints the stack, written when the error was made.
    err.message += extra;
    if (err.stack) err.stack += extra;
    throw err;
  }
}
