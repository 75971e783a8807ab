// /reports over tickets made through the API: the figures in the tables are
// the ones made, the charts are drawn (and drawn again for the dark theme and
// a narrower window), the tenant and the range are in the URL, the CSV
// downloads hold the tables, axe finds nothing serious, and a tenant admin
// sees their tenant only, without the platform's workload and without an
// error for it.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Download, Page } from 'playwright-core';
import { openTicket, type Seed } from './lib/api.js';
import {
  capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken, type Tab,
} from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const DAY_MS = 86_400_000;

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * acme: three tickets (one resolved and rated 4, one answered and in
 * progress, one untouched); globex: two (one resolved). agent-7 holds two of
 * them. Made today: all of it is in today's row.
 */
async function seedTickets(s: Seed): Promise<void> {
  const invoice = await openTicket(s.ann, 'Invoice 2024-113 charged twice', 'Two charges of 49.00 EUR.',
                                   { category: 'billing', priority: 'high' });
  const login = await openTicket(s.ann, 'Cannot log in after password change', 'Invalid credentials.',
                                 { category: 'account', priority: 'urgent' });
  await openTicket(s.ann, 'Add dark mode to the mobile app', 'It would help at night.',
                   { category: 'feature_request', priority: 'low' });
  const exportBug = await openTicket(s.gus, 'Export to CSV cuts off long names', 'Over 40 characters.',
                                     { category: 'bug', priority: 'medium' });
  await openTicket(s.gus, 'Password reset mail never arrives', 'Checked the spam folder too.',
                   { category: 'account', priority: 'medium' });

  const reply = (key: string, body: string) =>
    s.agent.must('POST', `/admin/v1/tickets/${key}/messages`, { body, internal: false }, 200);
  const assign = (key: string) =>
    s.agent.must('POST', `/admin/v1/tickets/${key}/assign`, { assignee: 'agent-7' }, 200);
  const status = (key: string, to: string) =>
    s.agent.must('POST', `/admin/v1/tickets/${key}/status`, { status: to }, 200);

  await assign(invoice.key);
  await reply(invoice.key, 'The second charge is a hold; it disappears within 5 days.');
  await status(invoice.key, 'resolved');
  await s.ann.must('POST', `/v1/tickets/${invoice.key}/satisfaction`, { rating: 4 }, 200);

  await assign(login.key); // in progress, by being assigned
  await reply(login.key, 'We are looking into it.');

  await reply(exportBug.key, 'Fixed in 2.4.1.');
  await status(exportBug.key, 'resolved');
}

/** A table's body rows, each as its cells' text. */
async function rows(page: Page, name: string): Promise<string[][]> {
  return page.getByRole('table', { name, exact: true }).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.children, (c) => (c as HTMLElement).innerText.trim())));
}

/** Today's row of "Tickets per day": [created, resolved]. */
async function todayRow(page: Page, today: string): Promise<string[]> {
  const row = page.getByRole('table', { name: 'Tickets per day', exact: true })
    .locator('tbody tr', { has: page.locator(`time[datetime="${today}"]`) });
  return row.locator('td').allInnerTexts();
}

/** A headline figure's value ("Created", "Satisfaction", ...). */
async function headline(page: Page, label: string): Promise<string> {
  const figure = page.locator('.report-figures .report-figure', {
    has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }),
  });
  return (await figure.locator('.report-figure__value').innerText()).trim();
}

