// The SLA screens' pure logic (src/sla.ts): durations <-> seconds, "HH:MM"
// <-> minutes, a day's intervals checked, the week Monday first, holidays,
// time zones, and where a 422's field belongs on the form.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ALL_DAY,
  MAX_DURATION_S,
  WEEKDAYS,
  addHoliday,
  aroundTheClockWeek,
  checkDay,
  durationWords,
  formatClock,
  holidayWords,
  intervalInput,
  isAroundTheClock,
  isIsoDate,
  nextInterval,
  parseCap,
  parseClock,
  parseDuration,
  slaField,
  slaFieldName,
  splitSeconds,
  timeZoneChoices,
  weekWords,
  type SlaField,
} from "../src/sla.js";

test("seconds show as the largest unit that holds them whole", () => {
  assert.deepEqual(splitSeconds(7200), { amount: "2", unit: "hours" });
  assert.deepEqual(splitSeconds(86_400), { amount: "1", unit: "days" });
  assert.deepEqual(splitSeconds(604_800), { amount: "7", unit: "days" });
  assert.deepEqual(splitSeconds(5400), { amount: "90", unit: "minutes" });
  assert.deepEqual(splitSeconds(90), { amount: "1.5", unit: "minutes" }, "no whole minute: a decimal");
  assert.deepEqual(splitSeconds(0), { amount: "0", unit: "hours" });
  assert.deepEqual(splitSeconds(0, "days"), { amount: "0", unit: "days" });
});

test("a number and a unit become seconds", () => {
  assert.deepEqual(parseDuration({ amount: "8", unit: "hours" }), { ok: true, value: 28_800 });
  assert.deepEqual(parseDuration({ amount: "1.5", unit: "hours" }), { ok: true, value: 5400 });
  assert.deepEqual(parseDuration({ amount: "1,5", unit: "hours" }), { ok: true, value: 5400 }, "decimal comma");
  assert.deepEqual(parseDuration({ amount: " 3 ", unit: "days" }), { ok: true, value: 259_200 });
  assert.deepEqual(parseDuration({ amount: "45", unit: "minutes" }), { ok: true, value: 2700 });
  for (const amount of ["", "abc", "-1", "1e3", "2h", "1.2.3"]) {
    assert.equal(parseDuration({ amount, unit: "hours" }).ok, false, `"${amount}" is refused`);
  }
  assert.equal(parseDuration({ amount: "0", unit: "hours" }).ok, false, "a target must be positive");
  assert.deepEqual(parseDuration({ amount: "0", unit: "days" }, { allowZero: true }), { ok: true, value: 0 });
  assert.equal(parseDuration({ amount: String(10 * 365 + 1), unit: "days" }).ok, false, "over 10 years");
  assert.deepEqual(parseDuration({ amount: String(10 * 365), unit: "days" }), { ok: true, value: MAX_DURATION_S });
});

test("round trip: what the form shows is sent back unchanged", () => {
  for (const seconds of [60, 2700, 3600, 7200, 14_400, 86_400, 259_200, 604_800, 90]) {
    const shown = splitSeconds(seconds);
    assert.deepEqual(parseDuration(shown), { ok: true, value: seconds }, `${seconds} s`);
  }
});

test("durations in words for lists", () => {
  assert.equal(durationWords(7200), "2 h");
  assert.equal(durationWords(2700), "45 min");
  assert.equal(durationWords(259_200), "3 d");
});

test('"HH:MM" and minutes of the day', () => {
  assert.equal(formatClock(0), "00:00");
  assert.equal(formatClock(540), "09:00");
  assert.equal(formatClock(1020), "17:00");
  assert.equal(formatClock(605), "10:05");
  assert.equal(formatClock(1440), "24:00", "the end of the day");
  assert.equal(parseClock("09:00"), 540);
  assert.equal(parseClock("9:30"), 570);
  assert.equal(parseClock("9"), 540);
  assert.equal(parseClock("0930"), 570);
  assert.equal(parseClock("17.45"), 1065);
  assert.equal(parseClock(" 24:00 "), 1440);
  for (const bad of ["", "24:01", "25:00", "12:60", "noon", "9:5", "-1:00", "12:00:00"]) {
    assert.equal(parseClock(bad), null, `"${bad}"`);
  }
  for (let m = 0; m <= 1440; m += 15) assert.equal(parseClock(formatClock(m)), m);
});

