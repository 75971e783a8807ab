// The notification emails as a mail client shows them: the golden HTML of
// tests/api/notifications/golden (made by email_golden_test) for an agent
// reply, an SLA breach and a new ticket's confirmation, in English and
// German, drawn by Chromium at 800 px (desktop), 375 px (phone) and in dark
// mode. Screenshots mail-<kind>-<lang>-<variant>.png go to the artifacts;
// on the phone nothing may scroll sideways. Needs no ticketd.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, STEP_MS } from './lib/browser.js';

/**
 * The golden files: next to the sources (../../tests/... from web/e2e), or,
 * for the compiled copy run.sh makes in <out>/e2e, through <out>/node_modules,
 * the link run.sh makes to web/node_modules.
 */
function goldenDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'tests', 'api', 'notifications', 'golden')];
  const modules = join(here, '..', 'node_modules');
  if (existsSync(modules)) {
    candidates.push(join(dirname(realpathSync(modules)), '..', 'tests', 'api', 'notifications', 'golden'));
  }
  const found = candidates.find((d) => existsSync(join(d, 'agent_reply.en.html')));
  assert.ok(found, `no golden mail files in ${candidates.join(' or ')}`);
  return found;
}

const KINDS = ['agent_reply', 'sla_breached', 'ticket_opened'] as const;
const LANGS = ['en', 'de'] as const;
const VARIANTS = [
  { name: 'desktop', width: 800, colorScheme: 'light' as const },
  { name: 'phone', width: 375, colorScheme: 'light' as const },
  { name: 'dark', width: 800, colorScheme: 'dark' as const },
];

/** The page's scroll width, and the elements that reach past the right edge. */
async function overflow(page: Page, width: number): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate((w) => {
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 0.5) {
        culprits.push(`${el.tagName.toLowerCase()}.${String(el.className)} (right edge ${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, culprits: culprits.slice(0, 8) };
  }, width);
}

describe('notification emails in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  const dir = goldenDir();
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const kind of KINDS) {
    for (const lang of LANGS) {
      test(`${kind} (${lang}) on desktop, phone and dark`, async () => {
        const html = readFileSync(join(dir, `${kind}.${lang}.html`), 'utf8');
        for (const v of VARIANTS) {
          const context = await browser.newContext({
            viewport: { width: v.width, height: 900 },
            colorScheme: v.colorScheme,
            reducedMotion: 'reduce',
          });
          context.setDefaultTimeout(STEP_MS);
          // A mail has nothing to fetch; anything it asks for is a mistake.
          const requests: string[] = [];
          await context.route('**/*', (route) => {
            requests.push(route.request().url());
            return route.abort();
          });
          try {
            const page = await context.newPage();
            await page.setContent(html, { waitUntil: 'load' });
            await screenshot(page, `mail-${kind}-${lang}-${v.name}`);
            assert.equal(await page.getAttribute('html', 'lang'), lang);
            assert.deepEqual(requests, [], `${kind}.${lang} loads nothing`);
            // The header shows the tenant and the ticket; the message is there.
            const head = (await page.locator('.td-head').innerText()).replace(/\s+/g, ' ');
            assert.match(head, /Acme Corp/);
            assert.match(head, /acme-42/);
            if (v.name === 'phone') {
              const o = await overflow(page, v.width);
              assert.ok(o.scrollWidth <= v.width,
                        `${kind}.${lang}: ${o.scrollWidth} px wide on a ${v.width} px screen: ${o.culprits.join(', ')}`);
            }
            const card = await page.locator('.td-card').evaluate((el) => getComputedStyle(el).backgroundColor);
            if (v.colorScheme === 'dark') {
              assert.notEqual(card, 'rgb(255, 255, 255)', 'dark mode darkens the card');
            } else {
              assert.equal(card, 'rgb(255, 255, 255)');
            }
          } finally {
            await context.close();
          }
        }
      });
    }
  }
});
