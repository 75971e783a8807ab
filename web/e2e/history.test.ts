// The History screen (the ticket page's link, or its shortcut h): an
// agent's changes, made through the API, are the ticket's timeline in words;
// "See as of here" on the first event shows the ticket as it was then, with
// the later events marked as such.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AGENT, openTicket } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

describe('ticket history', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('the timeline in words, and the ticket as of its first event', async () => {
    const ticket = await openTicket(f.seed.ann, 'Scanner jams on every third page',
                                    'The feeder pulls two sheets at once.');
    await f.seed.agent.must('POST', `/admin/v1/tickets/${ticket.key}/status`, { status: 'in_progress' }, 200);
    await f.seed.agent.must('POST', `/admin/v1/tickets/${ticket.key}/priority`, { priority: 'high' }, 200);
    await eventually(async () => {
      const h = await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}/history`);
      assert.equal(h.status, 200);
      assert.equal(h.body.ticket.priority, 'high');
    });

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'history', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`${f.server.base}/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        // The ticket page links to its history; the shortcut h goes there too.
        assert.equal(await page.getByRole('link', { name: 'History', exact: true }).getAttribute('href'),
                     `/tickets/${ticket.key}/history`);
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press('h');
        await page.waitForURL(`**/tickets/${ticket.key}/history`);
        await page.getByRole('heading', { name: `History of ${ticket.key}` }).waitFor();
        assert.equal(await page.getByRole('link', { name: 'Back to the ticket' }).getAttribute('href'),
                     `/tickets/${ticket.key}`);

        const timeline = page.getByRole('list', { name: 'Timeline' });
        const items = timeline.getByRole('listitem');
        await items.filter({ hasText: 'Changed priority to High' }).waitFor();
        const texts = await items.allInnerTexts();
        const what = texts.map((t) => t.split('\n')[0]!.trim());
        assert.equal(what[0], 'Opened the ticket', `the timeline: ${JSON.stringify(texts)}`);
        for (const words of ['Changed status to In progress', 'Changed priority to High']) {
          assert.ok(what.includes(words), `no "${words}" in ${JSON.stringify(what)}`);
        }
        const status = texts.find((t) => t.startsWith('Changed status to In progress'))!;
        assert.match(status, new RegExp(`${AGENT.id} \\(Agent\\)`), status);
        assert.match(status, /position \d+/, status);
        assert.ok(await items.first().locator('time[datetime]').count() > 0, 'no <time datetime> on an event');
        await checkAccessibility(page, 'history');

        // Back to the moment the ticket was opened.
        await items.first().getByRole('button', { name: 'See as of here' }).click();
        await page.waitForURL((url) => url.searchParams.has('as_of'));
        const panel = page.getByRole('complementary', { name: /^As of / });
        await panel.waitFor();
        await eventually(async () => {
          const text = await panel.innerText();
          assert.match(text, /Status\s*Open/, text);
          assert.match(text, /Priority\s*Medium/, text);
        });
        const later = timeline.locator('li.timeline__item--later');
        await eventually(async () => assert.ok(await later.count() >= 2, `later: ${await later.count()}`));
        assert.match(await later.filter({ hasText: 'Changed priority to High' }).textContent() ?? '',
                     /after this moment/);
        assert.equal(await items.first().evaluate((el) => el.classList.contains('timeline__item--later')), false);
        // The as_of input holds the instant, and the link reloads to the same view.
        assert.notEqual(await page.getByLabel('See the ticket as of').inputValue(), '');
        await page.reload();
        await page.getByRole('complementary', { name: /^As of / }).getByText('Open', { exact: true }).waitFor();
        await checkAccessibility(page, 'history-as-of');
        await screenshot(page, 'history');

        // Now: no panel, nothing later.
        await page.getByRole('button', { name: 'Now' }).click();
        await page.waitForURL((url) => !url.searchParams.has('as_of'));
        await eventually(async () => assert.equal(await later.count(), 0));
        assert.equal(await page.getByRole('complementary', { name: /^As of / }).count(), 0);
      });
    } finally {
      await tab.close();
    }
  });
});
