// The queue's filters live in the URL (a filtered queue is a link), the
// table follows them, and "Load more" fetches the next page.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openTicket } from './lib/api.js';
import { capturingFailure, openTab, shownValue, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const BULK = 55; // more than a page (50)
const URGENT = 'Printer jams on tray 2';
const IN_PROGRESS = 'Login page takes a minute';

async function subjects(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Queue' }).locator('a[href^="/tickets/"]').allInnerTexts();
}

function query(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

describe('queue filters and paging', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('filters are in the URL, both ways; Load more; Sort', async () => {
    for (let i = 1; i <= BULK; i++) {
      await openTicket(f.seed.gus, `Bulk ticket ${String(i).padStart(2, '0')}`, 'Filler.', { priority: 'low' });
    }
    await openTicket(f.seed.ann, URGENT, 'Every third sheet.', { priority: 'urgent' });
    const slow = await openTicket(f.seed.ann, IN_PROGRESS, 'Since Tuesday.');
    await f.seed.agent.must('POST', `/admin/v1/tickets/${slow.key}/status`, { status: 'in_progress' }, 200);
    // The printer ticket is billing, tagged and escalated; the login one a bug.
    const printer = (await f.seed.agent.must('GET', '/admin/v1/tickets?q=printer', undefined, 200)) as {
      items: { key: string }[];
    };
    const printerKey = printer.items[0]!.key;
    await f.seed.agent.must('POST', `/admin/v1/tickets/${printerKey}/category`, { category: 'billing' }, 200);
    await f.seed.agent.must('POST', `/admin/v1/tickets/${printerKey}/tags`, { add: ['vip'] }, 200);
    await f.seed.agent.must('POST', `/admin/v1/tickets/${printerKey}/escalate`, { reason: 'jammed' }, 200);
    await f.seed.agent.must('POST', `/admin/v1/tickets/${slow.key}/category`, { category: 'bug' }, 200);

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'queue-filters', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);

        // URL -> filters and table.
        await page.goto('/queue?tenant=acme&status=open');
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), 'acme');
        assert.match(await shownValue(page.getByLabel('Status', { exact: true })), /^open$/i);
        await eventually(async () => assert.deepEqual(await subjects(page), [URGENT]));

        // Filters -> URL: a select at once.
        await page.getByLabel('Priority', { exact: true }).selectOption('low');
        await eventually(async () => assert.deepEqual(query(page),
                                                      { tenant: 'acme', status: 'open', priority: 'low' }));
        await page.getByText('No tickets match these filters.').waitFor();
        await page.getByLabel('Priority', { exact: true }).selectOption('urgent');
        await eventually(async () => assert.equal(query(page)['priority'], 'urgent'));
        await eventually(async () => assert.deepEqual(await subjects(page), [URGENT]));

        // Category, tag, escalation and SLA filters: selects at once, the tag typed.
        await page.goto('/queue?tenant=acme');
        await page.getByLabel('Category', { exact: true }).selectOption('bug');
        await eventually(async () => assert.deepEqual(query(page), { tenant: 'acme', category: 'bug' }));
        await eventually(async () => assert.deepEqual(await subjects(page), [IN_PROGRESS]));
        await page.getByLabel('Category', { exact: true }).selectOption('');
        await page.getByLabel('Escalation', { exact: true }).selectOption('true');
        await eventually(async () => assert.deepEqual(query(page), { tenant: 'acme', escalated: 'true' }));
        await eventually(async () => assert.deepEqual(await subjects(page), [URGENT]));
        await page.getByLabel('SLA', { exact: true }).selectOption('true');
        await eventually(async () => assert.equal(query(page)['breached'], 'true'));
        await page.getByText('No tickets match these filters.').waitFor();
        await page.goto('/queue?tenant=acme');
        await page.getByLabel('Tag', { exact: true }).fill('vip');
        await page.getByLabel('Tag', { exact: true }).press('Enter');
        await eventually(async () => assert.deepEqual(query(page), { tenant: 'acme', tag: 'vip' }));
        await eventually(async () => assert.deepEqual(await subjects(page), [URGENT]));

        // Back to the whole queue: the first page, then Load more.
        await page.goto('/queue');
        await eventually(async () => assert.equal((await subjects(page)).length, 50));
        await page.getByRole('button', { name: 'Load more' }).click();
        await eventually(async () => assert.equal((await subjects(page)).length, BULK + 2));
        await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });

        // A text filter: Search, applied by Enter.
        await page.getByLabel('Search', { exact: true }).fill('printer');
        await page.getByLabel('Search', { exact: true }).press('Enter');
        await eventually(async () => assert.equal(query(page)['q'], 'printer'));
        await eventually(async () => assert.deepEqual(await subjects(page), [URGENT]));

        // Sort by priority: urgent first.
        await page.goto('/queue');
        await page.getByLabel('Search', { exact: true }).waitFor();
        await page.getByLabel('Sort', { exact: true }).selectOption('priority');
        await eventually(async () => assert.equal(query(page)['sort'], 'priority'));
        await eventually(async () => assert.equal((await subjects(page))[0], URGENT));

        // Back and forward in history: the filters follow the URL.
        await page.goBack();
        await eventually(async () => assert.equal(query(page)['sort'], undefined));
        await eventually(async () => assert.match(await shownValue(page.getByLabel('Sort', { exact: true })),
                                                  /newest/i));
      });
    } finally {
      await tab.close();
    }
  });
});
