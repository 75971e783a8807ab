// axe on every main screen, in the light and the dark theme: no violation
// of impact serious or critical. Each screen is also saved as a screenshot
// (<artifacts>/<screen>.png, for the README) over a small but realistic
// data set.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openTicket, type Seed, type Ticket } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';

interface Data {
  portalTicket: Ticket;
  agentTicket: Ticket;
}

async function seedTickets(s: Seed): Promise<Data> {
  const a1 = await openTicket(s.ann, 'Invoice 2024-113 charged twice',
                              'My card shows two charges of 49.00 EUR on 3 March.',
                              { category: 'billing', priority: 'high' });
  await openTicket(s.ann, 'Add dark mode to the mobile app', 'It would help at night.',
                   { category: 'feature_request', priority: 'low' });
  const a3 = await openTicket(s.ann, 'Cannot log in after password change',
                              'The page says "invalid credentials" although the new password is right.',
                              { category: 'account', priority: 'urgent' });
  await openTicket(s.gus, 'Export to CSV cuts off long names', 'Names over 40 characters lose their end.',
                   { category: 'bug', priority: 'medium' });
  const post = (key: string, body: string, internal: boolean) =>
    s.agent.must('POST', `/admin/v1/tickets/${key}/messages`, { body, internal }, 200);
  await s.agent.must('POST', `/admin/v1/tickets/${a1.key}/assign`, { assignee: 'agent-7' }, 200);
  await post(a1.key, 'Checked with the payment provider: the second charge is a pre-authorisation.', true);
  await post(a1.key, 'Hello Ann, the second charge is only a hold and disappears within 5 days.', false);
  await s.ann.must('POST', `/v1/tickets/${a1.key}/messages`, { body: 'Thank you, I will check on Monday.' }, 200);
  await s.agent.must('POST', `/admin/v1/tickets/${a3.key}/status`, { status: 'in_progress' }, 200);
  const portalTicket = (await s.ann.get(`/v1/tickets/${a1.key}`)).body as Ticket;
  const agentTicket = (await s.agent.get(`/admin/v1/tickets/${a1.key}`)).body as Ticket;
  return { portalTicket, agentTicket };
}

/** Checks one screen; a violation is noted, not thrown, so every screen is checked. */
async function checkScreen(page: Page, screen: string, failures: string[]): Promise<void> {
  await screenshot(page, screen);
  try {
    await checkAccessibility(page, screen);
  } catch (e) {
    failures.push((e as Error).message);
  }
}

/**
 * In the dark variant: the theme toggle to dark where the page shows it (the
 * context also prefers dark, for a page that follows the system's choice).
 */
async function darkWhereOffered(page: Page): Promise<void> {
  const toDark = page.getByRole('button', { name: 'Dark theme', exact: true });
  if (await toDark.count() > 0) {
    await toDark.click();
    await page.getByRole('button', { name: 'Light theme', exact: true }).waitFor();
  }
}

async function visitAll(page: Page, f: { seed: Seed }, data: Data, suffix: string,
                        failures: string[]): Promise<void> {
  const check = async (screen: string) => {
    if (suffix === '-dark') await darkWhereOffered(page);
    await checkScreen(page, screen + suffix, failures);
  };
  await page.goto('/sign-in');
  await page.locator('summary', { hasText: 'Use an API token' }).waitFor();
  await check('sign-in');

  await signInWithToken(page, f.seed.ann.token!);
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  await page.getByRole('table', { name: 'My tickets' }).getByText(data.portalTicket.subject).waitFor();
  await check('portal');

  await page.getByRole('link', { name: 'New ticket' }).click();
  await page.getByRole('heading', { name: 'New ticket' }).waitFor();
  await check('portal-new');

  await page.goto(`/portal/tickets/${data.portalTicket.key}`);
  await page.getByRole('heading', { name: data.portalTicket.subject }).waitFor();
  await page.locator('ol article').nth(2).waitFor();
  await check('portal-ticket');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('summary', { hasText: 'Use an API token' }).waitFor();
  await signInWithToken(page, f.seed.agent.token!);
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  await page.getByRole('table', { name: 'Queue' }).getByRole('link', { name: data.agentTicket.subject }).waitFor();
  await check('queue');

  await page.getByRole('table', { name: 'Queue' }).getByRole('link', { name: data.agentTicket.subject }).click();
  await page.getByRole('heading', { name: data.agentTicket.subject }).waitFor();
  await page.getByText('Internal note').first().waitFor();
  await check('agent-ticket');
}

describe('accessibility', { timeout: 180_000 }, () => {
  const f = useFixture();
  // Seeded once, by whichever test runs first (each may run alone).
  let seeded: Promise<Data> | undefined;
  const data = () => (seeded ??= seedTickets(f.seed));

  test('no serious or critical axe violation on the main screens (light theme)', async () => {
    const d = await data();
    const tab = await openTab(f.browser, f.server, { colorScheme: 'light' });
    const failures: string[] = [];
    try {
      await capturingFailure(tab, 'a11y-light', () => visitAll(tab.page, f, d, '', failures));
    } finally {
      await tab.close();
    }
    assert.deepEqual(failures, [], failures.join('\n\n'));
  });

  test('no serious or critical axe violation on the main screens (dark theme)', async () => {
    const d = await data();
    const tab = await openTab(f.browser, f.server, { colorScheme: 'dark' });
    const failures: string[] = [];
    try {
      await capturingFailure(tab, 'a11y-dark', () => visitAll(tab.page, f, d, '-dark', failures));
      // Signed in, the header offers the toggle: the screens above were dark.
      await tab.page.getByRole('button', { name: 'Light theme', exact: true }).waitFor();
    } finally {
      await tab.close();
    }
    assert.deepEqual(failures, [], failures.join('\n\n'));
  });
});
