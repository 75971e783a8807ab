// The words and countdowns the screens show (src/format.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import type { TicketSummary } from "../src/api/types.js";
import { dateTimeFormat, formatDateTime, formatDuration, slaCountdown, statusWord, WARNING_MS } from "../src/format.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.parse("2026-11-22T10:00:00.000Z");

function at(offsetMs: number): string {
  return new Date(NOW + offsetMs).toISOString();
}

type SlaFields = Pick<TicketSummary, "status" | "sla" | "first_response_at">;

function ticket(overrides: Partial<SlaFields["sla"]> = {}, rest: Partial<SlaFields> = {}): SlaFields {
  return {
    status: "open",
    first_response_at: null,
    sla: {
      first_response_due: at(3 * HOUR),
      resolution_due: at(48 * HOUR),
      first_response_breached: false,
      resolution_breached: false,
      paused: false,
      ...overrides,
    },
    ...rest,
  };
}

test("durations read as a person says them, to the minute", () => {
  assert.equal(formatDuration(20 * 1000), "less than 1 min");
  assert.equal(formatDuration(45 * MIN), "45 min");
  assert.equal(formatDuration(59 * MIN + 40_000), "1 h", "rounded to the minute");
  assert.equal(formatDuration(3 * HOUR), "3 h");
  assert.equal(formatDuration(2 * HOUR + 10 * MIN), "2 h 10 min");
  assert.equal(formatDuration(26 * HOUR + 20 * MIN), "1 d 2 h", "days drop the minutes");
  assert.equal(formatDuration(48 * HOUR), "2 d");
  assert.equal(formatDuration(-20 * MIN), "20 min", "the sign is the caller's");
});

test("the first response is the target until there is one", () => {
  const sla = slaCountdown(ticket(), NOW);
  assert.deepEqual(sla, { level: "due", text: "due in 3 h", target: "first_response", due: at(3 * HOUR) });
});

test("after the first response, the resolution", () => {
  const sla = slaCountdown(ticket({}, { first_response_at: at(-HOUR) }), NOW);
  assert.equal(sla.target, "resolution");
  assert.equal(sla.text, "due in 2 d");
  assert.equal(sla.level, "due");
});

test("less than an hour left is a warning", () => {
  const sla = slaCountdown(ticket({ first_response_due: at(WARNING_MS - 15 * MIN) }), NOW);
  assert.equal(sla.level, "warning");
  assert.equal(sla.text, "due in 45 min");
  assert.equal(slaCountdown(ticket({ first_response_due: at(WARNING_MS) }), NOW).level, "due");
});

test("a passed target is breached, and says since when", () => {
  const sla = slaCountdown(ticket({ first_response_due: at(-20 * MIN), first_response_breached: true }), NOW);
  assert.equal(sla.level, "breached");
  assert.equal(sla.text, "breached 20 min ago");
  // The clock passed the target before ticketd's SLA engine flagged it.
  const unflagged = slaCountdown(ticket({ first_response_due: at(-2 * HOUR) }), NOW);
  assert.equal(unflagged.text, "breached 2 h ago");
  assert.equal(slaCountdown(ticket({ first_response_due: at(-10_000) }), NOW).text, "breached just now");
  // Flagged although the due time is ahead (a clock skew): breached, no time.
  assert.equal(slaCountdown(ticket({ first_response_breached: true }), NOW).text, "breached");
});

test("paused, finished and target-less tickets", () => {
  assert.equal(slaCountdown(ticket({ paused: true }), NOW).text, "paused");
  assert.equal(slaCountdown(ticket({}, { status: "resolved" }), NOW).level, "met");
  assert.equal(slaCountdown(ticket({ resolution_breached: true }, { status: "closed" }), NOW).text, "missed");
  const none = slaCountdown(ticket({ first_response_due: null, resolution_due: null }), NOW);
  assert.deepEqual(none, { level: "none", text: "no target", target: null, due: null });
});

test("statuses in words, waiting on the customer as the customer reads it", () => {
  assert.equal(statusWord("waiting_on_customer", "customer"), "Waiting on you");
  assert.equal(statusWord("waiting_on_customer", "staff"), "Waiting on customer");
  assert.equal(statusWord("in_progress", "customer"), "In progress");
  assert.equal(statusWord("closed", "staff"), "Closed");
});

test("times in the viewer's zone", () => {
  const iso = "2026-11-22T10:05:00.000Z";
  assert.equal(formatDateTime(iso, { locale: "en-GB", timeZone: "Europe/Berlin" }), "22 Nov 2026, 11:05");
  assert.equal(formatDateTime(iso, { locale: "en-GB", timeZone: "UTC" }), "22 Nov 2026, 10:05");
  assert.equal(formatDateTime("not a time"), "not a time");
});

test("date formats are made once per locale and options, and format as a new one would", () => {
  const options = { dateStyle: "medium", timeZone: "UTC" } as const;
  assert.equal(dateTimeFormat("en-GB", options), dateTimeFormat("en-GB", { ...options }));
  assert.notEqual(dateTimeFormat("en-GB", options), dateTimeFormat("de-DE", options));
  assert.notEqual(dateTimeFormat("en-GB", options), dateTimeFormat("en-GB", { ...options, timeZone: "Asia/Tokyo" }));
  const when = new Date("2026-12-04T10:00:00Z");
  assert.equal(dateTimeFormat("en-GB", options).format(when), new Intl.DateTimeFormat("en-GB", options).format(when));
});
