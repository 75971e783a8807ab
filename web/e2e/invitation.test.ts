// Password sign-in for people: an invited agent follows the emailed link
// (/sign-in#purpose=invitation&token=...), sets a name and a password, is
// signed in by a session cookie; signs out and in again with the password.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invite } from './lib/api.js';
import { capturingFailure, openTab, screenshot } from './lib/browser.js';
import { useMailFixture } from './lib/fixture.js';

const EMAIL = 'ida@support.test';
const PASSWORD = 'correct horse battery staple';

describe('invitation and password sign-in', { timeout: 120_000 }, () => {
  const f = useMailFixture();

  test('accepts the emailed invitation, then signs in with the password', async (t) => {
    const invited = await invite(f.seed.admin, f.mail, { email: EMAIL, name: 'Ida', role: 'agent' });
    assert.equal(invited.invitationSent, true);
    const token = invited.token;

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

        const account = await f.seed.admin.get(`/admin/v1/accounts/${invited.id}`);
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
