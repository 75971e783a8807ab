// A held mail on the agent's ticket: a reply by mail that the trusted
// receiving server could not verify (DMARC failed there) shows as an
// internal note that says whom it claims to be from and why it was held;
// the customer sees nothing of it. "Accept as Ann Customer's reply" makes it
// her reply: the thread says so, and her portal shows her words. The
// history the mail quoted is folded away, and the mail as it came is a
// download for staff.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { ANN, openTicket, type Ticket } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const TRUSTED = 'mx.e2e.test';

describe('held mail', { timeout: 120_000 }, () => {
  const f = useFixture({ args: ['--mail-authserv-id', TRUSTED] });

  test('an agent sees why a mail was held and accepts it as the requester\'s reply', async () => {
    const ticket = await openTicket(f.seed.ann, 'Refund for order 1182', 'The parcel never came.');
    const forged = [
      `Authentication-Results: ${TRUSTED}; spf=fail smtp.mailfrom=evil.test; dkim=none; dmarc=fail`,
      `From: ${ANN.name} <${ANN.email}>`,
      'To: support+acme@help.test',
      `Subject: Re: [${ticket.key}] Refund for order 1182`,
      'Message-ID: <held-1@evil.test>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please send the refund to my new account instead.',
      '',
      'On Mon, 30 Nov 2026 at 09:12, Acme Support <support@help.test> wrote:',
      '> We have sent the refund to your card.',
      '',
    ].join('\r\n');
    const res = await fetch(`${f.server.base}/admin/v1/inbound/email`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${f.server.adminToken}`, 'Content-Type': 'message/rfc822' },
      body: forged,
    });
    assert.equal(res.status, 200, await res.text());
    const mine = async () => (await f.seed.ann.get(`/v1/tickets/${ticket.id}`)).body as Ticket;
    assert.equal((await mine()).messages.length, 1, 'the customer sees nothing of a held mail');

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'held-mail', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        const held = page.locator('.held');
        await held.getByText(`claims to be from ${ANN.name} <${ANN.email}>`).waitFor();
        await held.getByText(`dmarc=fail (${TRUSTED})`).waitFor();
        // The history it quoted is kept, folded; the mail as it came is a download.
        const quoted = held.locator('xpath=..').getByText('Show the quoted text');
        await quoted.click();
        await page.locator('.message__quoted blockquote').getByText('We have sent the refund to your card.').waitFor();
        const download = page.waitForEvent('download');
        await page.getByRole('link', { name: 'The mail as it came' }).click();
        const eml = await (await download).path();
        assert.match(await readFile(eml, 'utf8'), /^Authentication-Results: mx\.e2e\.test; spf=fail/);
        await checkAccessibility(page, 'agent-ticket-held-mail');
        await screenshot(page, 'agent-ticket-held-mail');

        await page.getByRole('button', { name: `Accept as ${ANN.name}'s reply` }).click();
        await held.getByText(`Accepted as ${ANN.name}'s reply.`).waitFor();
        await page.getByText('accepted from a held mail').waitFor();
        await screenshot(page, 'agent-ticket-held-mail-accepted');
      });
    } finally {
      await tab.close();
    }
    await eventually(async () => {
      const after = await mine();
      assert.equal(after.messages.length, 2);
      const reply = after.messages[1]!;
      assert.equal(reply.body, 'Please send the refund to my new account instead.');
      assert.equal(reply.author.role, 'customer');
    });
  });
});
