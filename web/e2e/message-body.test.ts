// Message bodies as the mail shows them (src/markup.ts, the grammar of
// markup_html): an agent's reply with a list, a link, a quote and a
// <script> typed as words shows a real list, a link that opens elsewhere, a
// quote, and the script as text -- to the agent and to the customer. A mail
// reply's quoted history, folded away, is a quote too. One line break is
// one line, not two.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { ANN, openTicket, type Ticket } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const LINK = 'https://help.example.test/printers/reset?model=hp&lang=en';
const SCRIPT = '<script>window.__ticketdPwned = 1</script>';

function replyText(tag: string): string {
  return [
    `Hello Ann, ${tag}`,
    '',
    'Please try these steps:',
    '- Switch the printer off',
    '- Reinstall driver 4.2',
    '',
    `The guide: ${LINK}.`,
    '',
    '> Since the driver update, every page comes out blank.',
    '',
    `${SCRIPT} stays words.`,
    'Kind regards,',
    'Agent Seven',
  ].join('\n');
}

/** What a reply's body must show, wherever it is shown. */
async function checkReply(page: Page, article: Locator): Promise<void> {
  const body = article.locator('.message__body');
  assert.equal(await body.count(), 1, 'one body');
  assert.deepEqual(await body.locator('ul > li').allInnerTexts(), ['Switch the printer off', 'Reinstall driver 4.2']);
  const link = body.getByRole('link', { name: LINK, exact: true });
  assert.equal(await link.getAttribute('href'), LINK, 'the link without the period after it');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await body.locator('a').count(), 1, 'one link');
  assert.equal((await body.locator('blockquote').innerText()).trim(),
               'Since the driver update, every page comes out blank.');
  // The script is words in a paragraph; nothing ran.
  await body.locator('p').filter({ hasText: `${SCRIPT} stays words.` }).waitFor();
  assert.equal(await body.locator('script').count(), 0, 'a <script> element in the body');
  assert.equal(await page.evaluate(() => (window as unknown as { __ticketdPwned?: number }).__ticketdPwned),
               undefined);
  // Three lines with two <br>: three lines high, not five (no pre-wrap
  // newline beside each <br>).
  const signature = body.locator('p').filter({ hasText: 'Kind regards,' });
  assert.equal(await signature.locator('br').count(), 2);
  const lines = await signature.evaluate((p) => {
    const style = getComputedStyle(p);
    return Math.round(p.getBoundingClientRect().height / parseFloat(style.lineHeight));
  });
  assert.equal(lines, 3, 'the signature paragraph is three lines high');
}

/** The mail reply's quoted history, unfolded: a line, then nested quotes. */
async function checkQuoted(article: Locator): Promise<void> {
  await article.getByText('Show the quoted text').click();
  const quoted = article.locator('.message__quoted .message__body');
  await quoted.locator('blockquote blockquote').waitFor();
  assert.match(await quoted.locator('p').first().innerText(), /wrote:$/);
  assert.equal((await quoted.locator('blockquote blockquote').innerText()).trim(),
               'The printer prints only blank pages.');
}

describe('message bodies', { timeout: 150_000 }, () => {
  const f = useFixture();

  test('a reply with a list, a link, a quote and a script shows as such to agent and customer', async () => {
    const ticket = await openTicket(f.seed.ann, 'Printer prints only blank pages',
                                    'Since the driver update, every page comes out blank.\n\n1. Print\n2. Nothing');
    const tag = randomBytes(4).toString('hex');
    // Ann answers by mail, quoting the agent's earlier words and her own.
    const mail = [
      `From: ${ANN.name} <${ANN.email}>`,
      'To: support+acme@help.test',
      `Subject: Re: [${ticket.key}] ${ticket.subject}`,
      `Message-ID: <markup-${tag}@acme.test>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Still blank, see https://photos.acme.test/p/${tag}.`,
      '',
      'On Mon, 30 Nov 2026 at 09:12, Acme Support <support@help.test> wrote:',
      '> Which model is it?',
      '> > The printer prints only blank pages.',
      '',
    ].join('\r\n');
    const res = await fetch(`${f.server.base}/admin/v1/inbound/email`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${f.server.adminToken}`, 'Content-Type': 'message/rfc822' },
      body: mail,
    });
    assert.equal(res.status, 200, await res.text());

    const agentTab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(agentTab, 'message-body-agent', async () => {
        const { page } = agentTab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        // The description's numbered list.
        const first = page.locator('ol article').first();
        assert.deepEqual(await first.locator('.message__body ol > li').allInnerTexts(), ['Print', 'Nothing']);
        // Ann's mail: its link, and its quoted history folded.
        const mailed = page.locator('ol article').filter({ hasText: 'Still blank' });
        assert.equal(await mailed.getByRole('link').first().getAttribute('href'),
                     `https://photos.acme.test/p/${tag}`);
        await checkQuoted(mailed);

        await page.getByLabel('Message', { exact: true }).fill(replyText(tag));
        await page.getByRole('button', { name: 'Send reply' }).click();
        const reply = page.locator('ol article').filter({ hasText: `Hello Ann, ${tag}` });
        await reply.waitFor();
        await checkReply(page, reply);
        // A note with a quote, to see one on a note's colours.
        await page.getByLabel('Message', { exact: true }).fill(
          `> Still blank, see https://photos.acme.test/p/${tag}.\n\n` +
          `Asked for the model ${tag}:\n- HP 4200\n- cartridge new`);
        await page.getByRole('button', { name: 'Add internal note' }).click();
        await page.locator('ol article.message--internal blockquote').waitFor();
        await checkAccessibility(page, 'agent-ticket-message-bodies');
        await screenshot(page, 'agent-ticket-message-bodies');
        // Quotes and links on the dark theme's colours too.
        await page.emulateMedia({ colorScheme: 'dark' });
        await checkAccessibility(page, 'agent-ticket-message-bodies-dark');
        await screenshot(page, 'agent-ticket-message-bodies-dark');
      });
    } finally {
      await agentTab.close();
    }

    const customerTab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(customerTab, 'message-body-customer', async () => {
        const { page } = customerTab;
        await signInWithToken(page, f.seed.ann.token!);
        await page.goto(`/portal/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        const reply = page.locator('ol article').filter({ hasText: `Hello Ann, ${tag}` });
        await reply.waitFor();
        await checkReply(page, reply);
        await checkQuoted(page.locator('ol article').filter({ hasText: 'Still blank' }));
        assert.equal(await page.locator('ol article').count(), 3, 'the description, the mail, the reply: no note');
        await checkAccessibility(page, 'portal-ticket-message-bodies');
        await screenshot(page, 'portal-ticket-message-bodies');
      });
    } finally {
      await customerTab.close();
    }

    // What was posted is the text as typed: the markup is only in the view.
    await eventually(async () => {
      const t = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as Ticket;
      assert.ok(t.messages.some((m) => m.body === replyText(tag)), JSON.stringify(t.messages));
    });
  });
});