test("a day's intervals: times, end after start, no overlap", () => {
  assert.deepEqual(checkDay([]), { ok: true, value: [] });
  assert.deepEqual(checkDay([{ start: "09:00", end: "17:00" }]), {
    ok: true,
    value: [{ start_minute: 540, end_minute: 1020 }],
  });
  assert.deepEqual(checkDay([ALL_DAY]), { ok: true, value: [{ start_minute: 0, end_minute: 1440 }] });
  // Touching intervals are fine (ticketd joins them); the typed order is kept.
  assert.deepEqual(
    checkDay([
      { start: "13:00", end: "17:00" },
      { start: "09:00", end: "13:00" },
    ]),
    {
      ok: true,
      value: [
        { start_minute: 780, end_minute: 1020 },
        { start_minute: 540, end_minute: 780 },
      ],
    },
  );
  const backwards = checkDay([{ start: "17:00", end: "09:00" }]);
  assert.deepEqual(backwards, { ok: false, errors: { 0: "Closing time must be after opening time" } });
  const empty = checkDay([{ start: "09:00", end: "09:00" }]);
  assert.equal(empty.ok, false);
  const bad = checkDay([{ start: "9am", end: "17:00" }]);
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.errors[0]! : "", /24-hour clock/);
  const midnight = checkDay([{ start: "24:00", end: "24:00" }]);
  assert.equal(midnight.ok, false);
  const overlap = checkDay([
    { start: "09:00", end: "12:00" },
    { start: "11:00", end: "14:00" },
    { start: "15:00", end: "16:00" },
  ]);
  assert.deepEqual(overlap, { ok: false, errors: { 1: "Overlaps 09:00–12:00" } });
  const inside = checkDay([
    { start: "08:00", end: "18:00" },
    { start: "10:00", end: "11:00" },
  ]);
  assert.deepEqual(inside, { ok: false, errors: { 1: "Overlaps 08:00–18:00" } });
});

test("the week is Monday first, as the API's weekly array", () => {
  assert.equal(WEEKDAYS.length, 7);
  assert.equal(WEEKDAYS[0], "Monday");
  assert.equal(WEEKDAYS[6], "Sunday");
});

test("around the clock: no interval at all, or 00:00-24:00 every day", () => {
  const empty = aroundTheClockWeek(false);
  assert.deepEqual(empty, [[], [], [], [], [], [], []]);
  assert.ok(isAroundTheClock(empty));
  const withHolidays = aroundTheClockWeek(true);
  assert.equal(withHolidays.length, 7);
  assert.ok(withHolidays.every((d) => d.length === 1 && d[0]!.start_minute === 0 && d[0]!.end_minute === 1440));
  assert.ok(isAroundTheClock(withHolidays));
  const officeHours = WEEKDAYS.map((_, i) => (i < 5 ? [{ start_minute: 540, end_minute: 1020 }] : []));
  assert.ok(!isAroundTheClock(officeHours));
  assert.equal(weekWords(officeHours), "Mon–Fri 09:00–17:00");
  assert.equal(weekWords(empty), "Around the clock");
  const everyDay = WEEKDAYS.map(() => [{ start_minute: 540, end_minute: 1020 }]);
  assert.equal(weekWords(everyDay), "Every day 09:00–17:00");
  const mixed = WEEKDAYS.map((_, i) =>
    i === 0 ? [{ start_minute: 540, end_minute: 720 }] : i === 1 ? [{ start_minute: 600, end_minute: 720 }] : [],
  );
  assert.equal(weekWords(mixed), "2 days a week");
});

