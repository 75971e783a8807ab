// The console as served: index.html with a strict Content-Security-Policy,
// no inline script, hashed assets cached as immutable, and pages that load
// with no console error, exception or CSP violation.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openTicket } from './lib/api.js';
import { capturingFailure, openTab, signInWithToken } from './lib/browser.js';
import { useFixture } from './lib/fixture.js';

function assertStrictCsp(csp: string | null, where: string): void {
  assert.ok(csp, `${where}: no Content-Security-Policy header`);
  const directives = new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!.toLowerCase(), values] as const;
  }));
  assert.deepEqual(directives.get('script-src'), ["'self'"], `${where}: script-src in ${csp}`);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], `${where}: frame-ancestors in ${csp}`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${where}: unsafe-* in ${csp}`);
}

describe('security headers', { timeout: 120_000 }, () => {
  const f = useFixture();

  test('GET / answers index.html with a strict CSP, no inline script, immutable assets', async () => {
    const res = await fetch(f.server.base + '/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assertStrictCsp(res.headers.get('content-security-policy'), 'GET /');
    const html = await res.text();

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
    assert.ok(scripts.length > 0, `no <script> in index.html:\n${html}`);
    for (const [tag, attrs, body] of scripts) {
      assert.match(attrs!, /\bsrc\s*=/, `inline script: ${tag}`);
      assert.equal(body!.trim(), '', `script with a src and a body: ${tag}`);
    }
    assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, 'an inline event handler attribute');
    assert.doesNotMatch(html, /<[^>]+\sstyle\s*=/i, 'an inline style attribute (style-src blocks it)');
    assert.doesNotMatch(html, /<style\b/i, 'an inline <style> element (style-src blocks it)');

    const assets = [...html.matchAll(/\s(?:src|href)\s*=\s*["']([^"']+)["']/gi)]
      .map((m) => new URL(m[1]!, f.server.base + '/'))
      .filter((url) => url.origin === f.server.base && url.pathname.startsWith('/assets/'))
      .map((url) => url.pathname);
    assert.ok(assets.some((a) => a.endsWith('.js')), `no script under /assets/ in:\n${html}`);
    for (const asset of assets) {
      const a = await fetch(f.server.base + asset);
      assert.equal(a.status, 200, `GET ${asset}`);
      const cache = a.headers.get('cache-control') ?? '';
      assert.match(cache, /\bimmutable\b/, `GET ${asset}: Cache-Control ${cache}`);
      assert.match(cache, /max-age=\d{6,}/, `GET ${asset}: Cache-Control ${cache}`);
      if (asset.endsWith('.js')) {
        assert.match(a.headers.get('content-type') ?? '', /javascript/, `GET ${asset}: Content-Type`);
      }
      if (asset.endsWith('.css')) {
        assert.match(a.headers.get('content-type') ?? '', /^text\/css/, `GET ${asset}: Content-Type`);
      }
      await a.arrayBuffer();
    }

    // Every page the console routes itself is the same index.html, with the CSP.
    for (const path of ['/sign-in', '/portal', '/queue', '/tickets/acme-1']) {
      const page = await fetch(f.server.base + path);
      assert.equal(page.status, 200, `GET ${path}`);
      assertStrictCsp(page.headers.get('content-security-policy'), `GET ${path}`);
      assert.equal(await page.text(), html, `GET ${path} is not index.html`);
    }
    // An asset that does not exist is a 404, not index.html.
    const missing = await fetch(f.server.base + '/assets/no-such-file-0000.js');
    assert.equal(missing.status, 404, 'GET of a missing asset');
  });

  test('the pages load with no console error, exception or CSP violation', async () => {
    const ticket = await openTicket(f.seed.ann, 'Invoice shows the wrong VAT', 'Line 3 is off by 2%');
    const tabs = [];
    try {
      // Signed out: / leads to the sign-in page.
      const customer = await openTab(f.browser, f.server);
      tabs.push(customer);
      await capturingFailure(customer, 'security-customer', async () => {
        const { page } = customer;
        await page.goto('/');
        await page.locator('summary', { hasText: 'Use an API token' }).waitFor();
        await signInWithToken(page, f.seed.ann.token!);
        await page.getByRole('heading', { name: 'My tickets' }).waitFor();
        await page.getByRole('table', { name: 'My tickets' }).getByText(ticket.subject).waitFor();
        await page.getByRole('link', { name: 'New ticket' }).click();
        await page.getByRole('heading', { name: 'New ticket' }).waitFor();
        await page.goto(`/portal/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
      });
      const agent = await openTab(f.browser, f.server);
      tabs.push(agent);
      await capturingFailure(agent, 'security-agent', async () => {
        const { page } = agent;
        await signInWithToken(page, f.seed.agent.token!);
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        await page.getByRole('table', { name: 'Queue' }).getByText(ticket.subject).waitFor();
        await page.goto(`/tickets/${ticket.key}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        await page.getByRole('button', { name: /^(Dark|Light) theme$/ }).click();
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.locator('summary', { hasText: 'Use an API token' }).waitFor();
      });
      for (const [who, tab] of [['customer', customer], ['agent', agent]] as const) {
        assert.deepEqual(tab.cspViolations, [], `${who}: CSP violations`);
        assert.deepEqual(tab.pageErrors, [], `${who}: uncaught exceptions`);
        assert.deepEqual(tab.consoleErrors, [], `${who}: console errors`);
      }
    } finally {
      for (const tab of tabs) await tab.close();
    }
  });
});
