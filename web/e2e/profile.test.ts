// /profile: an agent with a password signs in in two browsers, sees both
// sessions and ends the other one (whose next call is refused: sign-in
// page); changes the password (a wrong current one is named at its field;
// the other sessions end; the new password signs in); makes a personal
// token, copies it, uses it against the API and revokes it; finally signs
// out everywhere. Also: a customer's profile (she chooses German for her
// mail), a sign-in link that brings a customer back to the ticket a mail
// linked to, and a token that belongs to no account. axe on the page in both themes; screenshots on a desktop and a phone.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ANN, accountWithPassword, openTicket } from './lib/api.js';
import {
  capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken, type Tab,
} from './lib/browser.js';
import { useMailFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const EMAIL = 'pat@support.test';
const NAME = 'Pat Agent';
const FIRST_PASSWORD = 'lantern orchard velvet compass';
const NEW_PASSWORD = 'harbour pebble saffron tundra';
const PHONE = { width: 375, height: 800 };

async function signInWithPassword(page: Page, email: string, password: string, tenant?: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (tenant) await page.getByLabel('Organisation (customers)', { exact: true }).fill(tenant);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

async function sessionCookie(tab: Tab): Promise<string> {
  const cookie = (await tab.context.cookies()).find((c) => c.name === 'ticketd_session');
  assert.ok(cookie, 'no session cookie');
  return cookie.value;
}

/** Asks GET /auth/me with a session cookie or a bearer token; the HTTP status. */
async function meStatus(base: string, credential: { cookie?: string; bearer?: string }): Promise<number> {
  const headers: Record<string, string> = {};
  if (credential.cookie) headers['Cookie'] = `ticketd_session=${credential.cookie}`;
  if (credential.bearer) headers['Authorization'] = `Bearer ${credential.bearer}`;
  return (await fetch(`${base}/auth/me`, { headers })).status;
}

/** Signs in through the API (no browser); the session cookie's value. */
async function apiSignIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, await res.text());
  const m = /ticketd_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  assert.ok(m, 'no session cookie in the sign-in answer');
  return m[1]!;
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

describe('profile', { timeout: 240_000 }, () => {
  const f = useMailFixture();

  test('sessions, password and personal tokens of an agent', async () => {
    const accountId = await accountWithPassword(
      f.seed.admin, f.mail, { email: EMAIL, name: NAME, role: 'agent' }, FIRST_PASSWORD);
    const a = await openTab(f.browser, f.server);
    const b = await openTab(f.browser, f.server);
    try {
      await capturingFailure(a, 'profile', async () => {
        const page = a.page;
        await signInWithPassword(page, EMAIL, FIRST_PASSWORD);
        await signInWithPassword(b.page, EMAIL, FIRST_PASSWORD);
        await b.page.goto('/profile');
        await b.page.getByRole('heading', { name: 'Your profile' }).waitFor();

        // The header's name leads to the profile.
        await page.getByRole('link', { name: `${NAME} (your profile)` }).click();
        await page.getByRole('heading', { name: 'Your profile' }).waitFor();
        const about = page.getByRole('region', { name: 'About you' });
        await about.getByText(EMAIL).waitFor();
        await about.getByText('All tenants').waitFor();

        // Two sessions, this one marked; end the other one.
        const sessions = page.getByRole('list', { name: 'Your sessions' }).getByRole('listitem');
        await eventually(async () => assert.equal(await sessions.count(), 2));
        assert.equal(await sessions.filter({ hasText: 'This session' }).count(), 1);
        const listed = await f.seed.admin.withToken(null).request('GET', '/auth/sessions', undefined,
          { Cookie: `ticketd_session=${await sessionCookie(a)}` });
        assert.equal(listed.body.items.length, 2);
        const otherCookie = await sessionCookie(b);
        assert.equal(await meStatus(f.server.base, { cookie: otherCookie }), 200);
        const signOutOther = page.getByRole('button', { name: /^Sign out Chrome on Linux/ });
        assert.equal(await signOutOther.count(), 1, 'only the other session has a Sign out button');
        await signOutOther.click();
        await page.getByRole('status').filter({ hasText: 'Signed out Chrome on Linux' }).waitFor();
        await eventually(async () => assert.equal(await sessions.count(), 1));
        assert.equal(await meStatus(f.server.base, { cookie: otherCookie }), 401);
        // The other browser's next call is refused: it shows the sign-in page.
        await b.page.getByRole('link', { name: 'Queue' }).click();
        await b.page.getByRole('heading', { name: 'Sign in' }).waitFor();
        assert.match(b.page.url(), /\/sign-in\?next=%2Fqueue$/);

        await screenshot(page, 'profile');
        await checkAccessibility(page, 'profile');

        // A wrong current password is named at its field.
        const third = await apiSignIn(f.server.base, EMAIL, FIRST_PASSWORD);
        await page.getByLabel('Current password').fill('not my password at all');
        await page.getByLabel('New password').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.getByRole('alert').filter({ hasText: 'not your password' }).waitFor();
        await page.locator('#current-password-error').filter({ hasText: 'is not your password' }).waitFor();
        assert.equal(await page.getByLabel('Current password').getAttribute('aria-invalid'), 'true');
        assert.equal(await meStatus(f.server.base, { cookie: third }), 200, 'a refused change ended a session');

        // The right one: changed, the other sessions end, this one goes on.
        await page.getByLabel('Current password').fill(FIRST_PASSWORD);
        await page.getByLabel('New password').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
        assert.equal(await page.getByLabel('Current password').inputValue(), '');
        assert.equal(await meStatus(f.server.base, { cookie: third }), 401, 'another session outlived the change');
        assert.equal(await meStatus(f.server.base, { cookie: await sessionCookie(a) }), 200);
        const old = await fetch(`${f.server.base}/auth/sign-in`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: EMAIL, password: FIRST_PASSWORD }),
        });
        assert.equal(old.status, 401, 'the old password still signs in');
        await signInWithPassword(b.page, EMAIL, NEW_PASSWORD);
        await b.page.getByRole('heading', { name: 'Queue' }).waitFor();

        // A personal token: shown once, copied, works as me, then revoked.
        await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: f.server.base });
        const tokens = page.getByRole('region', { name: 'Personal API tokens' });
        await tokens.getByText('You have no personal tokens').waitFor();
        await tokens.getByRole('button', { name: 'Create a token' }).click();
        const secretBox = tokens.getByRole('textbox', { name: 'Token', exact: true });
        await secretBox.waitFor();
        assert.equal(await secretBox.getAttribute('readonly'), '');
        await tokens.getByText('you will not see it again').waitFor();
        const secret = await secretBox.inputValue();
        assert.match(secret, /^tkd_/);
        await tokens.getByRole('button', { name: 'Copy token' }).click();
        await tokens.getByRole('status').filter({ hasText: 'Copied to the clipboard' }).waitFor();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
        const me = await f.seed.admin.withToken(secret).get('/auth/me');
        assert.equal(me.status, 200);
        assert.equal(me.body.actor.id, accountId);
        assert.equal(me.body.actor.role, 'agent');
        const issued = (await f.seed.admin.withToken(secret).get('/auth/tokens')).body.items as { id: string }[];
        assert.equal(issued.length, 1);
        const tokenId = issued[0]!.id;
        const table = tokens.getByRole('table', { name: 'Your personal tokens' });
        await table.getByRole('cell', { name: tokenId, exact: true }).waitFor();
        await screenshot(page, 'profile-token-once');
        await checkAccessibility(page, 'profile-token-once');

        await table.getByRole('button', { name: `Revoke ${tokenId}` }).click();
        const dialog = page.getByRole('dialog', { name: `Revoke token ${tokenId}?` });
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Revoke token' }).click();
        await page.getByRole('status').filter({ hasText: `Token ${tokenId} is revoked` }).waitFor();
        await tokens.getByText('You have no personal tokens').waitFor();
        assert.equal(await secretBox.count(), 0, 'the revoked secret is still shown');
        assert.equal(await meStatus(f.server.base, { bearer: secret }), 401);

        // Dark theme: axe again.
        await page.getByRole('button', { name: 'Dark theme', exact: true }).click();
        await page.getByRole('button', { name: 'Light theme', exact: true }).waitFor();
        await checkAccessibility(page, 'profile-dark');
        await screenshot(page, 'profile-dark');
        await page.getByRole('button', { name: 'Light theme', exact: true }).click();

        // A phone: nothing wider than the screen.
        await page.setViewportSize(PHONE);
        await page.getByRole('heading', { name: 'Your profile' }).waitFor();
        assert.ok(await horizontalOverflow(page) <= 0, 'the profile scrolls sideways on a phone');
        await screenshot(page, 'profile-phone');
        await page.setViewportSize({ width: 1280, height: 800 });

        // Sign out everywhere: this session ends too, and the sign-in page shows.
        const cookieA = await sessionCookie(a);
        const cookieB = await sessionCookie(b);
        await page.getByRole('button', { name: 'Sign out everywhere' }).click();
        const everywhere = page.getByRole('dialog', { name: 'Sign out everywhere?' });
        await everywhere.getByText('this one too').waitFor();
        await everywhere.getByRole('button', { name: 'Sign out everywhere' }).click();
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        assert.equal(await meStatus(f.server.base, { cookie: cookieA }), 401);
        assert.equal(await meStatus(f.server.base, { cookie: cookieB }), 401);
        assert.deepEqual(a.cspViolations, []);
        assert.deepEqual(a.pageErrors, []);
      });
    } finally {
      await b.close();
      await a.close();
    }
  });

  test("a customer's profile: the organisation, no personal tokens", async () => {
    await accountWithPassword(f.seed.admin, f.mail,
      { email: 'cora@acme.test', name: 'Cora Customer', role: 'customer', tenant: 'acme' }, FIRST_PASSWORD);
    const tab = await openTab(f.browser, f.server, { viewport: PHONE });
    try {
      await capturingFailure(tab, 'profile-customer', async () => {
        const { page } = tab;
        await signInWithPassword(page, 'cora@acme.test', FIRST_PASSWORD, 'acme');
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();
        await page.getByRole('link', { name: 'Cora Customer (your profile)' }).click();
        await page.getByRole('heading', { name: 'Your profile' }).waitFor();
        const about = page.getByRole('region', { name: 'About you' });
        await about.getByText('acme', { exact: true }).waitFor();
        await about.getByText('Customer', { exact: true }).waitFor();
        await page.getByRole('list', { name: 'Your sessions' }).getByText('This session').waitFor();
        await page.getByRole('heading', { name: 'Change your password' }).waitFor();
        // Her mail in German, whatever her organisation's language.
        const language = page.getByLabel('Language of your email');
        assert.equal(await language.inputValue(), '');
        await language.selectOption('de');
        await page.getByRole('button', { name: 'Save language' }).click();
        await page.getByRole('status').filter({ hasText: 'your next email comes in the language' }).waitFor();
        const me = await f.seed.admin.withToken(null).request('GET', '/auth/me', undefined,
          { Cookie: `ticketd_session=${await sessionCookie(tab)}` });
        assert.equal(me.body.account.language, 'de');
        await page.reload();
        assert.equal(await page.getByLabel('Language of your email').inputValue(), 'de');
        assert.equal(await page.getByRole('heading', { name: 'Personal API tokens' }).count(), 0);
        assert.equal(await page.getByRole('link', { name: 'Webhooks' }).count(), 0);
        assert.ok(await horizontalOverflow(page) <= 0, 'the profile scrolls sideways on a phone');
        await screenshot(page, 'profile-customer-phone');
        await checkAccessibility(page, 'profile-customer');
      });
    } finally {
      await tab.close();
    }
  });

  test('a sign-in link asked for on the page a mail linked to opens that page', async () => {
    const ticket = await openTicket(f.seed.ann, 'Link me back', 'Opened before Ann had an account.');
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'sign-in-link-next', async () => {
        const { page } = tab;
        await page.goto(`/portal/tickets/${ticket.key}`);
        await page.waitForURL(/\/sign-in\?next=/);
        await page.getByLabel('Email', { exact: true }).fill(ANN.email);
        await page.getByLabel('Organisation (customers)', { exact: true }).fill('acme');
        await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
        await page.getByText('a sign-in link is on its way').waitFor();
        const link = await eventually(() => {
          let found: string | undefined;
          for (const text of f.mail.textsTo(ANN.email)) {
            found = /\/sign-in\?next=[^#\s]+#purpose=magic_link&token=[A-Za-z0-9_-]+/.exec(text)?.[0] ?? found;
          }
          if (!found) throw new Error('no sign-in link mail');
          return found;
        }, { timeout: 15_000 });
        assert.ok(link.startsWith(`/sign-in?next=/portal/tickets/${ticket.key}#`), link);
        await page.goto(link);
        await page.waitForURL((url) => url.pathname === `/portal/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: 'Link me back' }).waitFor();
        assert.equal(new URL(page.url()).hash, '', 'the token stays in the address bar');
        assert.deepEqual(tab.pageErrors, []);
      });
    } finally {
      await tab.close();
    }
  });

  test('a token that belongs to no account: who it is, nothing to manage', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'profile-token', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.getByRole('link', { name: '(your profile)' }).click();
        await page.getByRole('heading', { name: 'Your profile' }).waitFor();
        await page.getByText('belongs to no account').waitFor();
        await page.getByRole('region', { name: 'About you' }).getByText('An API token', { exact: true }).waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Change your password' }).count(), 0);
        assert.equal(await page.getByRole('heading', { name: 'Where you are signed in' }).count(), 0);
        const sessions = await f.seed.agent.get('/auth/sessions');
        assert.equal(sessions.status, 404, 'ticketd has sessions for a token without an account');
        await checkAccessibility(page, 'profile-no-account');
      });
    } finally {
      await tab.close();
    }
  });
});
