// A tenant's logo, set where a tenant admin sets everything else about the
// tenant's mail: the settings form's Logo field. The platform admin first
// picks an SVG (refused by ticketd, which reads the type from the bytes: the
// reason is named at the field and in the summary), then a PNG, and sees
// its preview; acme's customer then finds the logo in the portal's header,
// while globex's customer (no logo) finds the header as it was, without a
// failed request on the console. Removing it takes it away again.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import {
  capturingFailure, checkAccessibility, openTab, screenshot, signInWithToken,
} from './lib/browser.js';
import { stripedPng } from './lib/files.js';
import { useFixture } from './lib/fixture.js';
import { eventually } from './lib/poll.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32">' +
  '<script>alert(document.cookie)</script><rect width="96" height="32"/></svg>\n';

/** An <img> that has loaded and been decoded: its natural size. */
async function loadedSize(img: Locator): Promise<[number, number]> {
  await img.waitFor();
  return eventually(async () => {
    const size = await img.evaluate((el) => {
      const image = el as HTMLImageElement;
      return image.complete ? [image.naturalWidth, image.naturalHeight] as [number, number] : [0, 0] as [number, number];
    });
    assert.ok(size[0] > 0, 'the image did not load');
    return size;
  });
}

describe('a tenant\'s logo', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('an admin uploads it in the settings form; the portal\'s header shows it', async () => {
    // Teal and white stripes, 160 x 48: a logo to see in the screenshot.
    const png = stripedPng(160, 48, [15, 118, 110], [255, 255, 255]);
    const admin = await openTab(f.browser, f.server);
    try {
      await capturingFailure(admin, 'tenant-logo', async () => {
        const { page } = admin;
        await signInWithToken(page, f.server.adminToken);
        await page.goto('/admin/tenants/acme');
        await page.getByRole('heading', { name: 'Settings' }).waitFor();
        await page.getByText('No logo yet').waitFor();
        const field = page.getByLabel('Logo', { exact: true });
        assert.equal(await field.getAttribute('accept'), 'image/png,image/jpeg,image/gif,image/webp');

        // Nothing chosen: the form says so before asking ticketd.
        await page.getByRole('button', { name: 'Upload logo' }).click();
        await page.locator('#settings-logo-error').filter({ hasText: 'Choose an image file' }).waitFor();

        // An SVG, even named and typed as a PNG: ticketd reads its bytes.
        await field.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(SVG) });
        await page.getByRole('button', { name: 'Upload logo' }).click();
        await page.getByRole('alert').filter({ hasText: 'image/svg+xml' }).waitFor();
        await page.locator('#settings-logo-error').filter({ hasText: 'PNG, JPEG, GIF or WebP' }).waitFor();
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        assert.match(await field.getAttribute('aria-describedby') ?? '', /settings-logo-error/);
        assert.equal((await f.seed.admin.get('/admin/v1/tenants/acme')).body.logo, null);

        // The PNG: uploaded, previewed, the error gone.
        await field.setInputFiles({ name: 'acme.png', mimeType: 'image/png', buffer: png });
        await page.getByRole('button', { name: 'Upload logo' }).click();
        await page.getByRole('status').filter({ hasText: 'Logo uploaded' }).waitFor();
        const preview = page.getByRole('img', { name: 'Current logo of Acme', exact: true });
        assert.deepEqual(await loadedSize(preview), [160, 48]);
        assert.equal(await page.locator('#settings-logo-error').count(), 0);
        assert.equal(await page.getByRole('alert').count(), 0);
        const logo = (await f.seed.admin.get('/admin/v1/tenants/acme')).body.logo;
        assert.equal(logo.type, 'image/png');
        assert.equal(logo.size, png.length);
        assert.equal(await preview.getAttribute('src'), logo.url);

        await page.locator('form.settings-form').scrollIntoViewIfNeeded();
        await checkAccessibility(page, 'admin-tenant-logo');
        await screenshot(page, 'admin-tenant-logo');
      });
    } finally {
      await admin.close();
    }

    // acme's customer: the logo beside the app's name, its name as its text.
    const ann = await openTab(f.browser, f.server);
    try {
      await capturingFailure(ann, 'tenant-logo-portal', async () => {
        const { page } = ann;
        await signInWithToken(page, f.seed.ann.token!);
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();
        const mark = page.getByRole('banner').getByRole('img', { name: 'Acme', exact: true });
        assert.deepEqual(await loadedSize(mark), [160, 48]);
        const box = await mark.boundingBox();
        assert.ok(box && Math.round(box.height) === 28, `the logo is ${box?.height} px high, not 28`);
        await checkAccessibility(page, 'portal-tenant-logo');
        await screenshot(page, 'portal-tenant-logo');
      });
      assert.deepEqual(ann.consoleErrors, [], 'console errors');
    } finally {
      await ann.close();
    }

    // globex's customer: no logo, and no failed request for one.
    const gus = await openTab(f.browser, f.server);
    try {
      await capturingFailure(gus, 'tenant-logo-none', async () => {
        const { page } = gus;
        await signInWithToken(page, f.seed.gus.token!);
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();
        await eventually(async () => {
          const answers = await gus.jsonAnswers();
          assert.ok(answers.some((a) => a.url.endsWith('/v1/tenant') && a.status === 200), 'GET /v1/tenant');
        });
        assert.equal(await page.getByRole('banner').getByRole('img').count(), 0);
      });
      assert.deepEqual(gus.consoleErrors, [], 'console errors');
      assert.deepEqual(gus.cspViolations, [], 'CSP violations');
    } finally {
      await gus.close();
    }
  });

  test('removing the logo takes it from the form and the portal', async () => {
    const png = stripedPng(64, 32);
    const set = await fetch(`${f.server.base}/admin/v1/tenants/globex/logo`, {
      method: 'PUT',
      headers: { 'Authorization': `Bearer ${f.server.adminToken}`, 'Content-Type': 'image/png' },
      body: new Uint8Array(png),
    });
    assert.equal(set.status, 200);
    const tab = await openTab(f.browser, f.server);
    try {
      await capturingFailure(tab, 'tenant-logo-remove', async () => {
        const { page } = tab;
        await signInWithToken(page, f.server.adminToken);
        await page.goto('/admin/tenants/globex');
        const preview = page.getByRole('img', { name: 'Current logo of Globex', exact: true });
        await loadedSize(preview);
        await page.getByRole('button', { name: 'Remove logo' }).click();
        await page.getByRole('status').filter({ hasText: 'Logo removed' }).waitFor();
        await page.getByText('No logo yet').waitFor();
        assert.equal(await preview.count(), 0);
        assert.equal(await page.getByRole('button', { name: 'Remove logo' }).count(), 0);
        assert.equal((await f.seed.admin.get('/admin/v1/tenants/globex')).body.logo, null);
        assert.equal((await fetch(`${f.server.base}/v1/tenants/globex/logo`)).status, 404);
      });
    } finally {
      await tab.close();
    }
  });
});
