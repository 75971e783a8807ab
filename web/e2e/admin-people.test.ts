// /admin/people and /admin/people/:id. The platform admin invites an agent
// through the form (a bad email and a tenant admin without tenants are
// named at their fields first); the invitation mail arrives; the agent is
// listed as invited; on their page the invitation is sent again (a second
// mail), the account disabled and enabled, and its role changed to tenant
// admin of acme. "End sessions" signs out a person who signed in with a
// password. A tenant admin of acme sees and invites within acme only.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INVITATION_LINK, accountWithPassword } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useMailFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

interface Account {
  id: string;
  email: string;
  name: string;
  role: string;
  tenant: string | null;
  scope: string[];
  status: string;
}

const IVY = { email: 'ivy@support.test', name: 'Ivy Agent' };

describe('people: invite, resend, disable, enable, change role', { timeout: 240_000 }, () => {
  const f = useMailFixture();

  const accounts = async (token?: string): Promise<Account[]> => {
    const api = token ? f.seed.admin.withToken(token) : f.seed.admin;
    return (await api.must<{ items: Account[] }>('GET', '/admin/v1/accounts?limit=500', undefined, 200)).items;
  };
  const invitations = (email: string) => f.mail.textsTo(email).filter((t) => INVITATION_LINK.test(t)).length;

  test('the admin invites an agent and manages the account', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-people', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People', exact: true }).click();
        await page.getByRole('heading', { name: 'People', exact: true }).waitFor();
        await page.getByText('No accounts yet').waitFor();

        // ticketd's 422s, next to their fields.
        const email = page.getByLabel('Email', { exact: true });
        await email.fill('not-an-email');
        await page.getByRole('button', { name: 'Send invitation' }).click();
        await page.locator('#invite-email-error').waitFor();
        assert.equal(await email.getAttribute('aria-invalid'), 'true');
        await email.fill('tess@support.test');
        await page.getByLabel('Role', { exact: true }).selectOption('tenant_admin');
        await page.getByRole('button', { name: 'Send invitation' }).click();
        await page.locator('#invite-scope-error').waitFor();
        assert.equal(await page.locator('#invite-email-error').count(), 0, 'the fixed email is still marked');
        assert.equal((await accounts()).length, 0);

        // An agent for every tenant (no tenant ticked).
        await email.fill(IVY.email);
        await page.getByLabel('Name', { exact: true }).fill(IVY.name);
        await page.getByLabel('Role', { exact: true }).selectOption('agent');
        await page.getByRole('button', { name: 'Send invitation' }).click();
        await page.getByRole('status').filter({ hasText: 'is invited' }).waitFor();
        await eventually(() => assert.equal(invitations(IVY.email), 1, 'no invitation mail'), { timeout: 15_000 });
        const ivy = (await accounts()).find((a) => a.email === IVY.email);
        assert.ok(ivy, 'the account is not in GET /admin/v1/accounts');
        assert.deepEqual([ivy.role, ivy.scope, ivy.status, ivy.name], ['agent', [], 'invited', IVY.name]);
        const table = page.getByRole('table', { name: 'People' });
        const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: IVY.name }) });
        await row.waitFor();
        assert.match(await row.innerText(),
                     /ivy@support\.test[\s\S]*Agent[\s\S]*all tenants[\s\S]*Invited[\s\S]*Not set/);
        await screenshot(page, 'admin-people');
        await checkAccessibility(page, 'admin-people');

        // Her page: resend the invitation (a second mail).
        await row.getByRole('link', { name: IVY.name }).click();
        await page.getByRole('heading', { name: IVY.name, exact: true }).waitFor();
        const confirm = async (button: string, question: string) => {
          await page.getByRole('button', { name: button, exact: true }).click();
          const dialog = page.getByRole('dialog', { name: question });
          await dialog.waitFor();
          await dialog.getByRole('button', { name: button, exact: true }).click();
          await dialog.waitFor({ state: 'hidden' });
        };
        await confirm('Resend invitation', `Send ${IVY.name} a new invitation?`);
        await page.getByRole('status').filter({ hasText: 'A new invitation is on its way' }).waitFor();
        await eventually(() => assert.equal(invitations(IVY.email), 2, 'no second invitation mail'),
                         { timeout: 15_000 });

        // Disable, then enable.
        await confirm('Disable account', `Disable ${IVY.name}?`);
        await page.getByRole('status').filter({ hasText: 'is disabled' }).waitFor();
        await page.locator('.page-head').getByText('Disabled', { exact: true }).waitFor();
        assert.equal((await accounts()).find((a) => a.id === ivy.id)?.status, 'disabled');
        assert.equal(await page.getByRole('button', { name: 'Resend invitation' }).count(), 0);
        await confirm('Enable account', `Enable ${IVY.name}?`);
        await page.getByRole('status').filter({ hasText: 'is enabled again' }).waitFor();
        assert.equal((await accounts()).find((a) => a.id === ivy.id)?.status, 'invited');

        // Tenant admin of acme: without a tenant, ticketd's 422 at the scope; then with acme.
        await page.getByLabel('Role', { exact: true }).selectOption('tenant_admin');
        await page.getByText('Saving a new role signs them out everywhere').waitFor();
        await page.getByRole('button', { name: 'Save role and tenants' }).click();
        await page.locator('#account-scope-error').waitFor();
        await page.getByLabel('Acme (acme)').check();
        await page.getByRole('button', { name: 'Save role and tenants' }).click();
        await page.getByRole('status').filter({ hasText: 'now has the role Tenant admin' }).waitFor();
        const changed = (await accounts()).find((a) => a.id === ivy.id);
        assert.deepEqual([changed?.role, changed?.scope], ['tenant_admin', ['acme']]);
        await page.locator('dt', { hasText: /^Tenant or scope$/ }).locator('xpath=following-sibling::dd[1]')
          .getByText('acme', { exact: true }).waitFor();
        await screenshot(page, 'admin-person');
        await checkAccessibility(page, 'admin-person');
      });
    } finally {
      await tab.close();
    }
  });

  test('"End sessions" signs out a person who signed in with a password', async () => {
    const password = 'a long enough pass phrase 7';
    const id = await accountWithPassword(f.seed.admin, f.mail,
      { email: 'pat@support.test', name: 'Pat Agent', role: 'agent', scope: ['acme'] }, password);
    const signIn = await fetch(`${f.server.base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'pat@support.test', password }),
    });
    assert.equal(signIn.status, 200);
    const cookie = /ticketd_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(cookie, 'no session cookie');
    const me = () => fetch(`${f.server.base}/auth/me`, { headers: { Cookie: `ticketd_session=${cookie}` } });
    assert.equal((await me()).status, 200);

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-person-sessions', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.goto(`/admin/people/${id}`);
        await page.getByRole('heading', { name: 'Pat Agent', exact: true }).waitFor();
        await page.getByText('Active', { exact: true }).waitFor();
        await page.getByRole('button', { name: 'End sessions', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Sign Pat Agent out everywhere?' });
        await dialog.getByRole('button', { name: 'End sessions', exact: true }).click();
        await page.getByRole('status').filter({ hasText: 'is signed out everywhere' }).waitFor();
        assert.equal((await me()).status, 401, 'the session still works');
      });
    } finally {
      await tab.close();
    }
  });

  test('a tenant admin sees and invites the people of their tenant only', async () => {
    const admin = f.seed.admin;
    const invite = (body: Record<string, unknown>) => admin.must('POST', '/admin/v1/accounts', body, 201);
    await invite({ email: 'cy@acme.test', name: 'Cy Acme', role: 'customer', tenant: 'acme' });
    await invite({ email: 'gia@globex.test', name: 'Gia Globex', role: 'customer', tenant: 'globex' });
    await invite({ email: 'gil@support.test', name: 'Gil Globex-Agent', role: 'agent', scope: ['globex'] });
    const issued = await admin.must<{ token: string }>('POST', '/admin/v1/tokens',
      { role: 'tenant_admin', user: { id: 'ta-acme', name: 'Tara Acme' }, scope: ['acme'] }, 201);
    const theirs = (await accounts(issued.token)).map((a) => a.name).sort();
    assert.ok(theirs.includes('Cy Acme') && !theirs.includes('Gia Globex') && !theirs.includes('Gil Globex-Agent'),
              `the API lists ${theirs.join(', ')}`);

    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-people-tenant-admin', async () => {
        const { page } = tab;
        await signInWithToken(page, issued.token);
        const nav = page.getByRole('navigation', { name: 'Main' });
        assert.equal(await nav.getByRole('link', { name: 'Tokens', exact: true }).count(), 0);
        assert.equal(await nav.getByRole('link', { name: 'Log', exact: true }).count(), 0);
        await nav.getByRole('link', { name: 'People', exact: true }).click();
        const table = page.getByRole('table', { name: 'People' });
        await table.getByRole('link', { name: 'Cy Acme' }).waitFor();
        const shown = (await table.locator('tbody th').allInnerTexts()).map((s) => s.trim()).sort();
        assert.deepEqual(shown, theirs, 'the page lists other people than the API gives the tenant admin');
        // They may not make admins, and only acme is offered.
        const roles = await page.getByLabel('Role', { exact: true }).locator('option').allInnerTexts();
        assert.ok(!roles.includes('Admin'), `roles offered: ${roles.join(', ')}`);
        await page.getByLabel('Role', { exact: true }).selectOption('customer');
        const tenants = await page.getByLabel('Tenant', { exact: true }).locator('option').allInnerTexts();
        assert.deepEqual(tenants, ['Choose a tenant', 'Acme (acme)']);
        await page.getByLabel('Email', { exact: true }).fill('new@acme.test');
        await page.locator('#invite-tenant').selectOption('acme');
        await page.getByRole('button', { name: 'Send invitation' }).click();
        await page.getByRole('status').filter({ hasText: 'is invited' }).waitFor();
        const made = (await accounts()).find((a) => a.email === 'new@acme.test');
        assert.deepEqual([made?.role, made?.tenant], ['customer', 'acme']);
        await screenshot(page, 'admin-people-tenant-admin');
        await checkAccessibility(page, 'admin-people-tenant-admin');

        // Someone outside their reach: "no such account".
        const gia = (await accounts()).find((a) => a.name === 'Gia Globex')!;
        await page.goto(`/admin/people/${gia.id}`);
        await page.getByRole('heading', { name: 'No such account' }).waitFor();
      });
    } finally {
      await tab.close();
    }
  });
});
