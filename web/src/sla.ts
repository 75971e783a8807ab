// The pure logic of the tenant SLA screens: durations as a number and a unit
// (sent as seconds), clock times as "HH:MM" (sent as minutes of the day),
// the checks of a day's opening hours, the week in the API's order (Monday
// first) and the holidays. No DOM, no clock: test/sla.test.ts pins it.

import type { Priority } from "./api/types.js";

// ---------------------------------------------------------------- durations

export type DurationUnit = "minutes" | "hours" | "days";

export const DURATION_UNITS: readonly DurationUnit[] = ["minutes", "hours", "days"];

const UNIT_SECONDS: Record<DurationUnit, number> = { minutes: 60, hours: 3600, days: 86_400 };

/** The API's own bound on a target or an auto-close delay: 10 years. */
export const MAX_DURATION_S = 10 * 365 * 86_400;

export function unitSeconds(unit: DurationUnit): number {
  return UNIT_SECONDS[unit];
}

/** A duration as the form shows it: the amount as typed, and its unit. */
export interface DurationInput {
  amount: string;
  unit: DurationUnit;
}

/**
 * Seconds as the largest unit that holds them whole: 7200 -> 2 hours,
 * 86400 -> 1 days, 5400 -> 90 minutes, 0 -> 0 of `zeroUnit`. Seconds that are
 * no whole number of minutes show as a decimal of minutes (90 s -> 1.5).
 */
