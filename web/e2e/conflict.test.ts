// Optimistic concurrency in the console: the agent's page holds version v;
// someone changes the priority meanwhile; the agent's status change (If-Match
// v) is refused with 412, the page says so in an alert and shows the ticket
// as it is now -- and the next change, from that state, goes through.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openTicket, type Ticket } from './lib/api.js';
import { capturingFailure, openTab, screenshot, shownValue, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

describe('conflicting change', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('a stale status change shows "Someone else changed this ticket" and the new priority', async () => {
    const ticket = await openTicket(f.seed.ann, 'VPN drops every ten minutes', 'On the office Wi-Fi only.');
    assert.equal(ticket.priority, 'medium');
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'conflict', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        const priority = page.getByLabel('Priority', { exact: true });
        assert.match(await shownValue(priority), /medium/i);

        // "Meanwhile": the other change lands after the page read the
        // ticket and before its command reaches the server, whatever live
        // updates the page may have (they cannot win this race).
        let statusRequests = 0;
        let ifMatch: string | undefined;
        await page.route('**/admin/v1/tickets/*/status', async (route) => {
          statusRequests += 1;
          if (statusRequests === 1) {
            ifMatch = route.request().headers()['if-match'];
            await f.seed.admin.must('POST', `/admin/v1/tickets/${ticket.key}/priority`,
                                    { priority: 'urgent' }, 200);
          }
          await route.continue();
        });
        const conflict = page.waitForResponse((res) => res.url().includes('/status') &&
                                              res.request().method() === 'POST');
        await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
        const refused = await conflict;
        assert.equal(ifMatch?.replace(/^(W\/)?"|"$/g, ''), String(ticket.version),
                     `the status change carries If-Match: "${ticket.version}" (sent: ${ifMatch})`);
        assert.equal(refused.status(), 412, 'the stale change is refused');

        await page.getByRole('alert').filter({ hasText: 'Someone else changed this ticket' }).waitFor();
        await eventually(async () => assert.match(await shownValue(priority), /urgent/i,
                                                  'the page shows the priority as it is now'));
        await screenshot(page, 'agent-ticket-conflict');
        const now = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as Ticket;
        assert.equal(now.status, 'open', 'the refused change appended nothing');
        assert.equal(now.priority, 'urgent');

        // From the reloaded state the same change goes through.
        await eventually(async () => assert.match(await shownValue(page.getByLabel('Status', { exact: true })),
                                                  /open/i, 'the Status select shows the status as it is'));
        await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
        await eventually(async () => {
          const t = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as Ticket;
          assert.equal(t.status, 'in_progress');
        });
        assert.equal(statusRequests, 2);
      });
    } finally {
      await tab.close();
    }
  });
});
