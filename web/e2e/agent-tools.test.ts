// The agent's tools beside a ticket: tags as chips (add with a comma and with
// Enter, remove one), escalation with a reason, assignment from the agents'
// workload, merging into another ticket found by key or subject -- each
// checked on the page and through the API -- a tag change that races
// another change (412), a tenant-scoped agent (no workload panel), axe and
// screenshots (desktop, dark, narrow).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AGENT, openTicket, type Api, type Ticket } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, shownValue, signInWithToken,
         type Tab } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

type FullTicket = Ticket & { tags: string[]; escalation_level: number; merged_into: string | null };

async function read(api: Api, key: string): Promise<FullTicket> {
  return (await api.get(`/admin/v1/tickets/${key}`)).body as FullTicket;
}

/** Takes the focus out of any field, so a key press is a shortcut. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('aria-label') || '');
}

/** The If-Match of every POST to a ticket's `command` route the page sends. */
function recordIfMatch(tab: Tab, command: string): string[] {
  const seen: string[] = [];
  tab.page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname.endsWith(`/${command}`)) {
      seen.push(req.headers()['if-match'] ?? '(none)');
    }
  });
  return seen;
}

describe('agent tools on a ticket', { timeout: 240_000 }, () => {
  const f = useFixture();

  test('tags, escalation and assignment from the workload', async () => {
    const ticket = await openTicket(f.seed.ann, 'Invoices show the wrong VAT rate',
                                    'Since January the invoices say 19 % instead of 7 %.');
    // agent-9 works one ticket already and takes at most five.
    const busy = await openTicket(f.seed.gus, 'Export stalls at 99 %', 'Every time.');
    await f.seed.admin.must('POST', `/admin/v1/tickets/${busy.key}/assign`, { assignee: 'agent-9' }, 200);
    await f.seed.admin.must('PUT', '/admin/v1/agents/agent-9', { available: true, max_open: 5 }, 200);

    const tab = await openTab(f.browser, f.server);
    const tagIfMatch = recordIfMatch(tab, 'tags');
    const escalateIfMatch = recordIfMatch(tab, 'escalate');
    try {
      await capturingFailure(tab, 'agent-tools', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();

        // Two tags: a comma ends the first, Enter the second (typed in capitals).
        const tagField = page.getByLabel('Add tags', { exact: true });
        await tagField.fill('Billing');
        await tagField.press(',');
        await page.getByRole('button', { name: 'Remove tag billing' }).waitFor();
        assert.equal(await tagField.inputValue(), '', 'the field is empty once the tag is added');
        await tagField.fill('VIP');
        await tagField.press('Enter');
        await page.getByRole('button', { name: 'Remove tag vip' }).waitFor();
        await eventually(async () => assert.deepEqual((await read(f.seed.agent, ticket.key)).tags, ['billing', 'vip']));
        assert.equal(tagIfMatch.length, 2);
        assert.ok(tagIfMatch.every((h) => /^"\d+"$/.test(h)), `each tag change carries If-Match: ${tagIfMatch}`);

        // A tag ticketd would refuse is named next to the field and not sent.
        await tagField.fill('a.b');
        await tagField.press('Enter');
        const tagError = page.locator('#tag-input-error');
        await tagError.waitFor();
        assert.match(await tagError.innerText(), /“a\.b”: a tag is 1 to 64 characters from a-z, 0-9, _ and -/);
        assert.equal(await tagField.getAttribute('aria-invalid'), 'true');
        assert.equal(tagIfMatch.length, 2, 'nothing was sent');
        await tagField.fill('');

        // Remove one: the focus goes on to the next tag's button.
        await page.getByRole('button', { name: 'Remove tag billing' }).click();
        await page.getByRole('button', { name: 'Remove tag billing' }).waitFor({ state: 'detached' });
        await eventually(async () => assert.deepEqual((await read(f.seed.agent, ticket.key)).tags, ['vip']));
        await eventually(async () => assert.equal(await focusedId(page), 'Remove tag vip'));

        // Escalate: a reason is asked for; the level is shown.
        const escalation = page.getByRole('region', { name: 'Escalation' });
        await escalation.getByText('Not escalated').waitFor();
        await page.getByRole('button', { name: 'Escalate', exact: true }).click();
        const reason = page.getByLabel('Reason for escalating', { exact: true });
        await eventually(async () => assert.equal(await focusedId(page), 'escalate-reason'));
        await page.getByRole('button', { name: 'Escalate to level 1' }).click();
        await page.locator('#escalate-reason-error').getByText('Give a reason for escalating').waitFor();
        assert.equal(escalateIfMatch.length, 0, 'an empty reason is not sent');
        await reason.fill('The customer cannot send invoices this month');
        await page.getByRole('button', { name: 'Escalate to level 1' }).click();
        await page.getByRole('status').filter({ hasText: 'Escalated to level 1.' }).waitFor();
        await escalation.getByText('Level 1', { exact: true }).waitFor();
        assert.equal((await read(f.seed.agent, ticket.key)).escalation_level, 1);
        assert.equal(escalateIfMatch.length, 1);
        assert.match(escalateIfMatch[0]!, /^"\d+"$/);
        const history = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}/history`)).body;
        const escalated = (history.events as { type: string; data: any }[]).find((e) => e.type === 'TicketEscalated');
        assert.deepEqual(escalated?.data, { level: 1, reason: 'The customer cannot send invoices this month' });

        // e opens the form again, with the focus in it; Escape closes it.
        await blur(page);
        await page.keyboard.press('e');
        await eventually(async () => assert.equal(await focusedId(page), 'escalate-reason'));
        await page.keyboard.press('Escape');
        await reason.waitFor({ state: 'detached' });
        // s and t: the Status select, the tag field.
        await blur(page);
        await page.keyboard.press('s');
        await eventually(async () => assert.equal(await focusedId(page), 'prop-status'));
        await blur(page);
        await page.keyboard.press('t');
        await eventually(async () => assert.equal(await focusedId(page), 'tag-input'));

        // The workload: agent-9 has one open ticket; pick them.
        await page.getByRole('button', { name: "Agents' workload" }).click();
        const panel = page.getByRole('region', { name: "Agents' workload" });
        const pick9 = panel.getByRole('button', { name: /^Assign to agent-9/ });
        await pick9.waitFor();
        assert.match(await pick9.innerText(), /1 open ticket/);
        assert.match(await pick9.innerText(), /available, up to 5/);
        await pick9.click();
        await eventually(async () => assert.equal((await read(f.seed.agent, ticket.key)).assignee, 'agent-9'));
        await eventually(async () => assert.equal(await shownValue(page.getByLabel('Assignee', { exact: true })), 'agent-9'));
        await eventually(async () => assert.match(await pick9.innerText(), /2 open tickets/));
        assert.match(await pick9.innerText(), /assigned this ticket/);
        assert.ok(await pick9.isDisabled(), 'the current assignee is not offered again');
        // The agent assigned one just now: they are in the list too, as "(you)".
        await blur(page);
        await page.keyboard.press('a');
        await eventually(async () => assert.equal((await read(f.seed.agent, ticket.key)).assignee, AGENT.id));
        const me = panel.getByRole('button', { name: new RegExp(`^Assign to ${AGENT.name} \\(you\\)`) });
        await me.waitFor();
        await eventually(async () => assert.match(await pick9.innerText(), /1 open ticket/));
        await pick9.click();
        await eventually(async () => assert.equal((await read(f.seed.agent, ticket.key)).assignee, 'agent-9'));
        await eventually(async () => assert.match(await pick9.innerText(), /2 open tickets/));

        await screenshot(page, 'agent-ticket-tools');
        await checkAccessibility(page, 'agent-ticket-tools');
      });
      // The same page in the dark theme and on a narrow screen.
      for (const [name, options] of [
        ['agent-ticket-tools-dark', { colorScheme: 'dark' as const }],
        ['agent-ticket-tools-narrow', { viewport: { width: 390, height: 844 } }],
      ] as const) {
        const other = await openTab(f.browser, f.server, options);
        try {
          await capturingFailure(other, name, async () => {
            const { page } = other;
            await signInWithToken(page, f.seed.agent.token!);
            await page.goto(`/tickets/${ticket.key}`);
            const toDark = page.getByRole('button', { name: 'Dark theme', exact: true });
            if (name.endsWith('dark') && await toDark.count() > 0) await toDark.click();
            await page.getByRole('button', { name: 'Remove tag vip' }).waitFor();
            await page.getByRole('button', { name: "Agents' workload" }).click();
            await page.getByRole('button', { name: /^Assign to agent-9/ }).waitFor();
            await page.getByRole('button', { name: 'Escalate', exact: true }).click();
            await screenshot(page, name);
            await checkAccessibility(page, name);
          });
        } finally {
          await other.close();
        }
      }
    } finally {
      await tab.close();
    }
  });

  test('merge into another ticket, found by key and by subject', async () => {
    const source = await openTicket(f.seed.ann, 'Printer jams on page two', 'The HP in room 4 jams every time.');
    const target = await openTicket(f.seed.ann, 'Office printer keeps jamming', 'Room 4, since Monday.');
    const closed = await openTicket(f.seed.ann, 'Old printer question', 'Answered already.');
    for (const status of ['resolved', 'closed']) {
      await f.seed.agent.must('POST', `/admin/v1/tickets/${closed.key}/status`, { status }, 200);
    }
    const foreign = await openTicket(f.seed.gus, 'Globex printer jams', 'Also room 4.');
    const note = 'Internal: the HP needs a new roller';
    await f.seed.agent.must('POST', `/admin/v1/tickets/${source.key}/messages`, { body: note, internal: true }, 200);

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'agent-merge', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${source.key}`);
        await page.getByRole('heading', { name: source.subject }).waitFor();
        const opener = page.getByRole('button', { name: 'Merge into…' });
        await opener.click();
        const dialog = page.getByRole('dialog', { name: `Merge ${source.key} into another ticket` });
        await dialog.waitFor();
        const field = dialog.getByRole('combobox', { name: 'Ticket to merge into' });
        await field.fill('acme-999');
        await dialog.getByText('No open acme ticket matches').waitFor();
        // 422: no such ticket, named next to the field.
        await dialog.getByRole('button', { name: `Merge ${source.key} into acme-999` }).click();
        await dialog.getByRole('alert').filter({ hasText: 'no such ticket' }).waitFor();
        await dialog.locator('#merge-target-error').getByText('no such ticket').waitFor();
        // 409: another tenant's ticket (Enter sends what is typed).
        await field.fill(foreign.key);
        await dialog.getByText('No open acme ticket matches').waitFor();
        await field.press('Enter');
        await dialog.getByRole('alert').filter({ hasText: 'cannot merge into a ticket of another tenant' }).waitFor();

        // 409: a closed ticket, found by its number alone and taken with the keyboard.
        await field.fill(String(closed.key.split('-')[1]));
        const option = dialog.getByRole('option', { name: new RegExp(closed.subject) });
        await option.waitFor();
        await field.press('ArrowDown');
        assert.equal(await option.getAttribute('aria-selected'), 'true');
        await field.press('Enter');
        assert.equal(await field.inputValue(), closed.key);
        await dialog.getByRole('button', { name: `Merge ${source.key} into ${closed.key}` }).click();
        await dialog.getByRole('alert').filter({ hasText: `ticket ${closed.key} is closed` }).waitFor();
        assert.equal((await read(f.seed.agent, source.key)).status, 'open', 'the refused merges changed nothing');

        // Escape closes the dialog; the focus goes back to its button.
        await field.focus();
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        await eventually(async () => assert.ok(await opener.evaluate((el) => el === document.activeElement)));

        // By words of the subject; the confirmation says what will happen.
        await opener.click();
        await field.fill('jamming');
        const found = dialog.getByRole('option', { name: new RegExp(target.subject) });
        await found.waitFor();
        await screenshot(page, 'agent-merge-suggestions');
        assert.equal(await dialog.locator('.merge-confirm').count(), 0, 'words are no ticket to merge into');
        assert.equal(await dialog.getByRole('option', { name: new RegExp(source.subject) }).count(), 0,
                     'the ticket itself is not offered');
        await field.press('ArrowDown');
        await field.press('Enter');
        const confirm = dialog.locator('.merge-confirm');
        await confirm.getByText(`${source.key} is closed and marked as merged into ${target.key}`).waitFor();
        assert.match(await confirm.innerText(), /internal notes too, are copied into/);
        await screenshot(page, 'agent-merge-dialog');
        await checkAccessibility(page, 'agent-merge-dialog');
        await dialog.getByRole('button', { name: `Merge ${source.key} into ${target.key}` }).click();

        // The target's page: the source's messages are part of it.
        await page.waitForURL(`**/tickets/${target.key}`);
        await page.getByRole('heading', { name: target.subject }).waitFor();
        await page.getByRole('status').filter({ hasText: `${source.key} was merged into this ticket` }).waitFor();
        await page.locator('article').filter({ hasText: 'The HP in room 4 jams every time.' }).waitFor();
        await page.locator('article').filter({ hasText: note }).waitFor();
        const src = await read(f.seed.agent, source.key);
        const tgt = await read(f.seed.agent, target.key);
        assert.equal(src.status, 'closed');
        assert.equal(src.merged_into, tgt.id);
        assert.ok(tgt.messages.some((m) => m.body === note && m.internal), 'the note came along, still internal');

        // The source's page says so, and offers no merge any more.
        await page.goto(`/tickets/${source.key}`);
        await page.getByRole('heading', { name: source.subject }).waitFor();
        await page.getByRole('status').filter({ hasText: 'This ticket was merged into another and closed' }).waitFor();
        await page.getByText('A closed ticket cannot be merged.').waitFor();
        assert.equal(await page.getByRole('button', { name: 'Merge into…' }).count(), 0);
        await page.getByRole('link', { name: 'Go to the ticket it was merged into' }).click();
        await page.getByRole('heading', { name: target.subject }).waitFor();
      });
    } finally {
      await tab.close();
    }
  });

  test('a tag change racing another change is refused (412) and can be sent again', async () => {
    const ticket = await openTicket(f.seed.ann, 'Password reset mail never arrives', 'Checked the spam folder.');
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'agent-tags-conflict', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        let tagRequests = 0;
        await page.route('**/admin/v1/tickets/*/tags', async (route) => {
          tagRequests += 1;
          if (tagRequests === 1) {
            await f.seed.admin.must('POST', `/admin/v1/tickets/${ticket.key}/priority`, { priority: 'high' }, 200);
          }
          await route.continue();
        });
        const answer = page.waitForResponse((res) => res.url().endsWith('/tags'));
        const tagField = page.getByLabel('Add tags', { exact: true });
        await tagField.fill('mail');
        await tagField.press('Enter');
        assert.equal((await answer).status(), 412);
        await page.getByRole('alert').filter({ hasText: 'Someone else changed this ticket' }).waitFor();
        await eventually(async () => assert.match(await shownValue(page.getByLabel('Priority', { exact: true })), /high/i));
        assert.equal(await tagField.inputValue(), 'mail', 'what was typed is still there');
        assert.deepEqual((await read(f.seed.agent, ticket.key)).tags, [], 'the refused change added nothing');
        await screenshot(page, 'agent-tags-conflict');

        await tagField.press('Enter');
        await page.getByRole('button', { name: 'Remove tag mail' }).waitFor();
        await eventually(async () => assert.deepEqual((await read(f.seed.agent, ticket.key)).tags, ['mail']));
        assert.equal(tagRequests, 2);
        assert.equal(await page.getByRole('alert').filter({ hasText: 'Someone else changed' }).count(), 0);
      });
    } finally {
      await tab.close();
    }
  });

  test('an agent scoped to one tenant sees no workload (ticketd answers it to platform staff only)', async () => {
    const ticket = await openTicket(f.seed.ann, 'Scanner sends empty PDFs', 'Since the update.');
    const issued = await f.seed.admin.must<{ token: string }>('POST', '/admin/v1/tokens',
      { role: 'agent', user: { id: 'agent-acme', email: 'aa@acme.test', name: 'Acme Agent' }, scope: ['acme'] }, 201);
    const scoped = f.seed.admin.withToken(issued.token);
    assert.equal((await scoped.get('/admin/v1/agents')).status, 403, 'ticketd refuses the workload to this agent');
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'agent-scoped', async () => {
        const { page } = tab;
        await signInWithToken(page, issued.token);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        await page.getByRole('button', { name: 'Assign to me' }).waitFor();
        assert.equal(await page.getByRole('button', { name: "Agents' workload" }).count(), 0);
        await page.getByRole('button', { name: 'Assign to me' }).click();
        await eventually(async () => assert.equal((await read(scoped, ticket.key)).assignee, 'agent-acme'));
        const asked = (await tab.jsonAnswers()).filter((a) => new URL(a.url).pathname === '/admin/v1/agents');
        assert.deepEqual(asked, [], 'the console did not even ask');
      });
    } finally {
      await tab.close();
    }
  });
});
