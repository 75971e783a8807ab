// The per-file fixture: a ticketd of its own (fresh data directory), the
// seed (tenants acme and globex, a customer token of each, an agent token)
// and one Chromium; stopped after the file's tests, ticketd by SIGTERM and
// expected to exit 0. useMailFixture adds a mail sink ticketd sends to.

import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { seed, type Seed } from './api.js';
import { launchBrowser } from './browser.js';
import { Server, type ServerOptions } from './server.js';
import { SmtpSink } from './smtp.js';

export interface Fixture {
  server: Server;
  seed: Seed;
  browser: Browser;
}

/** Call inside describe(): before/after hooks that fill in the fixture. */
export function useFixture(options: ServerOptions = {}): Fixture {
  const fixture = {} as Fixture;
  before(async () => {
    fixture.server = await Server.start(options);
    fixture.seed = await seed(fixture.server);
    fixture.browser = await launchBrowser();
  });
  after(async () => {
    try {
      await fixture.browser?.close();
    } finally {
      await fixture.server?.stop();
    }
  });
  return fixture;
}

export interface MailFixture extends Fixture {
  /** Every mail ticketd sent (invitations, sign-in links, ...). */
  mail: SmtpSink;
}

/**
 * useFixture for a ticketd that sends mail (--smtp-url): a mail sink is
 * started first, so the server's flags can name it, and stopped after.
 */
export function useMailFixture(options: ServerOptions = {}): MailFixture {
  const args = [...(options.args ?? [])];
  let mail: SmtpSink | undefined;
  before(async () => {
    mail = await SmtpSink.start();
    args.push('--smtp-url', mail.url, '--mail-from', 'Help <help@e2e.test>');
  });
  after(async () => {
    await mail?.stop();
  });
  const fixture = useFixture({ ...options, args }) as MailFixture;
  before(() => {
    fixture.mail = mail!;
  });
  return fixture;
}
