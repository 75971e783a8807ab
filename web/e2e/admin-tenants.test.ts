// Tenant administration: the tenants list, a tenant's SLA policy (targets,
// business hours, holidays) and settings, the agents' auto-assign. The main
// scenario is a tenant admin, invited by mail and signed in with a password,
// who edits acme's SLA and then sees the due times move where the product
// applies a policy change: a ticket whose priority changes takes the new
// priority's target (counted in the business hours it was opened with), and
// a ticket opened afterwards is counted in the new business hours.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { invite, openTicket, type Ticket } from './lib/api.js';
import {
  capturingFailure, checkAccessibility, openTab, screenshot, shownValue, signInWithToken,
} from './lib/browser.js';
import { useMailFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** What these tests read of a ticket besides lib/api.ts's Ticket. */
type Timed = Ticket & { created_at: string; sla: { first_response_due: string } };

async function open(customer: Parameters<typeof openTicket>[0], subject: string, description: string,
                    priority: string): Promise<Timed> {
  return await openTicket(customer, subject, description, { priority }) as Timed;
}

const TARA = { email: 'tara@acme.test', name: 'Tara Tenant-Admin', password: 'acme admin pass phrase 42' };

/** "due in 7 h 59 min", "due in 1 d 2 h", "due in 45 min" -> minutes. */
function countdownMinutes(text: string): number {
  const m = /due in (?:(\d+) d)?\s*(?:(\d+) h)?\s*(?:(\d+) min)?/.exec(text);
  if (!m || !(m[1] || m[2] || m[3])) throw new Error(`not a countdown: "${text}"`);
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** The SLA countdown on an agent's ticket page. */
function slaOnTicket(page: Page): Locator {
  return page.locator('dt', { hasText: /^SLA$/ }).locator('xpath=following-sibling::dd[1]');
}

/** Asserts the countdown shown is `due` from now, within what its rounding allows. */
async function assertShowsDue(page: Page, due: string, what: string): Promise<void> {
  await eventually(async () => {
    const text = (await slaOnTicket(page).innerText()).trim();
    const shown = countdownMinutes(text);
    const left = (Date.parse(due) - Date.now()) / MIN;
    // Under a day the countdown is to the minute; from a day on, to the hour.
    const slack = left >= 1440 ? 61 : 2;
    assert.ok(Math.abs(shown - left) <= slack,
              `${what}: the page shows "${text}" (${shown} min), the due is ${due} (${left.toFixed(1)} min away)`);
  });
}

/**
 * When 8 business hours after `opened` end, open 09:00-17:00 every day in
 * Tokyo (UTC+9 all year): before 09:00 that day's 17:00; inside the hours
 * the same time the next day; after 17:00 the next day's 17:00.
 */
function eightBusinessHoursTokyo(opened: string): string {
  const offset = 9 * HOUR;
  const local = Date.parse(opened) + offset;
  const midnight = Math.floor(local / DAY) * DAY;
  const minute = (local - midnight) / MIN;
  let due: number;
  if (minute < 9 * 60) due = midnight + 17 * HOUR;
  else if (minute < 17 * 60) due = local + DAY;
  else due = midnight + DAY + 17 * HOUR;
  return new Date(due - offset).toISOString();
}

async function noSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide on a ${width} px screen`);
}

describe('tenant administration', { timeout: 240_000 }, () => {
  const f = useMailFixture();

  test('a tenant admin edits the SLA and sees due times move', async () => {
    // acme's tenant admin, invited by a platform admin; the mail's link.
    const invited = await invite(f.seed.admin, f.mail,
      { email: TARA.email, name: TARA.name, role: 'tenant_admin', scope: ['acme'] });
    assert.ok(invited.id);
    const token = invited.token;
    // A high-priority ticket: 4 h to the first response by acme's default policy.
    const earlier = await open(f.seed.ann, 'Checkout page times out', 'Every card payment since 10:00.', 'high');
    assert.equal(Date.parse(earlier.sla.first_response_due) - Date.parse(earlier.created_at), 4 * HOUR);

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-tenant-sla', async () => {
        const { page } = tab;
        await page.goto(`/sign-in#purpose=invitation&token=${token}`);
        await page.getByLabel('Your name', { exact: true }).fill(TARA.name);
        await page.getByLabel('New password', { exact: true }).fill(TARA.password);
        await page.getByRole('button', { name: 'Accept invitation' }).click();
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        const nav = page.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Tenants', exact: true }).waitFor();
        assert.equal(await nav.getByRole('link', { name: 'Agents', exact: true }).count(), 0,
                     'a tenant admin cannot list agents (GET /admin/v1/agents is platform-only)');

        // The due before any change: 4 h after opening.
        await page.goto(`/tickets/${earlier.key}`);
        await page.getByRole('heading', { name: earlier.subject }).waitFor();
        await assertShowsDue(page, earlier.sla.first_response_due, 'before the change');

        // The tenants list holds acme only (the scope), and no "New tenant".
        await nav.getByRole('link', { name: 'Tenants', exact: true }).click();
        await page.getByRole('heading', { name: 'Tenants', exact: true }).waitFor();
        const table = page.getByRole('table', { name: 'Tenants' });
        await table.getByRole('link', { name: 'Acme' }).waitFor();
        assert.equal(await table.getByRole('link', { name: 'Globex' }).count(), 0, 'globex is outside the scope');
        assert.equal(await page.getByRole('heading', { name: 'New tenant' }).count(), 0);
        await table.getByRole('link', { name: 'Acme' }).click();
        await page.waitForURL('**/admin/tenants/acme');
        await page.getByRole('heading', { name: 'SLA policy' }).waitFor();

        // Urgent: first response 2 h -> 8 h.
        const urgent = page.getByRole('group', { name: 'Urgent', exact: true });
        const urgentFirst = urgent.getByLabel('First response', { exact: true });
        assert.equal(await urgentFirst.inputValue(), '2');
        assert.equal(await shownValue(urgent.getByLabel('First response unit')), 'hours');
        await urgentFirst.fill('8');
        await urgent.getByLabel('Resolution', { exact: true }).fill('1');
        await urgent.getByLabel('Resolution unit').selectOption('days');
        // Business hours: Tokyo, 09:00-17:00 every day (Monday to Friday
        // filled in by choosing business hours, the weekend added).
        await page.getByLabel('Time zone', { exact: true }).selectOption('Asia/Tokyo');
        await page.getByLabel('During business hours').check();
        assert.equal(await page.getByLabel('Monday opens', { exact: true }).inputValue(), '09:00');
        assert.equal(await page.getByLabel('Friday closes', { exact: true }).inputValue(), '17:00');
        const saturday = page.getByRole('group', { name: 'Saturday', exact: true });
        await saturday.getByText('Closed').waitFor();
        await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
        await page.getByRole('button', { name: 'Add hours on Sunday' }).click();
        assert.equal(await page.getByLabel('Sunday opens', { exact: true }).inputValue(), '09:00');

        // Checked before sending: a closing time before the opening one.
        await page.getByRole('button', { name: 'Add hours on Monday' }).click();
        await page.getByLabel('Monday opens, interval 2', { exact: true }).fill('20:00');
        await page.getByLabel('Monday closes, interval 2', { exact: true }).fill('19:00');
        await page.getByRole('button', { name: 'Save SLA policy' }).click();
        await page.getByRole('alert').filter({ hasText: 'Check the fields marked below' }).waitFor();
        const second = page.getByLabel('Monday opens, interval 2', { exact: true });
        assert.equal(await second.getAttribute('aria-invalid'), 'true');
        await page.locator('#sla-day-0-1-error').filter({ hasText: 'Closing time must be after opening time' })
          .waitFor();
        await page.getByRole('button', { name: 'Remove Monday hours 2' }).click();

        await page.getByRole('button', { name: 'Save SLA policy' }).click();
        await page.getByRole('status').filter({ hasText: 'SLA policy saved' }).waitFor();
        await screenshot(page, 'admin-tenant-sla');
        await checkAccessibility(page, 'admin-tenant-sla');

        const acme = (await f.seed.admin.get('/admin/v1/tenants/acme')).body;
        assert.deepEqual(acme.sla.policies.urgent, { first_response_s: 8 * 3600, resolution_s: 24 * 3600 });
        assert.equal(acme.sla.business_hours.time_zone, 'Asia/Tokyo');
        assert.deepEqual(acme.sla.business_hours.weekly,
                         Array.from({ length: 7 }, () => [{ start_minute: 540, end_minute: 1020 }]));
        // Read back after a reload: what was saved.
        await page.reload();
        await page.getByRole('heading', { name: 'SLA policy' }).waitFor();
        assert.equal(await page.getByRole('group', { name: 'Urgent', exact: true })
          .getByLabel('First response', { exact: true }).inputValue(), '8');
        assert.equal(await page.getByLabel('Time zone', { exact: true }).inputValue(), 'Asia/Tokyo');
        assert.equal(await page.getByLabel('Sunday closes', { exact: true }).inputValue(), '17:00');

        // The open ticket kept its due: a policy change does not reach back.
        await page.goto(`/tickets/${earlier.key}`);
        await page.getByRole('heading', { name: earlier.subject }).waitFor();
        await assertShowsDue(page, earlier.sla.first_response_due, 'after the change, before anything else');
        const unchanged = (await f.seed.admin.get(`/admin/v1/tickets/${earlier.key}`)).body as Timed;
        assert.equal(unchanged.sla.first_response_due, earlier.sla.first_response_due);

        // Its priority changes to urgent: the new 8 h target, counted in the
        // hours the ticket was opened with (around the clock), not Tokyo's.
        await page.getByLabel('Priority', { exact: true }).selectOption({ label: 'Urgent' });
        const raised = await eventually(async () => {
          const t = (await f.seed.admin.get(`/admin/v1/tickets/${earlier.key}`)).body;
          assert.equal(t.priority, 'urgent');
          return t as { created_at: string; sla: { first_response_due: string } };
        });
        assert.equal(Date.parse(raised.sla.first_response_due) - Date.parse(earlier.created_at), 8 * HOUR,
                     'first response due 8 h after opening');
        await assertShowsDue(page, raised.sla.first_response_due, 'after the priority change');

        // A ticket opened now: 8 business hours of Tokyo's 09:00-17:00.
        const opened = await open(f.seed.ann, 'Refund not received', 'Order 7781, refunded 2 weeks ago.', 'urgent');
        const expected = eightBusinessHoursTokyo(opened.created_at);
        assert.equal(opened.sla.first_response_due, expected,
                     `opened ${opened.created_at}: due at the end of 8 h of Tokyo business hours`);
        await page.goto(`/tickets/${opened.key}`);
        await page.getByRole('heading', { name: opened.subject }).waitFor();
        await assertShowsDue(page, expected, 'a ticket opened after the change');
        // The queue shows the same.
        await page.goto('/queue');
        const row = page.getByRole('table', { name: 'Queue' }).getByRole('row')
          .filter({ has: page.getByRole('link', { name: opened.subject }) });
        const rowText = await row.locator('.sla').innerText();
        assert.ok(Math.abs(countdownMinutes(rowText) - (Date.parse(expected) - Date.now()) / MIN) <= 61,
                  `the queue shows "${rowText}" for a due at ${expected}`);

        // Agents' workload is not for a tenant admin.
        await page.goto('/admin/agents');
        await page.getByRole('heading', { name: 'You cannot use this page' }).waitFor();
      });
    } finally {
      await tab.close();
    }
  });

  test('a platform admin creates a tenant; a taken slug is named at the slug', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-tenants', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        const nav = page.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Agents', exact: true }).waitFor();
        await nav.getByRole('link', { name: 'Tenants', exact: true }).click();
        const table = page.getByRole('table', { name: 'Tenants' });
        await table.getByRole('link', { name: 'Acme' }).waitFor();
        await table.getByRole('link', { name: 'Globex' }).waitFor();

        await page.getByLabel('Slug', { exact: true }).fill('initech');
        await page.getByLabel('Name', { exact: true }).fill('Initech');
        await page.getByRole('button', { name: 'Create tenant' }).click();
        await page.getByRole('status').filter({ hasText: 'Initech created' }).waitFor();
        await table.getByRole('link', { name: 'Initech' }).waitFor();
        assert.equal((await f.seed.admin.get('/admin/v1/tenants/initech')).status, 200);

        // A slug that exists: 409, shown next to the slug field.
        await page.getByLabel('Slug', { exact: true }).fill('acme');
        await page.getByLabel('Name', { exact: true }).fill('Acme again');
        await page.getByRole('button', { name: 'Create tenant' }).click();
        const slugError = page.locator('#tenant-slug-error');
        await slugError.filter({ hasText: 'acme exists' }).waitFor();
        assert.equal(await page.getByLabel('Slug', { exact: true }).getAttribute('aria-invalid'), 'true');
        assert.match(await page.getByLabel('Slug', { exact: true }).getAttribute('aria-describedby') ?? '',
                     /tenant-slug-error/);
        await page.getByRole('alert').filter({ hasText: 'exists' }).waitFor();
        await screenshot(page, 'admin-tenants');
        await checkAccessibility(page, 'admin-tenants');

        // A tenant that does not exist.
        await page.goto('/admin/tenants/no-such-tenant');
        await page.getByRole('heading', { name: 'Tenant not found' }).waitFor();
      });
    } finally {
      await tab.close();
    }
  });

  test('holidays, settings and an agent\'s auto-assign round-trip; the server\'s 422 is named at its field',
       async () => {
    // agent-7 has a ticket, so the workload lists them.
    const t = await openTicket(f.seed.gus, 'Report export is empty', 'Since the upgrade.');
    await f.seed.admin.must('POST', `/admin/v1/tickets/${t.key}/assign`, { assignee: 'agent-7' }, 200);
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-round-trips', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.goto('/admin/tenants/globex');
        await page.getByRole('heading', { name: 'SLA policy' }).waitFor();
        assert.ok(await page.getByLabel('Around the clock, every day (24/7)').isChecked());

        // Holidays: two added, one removed, saved.
        const date = page.getByLabel('Add a holiday', { exact: true });
        await date.fill('2026-12-25');
        await page.getByRole('button', { name: 'Add holiday' }).click();
        await date.fill('2027-01-01');
        await page.getByRole('button', { name: 'Add holiday' }).click();
        await date.fill('2026-12-25');
        await page.getByRole('button', { name: 'Add holiday' }).click();
        await page.locator('#sla-holiday-new-error').filter({ hasText: 'already a holiday' }).waitFor();
        const holidays = page.getByRole('list', { name: 'Holidays' });
        assert.equal(await holidays.getByRole('listitem').count(), 2);
        await holidays.getByRole('button', { name: /^Remove .*December.*2026/ }).click();
        await page.getByRole('button', { name: 'Save SLA policy' }).click();
        await page.getByRole('status').filter({ hasText: 'SLA policy saved' }).waitFor();
        await page.reload();
        await page.getByRole('heading', { name: 'SLA policy' }).waitFor();
        const items = await page.getByRole('list', { name: 'Holidays' }).getByRole('listitem').allInnerTexts();
        assert.equal(items.length, 1);
        assert.match(items[0]!, /1 January,? 2027|January 1, 2027/);
        assert.ok(await page.getByLabel('Around the clock, every day (24/7)').isChecked(),
                  'still around the clock (sent as 00:00-24:00 every day, since there is a holiday)');
        const globex = (await f.seed.admin.get('/admin/v1/tenants/globex')).body;
        assert.deepEqual(globex.sla.business_hours.holidays, ['2027-01-01']);

        // The server's 422 next to the field it names (a refusal the form
        // cannot provoke: its own checks come first, so it is staged).
        await page.route('**/admin/v1/tenants/globex/sla', (route) => route.fulfill({
          status: 422,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'https://ticketd.dev/problems/validation', title: 'Unprocessable Entity', status: 422,
            code: 'validation', detail: 'invalid SLA policy',
            errors: [
              { field: 'policies.low.resolution_s', message: 'must be a whole number of seconds, 1 to 10 years' },
              { field: 'business_hours.time_zone', message: 'unknown time zone "Asia/Tokyo"' },
              { field: 'business_hours.holidays[0]', message: 'must be a valid date written YYYY-MM-DD' },
            ],
          }),
        }));
        await page.getByRole('button', { name: 'Save SLA policy' }).click();
        await page.getByRole('alert').filter({ hasText: 'invalid SLA policy' }).waitFor();
        await page.locator('#sla-low-resolution-error').filter({ hasText: '1 to 10 years' }).waitFor();
        await page.locator('#sla-time-zone-error').filter({ hasText: 'unknown time zone' }).waitFor();
        await page.getByRole('list', { name: 'Holidays' }).getByText('must be a valid date').waitFor();
        assert.equal(await page.getByRole('group', { name: 'Low', exact: true })
          .getByLabel('Resolution', { exact: true }).getAttribute('aria-invalid'), 'true');
        await checkAccessibility(page, 'admin-tenant-sla-errors');
        await page.unroute('**/admin/v1/tenants/globex/sla');

        // Settings: close after 12 hours; auto-assign billing and bugs;
        // unverified mail opens a ticket of its own.
        await page.getByLabel('Close resolved tickets after', { exact: true }).fill('12');
        await page.getByLabel('Close resolved tickets after unit').selectOption('hours');
        await page.getByLabel('Billing', { exact: true }).check();
        await page.getByLabel('Bug', { exact: true }).check();
        const unverified = page.getByLabel('Mail from a sender who could not be verified');
        assert.equal(await unverified.inputValue(), 'hold');
        await unverified.selectOption('open_ticket');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
        await page.reload();
        await page.getByRole('heading', { name: 'Settings' }).waitFor();
        assert.equal(await page.getByLabel('Close resolved tickets after', { exact: true }).inputValue(), '12');
        assert.equal(await page.getByLabel('Close resolved tickets after unit').inputValue(), 'hours');
        assert.ok(await page.getByLabel('Billing', { exact: true }).isChecked());
        assert.ok(await page.getByLabel('Bug', { exact: true }).isChecked());
        assert.ok(!(await page.getByLabel('Technical', { exact: true }).isChecked()));
        assert.equal(await unverified.inputValue(), 'open_ticket');
        await page.locator('form.settings-form').scrollIntoViewIfNeeded();
        await checkAccessibility(page, 'admin-tenant-settings');
        await screenshot(page, 'admin-tenant-settings');
        const settings = (await f.seed.admin.get('/admin/v1/tenants/globex')).body.settings;
        assert.equal(settings.auto_close_after_s, 12 * 3600);
        assert.equal(settings.unverified_mail, 'open_ticket');
        assert.deepEqual([...settings.auto_assign].sort(), ['billing', 'bug']);

        // Agents: agent-7 available, at most 5 open tickets.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents', exact: true })
          .click();
        await page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();
        const available = page.getByLabel('agent-7: Available', { exact: true });
        const cap = page.getByLabel('agent-7: open-ticket cap', { exact: true });
        await available.check();
        await cap.fill('0');
        await page.getByRole('button', { name: 'Save agent-7' }).click();
        await page.locator('#agent-agent-7-cap-error').filter({ hasText: 'whole number' }).waitFor();
        await cap.fill('5');
        await page.getByRole('button', { name: 'Save agent-7' }).click();
        await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
        await page.reload();
        await page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();
        await eventually(async () => assert.ok(await available.isChecked()));
        assert.equal(await cap.inputValue(), '5');
        let setting = (await f.seed.admin.get('/admin/v1/agents/agent-7')).body;
        assert.equal(setting.available, true);
        assert.equal(setting.max_open, 5);
        // No cap: the field left empty.
        await cap.fill('');
        await page.getByRole('button', { name: 'Save agent-7' }).click();
        await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
        setting = (await f.seed.admin.get('/admin/v1/agents/agent-7')).body;
        assert.equal(setting.max_open, null);

        // An agent with no ticket yet, by id.
        await page.getByLabel('Agent id', { exact: true }).fill('agent-new');
        await page.getByRole('button', { name: 'Show setting' }).click();
        await page.getByText('not set up yet').waitFor();
        await page.getByLabel('Available for auto-assign', { exact: true }).check();
        await page.getByLabel('Open-ticket cap', { exact: true }).fill('3');
        await page.getByRole('button', { name: 'Save agent-new' }).click();
        await page.getByRole('form', { name: 'Auto-assign of agent-new' }).getByRole('status')
          .filter({ hasText: 'Saved' }).waitFor();
        setting = (await f.seed.admin.get('/admin/v1/agents/agent-new')).body;
        assert.deepEqual([setting.available, setting.max_open], [true, 3]);

        await screenshot(page, 'admin-agents');
        await checkAccessibility(page, 'admin-agents');
      });
    } finally {
      await tab.close();
    }
  });

  test('the SLA page on a phone; customers and agents are told the tenant pages are not for them', async () => {
    const phone = await openTab(f.browser, f.server, { viewport: { width: 375, height: 800 } });
    try {
      await capturingFailure(phone, 'admin-tenant-sla-phone', async () => {
        const { page } = phone;
        await signInWithToken(page, f.server.adminToken);
        await page.goto('/admin/tenants/acme');
        await page.getByRole('heading', { name: 'SLA policy' }).waitFor();
        await page.getByLabel('During business hours').check();
        await page.getByLabel('Monday opens', { exact: true }).waitFor();
        await noSidewaysScroll(page, 375);
        await screenshot(page, 'admin-tenant-sla-phone');
        await page.goto('/admin/tenants');
        await page.getByRole('table', { name: 'Tenants' }).waitFor();
        await noSidewaysScroll(page, 375);
      });
    } finally {
      await phone.close();
    }

    for (const [who, token] of [['customer', f.seed.ann.token!], ['agent', f.seed.agent.token!]] as const) {
      const tab = await openTab(f.browser, f.server);
      try {
        await capturingFailure(tab, `admin-forbidden-${who}`, async () => {
          const { page } = tab;
          await signInWithToken(page, token);
          await page.goto('/admin/tenants');
          await page.getByRole('heading', { name: 'You cannot use this page' }).waitFor();
          await page.getByText('for tenant admins and admins').waitFor();
          const nav = page.getByRole('navigation', { name: 'Main' });
          assert.equal(await nav.getByRole('link', { name: 'Tenants', exact: true }).count(), 0);
          await page.goto('/admin/tenants/acme');
          await page.getByRole('heading', { name: 'You cannot use this page' }).waitFor();
          if (who === 'agent') {
            // A platform agent reads the workload, but changes no setting.
            await nav.getByRole('link', { name: 'Agents', exact: true }).click();
            await page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();
            await page.getByText('Only a platform admin changes these settings').waitFor();
            assert.equal(await page.getByRole('button', { name: /^Save/ }).count(), 0);
          } else {
            await page.goto('/admin/agents');
            await page.getByRole('heading', { name: 'You cannot use this page' }).waitFor();
            await checkAccessibility(page, 'admin-forbidden');
          }
        });
      } finally {
        await tab.close();
      }
    }
  });
});
