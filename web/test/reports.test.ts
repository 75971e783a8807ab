// The reports page's logic (src/reports.ts): the range in the URL, presets,
// the days the API leaves out, durations and shares as words, and CSV that
// a spreadsheet opens safely.

import assert from "node:assert/strict";
import { test } from "node:test";

import type { Metrics } from "../src/api/types.js";
import {
  addDays,
  agentsCsv,
  apiRange,
  backlogTotal,
  csvField,
  csvFileName,
  dailyCsv,
  dailySeries,
  dailySummary,
  daysBetween,
  formatAverage,
  formatSeconds,
  formatShare,
  isDay,
  openedCsv,
  overallCompliance,
  presetOf,
  presetRange,
  reportQueryFromSearch,
  reportQueryToSearch,
  resolveRange,
  slaCsv,
  slaRows,
  slaSummary,
  tenantCounts,
  tenantsCsv,
  timesCsv,
  timesSummary,
  toCsv,
  totals,
} from "../src/reports.js";

// 22 Nov 2026, 23:30 UTC: late in the UTC day.
const NOW = Date.parse("2026-11-22T23:30:00.000Z");

const METRICS: Metrics = {
  tickets: {
    by_status: { open: 3, in_progress: 1, waiting_on_customer: 0, on_hold: 2, resolved: 4, closed: 1 },
    by_priority: { low: 2, medium: 6, high: 2, urgent: 1 },
    by_category: { general: 11 },
    by_tenant: { acme: 7, globex: 4 },
  },
  daily: [
    { date: "2026-11-20", created: 5, resolved: 1 },
    { date: "2026-11-22", created: 6, resolved: 4 },
  ],
  first_response_s: { count: 8, p50: 8_100, p90: 30_600, p99: 40_000 },
  resolution_s: { count: 5, p50: 93_600, p90: 200_000, p99: 210_000 },
  sla: {
    urgent: { met: 1, breached: 1, compliance: 0.5 },
    high: { met: 3, breached: 0, compliance: 1 },
    medium: { met: 0, breached: 0, compliance: null },
    low: { met: 2, breached: 1, compliance: 2 / 3 },
  },
  satisfaction: { count: 3, average: 4.333333 },
};

test("days are real calendar days written YYYY-MM-DD", () => {
  assert.ok(isDay("2026-11-01"));
  assert.ok(isDay("2028-02-29"));
  for (const bad of ["2026-02-29", "2026-13-01", "2026-11-1", "26-11-01", "2026-11-01T00:00:00Z", "", "today"]) {
    assert.equal(isDay(bad), false, bad);
  }
  assert.equal(addDays("2026-11-30", 1), "2026-12-01");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  assert.equal(daysBetween("2026-11-01", "2026-11-30"), 30);
  assert.equal(daysBetween("2026-11-01", "2026-11-01"), 1);
  assert.equal(daysBetween("2026-11-02", "2026-11-01"), 0);
});

test("presets are the last N UTC days, today included", () => {
  assert.deepEqual(presetRange(7, NOW), { from: "2026-11-16", to: "2026-11-22" });
  assert.deepEqual(presetRange(30, NOW), { from: "2026-10-24", to: "2026-11-22" });
  assert.deepEqual(presetRange(90, NOW), { from: "2026-08-25", to: "2026-11-22" });
  assert.equal(presetOf({ from: "2026-11-16", to: "2026-11-22" }, NOW), 7);
  assert.equal(presetOf({ from: "2026-11-16", to: "2026-11-21" }, NOW), null);
});

test("the URL names the tenant and the range; bad values are dropped", () => {
  assert.deepEqual(reportQueryFromSearch("?tenant=acme&from=2026-11-01&to=2026-11-30"), {
    tenant: "acme",
    from: "2026-11-01",
    to: "2026-11-30",
  });
  assert.deepEqual(reportQueryFromSearch(""), {});
  assert.deepEqual(reportQueryFromSearch("?tenant=%20&from=yesterday&to=2026-02-30"), {});
  // Backwards: turned round.
  assert.deepEqual(reportQueryFromSearch("from=2026-12-01&to=2026-11-01"), { from: "2026-11-01", to: "2026-12-01" });
});

