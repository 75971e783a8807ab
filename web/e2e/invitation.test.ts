// Password sign-in for people: an invited agent follows the emailed link
// (/sign-in#purpose=invitation&token=...), sets a name and a password, is
// signed in by a session cookie; signs out and in again with the password.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { capturingFailure, openTab, screenshot } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';
import { SmtpSink } from './lib/smtp.js';

const EMAIL = 'ida@support.test';
const PASSWORD = 'correct horse battery staple';

describe('invitation and password sign-in', { timeout: 120_000 }, () => {
  let sink: SmtpSink;
  const args: string[] = [];
  before(async () => {
    sink = await SmtpSink.start();
    args.push('--smtp-url', sink.url, '--mail-from', 'Help <help@e2e.test>');
  });
  after(async () => {
    await sink?.stop();
  });
  const f = useFixture({ args });

  test('accepts the emailed invitation, then signs in with the password', async (t) => {
    const invited = await f.seed.admin.must<{ account: { id: string }; invitation_sent: boolean }>(
      'POST', '/admin/v1/accounts', { email: EMAIL, name: 'Ida', role: 'agent' }, 201);
    assert.equal(invited.invitation_sent, true);
    const token = await eventually(() => {
      for (const text of sink.textsTo(EMAIL)) {
        const m = /\/sign-in#purpose=invitation&token=([A-Za-z0-9_-]+)/.exec(text);
        if (m) return m[1]!;
      }
      throw new Error(`no invitation mail to ${EMAIL} (${sink.mails.length} mails)`);
    }, { timeout: 15_000 });

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'invitation', async () => {
        const { page } = tab;
        await page.goto(`/sign-in#purpose=invitation&token=${token}`);
        await page.getByLabel('Your name', { exact: true }).fill('Ida Agent');
        await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
        await screenshot(page, 'invitation');
        await page.getByRole('button', { name: 'Accept invitation' }).click();
        await page.getByRole('heading', { name: 'Queue' }).waitFor();

        const account = await f.seed.admin.get(`/admin/v1/accounts/${invited.account.id}`);
        assert.equal(account.body.status, 'active');
        assert.equal(account.body.name, 'Ida Agent');
        const cookie = (await tab.context.cookies()).find((c) => c.name === 'ticketd_session');
        assert.ok(cookie, 'no session cookie');
        assert.equal(cookie.httpOnly, true);
        if (page.url().includes(token)) t.diagnostic(`note: the link's token stays in the address: ${page.url()}`);

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByLabel('Email', { exact: true }).waitFor();
        const old = await fetch(`${f.server.base}/auth/me`, { headers: { Cookie: `ticketd_session=${cookie.value}` } });
        assert.equal(old.status, 401, 'the session still works after signing out');

        await page.getByLabel('Email', { exact: true }).fill(EMAIL);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        // The session works for the API calls the page makes (cookie + CSRF).
        await page.reload();
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
      });
    } finally {
      await tab.close();
    }
  });
});
