#!/usr/bin/env node
// The agent's queue in the web console on a large log (`ticketctl demo`,
// 100k tickets by default): headless Chromium (Debian's) signs in, opens
// /queue, loads more pages and changes filters, and this prints how long
// each took until the rows were on screen, how many list requests it made
// and how many rows each asked for -- against the same list requests sent
// straight to ticketd by Node in the same run (the floor the console adds
// its rendering to). A figure, not a test: nothing here fails on time.
//
// Usage (from the repository root, after building ticketd, ticketctl and
// the console):
//   node benchmarks/web/queue_bench.mjs [--tickets 100000] [--data DIR]
//        [--ticketd build-release/api/ticketd] [--ticketctl build-release/tools/ticketctl]
//        [--console build/web/dist] [--rounds 5]
// --data DIR: a data directory made earlier by `ticketctl demo` (kept);
// without it one is generated into a temporary directory and removed.

import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { chromium } = await import(pathToFileURL(join(root, "web/node_modules/playwright-core/index.mjs")).href);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const tickets = Number(option("tickets", "100000"));
const rounds = Number(option("rounds", "5"));
const ticketd = resolve(option("ticketd", join(root, "build-release/api/ticketd")));
const ticketctl = resolve(option("ticketctl", join(root, "build-release/tools/ticketctl")));
const consoleDir = resolve(option("console", join(root, "build/web/dist")));
let dataDir = option("data", "");
const ownData = !dataDir;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
const ms = (v) => `${v.toFixed(0)} ms`;

if (ownData) {
  dataDir = mkdtempSync(join(tmpdir(), "ticketd-queue-bench-"));
  const t0 = performance.now();
  execFileSync(ticketctl, ["--data", dataDir, "demo", "--tenants", "5", "--tickets", String(tickets)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  console.log(`demo data: ${tickets} tickets in ${ms(performance.now() - t0)}`);
} else if (!existsSync(dataDir)) {
  throw new Error(`--data ${dataDir} does not exist`);
}

const token = "bench-" + randomBytes(16).toString("hex");
const server = spawn(ticketd, ["--data", dataDir, "--listen", "127.0.0.1:0", "--console", consoleDir], {
  env: { ...process.env, TICKETD_ADMIN_TOKEN: token },
  stdio: ["ignore", "pipe", "ignore"],
});
const base = await new Promise((ok, fail) => {
  let out = "";
  server.stdout.setEncoding("utf8");
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) ok(m[1]);
  });
  server.on("exit", (code) => fail(new Error(`ticketd exited ${code}`)));
  setTimeout(() => fail(new Error("ticketd did not start in 120 s")), 120_000);
});

// The views are built from the log at start, and the SLA engine then acts
// on what the demo left overdue (warnings, breaches, auto-close): wait until
// the log has not moved for 3 s and every view has caught up with it.
const headers = { authorization: `Bearer ${token}` };
console.error(`ticketd on ${base}; waiting for the views and the SLA engine to settle`);
for (let last = -1, still = 0; still < 6; ) {
  const health = await (await fetch(`${base}/healthz`)).json();
  const caughtUp = Object.values(health.projections).every((p) => p >= health.log_position);
  still = caughtUp && health.log_position === last ? still + 1 : 0;
  last = health.log_position;
  await new Promise((r) => setTimeout(r, 500));
}

// The floor: the queue's own list requests, straight from Node.
async function direct(query) {
  const times = [];
  let count = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const body = await (await fetch(`${base}/admin/v1/tickets?${query}`, { headers })).json();
    times.push(performance.now() - t0);
    count = body.items.length;
  }
  return { ms: median(times), count };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
// The queue's list requests, each with the step it belongs to.
const listRequests = [];
let step = "";
page.on("request", (r) => {
  const url = new URL(r.url());
  if (url.pathname === "/admin/v1/tickets") listRequests.push({ step, params: url.searchParams });
});
// Bytes of script and stylesheet as sent (gzip), on the first load.
let scriptBytes = 0;
page.on("requestfinished", async (r) => {
  if (/\/assets\/.*\.(js|css)$/.test(new URL(r.url()).pathname)) {
    scriptBytes += (await r.sizes()).responseBodySize;
  }
});

await page.goto("/sign-in");
await page.locator("summary", { hasText: "Use an API token" }).click();
await page.getByLabel("API token", { exact: true }).fill(token);
await page.getByRole("button", { name: "Sign in with token" }).click();
await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

