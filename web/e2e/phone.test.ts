// The portal on a phone (375 x 800 CSS pixels): nothing wider than the
// screen, so no page scrolls sideways.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openTicket } from './lib/api.js';
import { capturingFailure, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';

const WIDTH = 375;

/** The page's scroll width, and the elements that reach past the screen's right edge. */
async function overflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate((width) => {
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
        culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, culprits: culprits.slice(0, 8) };
  }, WIDTH);
}

describe('phone layout', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('the portal at 375x800 has no horizontal scroll', async () => {
    const ticket = await openTicket(
      f.seed.ann, 'The confirmation e-mail for order 2024-000123456 links to a page that does not exist',
      'Clicking https://shop.example.com/orders/2024-000123456/confirmation?ref=mail&utm_source=newsletter ' +
      'gives a 404. Tried on two phones.');
    await f.seed.agent.must('POST', `/admin/v1/tickets/${ticket.key}/messages`,
                            { body: 'Thanks! We are fixing the link template.', internal: false }, 200);
    const tab = await openTab(f.browser, f.server, { viewport: { width: WIDTH, height: 800 } });
    const wide: string[] = [];
    const measure = async (screen: string) => {
      await screenshot(tab.page, screen);
      const o = await overflow(tab.page);
      if (o.scrollWidth > WIDTH) {
        wide.push(`${screen}: scrollWidth ${o.scrollWidth} > ${WIDTH}; past the edge: ${o.culprits.join(', ')}`);
      }
    };
    try {
      await capturingFailure(tab, 'phone', async () => {
        const { page } = tab;
        await page.goto('/sign-in');
        await page.locator('summary', { hasText: 'Use an API token' }).waitFor();
        await measure('phone-sign-in');
        await signInWithToken(page, f.seed.ann.token!);
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();
        await page.getByRole('table', { name: 'My tickets' }).getByText(ticket.subject).waitFor();
        await measure('phone-portal');
        await page.getByRole('link', { name: 'New ticket' }).click();
        await page.getByRole('heading', { name: 'New ticket' }).waitFor();
        await measure('phone-portal-new');
        await page.goto(`/portal/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        await page.locator('ol article').nth(1).waitFor();
        await measure('phone-portal-ticket');
      });
    } finally {
      await tab.close();
    }
    assert.deepEqual(wide, [], wide.join('\n'));
  });
});