test("the interval Add hours offers", () => {
  assert.deepEqual(nextInterval([]), { start: "09:00", end: "17:00" });
  assert.deepEqual(nextInterval([{ start: "09:00", end: "12:00" }]), { start: "13:00", end: "14:00" });
  assert.deepEqual(nextInterval([{ start: "20:00", end: "24:00" }]), { start: "23:00", end: "24:00" });
  assert.deepEqual(intervalInput({ start_minute: 0, end_minute: 1440 }), ALL_DAY);
});

test("holidays: real dates, kept sorted, no duplicate", () => {
  assert.ok(isIsoDate("2026-12-25"));
  assert.ok(isIsoDate("2028-02-29"));
  assert.ok(!isIsoDate("2026-02-29"));
  assert.ok(!isIsoDate("2026-13-01"));
  assert.ok(!isIsoDate("25.12.2026"));
  assert.deepEqual(addHoliday(["2026-12-25"], "2026-01-01"), { ok: true, value: ["2026-01-01", "2026-12-25"] });
  assert.deepEqual(addHoliday(["2026-12-25"], "2026-12-25"), { ok: false, message: "That date is already a holiday" });
  assert.equal(addHoliday([], "").ok, false);
  assert.equal(addHoliday([], "2026-02-30").ok, false);
  // The date itself, whatever the viewer's zone.
  // (ICU versions differ on the comma after the weekday.)
  assert.match(holidayWords("2026-12-25", "en-GB"), /^Friday,? 25 December 2026$/);
  assert.match(holidayWords("2026-01-01", "en-US"), /^Thursday, January 1, 2026$/);
});

test("time zones: the browser's list, with UTC and the current one", () => {
  const zones = timeZoneChoices(["Europe/Berlin", "Asia/Tokyo", "America/New_York"], "Etc/GMT+5");
  assert.equal(zones[0], "UTC");
  assert.ok(zones.includes("Etc/GMT+5"), "the current zone is offered even when the browser does not list it");
  assert.deepEqual(zones.slice(1), ["America/New_York", "Asia/Tokyo", "Etc/GMT+5", "Europe/Berlin"]);
  assert.deepEqual(timeZoneChoices(["UTC", "Asia/Tokyo"], "UTC"), ["UTC", "Asia/Tokyo"]);
});

test("a 422's field names a place on the form, and back", () => {
  const cases: [string, SlaField][] = [
    ["policies.urgent.first_response_s", { kind: "target", priority: "urgent", target: "first_response" }],
    ["policies.low.resolution_s", { kind: "target", priority: "low", target: "resolution" }],
    ["business_hours.time_zone", { kind: "timeZone" }],
    ["business_hours.weekly", { kind: "week" }],
    ["business_hours.weekly[2]", { kind: "day", day: 2 }],
    ["business_hours.weekly[2][0]", { kind: "interval", day: 2, index: 0 }],
    ["business_hours.holidays", { kind: "holidays" }],
    ["business_hours.holidays[1]", { kind: "holiday", index: 1 }],
  ];
  for (const [field, place] of cases) {
    assert.deepEqual(slaField(field), place, field);
    assert.equal(slaFieldName(place), field);
  }
  assert.deepEqual(slaField("business_hours.weekly[2][0].start_minute"), { kind: "interval", day: 2, index: 0 });
  assert.deepEqual(slaField("policies"), { kind: "other" });
});

test("an agent's open-ticket cap: empty is no cap", () => {
  assert.deepEqual(parseCap(""), { ok: true, value: null });
  assert.deepEqual(parseCap("  "), { ok: true, value: null });
  assert.deepEqual(parseCap("12"), { ok: true, value: 12 });
  for (const bad of ["0", "-1", "1.5", "ten", "1000001"]) assert.equal(parseCap(bad).ok, false, bad);
});
