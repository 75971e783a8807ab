// /admin/webhooks and a webhook's delivery log, against receivers this test
// runs on loopback (node:http): the admin adds a webhook (a bad URL is named
// at its field; the signing secret is shown once and is the one deliveries
// are signed with), an opened ticket is delivered and shows as delivered
// with its attempt; a receiver that answers 500 shows the failed attempt and
// the next one's time; deleting a webhook dead-letters what it still had
// pending. Agents see no webhooks; a tenant admin only its tenant's.

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openTicket } from './lib/api.js';
import { capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers every POST with `status`. */
class Receiver {
  readonly requests: Received[] = [];
  private server: HttpServer | null = null;
  url = '';

  static async start(status: number, path: string): Promise<Receiver> {
    const r = new Receiver();
    r.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        r.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(status, { 'Content-Length': '0' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => r.server!.listen(0, '127.0.0.1', resolve));
    const address = r.server.address();
    r.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${path}`;
    return r;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Goes to a console path as a link inside the console does (History API,
 * no page load): the screens' own checks, not the server's, are under test.
 */
async function visit(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** X-Ticketd-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "t.body"> */
function signedWith(secret: string, r: Received): boolean {
  const parts = Object.fromEntries(String(r.headers['x-ticketd-signature'] ?? '').split(',')
    .map((p) => p.split('=', 2) as [string, string]));
  const want = createHmac('sha256', secret).update(`${parts['t']}.${r.body}`).digest('hex');
  return parts['v1'] === want;
}

describe('webhooks', { timeout: 240_000 }, () => {
  let ok: Receiver;
  let failing: Receiver;
  before(async () => {
    ok = await Receiver.start(204, '/ok');
    failing = await Receiver.start(500, '/broken');
  });
  after(async () => {
    await ok?.stop();
    await failing?.stop();
  });
  // Quick retries, so a failed attempt and the next one come within seconds;
  // the receivers are on loopback, which only the operator's allowance opens.
  const f = useFixture({
    args: ['--notify-retry-ms', '3000', '--notify-retry-max-ms', '6000', '--notify-attempts', '50',
           '--webhook-timeout-ms', '2000', '--outbound-allow', '127.0.0.1'],
  });

  test('add a webhook, follow its deliveries, see failures, delete one', async () => {
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'webhooks', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
        await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
        await page.getByText('No webhooks yet').waitFor();

        // A URL ticketd refuses is named at its field.
        const url = page.getByLabel('Receiver URL');
        await url.fill('ftp://example.com/hook');
        await page.getByRole('button', { name: 'Add webhook' }).click();
        await page.getByRole('alert').waitFor();
        await page.locator('#webhook-url-error').waitFor();
        assert.equal(await url.getAttribute('aria-invalid'), 'true');
        // So is one inside the platform (the cloud's metadata service): the
        // outbound policy's reason, at the field.
        await url.fill('http://169.254.169.254/latest/meta-data/');
        await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
        await page.getByRole('button', { name: 'Add webhook' }).click();
        await page.locator('#webhook-url-error').getByText('link-local').waitFor();
        await screenshot(page, 'webhook-url-refused');

        // acme's TicketOpened and StatusChanged, to the receiver that answers 204.
        await url.fill(ok.url);
        await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
        await page.getByLabel('Only the events I choose').check();
        await page.getByRole('group', { name: 'Tickets' }).getByLabel('TicketOpened').check();
        await page.getByRole('group', { name: 'Tickets' }).getByLabel('StatusChanged').check();
        await page.getByRole('button', { name: 'Add webhook' }).click();
        const secretBox = page.getByRole('textbox', { name: 'Signing secret', exact: true });
        await secretBox.waitFor();
        await page.getByText('you will not see it again').waitFor();
        const secret = await secretBox.inputValue();
        assert.match(secret, /^whsec_[0-9a-f]{64}$/);
        await screenshot(page, 'webhook-secret-once');
        const listed = (await f.seed.admin.get('/admin/v1/webhooks')).body.items as
          { id: string; url: string; events: string[]; tenant: string | null; secret_fingerprint: string }[];
        const hook = listed.find((h) => h.url === ok.url);
        assert.ok(hook, 'the webhook is not in the API list');
        assert.deepEqual([...hook.events].sort(), ['StatusChanged', 'TicketOpened']);
        assert.equal(hook.tenant, 'acme');
        assert.equal(hook.secret_fingerprint, fingerprint(secret), 'the secret shown is not the one ticketd has');
        const table = page.getByRole('table', { name: 'Webhooks' });
        await table.getByRole('rowheader', { name: ok.url }).waitFor();
        await table.getByText(hook.secret_fingerprint).waitFor();
        await page.getByRole('button', { name: 'Done, I have saved it' }).click();
        assert.equal(await secretBox.count(), 0);

        // Every event to the receiver that answers 500, with a secret of our own.
        const ownSecret = 'our-own-signing-secret-0042';
        await url.fill(failing.url);
        await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
        await page.getByLabel('Signing secret (optional)').fill(ownSecret);
        await page.getByRole('button', { name: 'Add webhook' }).click();
        await table.getByRole('rowheader', { name: failing.url }).waitFor();
        await table.getByText(fingerprint(ownSecret)).waitFor();
        assert.equal(await secretBox.count(), 0, 'a secret of our own is not shown back');
        const all = (await f.seed.admin.get('/admin/v1/webhooks')).body.items as { id: string; url: string }[];
        const broken = all.find((h) => h.url === failing.url)!;

        await screenshot(page, 'webhooks');
        await checkAccessibility(page, 'webhooks');
        await page.getByRole('button', { name: 'Dark theme', exact: true }).click();
        await page.getByLabel('Only the events I choose').check(); // the checkboxes too
        await checkAccessibility(page, 'webhooks-dark');
        await screenshot(page, 'webhooks-dark');
        await page.getByRole('button', { name: 'Light theme', exact: true }).click();
        await page.getByLabel('Every event').check();

        // An event: delivered, signed with the secret shown once.
        const ticket = await openTicket(f.seed.ann, 'Webhook check', 'Does the hook fire?');
        const delivered = await eventually(() => {
          const r = ok.requests.find((q) => q.headers['x-ticketd-event'] === 'TicketOpened');
          assert.ok(r, 'no TicketOpened delivery reached the receiver');
          return r;
        }, { timeout: 20_000 });
        assert.ok(signedWith(secret, delivered), 'the delivery is not signed with the secret shown');
        const envelope = JSON.parse(delivered.body) as { type: string; tenant: string; data: { subject?: string } };
        assert.equal(envelope.type, 'TicketOpened');
        assert.equal(envelope.tenant, 'acme');
        assert.equal(envelope.data.subject, ticket.subject);

        await table.getByRole('link', { name: `Delivery log of ${ok.url}` }).click();
        await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
        await page.getByText(ok.url, { exact: true }).waitFor();
        const deliveries = page.getByRole('list', { name: 'Deliveries, newest first' }).getByRole('listitem');
        const first = deliveries.filter({ hasText: 'TicketOpened' });
        await first.getByText('Delivered', { exact: true }).first().waitFor({ timeout: 15_000 });
        await first.getByText('1 attempt: delivered (HTTP 204)').click();
        const attempt = first.getByRole('table').getByRole('row').nth(1);
        await attempt.getByRole('cell', { name: 'Delivered', exact: true }).waitFor();
        await attempt.getByRole('cell', { name: '204', exact: true }).waitFor();
        await screenshot(page, 'webhook-deliveries');
        await checkAccessibility(page, 'webhook-deliveries');

        // The receiver that fails: the failed attempt and when the next one is.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
        await table.getByRole('link', { name: `Delivery log of ${failing.url}` }).click();
        await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
        assert.equal(new URL(page.url()).pathname, `/admin/webhooks/${broken.id}`);
        const pending = page.getByRole('list', { name: 'Deliveries, newest first' }).getByRole('listitem')
          .filter({ hasText: 'TicketOpened' });
        await pending.getByText('Pending', { exact: true }).first().waitFor({ timeout: 15_000 });
        const failedSummary = pending.getByText(/attempts?: the last one failed \(HTTP 500\)/);
        await failedSummary.waitFor({ timeout: 15_000 });
        await pending.getByText('Next attempt').waitFor();
        await failedSummary.click();
        const failedRow = pending.getByRole('table').getByRole('row').nth(1);
        await failedRow.getByRole('cell', { name: 'Failed', exact: true }).waitFor();
        await failedRow.getByRole('cell', { name: '500', exact: true }).waitFor();
        const log = (await f.seed.admin.get(`/admin/v1/webhooks/${broken.id}/deliveries`)).body.items as
          { status: string; event_type: string; next_attempt_at: string | null; attempts: { status: number }[] }[];
        const opened = log.find((d) => d.event_type === 'TicketOpened');
        assert.equal(opened?.status, 'pending');
        assert.ok(opened?.next_attempt_at, 'no next attempt time');
        assert.equal(opened?.attempts[0]?.status, 500);
        assert.ok(failing.requests.length >= 1);
        // A reload (a page load of /admin/webhooks/<id>) shows the same log.
        await page.reload();
        await pending.getByText(/attempts?: the last one failed \(HTTP 500\)/).click();
        await failedRow.getByRole('cell', { name: 'Failed', exact: true }).waitFor();
        await screenshot(page, 'webhook-deliveries-failing');
        await checkAccessibility(page, 'webhook-deliveries-failing');
        // On a phone the log is a column of cards; only the attempts table may scroll, in its frame.
        await page.setViewportSize({ width: 375, height: 800 });
        const wider = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
        assert.ok(wider <= 0, `the delivery log scrolls sideways on a phone by ${wider} px`);
        await screenshot(page, 'webhook-deliveries-phone');
        await page.setViewportSize({ width: 1280, height: 800 });

        // Delete it: its pending deliveries are dead-lettered.
        await page.getByRole('main').getByRole('link', { name: 'Webhooks', exact: true }).click();
        await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
        await table.getByRole('button', { name: `Delete ${failing.url}` }).click();
        const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
        await dialog.getByText('dead-lettered').waitFor();
        await dialog.getByRole('button', { name: 'Delete webhook' }).click();
        await page.getByRole('status').filter({ hasText: `The webhook to ${failing.url} is deleted` }).waitFor();
        await eventually(async () => assert.equal(await table.getByRole('rowheader', { name: failing.url }).count(), 0));
        const remaining = (await f.seed.admin.get('/admin/v1/webhooks')).body.items as { id: string }[];
        assert.deepEqual(remaining.map((h) => h.id), [hook.id]);
        await eventually(async () => {
          const after = await f.seed.admin.get(`/admin/v1/webhooks/${broken.id}/deliveries`);
          assert.equal(after.status, 200);
          const statuses = (after.body.items as { status: string }[]).map((d) => d.status);
          assert.ok(statuses.length > 0 && statuses.every((s) => s === 'dead_lettered'), statuses.join());
        });
        assert.deepEqual(tab.cspViolations, []);
        assert.deepEqual(tab.pageErrors, []);
      });
    } finally {
      await tab.close();
    }
  });

  test('agents see no webhooks; a tenant admin sees and picks only its tenants', async () => {
    await f.seed.admin.must('POST', '/admin/v1/webhooks',
      { url: 'http://127.0.0.1:9/acme', events: ['*'], tenant: 'acme', secret: 'acme-secret-0123456789' }, 201);
    await f.seed.admin.must('POST', '/admin/v1/webhooks',
      { url: 'http://127.0.0.1:9/platform', events: ['*'], secret: 'platform-secret-0123456789' }, 201);
    await f.seed.admin.must('POST', '/admin/v1/webhooks',
      { url: 'http://127.0.0.1:9/globex', events: ['*'], tenant: 'globex', secret: 'globex-secret-0123456789' }, 201);
    const issued = await f.seed.admin.must<{ token: string }>('POST', '/admin/v1/tokens', {
      role: 'tenant_admin', scope: ['acme'],
      user: { id: 'ta-acme', email: 'ta@acme.test', name: 'Tess Tenant-Admin' },
    }, 201);
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'webhooks-roles', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        assert.equal(await page.getByRole('link', { name: 'Webhooks' }).count(), 0);
        await page.goto('/admin/webhooks'); // a page load: ticketd serves the console there
        await page.getByRole('heading', { name: 'Webhooks are for administrators' }).waitFor();
        await visit(page, '/admin/webhooks/wh_nosuch');
        await page.getByRole('heading', { name: 'Webhooks are for administrators' }).waitFor();

        await page.getByRole('button', { name: 'Sign out' }).click();
        await signInWithToken(page, issued.token);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
        await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
        const table = page.getByRole('table', { name: 'Webhooks' });
        await table.getByRole('rowheader', { name: 'http://127.0.0.1:9/acme' }).waitFor();
        assert.equal(await table.getByRole('rowheader', { name: 'http://127.0.0.1:9/platform' }).count(), 0);
        assert.equal(await table.getByRole('rowheader', { name: 'http://127.0.0.1:9/globex' }).count(), 0);
        const options = await page.getByLabel('Tenant', { exact: true }).locator('option').allTextContents();
        assert.deepEqual(options, ['acme']);
        await page.goto('/admin/webhooks/wh_nosuch');
        await page.getByRole('heading', { name: 'Webhook not found' }).waitFor();
        await checkAccessibility(page, 'webhook-not-found');
      });
    } finally {
      await tab.close();
    }
  });
});