export function splitSeconds(seconds: number, zeroUnit: DurationUnit = "hours"): DurationInput {
  if (seconds === 0) return { amount: "0", unit: zeroUnit };
  for (const unit of ["days", "hours", "minutes"] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return { amount: String(seconds / UNIT_SECONDS[unit]), unit };
  }
  return { amount: String(Math.round((seconds / 60) * 1000) / 1000), unit: "minutes" };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The seconds a typed amount of `unit` stands for ("1.5" hours -> 5400;
 * a decimal comma is read as a point). Zero only with `allowZero` (an
 * auto-close delay; an SLA target must be positive).
 */
export function parseDuration(input: DurationInput, { allowZero = false } = {}): Parsed<number> {
  const text = input.amount.trim().replace(",", ".");
  if (text === "") return { ok: false, message: "Enter a number" };
  if (!/^\d+(\.\d+)?$/.test(text) && !/^\.\d+$/.test(text)) {
    return { ok: false, message: "Enter a number, like 4 or 1.5" };
  }
  const seconds = Math.round(Number(text) * UNIT_SECONDS[input.unit]);
  if (seconds === 0 && !allowZero) return { ok: false, message: "Enter more than 0" };
  if (seconds > MAX_DURATION_S) return { ok: false, message: "Enter at most 10 years" };
  return { ok: true, value: seconds };
}

/** A duration in words, for lists: "2 h", "90 min", "3 d". */
export function durationWords(seconds: number): string {
  const { amount, unit } = splitSeconds(seconds, "minutes");
  const short = { minutes: "min", hours: "h", days: "d" }[unit];
  return `${amount} ${short}`;
}

// ---------------------------------------------------------------- the clock

export const MINUTES_PER_DAY = 1440;

/** Minutes of the day as "HH:MM"; 1440 (the next midnight) is "24:00". */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/**
 * A time of day typed on a 24-hour clock, in minutes: "09:00", "9:30",
 * "9", "0930", "17.45"; "24:00" is the end of the day (1440). Null when it
 * is no such time.
 */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

// ------------------------------------------------------------------ the week

/** The API's `weekly` array is Monday first (BusinessHours in the OpenAPI document). */
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Monday to Friday: the indexes of `weekly` a "weekdays" shortcut fills. */
export const WORKING_DAYS: readonly number[] = [0, 1, 2, 3, 4];

export interface ApiInterval {
  start_minute: number;
  end_minute: number;
}

/** One interval as the form holds it: the times as typed. */
export interface IntervalInput {
  start: string;
  end: string;
}

export function intervalInput(interval: ApiInterval): IntervalInput {
  return { start: formatClock(interval.start_minute), end: formatClock(interval.end_minute) };
}

/** The whole day: 00:00-24:00. */
export const ALL_DAY: IntervalInput = { start: "00:00", end: "24:00" };

/** What "Add hours" offers: 09:00-17:00 on a closed day, else the hour after the last interval. */
export function nextInterval(day: readonly IntervalInput[]): IntervalInput {
  if (day.length === 0) return { start: "09:00", end: "17:00" };
  const ends = day.map((i) => parseClock(i.end)).filter((m): m is number => m !== null);
  const after = ends.length > 0 ? Math.max(...ends) : 17 * 60;
  const start = Math.min(after + 60, MINUTES_PER_DAY - 60);
  return { start: formatClock(start), end: formatClock(Math.min(start + 60, MINUTES_PER_DAY)) };
}

/** A day's intervals checked: the API's intervals, or messages by interval index. */
export type DayCheck = { ok: true; value: ApiInterval[] } | { ok: false; errors: Record<number, string> };

/**
 * Checks one day: each time a clock time, each end after its start, and no
 * two intervals overlapping (touching ones, 09:00-12:00 and 12:00-17:00, are
 * fine; ticketd joins them). Intervals keep the order they were typed in, so
 * an index the server names is the one on screen.
 */
export function checkDay(day: readonly IntervalInput[]): DayCheck {
  const errors: Record<number, string> = {};
  const parsed: (ApiInterval | null)[] = day.map((interval, i) => {
    const start = parseClock(interval.start);
    const end = parseClock(interval.end);
    if (start === null || end === null) {
      errors[i] = "Enter times on a 24-hour clock, like 09:00 and 17:30";
      return null;
    }
    if (start === MINUTES_PER_DAY) {
      errors[i] = "Opening time must be before 24:00";
      return null;
    }
    if (end <= start) {
      errors[i] = "Closing time must be after opening time";
      return null;
    }
    return { start_minute: start, end_minute: end };
  });
  parsed.forEach((a, i) => {
    if (!a || errors[i]) return;
    for (let j = 0; j < i; j++) {
      const b = parsed[j];
      if (b && a.start_minute < b.end_minute && b.start_minute < a.end_minute) {
        errors[i] = `Overlaps ${formatClock(b.start_minute)}–${formatClock(b.end_minute)}`;
        return;
      }
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: parsed as ApiInterval[] };
}

/**
 * Whether a week means "open around the clock": no interval on any day (how
 * the API writes 24/7), or every day 00:00-24:00 (how it must be written
 * when there are holidays).
 */
export function isAroundTheClock(weekly: readonly (readonly ApiInterval[])[]): boolean {
  const empty = weekly.every((day) => day.length === 0);
  const allDay = weekly.every(
    (day) => day.length === 1 && day[0]!.start_minute === 0 && day[0]!.end_minute === MINUTES_PER_DAY,
  );
  return empty || allDay;
}

/**
 * The `weekly` array to send for a calendar open around the clock: none at
 * all, unless there are holidays (ticketd refuses holidays without opening
 * hours, since such a calendar would never be closed but on them): then
 * 00:00-24:00 every day.
 */
export function aroundTheClockWeek(hasHolidays: boolean): ApiInterval[][] {
  return WEEKDAYS.map(() => (hasHolidays ? [{ start_minute: 0, end_minute: MINUTES_PER_DAY }] : []));
}

/** The hours of a week in words, for lists: "Around the clock", "Mon–Fri 09:00–17:00", ... */
export function weekWords(weekly: readonly (readonly ApiInterval[])[]): string {
  if (isAroundTheClock(weekly)) return "Around the clock";
  const span = (i: ApiInterval) => `${formatClock(i.start_minute)}–${formatClock(i.end_minute)}`;
  const days = weekly.map((day) => day.map(span).join(", "));
  const open = days.filter((d) => d !== "").length;
  const same = new Set(days.filter((d) => d !== ""));
  if (same.size === 1) {
    const [hours] = same;
    const weekdaysOnly = days.every((d, i) => (i < 5 ? d !== "" : d === ""));
    if (weekdaysOnly) return `Mon–Fri ${hours}`;
    if (open === 7) return `Every day ${hours}`;
  }
  return `${open} ${open === 1 ? "day" : "days"} a week`;
}

// ------------------------------------------------------------------ holidays

/** A valid calendar date written YYYY-MM-DD (what <input type="date"> gives). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The list with `date` added, in date order; a refusal when it is no date or already there. */
export function addHoliday(holidays: readonly string[], date: string): Parsed<string[]> {
  if (date === "") return { ok: false, message: "Choose a date" };
  if (!isIsoDate(date)) return { ok: false, message: "Enter a date like 2026-12-25" };
  if (holidays.includes(date)) return { ok: false, message: "That date is already a holiday" };
  return { ok: true, value: [...holidays, date].sort() };
}

/** A holiday as a person reads it: "Friday, 25 December 2026" (the date itself, no time zone). */
export function holidayWords(date: string, locale?: string): string {
  if (!isIsoDate(date)) return date;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

// -------------------------------------------------------------- time zones

/**
 * The time zones to offer: the browser's IANA list (Intl.supportedValuesOf),
 * with "UTC" (ticketd's default, which Chromium leaves out of that list) and
 * the current value always there, sorted.
 */
export function timeZoneChoices(supported: readonly string[], current: string): string[] {
  const all = new Set(supported);
  all.add("UTC");
  if (current) all.add(current);
  return [...all].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

// ------------------------------------------------------------ server fields

/** Most urgent first: the order the SLA form lists priorities in. */
export const SLA_PRIORITIES: readonly Priority[] = ["urgent", "high", "medium", "low"];

export type SlaTarget = "first_response" | "resolution";

/**
 * Where a field ticketd names in a 422 belongs on the SLA form:
 * "policies.urgent.first_response_s", "business_hours.time_zone",
 * "business_hours.weekly" (the week as a whole), "business_hours.weekly[2][0]"
 * (Wednesday's first interval), "business_hours.holidays[1]".
 */
export type SlaField =
  | { kind: "target"; priority: Priority; target: SlaTarget }
  | { kind: "timeZone" }
  | { kind: "week" }
  | { kind: "day"; day: number }
  | { kind: "interval"; day: number; index: number }
  | { kind: "holidays" }
  | { kind: "holiday"; index: number }
  | { kind: "other" };

export function slaField(field: string): SlaField {
  const target = /^policies\.(urgent|high|medium|low)\.(first_response|resolution)_s$/.exec(field);
  if (target) return { kind: "target", priority: target[1] as Priority, target: target[2] as SlaTarget };
  if (field === "business_hours.time_zone") return { kind: "timeZone" };
  if (field === "business_hours.weekly") return { kind: "week" };
  const interval = /^business_hours\.weekly\[(\d+)\]\[(\d+)\]/.exec(field);
  if (interval) return { kind: "interval", day: Number(interval[1]), index: Number(interval[2]) };
  const day = /^business_hours\.weekly\[(\d+)\]$/.exec(field);
  if (day) return { kind: "day", day: Number(day[1]) };
  if (field === "business_hours.holidays") return { kind: "holidays" };
  const holiday = /^business_hours\.holidays\[(\d+)\]$/.exec(field);
  if (holiday) return { kind: "holiday", index: Number(holiday[1]) };
  return { kind: "other" };
}

/** The field name ticketd would use for a place on the form (the inverse of slaField). */
export function slaFieldName(place: SlaField): string {
  switch (place.kind) {
    case "target":
      return `policies.${place.priority}.${place.target}_s`;
    case "timeZone":
      return "business_hours.time_zone";
    case "week":
      return "business_hours.weekly";
    case "day":
      return `business_hours.weekly[${place.day}]`;
    case "interval":
      return `business_hours.weekly[${place.day}][${place.index}]`;
    case "holidays":
      return "business_hours.holidays";
    case "holiday":
      return `business_hours.holidays[${place.index}]`;
    case "other":
      return "";
  }
}

// -------------------------------------------------------------------- agents

/** An agent's open-ticket cap as typed: empty is no cap (null), else a whole number from 1. */
export function parseCap(text: string): Parsed<number | null> {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 1_000_000) {
    return { ok: false, message: "Enter a whole number from 1 to 1000000, or leave it empty for no cap" };
  }
  return { ok: true, value: Number(t) };
}