const rows = page.locator("table.queue-table tbody tr");

// Until the table shows `n` rows (or any row for n = 0 after a change).
async function timeUntilRows(action, n) {
  const t0 = performance.now();
  await action();
  await page.waitForFunction(
    (want) => document.querySelectorAll("table.queue-table tbody tr").length >= want,
    n,
    { timeout: 60_000 },
  );
  return performance.now() - t0;
}

const results = [];
function record(what, times, floor) {
  console.error(`  ${what}: done`);
  const made = listRequests.filter((r) => r.step === what).map((r) => r.params);
  const limits = [...new Set(made.map((p) => p.get("limit") ?? "default (50)"))].join(", ");
  results.push({ what, ms: median(times), requests: made.length / times.length, limits, floor });
}

// First load of the queue (a full page load each round).
{
  const times = [];
  step = "open /queue (page load)";
  for (let i = 0; i < rounds; i++) {
    times.push(await timeUntilRows(() => page.goto("/queue?sort=-created"), 1));
    await rows.first().waitFor();
  }
  record(step, times, await direct("sort=-created"));
}

// Timed inside the page, from the user's action to the frame that shows its
// result (timing Playwright's clicks would add its own selector work over a
// table of a thousand rows).
const inPage = {
  // Clicks "Load more"; resolves when the table has more rows.
  loadMore: () =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const count = () => document.querySelectorAll("table.queue-table tbody tr").length;
          const before = count();
          const button = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Load more");
          const t0 = performance.now();
          button.click();
          const poll = () => (count() > before ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
          requestAnimationFrame(poll);
        }),
    ),
  // Shows /queue?query as the router does on Back/Forward (a saved filter
  // opened in the running console); resolves when, after the screen started
  // over ("Loading the queue…"), the first rows or "No tickets match" show.
  // A MutationObserver sees the loading line however briefly it is there.
  filter: (query) =>
    page.evaluate(
      (q) =>
        new Promise((resolve) => {
          const loading = () => document.querySelector("main .loading") !== null;
          const shown = () =>
            document.querySelector("table.queue-table tbody tr") !== null ||
            document.body.textContent.includes("No tickets match these filters.");
          let started = false;
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            started ||= loading();
            if (started && !loading() && shown()) {
              observer.disconnect();
              resolve(performance.now() - t0);
            }
          });
          observer.observe(document.querySelector("main"), { childList: true, subtree: true, characterData: true });
          history.pushState(null, "", `/queue?${q}`);
          dispatchEvent(new PopStateEvent("popstate"));
        }),
      query,
    ),
};

// "Load more", 20 times: each a page of 50.
{
  const times = [];
  step = "Load more (x20)";
  for (let i = 0; i < 20; i++) times.push(await inPage.loadMore());
  record(step, times, await direct("sort=-created&limit=50"));
}
const rowsShown = await rows.count();
const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);

// Filters, each a new URL the screen reads (as a saved filter would be),
// from the closed tickets each time.
for (const [label, query] of [
  ["filter status=open", "status=open"],
  ["filter priority=urgent&status=open", "priority=urgent&status=open"],
  ["filter tenant + category", "tenant=globex&category=billing"],
  ["filter breached=true", "breached=true"],
  ["search q=invoice", "q=invoice"],
]) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    step = "";
    await inPage.filter("status=closed");
    step = label;
    times.push(await inPage.filter(query));
  }
  record(label, times, await direct(query));
}

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
if (ownData) rmSync(dataDir, { recursive: true, force: true });

console.log(`\nqueue of ${tickets} tickets; medians of ${rounds} rounds; "API" is the same list request sent by Node`);
console.log(`first load: ${(scriptBytes / 1024).toFixed(1)} KB of script and stylesheet over the wire`);
console.log(`after 20 x Load more: ${rowsShown} rows in the table, JS heap ${(heap / 1048576).toFixed(1)} MiB`);
console.log(
  "step".padEnd(38) + "console".padStart(10) + "API".padStart(10) + "ratio".padStart(8) + "  list requests/step (limit)",
);
for (const r of results) {
  console.log(
    r.what.padEnd(38) +
      ms(r.ms).padStart(10) +
      ms(r.floor.ms).padStart(10) +
      (r.ms / r.floor.ms).toFixed(1).padStart(8) +
      `  ${r.requests.toFixed(1)} (${r.limits})`,
  );
}
