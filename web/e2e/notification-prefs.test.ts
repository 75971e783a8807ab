// /profile's "Notifications": an agent (a token that belongs to no account:
// its alerts still go to its holder) chooses per kind of alert Immediately,
// the hourly digest or Off, saves, sees the notice, finds the choice kept
// after a reload and in the API (GET /auth/notifications). axe on the
// section; a screenshot of the saved form.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';

describe('notification preferences', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('an agent chooses how each alert reaches them', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'notification-prefs', async () => {
        const page = tab.page;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto('/profile');
        await page.getByRole('heading', { name: 'Notifications' }).waitFor();
        const newTickets = page.getByLabel('New tickets', { exact: true });
        const slaWarnings = page.getByLabel('SLA warnings', { exact: true });
        assert.equal(await newTickets.inputValue(), 'immediately');
        await newTickets.selectOption({ label: 'Digest (hourly)' });
        await slaWarnings.selectOption({ label: 'Off' });
        await page.getByRole('button', { name: 'Save alert choices' }).click();
        await page.getByText('Your email alert choices are saved.').waitFor();

        const kept = await f.seed.agent.get('/auth/notifications');
        assert.equal(kept.status, 200);
        const kinds = (kept.body as { kinds: Record<string, string> }).kinds;
        assert.deepEqual(kinds, {
          new_ticket: 'digest', assigned: 'immediately', customer_reply: 'immediately',
          sla_warning: 'off', sla_breached: 'immediately',
        });

        await checkAccessibility(page, 'notification-prefs');
        await screenshot(page, 'notification-prefs');

        await page.reload();
        await page.getByRole('heading', { name: 'Notifications' }).waitFor();
        assert.equal(await page.getByLabel('New tickets', { exact: true }).inputValue(), 'digest');
        assert.equal(await page.getByLabel('SLA warnings', { exact: true }).inputValue(), 'off');
        assert.deepEqual(tab.cspViolations, []);
        assert.deepEqual(tab.pageErrors, []);
      });
    } finally {
      await tab.close();
    }
  });

  test('a customer has no alert choices', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'notification-prefs-customer', async () => {
        await signInWithToken(tab.page, f.seed.ann.token!);
        await tab.page.goto('/profile');
        await tab.page.getByRole('heading', { name: 'Your profile' }).waitFor();
        assert.equal(await tab.page.getByRole('heading', { name: 'Notifications' }).count(), 0);
      });
    } finally {
      await tab.close();
    }
  });
});
