// The reports page's pure logic (src/screens/Reports.tsx): the range and the
// tenant in the URL, the presets, the daily figures with their empty days,
// CSV files of the tables, and the sentences that name a chart for a screen
// reader. Pure: "now" is an argument, so test/reports.test.ts pins it.
//
// Days are UTC days, as GET /admin/v1/metrics counts them. In the URL and
// on the page both ends of a range are included ("from 1 Nov to 30 Nov");
// the API's `to` is exclusive, so it is sent as the day after (apiRange).

import { PRIORITIES, TICKET_STATUSES } from "./api/enums.js";
import type { components } from "./api/client.js";
import type { Metrics, Priority, TicketStatus } from "./api/types.js";
import { formatDuration, priorityWord, statusWord } from "./format.js";

const DAY_MS = 86_400_000;

export type Tenant = components["schemas"]["Tenant"];
export type AgentLoad = components["schemas"]["AgentLoad"];

/** The presets, in days ending today. */
export const PRESET_DAYS = [7, 30, 90] as const;
export type PresetDays = (typeof PRESET_DAYS)[number];
/** The range of a report whose URL names none. */
export const DEFAULT_DAYS: PresetDays = 30;

/** What the URL says, as given (absent: the default). */
export interface ReportQuery {
  tenant?: string;
  /** YYYY-MM-DD, included. */
  from?: string;
  /** YYYY-MM-DD, included. */
  to?: string;
}

/** The report to show: a tenant (null: every tenant one may see) and both ends of the range. */
export interface ReportRange {
  tenant: string | null;
  from: string;
  to: string;
}

