// Platform administration: /admin/tokens and /admin/log. The admin issues a
// customer token for acme through the form (a tenant admin without a scope
// is refused next to the field first), reads its secret once and uses it
// against the API, finds it in the list and by role, pages through many
// tokens, and revokes it (the API then answers 401). On the log page the
// verification starts as "never", passes with every record checked, the
// public key is the one in the data directory (copy and download), and a
// checkpoint file edited on disk is reported as INVALID and not agreeing.
// ticketd runs with --checkpoint-interval 1, so a checkpoint is signed
// within a second or two of events being appended.

import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  capturingFailure, checkAccessibility, openTab, screenshot, shownValue, signInWithToken,
} from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

interface Token {
  id: string;
  role: string;
  tenant: string | null;
  scope: string[];
  holder: { id: string; email: string; name: string };
}

const CORA = { id: 'u-cora', name: 'Cora Customer', email: 'cora@acme.test' };

/** Nothing past the right edge of a `width` px screen (a table may scroll inside its own box). */
async function noSidewaysScroll(page: Page, width: number): Promise<void> {
  const { scrollWidth, culprits } = await page.evaluate((w) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      // In a table's scrolling box, only what is placed against the page can widen it.
      const escapes = !el.closest('.table-wrap') || getComputedStyle(el).position === 'absolute';
      if (r.width > 0 && r.right > w + 0.5 && escapes) {
        out.push(`${el.tagName.toLowerCase()}.${String(el.className)} (right edge ${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, culprits: out.slice(0, 8) };
  }, width);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide on a ${width} px screen: ${culprits.join(', ')}`);
}

describe('platform administration: tokens and the log', { timeout: 240_000 }, () => {
  const f = useFixture({ args: ['--checkpoint-interval', '1'] });

  const tokens = async (query = ''): Promise<Token[]> =>
    (await f.seed.admin.get(`/admin/v1/tokens?limit=500${query}`)).body.items as Token[];

  test('issue a customer token, use it, find it, revoke it', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-tokens', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tokens', exact: true }).click();
        await page.getByRole('heading', { name: 'API tokens', exact: true }).waitFor();
        const table = page.getByRole('table', { name: 'API tokens' });
        // The seed's tokens: Ann's, Gus's, the agent's.
        await table.getByText('Ann Customer').waitFor();
        await table.getByText('Agent Seven').waitFor();

        // A tenant admin's token needs a scope: ticketd's 422, next to the scope.
        await page.getByLabel('Role', { exact: true }).selectOption('tenant_admin');
        await page.getByLabel('Holder id', { exact: true }).fill('ta-nobody');
        await page.getByRole('button', { name: 'Issue token' }).click();
        await page.getByRole('alert').filter({ hasText: 'scope' }).waitFor();
        const scopeError = page.locator('#token-scope-error');
        await scopeError.waitFor();
        assert.match(await scopeError.innerText(), /tenant_admin/);
        assert.match(await page.locator('#token-scope').getAttribute('aria-describedby') ?? '', /token-scope-error/);
        assert.equal((await tokens()).filter((t) => t.holder.id === 'ta-nobody').length, 0);

        // A customer of acme.
        await page.getByLabel('Role', { exact: true }).selectOption('customer');
        assert.equal(await page.locator('#token-scope').count(), 0, 'a customer token has no scope');
        await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
        await page.getByLabel('Holder id', { exact: true }).fill(CORA.id);
        await page.getByLabel('Name', { exact: true }).fill(CORA.name);
        await page.getByLabel('Email', { exact: true }).fill(CORA.email);
        await page.getByRole('button', { name: 'Issue token' }).click();
        const secretBox = page.getByRole('textbox', { name: 'Token', exact: true });
        await secretBox.waitFor();
        await page.getByText('you will not see it again').waitFor();
        const secret = await secretBox.inputValue();
        assert.ok(secret.length >= 20, `"${secret}" is no token`);
        assert.equal(await page.getByRole('alert').count(), 0, 'the 422 is still shown after the token was issued');
        await screenshot(page, 'admin-tokens-secret');
        await checkAccessibility(page, 'admin-tokens-secret');

        // The secret works, as Cora of acme.
        const cora = f.seed.admin.withToken(secret);
        type Me = { actor: { id: string; role: string; tenant: string } };
        const me = await cora.must<Me>('GET', '/auth/me', undefined, 200);
        assert.deepEqual([me.actor.id, me.actor.role, me.actor.tenant], [CORA.id, 'customer', 'acme']);
        assert.equal((await cora.get('/v1/tickets')).status, 200);

        // In the list, as the API has it.
        const issued = (await tokens()).find((t) => t.holder.id === CORA.id);
        assert.ok(issued, 'the token is not in GET /admin/v1/tokens');
        assert.deepEqual([issued.role, issued.tenant, issued.holder.email], ['customer', 'acme', CORA.email]);
        const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: issued.id }) });
        await row.waitFor();
        assert.match(await row.innerText(), /Customer[\s\S]*acme[\s\S]*Cora Customer[\s\S]*cora@acme\.test/);
        await page.getByRole('button', { name: 'Done, I have saved it' }).click();
        assert.equal(await secretBox.count(), 0);

        // By role, in the URL.
        const filter = page.getByLabel('Filter by role');
        await filter.selectOption('agent');
        await page.waitForURL('**/admin/tokens?role=agent');
        await table.getByText('Agent Seven').waitFor();
        assert.equal(await table.getByText(CORA.name).count(), 0, 'a customer token under the agent filter');
        await filter.selectOption('customer');
        await page.waitForURL('**/admin/tokens?role=customer');
        await row.waitFor();
        assert.equal(await table.getByText('Agent Seven').count(), 0, 'an agent token under the customer filter');
        await page.reload();
        assert.equal(await shownValue(page.getByLabel('Filter by role')), 'Customer');
        await row.waitFor();

        // Revoke, after a confirmation: gone from the list, refused by the API.
        await row.getByRole('button', { name: `Revoke token ${issued.id}` }).click();
        const dialog = page.getByRole('dialog', { name: `Revoke token ${issued.id}?` });
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Revoke token' }).click();
        await page.getByRole('status').filter({ hasText: `Token ${issued.id}` }).waitFor();
        await eventually(async () => assert.equal(await row.count(), 0, 'the revoked token is still listed'));
        assert.equal((await cora.get('/v1/tickets')).status, 401);
        assert.equal((await tokens()).filter((t) => t.id === issued.id).length, 0);
      });
    } finally {
      await tab.close();
    }
  });

  test('pages through many tokens: Next page, First page', async () => {
    // 55 agent tokens: more than one page of 50.
    for (let i = 0; i < 55; i++) {
      await f.seed.admin.must('POST', '/admin/v1/tokens', { role: 'agent', user: { id: `bot-${i}` } }, 201);
    }
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-tokens-pages', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.goto('/admin/tokens?role=agent');
        const table = page.getByRole('table', { name: 'API tokens' });
        const rows = table.locator('tbody tr');
        await eventually(async () => assert.equal(await rows.count(), 50));
        const first = await table.locator('tbody th').allInnerTexts();
        assert.equal(await page.getByRole('link', { name: 'First page' }).count(), 0);
        await page.getByRole('link', { name: 'Next page' }).click();
        await page.waitForURL(/cursor=/);
        await eventually(async () => assert.equal(await rows.count(), 6)); // 55 bots and Agent Seven
        const second = await table.locator('tbody th').allInnerTexts();
        assert.equal(second.filter((id) => first.includes(id)).length, 0, 'a token on both pages');
        assert.equal(await page.getByRole('link', { name: 'Next page' }).count(), 0);
        await page.getByRole('link', { name: 'First page' }).click();
        await page.waitForURL('**/admin/tokens?role=agent');
        await eventually(async () => assert.equal(await rows.count(), 50));
      });
    } finally {
      await tab.close();
    }
  });

  test('the log: verify it, the key, checkpoints, a tampered checkpoint', async () => {
    // The seed appended events: a checkpoint is signed within a second or two.
    const audit = async () => (await f.seed.admin.must<any>('GET', '/admin/v1/audit', undefined, 200));
    await eventually(async () => assert.ok((await audit()).checkpoints.length > 0, 'no checkpoint yet'),
                     { timeout: 10_000 });
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-log', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log', exact: true }).click();
        await page.getByRole('heading', { name: 'Log integrity', exact: true }).waitFor();
        await page.getByText('Not verified yet').waitFor();
        assert.equal((await audit()).verification.state, 'never');

        // The checkpoints table: at least one valid, agreeing checkpoint.
        const table = page.getByRole('table', { name: 'Signed checkpoints, newest first' });
        await table.waitFor();
        await page.getByText(/verif(y|ies) and agrees? with the log/).waitFor();
        const newest = (await audit()).checkpoints[0];
        const newestRow = table.getByRole('row').filter({
          has: page.getByRole('rowheader', { name: newest.position.toLocaleString('en-US'), exact: true }),
        });
        assert.match(await newestRow.innerText(), /valid[\s\S]*yes/);

        // Verify: it passes, every record up to the head checked.
        await page.getByRole('button', { name: 'Verify the log now' }).click();
        await page.getByText('Last verification: Passed', { exact: true }).waitFor();
        const after = await audit();
        assert.equal(after.verification.state, 'passed');
        assert.equal(after.verification.checked, after.verification.head);
        const health = (await f.seed.admin.get('/healthz')).body as { log_position: number };
        assert.equal(after.verification.head, health.log_position, 'the walk did not reach the head');
        const n = after.verification.head.toLocaleString('en-US');
        const checked = page.locator('dt', { hasText: /^Records checked$/ }).locator('xpath=following-sibling::dd[1]');
        assert.equal((await checked.innerText()).trim(), `${n} of ${n}`);
        assert.equal(after.verification.requested_by, 'bootstrap-admin');
        await screenshot(page, 'admin-log-passed');
        await checkAccessibility(page, 'admin-log-passed');

        // The public key is the one in the data directory, to copy and to download.
        const pem = await readFile(join(f.server.dataDirectory, 'keys', 'checkpoint-ed25519.pub.pem'), 'utf8');
        assert.equal(await page.getByLabel('Public key (PEM)').inputValue(), pem);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Download public key' }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'checkpoint-ed25519.pub.pem');
        assert.equal(await readFile(await download.path(), 'utf8'), pem);
        // The whole hash is one click away.
        await newestRow.locator('summary').click();
        await newestRow.getByText(newest.hash, { exact: true }).waitFor();

        // Someone edits the newest checkpoint file on disk: its hash no longer
        // matches the log, nor the signature.
        const dir = join(f.server.dataDirectory, 'checkpoints');
        const files = (await readdir(dir)).filter((name) => /^\d+\.json$/.test(name));
        const last = files.sort((a, b) => Number.parseInt(b) - Number.parseInt(a))[0]!;
        const position = Number.parseInt(last);
        const checkpoint = JSON.parse(await readFile(join(dir, last), 'utf8')) as { hash: string };
        checkpoint.hash = (checkpoint.hash[0] === '0' ? '1' : '0') + checkpoint.hash.slice(1);
        await writeFile(join(dir, last), JSON.stringify(checkpoint));
        await page.getByRole('button', { name: 'Check the checkpoints again' }).click();
        await page.getByText(/ha(s|ve) a problem/).waitFor();
        const tampered = table.getByRole('row').filter({
          has: page.getByRole('rowheader', { name: position.toLocaleString('en-US'), exact: true }),
        });
        await eventually(async () => assert.match(await tampered.innerText(), /INVALID[\s\S]*NO[\s\S]*rewritten/));
        const reported = (await audit()).checkpoints.find((c: { position: number }) => c.position === position);
        assert.deepEqual([reported.signature_valid, reported.agrees_with_log], [false, false]);
        await screenshot(page, 'admin-log-tampered');
        await checkAccessibility(page, 'admin-log-tampered');
      });
    } finally {
      await tab.close();
    }

    // On a phone: everything in one column, nothing wider than the screen.
    const phone = await openTab(f.browser, f.server, { viewport: { width: 390, height: 844 } });
    try {
      await capturingFailure(phone, 'admin-log-phone', async () => {
        const { page } = phone;
        await signInWithToken(page, f.server.adminToken);
        await page.goto('/admin/log');
        await page.getByRole('heading', { name: 'Log integrity', exact: true }).waitFor();
        await page.getByText(/ha(s|ve) a problem/).waitFor();
        await noSidewaysScroll(page, 390);
        await screenshot(page, 'admin-log-phone');
        await checkAccessibility(page, 'admin-log-phone');
      });
    } finally {
      await phone.close();
    }
  });

  test('other roles get no tokens or log page', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'admin-ops-forbidden', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        const nav = page.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Queue', exact: true }).waitFor();
        for (const name of ['Tokens', 'Log', 'People']) {
          assert.equal(await nav.getByRole('link', { name, exact: true }).count(), 0, `an agent sees ${name}`);
        }
        for (const path of ['/admin/tokens', '/admin/log', '/admin/people']) {
          await page.goto(path);
          await page.getByRole('heading', { name: 'You cannot use this page' }).waitFor();
        }
      });
    } finally {
      await tab.close();
    }
  });
});