function query(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

async function csvOf(download: Download): Promise<string> {
  const path = await download.path();
  assert.ok(path, 'the download has no file');
  return readFile(path, 'utf8');
}

/** The charts drawn: each canvas named, role="img", with a size. */
async function charts(page: Page): Promise<{ label: string; width: number; height: number }[]> {
  return page.locator('figure.chart canvas').evaluateAll((canvases) =>
    canvases.map((c) => {
      const box = c.getBoundingClientRect();
      return {
        label: `${c.getAttribute('role')}: ${c.getAttribute('aria-label') ?? ''}`,
        width: box.width,
        height: box.height,
      };
    }));
}

async function dailyPixels(page: Page): Promise<string> {
  return page.locator('figure.chart canvas').first().evaluate((c) => (c as HTMLCanvasElement).toDataURL());
}

function assertClean(tab: Tab): void {
  assert.deepEqual(tab.cspViolations, [], 'CSP violations');
  assert.deepEqual(tab.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(tab.consoleErrors, [], 'console errors');
}

describe('reports', { timeout: 180_000 }, () => {
  const f = useFixture();

  test('figures, charts, tenant and range in the URL, CSV, axe, dark theme', async () => {
    await seedTickets(f.seed);
    const today = utcDay(Date.now());
    const weekAgo = utcDay(Date.now() - 6 * DAY_MS);
    const monthAgo = utcDay(Date.now() - 29 * DAY_MS);

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'reports', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);

        // The header leads there.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
        await page.waitForURL((url) => url.pathname === '/reports');
        await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();

        // All tenants, the last 30 days: today's row holds what was made.
        await eventually(async () => assert.deepEqual(await todayRow(page, today), ['5', '2']));
        assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), '');
        assert.equal(await page.getByLabel('From', { exact: true }).inputValue(), monthAgo);
        assert.equal(await page.getByLabel('To', { exact: true }).inputValue(), today);
        assert.equal((await rows(page, 'Tickets per day')).length, 30);
        assert.equal(await headline(page, 'Created'), '5');
        assert.equal(await headline(page, 'Resolved'), '2');
        assert.equal(await headline(page, 'Satisfaction'), '4.0 / 5');
        assert.deepEqual(await rows(page, 'Tickets by tenant'), [['Acme (acme)', '3', '60%'],
                                                                 ['Globex (globex)', '2', '40%']]);
        const times = await rows(page, 'Response and resolution times');
        assert.deepEqual(times.map((r) => r.slice(0, 2)), [['First response', '3'], ['Resolution', '2']]);
        assert.match(times[0]![2]!, /min|less than 1 min/);
        const sla = await rows(page, 'SLA compliance by priority');
        assert.deepEqual(sla.map((r) => r[0]), ['Urgent', 'High', 'Medium', 'Low']);
        const backlog = await rows(page, 'Backlog by status');
        assert.equal(backlog.reduce((n, r) => n + Number(r[1]), 0), 3);
        const agents = await rows(page, 'Agent workload');
        assert.deepEqual(agents.find((r) => r[0] === 'agent-7')?.slice(0, 3), ['agent-7', '1', '1']);

        // Three charts, drawn, each an image with a summary.
        await eventually(async () => {
          const drawn = await charts(page);
          assert.equal(drawn.length, 3, JSON.stringify(drawn));
          for (const c of drawn) {
            assert.ok(c.width > 100 && c.height > 100, `chart size ${JSON.stringify(c)}`);
            assert.match(c.label, /^img: Chart of /);
          }
          assert.match(drawn[0]!.label, /5 tickets created, 2 resolved/);
        });

        // CSV of a table: the figures on the page, nothing refused by the CSP.
        const [daily] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download CSV of tickets per day' }).click(),
        ]);
        assert.equal(daily.suggestedFilename(), `ticketd-daily-all-tenants-${monthAgo}-to-${today}.csv`);
        const dailyText = await csvOf(daily);
        assert.ok(dailyText.startsWith('\uFEFFdate,created,resolved\r\n'), JSON.stringify(dailyText.slice(0, 40)));
        const lines = dailyText.slice(1).split('\r\n');
        assert.equal(lines.length, 1 + 30 + 1, 'header, 30 days, and the empty string after the last CRLF');
        assert.equal(lines[30], `${today},5,2`);
        assert.equal(lines[1], `${monthAgo},0,0`);
        const [tenants] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download CSV of tickets by tenant' }).click(),
        ]);
        assert.equal(await csvOf(tenants), '\uFEFFtenant,name,tickets\r\nacme,Acme,3\r\nglobex,Globex,2\r\n');

        await checkAccessibility(page, 'reports');
        await screenshot(page, 'reports');

        // One tenant: in the URL, and the figures are its own.
        await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
        await eventually(async () => assert.deepEqual(query(page), { tenant: 'acme' }));
        await eventually(async () => assert.deepEqual(await todayRow(page, today), ['3', '1']));
        assert.equal(await page.getByRole('heading', { name: 'Tickets by tenant' }).count(), 0);
        assert.match(await page.locator('.report-scope').innerText(), /^Acme, /);

        // A preset: the last 7 days, in the URL, the tenant kept.
        await page.getByRole('button', { name: 'Last 7 days' }).click();
        await eventually(async () => assert.deepEqual(query(page), { tenant: 'acme', from: weekAgo, to: today }));
        await eventually(async () => assert.equal((await rows(page, 'Tickets per day')).length, 7));
        assert.equal(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed'), 'true');
        assert.equal(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed'), 'false');
        assert.deepEqual(await todayRow(page, today), ['3', '1']);

        // Days typed: a month without tickets.
        await page.getByLabel('From', { exact: true }).fill('2020-01-01');
        await page.getByLabel('To', { exact: true }).fill('2020-01-31');
        await page.getByRole('button', { name: 'Show', exact: true }).click();
        await eventually(async () =>
          assert.deepEqual(query(page), { tenant: 'acme', from: '2020-01-01', to: '2020-01-31' }));
        await eventually(async () => assert.equal(await headline(page, 'Created'), '0'));
        assert.equal((await rows(page, 'Tickets per day')).length, 31);
        assert.equal(await headline(page, 'Satisfaction'), 'no ratings');
        assert.equal(await page.getByRole('button', { name: /^Last \d+ days$/, pressed: true }).count(), 0);

        // Backwards typed: said next to the field, not applied.
        await page.getByLabel('To', { exact: true }).fill('2019-12-01');
        await page.getByRole('button', { name: 'Show', exact: true }).click();
        await page.getByText('The last day must be on or after the first day').waitFor();
        assert.equal(query(page)['to'], '2020-01-31');

        // Back: the previous report again.
        await page.goBack();
        await eventually(async () => assert.deepEqual(query(page), { tenant: 'acme', from: weekAgo, to: today }));
        await eventually(async () => assert.deepEqual(await todayRow(page, today), ['3', '1']));

        // A shared link opens on the same report.
        await page.goto(`/reports?tenant=globex&from=${weekAgo}&to=${today}`);
        await eventually(async () => assert.deepEqual(await todayRow(page, today), ['2', '1']));
        assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), 'globex');

        // The dark theme: the charts are drawn again in its colours.
        await page.goto('/reports');
        await eventually(async () => assert.deepEqual(await todayRow(page, today), ['5', '2']));
        await eventually(async () => assert.equal((await charts(page)).length, 3));
        const light = await dailyPixels(page);
        await page.getByRole('button', { name: 'Dark theme', exact: true }).click();
        await eventually(async () => assert.notEqual(await dailyPixels(page), light, 'the chart was not redrawn'));
        await checkAccessibility(page, 'reports-dark');
        await screenshot(page, 'reports-dark');

        // A narrower window: the charts follow.
        const wide = (await charts(page))[0]!.width;
        await page.setViewportSize({ width: 700, height: 900 });
        await eventually(async () => {
          const narrow = (await charts(page))[0]!.width;
          assert.ok(narrow < wide && narrow <= 700, `width ${wide} -> ${narrow}`);
        });

        assertClean(tab);
      });
    } finally {
      await tab.close();
    }
  });

  test('a tenant admin sees their tenant only, and no workload (no error either)', async () => {
    const issued = await f.seed.admin.must<{ token: string }>('POST', '/admin/v1/tokens', {
      role: 'tenant_admin',
      scope: ['acme'],
      user: { id: 'u-tess', email: 'tess@acme.test', name: 'Tess Admin' },
    }, 201);
    const today = utcDay(Date.now());
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'reports-tenant-admin', async () => {
        const { page } = tab;
        await signInWithToken(page, issued.token);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
        await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
        await eventually(async () => assert.deepEqual(await todayRow(page, today), ['3', '1']));
        // One tenant: named, not a choice.
        assert.equal(await page.getByLabel('Tenant', { exact: true }).count(), 0);
        await page.getByRole('form', { name: 'Report' }).getByText('Acme', { exact: true }).waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Tickets by tenant' }).count(), 0);
        assert.equal(await page.getByRole('heading', { name: 'Agent workload' }).count(), 0);
        assert.equal(await page.getByRole('alert').count(), 0);
        const answers = await tab.jsonAnswers();
        assert.ok(!answers.some((a) => a.url.includes('/admin/v1/agents')), 'asked for the workload');
        assert.ok(answers.every((a) => a.status < 400), JSON.stringify(answers.filter((a) => a.status >= 400)));
        await checkAccessibility(page, 'reports-tenant-admin');
        assertClean(tab);
      });
    } finally {
      await tab.close();
    }
  });

  test('customers have no Reports link, and /reports is not theirs', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'reports-customer', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.ann.token!);
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();
        assert.equal(await page.getByRole('link', { name: 'Reports' }).count(), 0);
        await page.goto('/reports');
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.equal(await page.locator('figure.chart').count(), 0);
        const answers = await tab.jsonAnswers();
        assert.ok(!answers.some((a) => a.url.includes('/admin/v1/metrics')), 'a customer page asked for metrics');
      });
    } finally {
      await tab.close();
    }
  });
});