test("a report makes one URL, and back", () => {
  assert.equal(reportQueryToSearch({}), "");
  assert.equal(
    reportQueryToSearch({ to: "2026-11-30", tenant: "acme", from: "2026-11-01" }),
    "?tenant=acme&from=2026-11-01&to=2026-11-30",
  );
  assert.equal(reportQueryToSearch({ tenant: "a&b" }), "?tenant=a%26b");
  for (const search of ["?tenant=acme&from=2026-11-01&to=2026-11-30", "?from=2026-01-01", "?tenant=a%26b", ""]) {
    assert.equal(reportQueryToSearch(reportQueryFromSearch(search)), search);
  }
});

test("what the URL leaves out is the default: the last 30 days", () => {
  assert.deepEqual(resolveRange({}, NOW), { tenant: null, from: "2026-10-24", to: "2026-11-22" });
  assert.deepEqual(resolveRange({ tenant: "acme", from: "2026-11-01", to: "2026-11-05" }, NOW), {
    tenant: "acme",
    from: "2026-11-01",
    to: "2026-11-05",
  });
  assert.deepEqual(resolveRange({ from: "2026-11-01" }, NOW), { tenant: null, from: "2026-11-01", to: "2026-11-22" });
  assert.deepEqual(resolveRange({ from: "2027-01-01" }, NOW), { tenant: null, from: "2027-01-01", to: "2027-01-30" });
  assert.deepEqual(resolveRange({ to: "2026-11-30" }, NOW), { tenant: null, from: "2026-11-01", to: "2026-11-30" });
});

test("the API's `to` is exclusive: the day after the last one", () => {
  assert.deepEqual(apiRange({ from: "2026-11-01", to: "2026-11-30" }), { from: "2026-11-01", to: "2026-12-01" });
});

test("every day of the range is listed, the empty ones as zeros", () => {
  const days = dailySeries(
    [...METRICS.daily, { date: "2026-10-01", created: 9, resolved: 9 }], // outside: ignored
    "2026-11-19",
    "2026-11-22",
  );
  assert.deepEqual(days, [
    { date: "2026-11-19", created: 0, resolved: 0 },
    { date: "2026-11-20", created: 5, resolved: 1 },
    { date: "2026-11-21", created: 0, resolved: 0 },
    { date: "2026-11-22", created: 6, resolved: 4 },
  ]);
  assert.deepEqual(totals(days), { created: 11, resolved: 5 });
});

test("durations, shares and averages as words", () => {
  assert.equal(formatSeconds(8_100), "2 h 15 min");
  assert.equal(formatSeconds(93_600), "1 d 2 h");
  assert.equal(formatSeconds(20), "less than 1 min");
  assert.equal(formatSeconds(null), "no data");
  assert.equal(formatShare(0.925), "92.5%");
  assert.equal(formatShare(2 / 3), "66.7%");
  assert.equal(formatShare(1), "100%");
  assert.equal(formatShare(null), "no data");
  assert.equal(formatAverage(4.333333), "4.3");
  assert.equal(formatAverage(5), "5.0");
  assert.equal(formatAverage(null), "no data");
});

test("SLA rows: most urgent first, every priority, and the overall share", () => {
  const rows = slaRows(METRICS.sla);
  assert.deepEqual(
    rows.map((r) => r.priority),
    ["urgent", "high", "medium", "low"],
  );
  assert.equal(overallCompliance(rows), 6 / 8);
  assert.equal(overallCompliance(slaRows({})), null);
  assert.deepEqual(slaRows({})[0], { priority: "urgent", met: 0, breached: 0, compliance: null });
});

test("the backlog is every status but resolved and closed", () => {
  assert.equal(backlogTotal(METRICS.tickets.by_status), 6);
  assert.equal(backlogTotal({}), 0);
});

test("CSV fields are quoted as RFC 4180 says", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField("cr\rhere"), '"cr\rhere"');
  assert.equal(csvField(""), "");
  assert.equal(csvField(null), "");
  assert.equal(csvField(undefined), "");
  assert.equal(csvField(42), "42");
  assert.equal(csvField(0.5), "0.5");
  assert.equal(csvField(Number.NaN), "");
  assert.equal(toCsv([["a", "b"], [1, null]]), "a,b\r\n1,\r\n");
  assert.equal(toCsv([]), "");
});

