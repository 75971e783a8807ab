// An agent works a ticket with the keyboard: j/k/Enter from the queue, `a`
// to take it, `r` to reply, `n` for an internal note, the Status select to
// resolve it -- and the log shows each of these as the agent's event.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AGENT, openTicket, type Ticket } from './lib/api.js';
import { capturingFailure, openTab, screenshot, shownValue, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

/** The element that has the focus: its tag and label (a link's text). */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '(none)';
    const labels = (el as HTMLInputElement).labels;
    const label = labels && labels.length ? labels[0]!.textContent!.trim()
      : el.getAttribute('aria-label') ?? (el.tagName === 'A' ? el.textContent!.trim() : '');
    return `${el.tagName.toLowerCase()} "${label}"`;
  });
}

/** Takes the focus out of any field, so a key press is a shortcut. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('agent flow by keyboard', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('j/k move, Enter opens, a assigns, r replies, n notes, Status resolves', async () => {
    // Two tickets: the queue (newest first) shows ann's above gus's.
    const other = await openTicket(f.seed.gus, 'Dashboard loads slowly', 'About 20 s every morning.');
    const ticket = await openTicket(f.seed.ann, 'Printer prints only blank pages',
                                    'Since the driver update, every page comes out blank.');
    const reply = `Please reinstall driver 4.2 ${randomBytes(4).toString('hex')}`;
    const note = `Known driver bug, see KB-17 ${randomBytes(4).toString('hex')}`;
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'agent-flow', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        const queue = page.getByRole('table', { name: 'Queue' });
        await queue.getByRole('link', { name: ticket.subject }).waitFor();
        await queue.getByRole('link', { name: other.subject }).waitFor();
        assert.equal(await queue.getByRole('link', { name: ticket.subject }).getAttribute('href'),
                     `/tickets/${ticket.key}`);
        const rows = await queue.locator('a[href^="/tickets/"]').allInnerTexts();
        assert.deepEqual(rows, [ticket.subject, other.subject], 'the queue, newest first');

        // j and k move through the rows (the picked row's link has the focus).
        await blur(page);
        await page.keyboard.press('j');
        await eventually(async () => assert.equal(await focused(page), `a "${ticket.subject}"`));
        await page.keyboard.press('j');
        await eventually(async () => assert.equal(await focused(page), `a "${other.subject}"`));
        await page.keyboard.press('k');
        await eventually(async () => assert.equal(await focused(page), `a "${ticket.subject}"`));
        // Enter opens the picked ticket.
        await page.keyboard.press('Enter');
        await page.waitForURL(`**/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();

        // a: assign to me.
        await blur(page);
        await page.keyboard.press('a');
        const assignee = page.getByLabel('Assignee', { exact: true });
        await eventually(async () => {
          const shown = await shownValue(assignee);
          assert.ok(shown.includes(AGENT.name) || shown.includes(AGENT.id),
                    `Assignee shows "${shown}"`);
        });

        // r: the message field has the focus; the reply goes out public.
        await blur(page);
        await page.keyboard.press('r');
        const message = page.getByLabel('Message', { exact: true });
        await eventually(async () => {
          assert.ok(await message.evaluate((el) => el === document.activeElement),
                    `after r the focus is on ${await focused(page)}`);
        });
        await page.keyboard.type(reply);
        await page.getByRole('button', { name: 'Send reply' }).click();
        await page.locator('article').filter({ hasText: reply }).waitFor();

        // n: the same field, for an internal note, shown as one.
        await blur(page);
        await page.keyboard.press('n');
        await eventually(async () => {
          assert.ok(await message.evaluate((el) => el === document.activeElement),
                    `after n the focus is on ${await focused(page)}`);
        });
        await page.keyboard.type(note);
        await page.getByRole('button', { name: 'Add internal note' }).click();
        const noteArticle = page.locator('article').filter({ hasText: note });
        await noteArticle.waitFor();
        assert.match(await noteArticle.innerText(), /Internal note/);
        assert.doesNotMatch(await page.locator('article').filter({ hasText: reply }).innerText(),
                            /Internal note/, 'the public reply is marked as an internal note');

        // Resolve through the Status select.
        await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Resolved' });
        await eventually(async () => {
          const t = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as Ticket;
          assert.equal(t.status, 'resolved');
        });
        await screenshot(page, 'agent-ticket-resolved');

        // The log: each step is an event by the agent.
        const history = await f.seed.admin.get(`/admin/v1/tickets/${ticket.key}/history`);
        assert.equal(history.status, 200);
        const events = history.body.events as { type: string; actor: { id: string }; data: any }[];
        const mine = events.filter((e) => e.actor.id === AGENT.id);
        const assigned = mine.find((e) => e.type === 'TicketAssigned');
        assert.ok(assigned, `no TicketAssigned by ${AGENT.id}: ${JSON.stringify(events)}`);
        assert.equal(assigned.data.assignee, AGENT.id);
        const posted = mine.filter((e) => e.type === 'MessagePosted');
        assert.ok(posted.some((e) => e.data.body === reply && !e.data.internal),
                  `no public reply: ${JSON.stringify(posted)}`);
        assert.ok(posted.some((e) => e.data.body === note && e.data.internal === true),
                  `no internal note: ${JSON.stringify(posted)}`);
        assert.ok(mine.some((e) => e.type === 'StatusChanged' && e.data.to === 'resolved'),
                  `no StatusChanged to resolved: ${JSON.stringify(events)}`);
        const t = history.body.ticket as Ticket;
        assert.equal(t.assignee, AGENT.id);
        assert.equal(t.status, 'resolved');
        // The customer sees the reply and not the note.
        const seen = JSON.stringify((await f.seed.ann.get(`/v1/tickets/${ticket.key}`)).body);
        assert.ok(seen.includes(reply) && !seen.includes(note));
      });
    } finally {
      await tab.close();
    }
  });

  test('? shows the keyboard shortcuts', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'agent-shortcuts', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        await blur(page);
        await page.keyboard.press('?');
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
        await screenshot(page, 'shortcuts');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
      });
    } finally {
      await tab.close();
    }
  });
});