/** Whether `value` is a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** The UTC day of an instant (ms since the epoch). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** Days from `from` to `to`, both included (0 when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1);
}

/** The last `days` days, today (UTC) included. */
export function presetRange(days: number, now: number): { from: string; to: string } {
  const to = utcDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** The preset a range is, if any (it must end today). */
export function presetOf(range: { from: string; to: string }, now: number): PresetDays | null {
  for (const days of PRESET_DAYS) {
    const preset = presetRange(days, now);
    if (preset.from === range.from && preset.to === range.to) return days;
  }
  return null;
}

/**
 * The query string's report ("?tenant=acme&from=2026-11-01&to=2026-11-30").
 * A value that is not a day is dropped; a range given backwards is turned
 * round.
 */
export function reportQueryFromSearch(search: string): ReportQuery {
  const params = new URLSearchParams(search);
  const query: ReportQuery = {};
  const tenant = params.get("tenant")?.trim();
  if (tenant) query.tenant = tenant;
  const from = params.get("from")?.trim() ?? "";
  const to = params.get("to")?.trim() ?? "";
  if (isDay(from)) query.from = from;
  if (isDay(to)) query.to = to;
  if (query.from && query.to && query.from > query.to) [query.from, query.to] = [query.to, query.from];
  return query;
}

/** The query string of a report: "" for the default, else "?tenant=...&from=...&to=...". */
export function reportQueryToSearch(query: ReportQuery): string {
  const params = new URLSearchParams();
  if (query.tenant?.trim()) params.set("tenant", query.tenant.trim());
  if (query.from && isDay(query.from)) params.set("from", query.from);
  if (query.to && isDay(query.to)) params.set("to", query.to);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * The range a query names at `now`: the days it gives, and for those it
 * leaves out the default (the last 30 days; with only `from`, up to today
 * or to 30 days on when `from` is later; with only `to`, the 30 days to it).
 */
export function resolveRange(query: ReportQuery, now: number): ReportRange {
  const tenant = query.tenant ?? null;
  if (query.from && query.to) return { tenant, from: query.from, to: query.to };
  if (query.from) {
    const today = utcDay(now);
    return { tenant, from: query.from, to: query.from <= today ? today : addDays(query.from, DEFAULT_DAYS - 1) };
  }
  if (query.to) return { tenant, from: addDays(query.to, -(DEFAULT_DAYS - 1)), to: query.to };
  return { tenant, ...presetRange(DEFAULT_DAYS, now) };
}

/** The API's query for a range: `to` exclusive, so the day after the last one. */
export function apiRange(range: { from: string; to: string }): { from: string; to: string } {
  return { from: range.from, to: addDays(range.to, 1) };
}

export interface DayFigures {
  date: string;
  created: number;
  resolved: number;
}

/** Every day of the range, oldest first: the API lists only days with a figure. */
export function dailySeries(daily: Metrics["daily"], from: string, to: string): DayFigures[] {
  const byDay = new Map(daily.map((d) => [d.date, d]));
  const days: DayFigures[] = [];
  const count = daysBetween(from, to);
  for (let i = 0; i < count; i++) {
    const date = addDays(from, i);
    const d = byDay.get(date);
    days.push({ date, created: d?.created ?? 0, resolved: d?.resolved ?? 0 });
  }
  return days;
}

export function totals(days: readonly DayFigures[]): { created: number; resolved: number } {
  let created = 0;
  let resolved = 0;
  for (const d of days) {
    created += d.created;
    resolved += d.resolved;
  }
  return { created, resolved };
}

/** A length of time given in seconds, as words ("2 h 15 min"); "no data" for none. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "no data";
  return formatDuration(seconds * 1000);
}

/** A share (0..1) as a percentage with at most one decimal: "92.5%"; "no data" for none. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "no data";
  return `${percentNumber(share)}%`;
}

/** 0.925 -> 92.5; 2/3 -> 66.7; 1 -> 100. */
export function percentNumber(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** An average rating: "4.3"; "no data" without ratings. */
export function formatAverage(average: number | null | undefined): string {
  if (average === null || average === undefined || !Number.isFinite(average)) return "no data";
  return (Math.round(average * 10) / 10).toFixed(1);
}

export interface SlaRow {
  priority: Priority;
  met: number;
  breached: number;
  compliance: number | null;
}

/** SLA compliance per priority, most urgent first, every priority present. */
export function slaRows(sla: Metrics["sla"]): SlaRow[] {
  return [...PRIORITIES].reverse().map((priority) => {
    const row = sla[priority];
    return { priority, met: row?.met ?? 0, breached: row?.breached ?? 0, compliance: row?.compliance ?? null };
  });
}

/** Met / (met + breached) over every priority; null when nothing was decided. */
export function overallCompliance(rows: readonly SlaRow[]): number | null {
  let met = 0;
  let breached = 0;
  for (const r of rows) {
    met += r.met;
    breached += r.breached;
  }
  return met + breached === 0 ? null : met / (met + breached);
}

/** The statuses that are the backlog: not resolved, not closed. */
export const BACKLOG_STATUSES = TICKET_STATUSES.filter(
  (s): s is Exclude<TicketStatus, "resolved" | "closed"> => s !== "resolved" && s !== "closed",
);

export function countOf(counts: Record<string, number>, key: string): number {
  return counts[key] ?? 0;
}

export function backlogTotal(byStatus: Record<string, number>): number {
  return BACKLOG_STATUSES.reduce((n, s) => n + countOf(byStatus, s), 0);
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180), safe to open in a spreadsheet.

export type CsvCell = string | number | null | undefined;

/** Characters a spreadsheet may take as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field: a text starting like a formula (= + - @, tab, CR) gets a
 * leading single quote so a spreadsheet shows it as text; a field holding a
 * comma, a double quote or a line break is quoted, its quotes doubled.
 * Numbers are written as they are (a negative number is a number, not a
 * formula); null and undefined are empty.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  let text: string;
  if (typeof cell === "number") {
    text = Number.isFinite(cell) ? String(cell) : "";
  } else {
    text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV: fields by commas, records by CRLF, a CRLF after the last one too. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

/** A file name for a table's CSV: "ticketd-daily-acme-2026-11-01-to-2026-11-30.csv". */
export function csvFileName(table: string, range: ReportRange): string {
  const tenant = range.tenant ? range.tenant.replace(/[^A-Za-z0-9._-]+/g, "_") : "all-tenants";
  return `ticketd-${table}-${tenant}-${range.from}-to-${range.to}.csv`;
}

// The tables' CSV: raw figures (seconds, shares as percentages), with a
// header row, so a spreadsheet can compute with them.

export function dailyCsv(days: readonly DayFigures[]): string {
  return toCsv([["date", "created", "resolved"], ...days.map((d) => [d.date, d.created, d.resolved])]);
}

export function timesCsv(metrics: Pick<Metrics, "first_response_s" | "resolution_s">): string {
  const row = (name: string, p: Metrics["first_response_s"]) => [name, p.count, p.p50, p.p90, p.p99];
  return toCsv([
    ["measure", "count", "median_s", "p90_s", "p99_s"],
    row("first response", metrics.first_response_s),
    row("resolution", metrics.resolution_s),
  ]);
}

export function slaCsv(rows: readonly SlaRow[]): string {
  return toCsv([
    ["priority", "met", "breached", "compliance_percent"],
    ...rows.map((r) => [r.priority, r.met, r.breached, r.compliance === null ? null : percentNumber(r.compliance)]),
  ]);
}

export function countsCsv(header: readonly [string, string], counts: readonly (readonly [string, number])[]): string {
  return toCsv([[...header], ...counts.map(([k, n]) => [k, n])]);
}

/** Tickets opened in the period by status, then by priority: "by,value,tickets". */
export function openedCsv(metrics: Pick<Metrics, "tickets">): string {
  return toCsv([
    ["by", "value", "tickets"],
    ...TICKET_STATUSES.map((s) => ["status", s, countOf(metrics.tickets.by_status, s)]),
    ...[...PRIORITIES].reverse().map((p) => ["priority", p, countOf(metrics.tickets.by_priority, p)]),
  ]);
}

export interface TenantCount {
  slug: string;
  name: string;
  count: number;
}

export function tenantsCsv(rows: readonly TenantCount[]): string {
  return toCsv([["tenant", "name", "tickets"], ...rows.map((r) => [r.slug, r.name, r.count])]);
}

export interface AgentRow {
  agent: string;
  open_assigned: number;
  resolved: number;
  median_handle_s: number | null;
}

export function agentsCsv(rows: readonly AgentRow[]): string {
  return toCsv([
    ["agent", "open_assigned", "resolved", "median_handle_s"],
    ...rows.map((r) => [r.agent, r.open_assigned, r.resolved, r.median_handle_s]),
  ]);
}

/** Tickets per tenant, most first (then by slug), with each tenant's name when known. */
export function tenantCounts(byTenant: Record<string, number>, names: ReadonlyMap<string, string>): TenantCount[] {
  return Object.entries(byTenant)
    .map(([slug, count]) => ({ slug, name: names.get(slug) ?? slug, count }))
    .sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

// ---------------------------------------------------------------------------
// Words for the page and for screen readers.

/** A day as the page shows it: "Mon, 2 Nov 2026" (the UTC day, in `locale`). */
export function formatDay(day: string, locale?: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(ms);
}

/** A range as words: "2 Nov 2026 to 1 Dec 2026". */
export function formatRange(range: { from: string; to: string }, locale?: string): string {
  const day = (d: string) =>
    new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
      Date.parse(`${d}T00:00:00Z`),
    );
  return range.from === range.to ? day(range.from) : `${day(range.from)} to ${day(range.to)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the daily chart shows, in a sentence (its aria-label). */
export function dailySummary(days: readonly DayFigures[], locale?: string): string {
  if (days.length === 0) return "Tickets per day: no days in this range.";
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const { created, resolved } = totals(days);
  let text =
    `Chart of tickets created and resolved per day, ${formatRange({ from: first.date, to: last.date }, locale)}: ` +
    `${plural(created, "ticket")} created, ${resolved} resolved.`;
  let busiest: DayFigures | null = null;
  for (const d of days) if (d.created > 0 && (!busiest || d.created > busiest.created)) busiest = d;
  if (busiest) text += ` Most created on ${formatDay(busiest.date, locale)}: ${busiest.created}.`;
  return text;
}

/** What the times chart shows (its aria-label). */
export function timesSummary(metrics: Pick<Metrics, "first_response_s" | "resolution_s">): string {
  const part = (name: string, p: Metrics["first_response_s"]) =>
    p.count === 0
      ? `${name}: no data`
      : `${name}: median ${formatSeconds(p.p50)}, ` +
        `90th percentile ${formatSeconds(p.p90)} (${plural(p.count, "ticket")})`;
  return `Chart of response times. ${part("First response", metrics.first_response_s)}; ${part(
    "Resolution",
    metrics.resolution_s,
  )}.`;
}

/** What the SLA chart shows (its aria-label). */
export function slaSummary(rows: readonly SlaRow[]): string {
  const parts = rows.map((r) =>
    r.met + r.breached === 0
      ? `${priorityWord(r.priority)}: no targets decided`
      : `${priorityWord(r.priority)}: ${r.met} met, ${r.breached} breached, ${formatShare(r.compliance)}`,
  );
  return `Chart of SLA targets met and breached by priority. ${parts.join("; ")}.`;
}

/** The rows of a count table in the API's enum order, every value present. */
export function statusCounts(byStatus: Record<string, number>, statuses: readonly TicketStatus[]): [string, number][] {
  return statuses.map((s) => [statusWord(s, "staff"), countOf(byStatus, s)]);
}

export function priorityCounts(byPriority: Record<string, number>): [string, number][] {
  return [...PRIORITIES].reverse().map((p) => [priorityWord(p), countOf(byPriority, p)]);
}
