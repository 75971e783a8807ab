// Files on messages, end to end: a customer (signed in with a password: the
// session cookie carries downloads and thumbnails) opens a ticket with a PNG
// and a text file; the agent (signed in with a token: files fetched with it)
// sees both, downloads the text and replies with a file; the agent's
// internal note with a file never reaches the customer, not on the page, not
// in an answer, and not by its URL. Then a composer's limits: a file over
// ticketd's per-file limit (started with a small one), sending held while a
// file uploads, drop and paste, and the 11th file; and a tenant's allowed
// types, set on its settings screen and then refusing a file.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Download, Page } from 'playwright-core';
import { accountWithPassword, openTicket, type Ticket } from './lib/api.js';
import {
  capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken,
} from './lib/browser.js';
import { dropFiles, pageFile, pasteImage, stripedPng } from './lib/files.js';
import { useMailFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

/** ticketd's per-file limit in this file's server: small, so "too large" is cheap to reach. */
const MAX_BYTES = 256 * 1024;
const LIMIT_FLAG = '--attachment-max-bytes';

const CLEO = { email: 'cleo@acme.test', name: 'Cleo Customer', password: 'kettle meadow copper lantern 7' };

interface Attachment { id: string; name: string; size: number; type: string; sha256: string; url: string }
type Message = Ticket['messages'][number] & { attachments: Attachment[] };
type WithFiles = Omit<Ticket, 'messages'> & { messages: Message[] };

async function signInWithPassword(page: Page, email: string, password: string, tenant: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Organisation (customers)', { exact: true }).fill(tenant);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Waits until every file in the composer is uploaded ("Attached"), `count` of them. */
async function allAttached(page: Page, count: number): Promise<void> {
  const list = page.getByRole('list', { name: 'Files to send' });
  await eventually(async () => {
    const items = await list.getByRole('listitem').allInnerTexts();
    assert.equal(items.length, count, `files: ${JSON.stringify(items)}`);
    assert.ok(items.every((t) => t.includes('Attached')), `not all attached: ${JSON.stringify(items)}`);
  }, { timeout: 15_000 });
}

async function downloaded(download: Download): Promise<string> {
  const path = await download.path();
  assert.ok(path, 'the download has no file');
  return readFile(path, 'utf8');
}

/** An <img> that has loaded and been decoded: its natural width. */
async function imageWidth(page: Page, alt: string, within = page.locator('body')): Promise<number> {
  const img = within.getByRole('img', { name: alt, exact: true }).first();
  await img.scrollIntoViewIfNeeded();
  return eventually(async () => {
    const width = await img.evaluate((el) => {
      const image = el as HTMLImageElement;
      return image.complete ? image.naturalWidth : 0;
    });
    assert.ok(width > 0, `the image ${alt} did not load`);
    return width;
  });
}

describe('attachments', { timeout: 240_000 }, () => {
  const f = useMailFixture({ args: [LIMIT_FLAG, String(MAX_BYTES)] });

  test('customer opens a ticket with files; agent downloads, replies with one; a note\'s file stays internal',
       async () => {
    await accountWithPassword(f.seed.admin, f.mail,
                              { email: CLEO.email, name: CLEO.name, role: 'customer', tenant: 'acme' },
                              CLEO.password);
    const subject = `Printer jams on page 2 ${randomBytes(3).toString('hex')}`;
    const steps = `1. Print the March report\n2. Page 2 jams\nid ${randomBytes(6).toString('hex')}\n`;
    const png = stripedPng(64, 48);
    const fix = `Firmware 4.2 fixes it ${randomBytes(6).toString('hex')}\n`;
    const secret = `Customer is on the legacy plan ${randomBytes(6).toString('hex')}\n`;
    const reply = `Please install the attached firmware ${randomBytes(4).toString('hex')}`;
    const customer = await openTab(f.browser, f.server);
    const agent = await openTab(f.browser, f.server);
    try {
      // The customer, with the session cookie.
      const ticket = await capturingFailure(customer, 'attachments-customer', async () => {
        const { page } = customer;
        await signInWithPassword(page, CLEO.email, CLEO.password, 'acme');
        await page.goto('/portal/new');
        await page.getByRole('heading', { name: 'New ticket' }).waitFor();
        await page.getByLabel('Subject', { exact: true }).fill(subject);
        await page.getByLabel('Description', { exact: true }).fill('It jams every time; steps and a photo attached.');
        await page.getByLabel('Attach files', { exact: true }).setInputFiles([
          { name: 'jam.png', mimeType: 'image/png', buffer: png },
          { name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from(steps) },
        ]);
        await allAttached(page, 2);
        const chips = await page.getByRole('list', { name: 'Files to send' }).getByRole('listitem').allInnerTexts();
        assert.match(chips[0]!, /jam\.png/);
        assert.match(chips[0]!, new RegExp(`${png.length} B`), `the PNG's size: ${chips[0]}`);
        await checkAccessibility(page, 'portal-new-with-files');
        await screenshot(page, 'portal-new-with-files');
        await page.getByRole('button', { name: 'Open ticket' }).click();
        await page.waitForURL((url) => /\/portal\/tickets\//.test(url.pathname));
        await page.getByRole('heading', { name: subject }).waitFor();
        const first = page.locator('ol article').first();
        const files = first.getByRole('list', { name: 'Files', exact: true });
        await files.getByRole('link', { name: 'steps.txt', exact: true }).waitFor();
        assert.equal(await imageWidth(page, 'jam.png', first), 64, 'the thumbnail is the PNG, by the cookie');
        assert.match(await files.innerText(), /PNG image/);
        assert.match(await files.innerText(), /Text/);
        const opened = await eventually(async () => {
          const list = await f.seed.agent.get('/admin/v1/tickets?tenant=acme');
          const found = (list.body.items as Ticket[]).find((t) => t.subject === subject);
          assert.ok(found, `no ticket "${subject}"`);
          return (await f.seed.agent.get(`/admin/v1/tickets/${found.key}`)).body as WithFiles;
        });
        const held = opened.messages[0]!.attachments;
        assert.deepEqual(held.map((a) => [a.name, a.type, a.size]), [
          ['jam.png', 'image/png', png.length],
          ['steps.txt', 'text/plain', Buffer.byteLength(steps)],
        ]);
        await checkAccessibility(page, 'portal-ticket-files');
        await screenshot(page, 'portal-ticket-files');
        return opened;
      });

      // The agent, with a token: thumbnails and downloads fetched with it.
      const note = await capturingFailure(agent, 'attachments-agent', async () => {
        const { page } = agent;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: subject }).waitFor();
        const first = page.locator('article').first();
        assert.equal(await imageWidth(page, 'jam.png', first), 64, 'the thumbnail, fetched with the token');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          first.getByRole('link', { name: 'steps.txt', exact: true }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'steps.txt');
        assert.equal(await downloaded(download), steps);

        // A reply with a file.
        await page.getByLabel('Attach files', { exact: true }).setInputFiles(
          { name: 'firmware-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(fix) });
        await allAttached(page, 1);
        await page.getByLabel('Message', { exact: true }).fill(reply);
        await page.getByRole('button', { name: 'Send reply' }).click();
        const replied = page.locator('article').filter({ hasText: reply });
        await replied.getByRole('link', { name: 'firmware-notes.txt', exact: true }).waitFor();
        assert.equal(await page.getByRole('list', { name: 'Files to send' }).count(), 0,
                     'the composer is empty again');

        // An internal note that is a file alone.
        await page.getByLabel('Attach files', { exact: true }).setInputFiles(
          { name: 'account-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(secret) });
        await allAttached(page, 1);
        await page.getByRole('button', { name: 'Add internal note' }).click();
        const noteFiles = page.getByRole('list', { name: 'Files of this internal note' });
        await noteFiles.getByRole('link', { name: 'account-notes.txt', exact: true }).waitFor();
        const noteArticle = page.locator('article').filter({ has: noteFiles });
        assert.match(await noteArticle.innerText(), /Internal note/);
        assert.match(await noteFiles.innerText(), /internal/);
        await checkAccessibility(page, 'agent-ticket-files');
        await screenshot(page, 'agent-ticket-files');

        const t = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as WithFiles;
        const posted = t.messages.find(
          (m) => m.internal && m.attachments.some((a) => a.name === 'account-notes.txt'));
        assert.ok(posted, `no note with account-notes.txt: ${JSON.stringify(t.messages)}`);
        assert.equal(posted.body, '', 'a note of a file alone');
        return posted.attachments[0]!;
      });

      // The customer sees the reply's file, never the note's.
      await capturingFailure(customer, 'attachments-customer-after', async () => {
        const { page } = customer;
        const replied = page.locator('ol article').filter({ hasText: reply });
        await replied.getByRole('link', { name: 'firmware-notes.txt', exact: true }).waitFor({ timeout: 8000 });
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          replied.getByRole('link', { name: 'firmware-notes.txt', exact: true }).click(),
        ]);
        assert.equal(await downloaded(download), fix);
        const text = await page.locator('body').innerText();
        assert.ok(!text.includes('account-notes.txt'), 'the note\'s file is on the customer\'s page');
        assert.ok(!(await page.content()).includes(note.id), 'the note\'s file is in the customer\'s DOM');
        for (const answer of await customer.jsonAnswers()) {
          assert.ok(!answer.text.includes(note.id) && !answer.text.includes('account-notes.txt'),
                    `the note's file in the answer of ${answer.url}`);
        }
        // Its URL, as a customer's would be, answers 404 to the customer's session.
        assert.match(note.url, /^\/admin\/v1\/tickets\/[^/]+\/attachments\/att_/);
        const asCustomer = note.url.replace(/^\/admin\/v1\//, '/v1/');
        const refused = await page.request.get(asCustomer);
        assert.equal(refused.status(), 404, `${asCustomer} answered ${refused.status()}`);
        assert.ok(!(await refused.text()).includes(secret.trim()));
        const [shownReply] = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body.messages
          .filter((m: { body: string }) => m.body === reply);
        const publicFile = (shownReply as { attachments: Attachment[] }).attachments[0]!;
        const allowed = await page.request.get(publicFile.url.replace(/^\/admin\/v1\//, '/v1/'));
        assert.equal(allowed.status(), 200, 'the reply\'s file by the customer\'s URL');
        assert.equal(await allowed.text(), fix);
        await screenshot(page, 'portal-ticket-reply-with-file');
        // Thumbnails by URL and as data: URLs, downloads from Blobs: none of it refused.
        assert.deepEqual(customer.cspViolations, [], 'the CSP refused something on the customer\'s pages');
        assert.deepEqual(agent.cspViolations, [], 'the CSP refused something on the agent\'s pages');
        assert.deepEqual([...customer.pageErrors, ...agent.pageErrors], [], 'uncaught exceptions');
      });
    } finally {
      await customer.close();
      await agent.close();
    }
  });

  test('too large, held while uploading, drop and paste, at most 10 files', async () => {
    const ticket = await openTicket(f.seed.ann, 'Scanner driver crashes', 'Crashes on start.');
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'attachments-limits', async () => {
        const { page } = tab;
        await signInWithToken(page, f.seed.agent.token!);
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        const input = page.getByLabel('Attach files', { exact: true });
        const send = page.getByRole('button', { name: 'Send reply' });
        const files = page.getByRole('list', { name: 'Files to send' });

        // Held: while a file uploads, nothing is sent.
        let release!: () => void;
        const gate = new Promise<void>((resolve) => { release = resolve; });
        await page.route('**/admin/v1/attachments**', async (route) => {
          await gate;
          await route.continue();
        });
        await input.setInputFiles({ name: 'log.txt', mimeType: 'text/plain', buffer: Buffer.from('crash at 0x0\n') });
        await files.getByRole('progressbar', { name: 'Uploading log.txt' }).waitFor();
        assert.ok(await send.isDisabled(), 'Send reply is enabled while a file uploads');
        assert.ok(await page.getByRole('button', { name: 'Add internal note' }).isDisabled());
        await page.getByText('Sending waits until the files are uploaded.').waitFor();
        release();
        await allAttached(page, 1);
        assert.ok(await send.isEnabled());
        await page.unroute('**/admin/v1/attachments**');

        // Too large: ticketd's words, next to the file, in a live region.
        const big = Buffer.alloc(MAX_BYTES + 1024, 'x');
        const direct = await fetch(`${f.server.base}/admin/v1/attachments?tenant=acme&name=big.log`, {
          method: 'POST', headers: { Authorization: `Bearer ${f.seed.agent.token}` }, body: big,
        });
        assert.equal(direct.status, 413);
        const problem = await direct.json() as { code: string; detail: string };
        assert.equal(problem.code, 'attachment_too_large');
        // big.log is refused once its bytes pass the limit; huge.log, whose
        // length is far over it, before a byte is read.
        await input.setInputFiles([
          { name: 'big.log', mimeType: 'text/plain', buffer: big },
          { name: 'huge.log', mimeType: 'text/plain', buffer: Buffer.alloc(4 * MAX_BYTES, 'y') },
        ]);
        for (const name of ['big.log', 'huge.log']) {
          const item = files.getByRole('listitem').filter({ hasText: name });
          await item.getByText(problem.detail).waitFor({ timeout: 15_000 });
          assert.equal(await item.getByText(problem.detail).getAttribute('aria-live'), 'polite');
          assert.match(await item.innerText(), /Error:/, `${name}: said to be an error`);
        }
        assert.ok(await send.isEnabled(), 'a failed file holds nothing up');
        await checkAccessibility(page, 'composer-file-too-large');
        await screenshot(page, 'composer-file-too-large');

        // Removed by keyboard: the focus goes to the next file's button.
        const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
        await files.getByRole('button', { name: 'Remove big.log' }).focus();
        await page.keyboard.press('Enter');
        await files.getByRole('listitem').filter({ hasText: 'big.log' }).waitFor({ state: 'detached' });
        await eventually(async () => assert.equal(await focusedLabel(), 'Remove huge.log'));
        await page.keyboard.press('Enter');
        await files.getByRole('listitem').filter({ hasText: 'huge.log' }).waitFor({ state: 'detached' });
        await eventually(async () => assert.equal(await focusedLabel(), 'Remove log.txt'));

        // Dropped on the composer, pasted into the message.
        const form = page.locator('form.composer');
        await dropFiles(page, form, [pageFile('dropped.txt', 'text/plain', 'dropped here\n')]);
        await pasteImage(page.getByLabel('Message', { exact: true }),
                         pageFile('image.png', 'image/png', stripedPng(20, 20)));
        await allAttached(page, 3);
        const names = await files.getByRole('listitem').allInnerTexts();
        assert.match(names[1]!, /dropped\.txt/);
        assert.match(names[2]!, /pasted-\d{4}-\d{2}-\d{2}-\d{6}\.png/, `the pasted image: ${names[2]}`);
        assert.equal(await page.getByLabel('Message', { exact: true }).inputValue(), '', 'no text was pasted');

        // Eight more: seven fit, the eleventh is refused and named.
        await input.setInputFiles(Array.from({ length: 8 }, (_, i) => (
          { name: `extra-${i + 1}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`extra ${i + 1}\n`) })));
        await page.getByText('A message can have at most 10 files: extra-8.txt was not added.').waitFor();
        await allAttached(page, 10);
        await screenshot(page, 'composer-ten-files');

        // Ten files and no text: sent as the reply.
        await send.click();
        await files.waitFor({ state: 'detached' });
        const t = (await f.seed.agent.get(`/admin/v1/tickets/${ticket.key}`)).body as WithFiles;
        const last = t.messages[t.messages.length - 1]!;
        assert.equal(last.body, '');
        assert.equal(last.internal, false);
        const pasted = /pasted-[\d-]+\.png/.exec(names[2]!)![0];
        assert.deepEqual(last.attachments.map((a) => a.name).slice(0, 3), ['log.txt', 'dropped.txt', pasted]);
        assert.equal(last.attachments.length, 10);
        const shown = page.locator('article').last()
          .getByRole('list', { name: 'Files', exact: true }).getByRole('listitem');
        await eventually(async () => assert.equal(await shown.count(), 10));
      });
    } finally {
      await tab.close();
    }
  });

  test('a tenant admin allows some types; other files are refused in ticketd\'s words', async () => {
    const admin = await openTab(f.browser, f.server);
    const customer = await openTab(f.browser, f.server);
    try {
      await capturingFailure(admin, 'attachments-types', async () => {
        const { page } = admin;
        await signInWithToken(page, f.seed.admin.token!);
        await page.goto('/admin/tenants/globex');
        await page.getByRole('heading', { name: 'Settings' }).waitFor();
        const types = page.getByLabel('File types people may attach', { exact: true });
        assert.equal(await types.inputValue(), '', 'any type to begin with');
        await types.fill('pdf, image/*');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.getByText('“pdf” is not a media type').first().waitFor();
        await types.fill('image/*, Application/PDF\nimage/*');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.getByText('Settings saved').waitFor();
        // ticketd keeps them sorted; the field shows what it keeps.
        assert.equal(await types.inputValue(), 'application/pdf\nimage/*');
        const tenant = (await f.seed.admin.get('/admin/v1/tenants/globex')).body;
        assert.deepEqual(tenant.settings.attachment_types, ['application/pdf', 'image/*']);
        await checkAccessibility(page, 'admin-tenant-attachment-types');
        await screenshot(page, 'admin-tenant-attachment-types');
      });

      await capturingFailure(customer, 'attachments-type-refused', async () => {
        const { page } = customer;
        // Gus of globex, by token: the upload carries it.
        await signInWithToken(page, f.seed.gus.token!);
        await page.goto('/portal/new');
        await page.getByRole('heading', { name: 'New ticket' }).waitFor();
        const direct = await fetch(`${f.server.base}/v1/attachments?name=notes.txt`, {
          method: 'POST', headers: { Authorization: `Bearer ${f.seed.gus.token}` }, body: 'plain text\n',
        });
        assert.equal(direct.status, 422);
        const problem = await direct.json() as {
          code: string; detail?: string; errors?: { field: string; message: string }[];
        };
        assert.equal(problem.code, 'attachment_type_not_allowed');
        assert.ok(problem.errors?.some((e) => e.field === 'file'), 'the problem names the field file');
        const words = problem.detail!;
        await page.getByLabel('Attach files', { exact: true }).setInputFiles([
          { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text\n') },
          { name: 'photo.png', mimeType: 'image/png', buffer: stripedPng(16, 16) },
        ]);
        const files = page.getByRole('list', { name: 'Files to send' });
        await files.getByRole('listitem').filter({ hasText: 'notes.txt' }).getByText(words).waitFor();
        await files.getByRole('listitem').filter({ hasText: 'photo.png' }).getByText('Attached').waitFor();
        await screenshot(page, 'portal-new-type-refused');
      });
    } finally {
      await admin.close();
      await customer.close();
    }
  });
});