test("CSV text that a spreadsheet would run as a formula is made text", () => {
  assert.equal(csvField("=1+1"), "'=1+1");
  assert.equal(csvField("+49 30 123"), "'+49 30 123");
  assert.equal(csvField("-2"), "'-2");
  assert.equal(csvField("@SUM(A1:A2)"), "'@SUM(A1:A2)");
  assert.equal(csvField("\t=cmd"), "'\t=cmd");
  // Quoted as well when it needs to be.
  assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvField("=a,b"), `"'=a,b"`);
  // Only at the start, and numbers are numbers.
  assert.equal(csvField("a=b"), "a=b");
  assert.equal(csvField(-2), "-2");
});

test("the tables as CSV: raw figures under a header row", () => {
  const days = dailySeries(METRICS.daily, "2026-11-21", "2026-11-22");
  assert.equal(dailyCsv(days), "date,created,resolved\r\n2026-11-21,0,0\r\n2026-11-22,6,4\r\n");
  assert.equal(
    timesCsv(METRICS),
    "measure,count,median_s,p90_s,p99_s\r\nfirst response,8,8100,30600,40000\r\nresolution,5,93600,200000,210000\r\n",
  );
  assert.equal(
    slaCsv(slaRows(METRICS.sla)),
    "priority,met,breached,compliance_percent\r\nurgent,1,1,50\r\nhigh,3,0,100\r\nmedium,0,0,\r\nlow,2,1,66.7\r\n",
  );
  assert.match(openedCsv(METRICS), /^by,value,tickets\r\nstatus,open,3\r\n/);
  assert.match(openedCsv(METRICS), /\r\npriority,urgent,1\r\npriority,high,2\r\n/);
  assert.equal(
    agentsCsv([{ agent: "=evil", open_assigned: 2, resolved: 1, median_handle_s: null }]),
    "agent,open_assigned,resolved,median_handle_s\r\n'=evil,2,1,\r\n",
  );
});

test("tickets by tenant: most first, names from the tenant list, CSV safe", () => {
  const rows = tenantCounts({ globex: 4, acme: 7, "-x": 4 }, new Map([["acme", "Acme, Inc."]]));
  assert.deepEqual(rows, [
    { slug: "acme", name: "Acme, Inc.", count: 7 },
    { slug: "-x", name: "-x", count: 4 },
    { slug: "globex", name: "globex", count: 4 },
  ]);
  assert.equal(tenantsCsv(rows), 'tenant,name,tickets\r\nacme,"Acme, Inc.",7\r\n\'-x,\'-x,4\r\nglobex,globex,4\r\n');
});

test("a CSV file is named after the table, the tenant and the range", () => {
  const range = { tenant: "acme", from: "2026-11-01", to: "2026-11-30" };
  assert.equal(csvFileName("daily", range), "ticketd-daily-acme-2026-11-01-to-2026-11-30.csv");
  assert.equal(csvFileName("sla", { ...range, tenant: null }), "ticketd-sla-all-tenants-2026-11-01-to-2026-11-30.csv");
  assert.equal(
    csvFileName("daily", { ...range, tenant: "../x y" }),
    "ticketd-daily-.._x_y-2026-11-01-to-2026-11-30.csv",
  );
});

test("charts are summed up in sentences for screen readers", () => {
  const days = dailySeries(METRICS.daily, "2026-11-19", "2026-11-22");
  assert.equal(
    dailySummary(days, "en-GB"),
    "Chart of tickets created and resolved per day, 19 Nov 2026 to 22 Nov 2026: 11 tickets created, 5 resolved. " +
      "Most created on Sun, 22 Nov 2026: 6.",
  );
  assert.equal(
    timesSummary(METRICS),
    "Chart of response times. First response: median 2 h 15 min, 90th percentile 8 h 30 min (8 tickets); " +
      "Resolution: median 1 d 2 h, 90th percentile 2 d 8 h (5 tickets).",
  );
  assert.match(slaSummary(slaRows(METRICS.sla)), /Urgent: 1 met, 1 breached, 50%; .*Medium: no targets decided/);
});
