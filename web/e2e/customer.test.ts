// The customer's portal: open a ticket through the form, find it in "My
// tickets", see the agent's public reply on the ticket's page -- and
// never the agent's internal note, neither on the page nor in any answer
// the page received.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { ANN, openTicket, type Ticket } from './lib/api.js';
import { capturingFailure, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

describe('customer flow', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('opens a ticket, sees the public reply and never the internal note', async () => {
    const subject = 'Cannot export the March report';
    const description = 'The export button spins forever since Monday.';
    const note = `Internal: customer is on the legacy plan ${randomBytes(6).toString('hex')}`;
    const reply = `Hello Ann, we found the cause ${randomBytes(6).toString('hex')}`;
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'customer-flow', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.ann.token!);
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();

        // The form.
        await page.getByRole('link', { name: 'New ticket' }).click();
        await page.waitForURL('**/portal/new');
        await page.getByRole('heading', { name: 'New ticket' }).waitFor();
        await page.getByLabel('Subject', { exact: true }).fill(subject);
        await page.getByLabel('Description', { exact: true }).fill(description);
        await page.getByLabel('Category', { exact: true }).selectOption('technical');
        await page.getByLabel('Priority', { exact: true }).selectOption('high');
        await page.getByRole('button', { name: 'Open ticket' }).click();
        await page.waitForURL((url) => !url.pathname.endsWith('/portal/new'));

        // What the server holds.
        const ticket = await eventually(async () => {
          const list = await f.seed.ann.get('/v1/tickets');
          const found = (list.body.items as Ticket[]).find((t) => t.subject === subject);
          assert.ok(found, `no ticket "${subject}" in ${JSON.stringify(list.body)}`);
          return found;
        });
        assert.equal(ticket.category, 'technical');
        assert.equal(ticket.priority, 'high');
        assert.equal(ticket.status, 'open');

        // "My tickets" lists it: key, subject, status.
        await page.goto('/portal');
        const table = page.getByRole('table', { name: 'My tickets' });
        const row = table.getByRole('row').filter({ hasText: subject });
        await row.waitFor();
        const rowText = await row.innerText();
        assert.match(rowText, new RegExp(ticket.key), `row: ${rowText}`);
        assert.match(rowText, /open/i, `row: ${rowText}`);

        // Its page.
        await row.getByRole('link').first().click();
        await page.waitForURL(`**/portal/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: subject }).waitFor();
        await page.locator('ol article').filter({ hasText: description }).waitFor();

        // The agent writes: a note first, then the reply, so the page state
        // that shows the reply is newer than the note.
        await f.seed.agent.must('POST', `/admin/v1/tickets/${ticket.key}/messages`,
                                { body: note, internal: true }, 200);
        await f.seed.agent.must('POST', `/admin/v1/tickets/${ticket.key}/messages`,
                                { body: reply, internal: false }, 200);
        // The reply arrives live: the customers' event stream says the
        // ticket changed and the page reads it again, without a reload.
        await page.locator('ol article').filter({ hasText: reply }).waitFor({ timeout: 8000 });

        assert.equal(await page.locator('ol article').count(), 2, 'the description and the reply');
        const text = await page.locator('body').innerText();
        assert.ok(!text.includes(note), 'the internal note is on the customer\'s page');
        assert.ok(!text.includes('Internal note'), '"Internal note" on the customer\'s page');
        const html = await page.content();
        assert.ok(!html.includes(note), 'the internal note is in the customer\'s DOM');
        const answers = await tab.jsonAnswers();
        assert.ok(answers.some((a) => a.text.includes(reply)), 'no answer the page got has the reply');
        for (const answer of answers) {
          assert.ok(!answer.text.includes(note), `the internal note in the answer of ${answer.url}`);
        }
        // And the server agrees: the customer's API has no note either.
        const seen = await f.seed.ann.get(`/v1/tickets/${ticket.key}`);
        assert.ok(!JSON.stringify(seen.body).includes(note));
        await screenshot(page, 'portal-ticket-agent-reply');

        // The customer answers from the page.
        const answer = `Thanks, it works again ${randomBytes(4).toString('hex')}`;
        await page.getByLabel('Reply', { exact: true }).fill(answer);
        await page.getByRole('button', { name: 'Send reply' }).click();
        await page.locator('ol article').filter({ hasText: answer }).waitFor();
        await eventually(async () => {
          const t = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as Ticket;
          const m = t.messages.find((x) => x.body === answer);
          assert.ok(m, `no reply "${answer}" in ${JSON.stringify(t.messages)}`);
          assert.equal(m.author.id, ANN.id);
          assert.equal(m.internal, false);
        });
      });
    } finally {
      await tab.close();
    }
  });

  test('confirms a resolved ticket and rates the help', async () => {
    const t = await openTicket(f.seed.ann, 'Password reset mail never arrives', 'Checked spam too.');
    await f.seed.agent.must('POST', `/admin/v1/tickets/${t.key}/messages`,
                            { body: 'Your mailbox rejected us; fixed.', internal: false }, 200);
    await f.seed.agent.must('POST', `/admin/v1/tickets/${t.key}/status`, { status: 'resolved' }, 200);
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'customer-rate', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.ann.token!);
        await page.goto(`/portal/tickets/${t.key}`);
        await page.getByRole('heading', { name: t.subject }).waitFor();
        await page.getByRole('button', { name: 'Confirm resolved' }).click();
        await eventually(async () => {
          const now = (await f.seed.ann.get(`/v1/tickets/${t.key}`)).body as Ticket;
          assert.equal(now.status, 'closed');
        });
        const rating = page.getByRole('group', { name: 'Rate this help' });
        await rating.getByRole('radio', { name: '4', exact: true }).check();
        await rating.getByLabel('Comment', { exact: true }).fill('Quick and friendly.');
        await rating.getByRole('button', { name: 'Send rating' }).click();
        await eventually(async () => {
          const history = await f.seed.admin.get(`/admin/v1/tickets/${t.key}/history`);
          const rated = (history.body.events as { type: string; data: any }[])
            .find((e) => e.type === 'SatisfactionRated');
          assert.ok(rated, 'no SatisfactionRated event');
          assert.equal(rated.data.rating, 4);
          assert.equal(rated.data.comment, 'Quick and friendly.');
        });
        await screenshot(page, 'portal-ticket-rated');
      });
    } finally {
      await tab.close();
    }
  });
});
