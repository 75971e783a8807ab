// The per-file fixture: a ticketd of its own (fresh data directory), the
// seed (tenants acme and globex, a customer token of each, an agent token)
// and one Chromium; stopped after the file's tests, ticketd by SIGTERM and
// expected to exit 0.

import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { seed, type Seed } from './api.js';
import { launchBrowser } from './browser.js';
import { Server, type ServerOptions } from './server.js';

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
