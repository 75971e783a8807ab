// Words and times as the console shows them. Pure: the current time and the
// locale are arguments, so the unit tests (test/format.test.ts) pin them.

import { isCustomer } from "./access.js";
import type { AccountStatus, Category, Priority, QueueSort, Role, TicketStatus, TicketSummary } from "./api/types.js";

/** Whose screen a status is shown on: "waiting on customer" is "waiting on you" to a customer. */
export type Audience = "customer" | "staff";

const STATUS_WORDS: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  on_hold: "On hold",
  resolved: "Resolved",
  closed: "Closed",
};

export function statusWord(status: TicketStatus, audience: Audience): string {
  if (status === "waiting_on_customer" && audience === "customer") return "Waiting on you";
  return STATUS_WORDS[status];
}

const PRIORITY_WORDS: Record<Priority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

export function priorityWord(priority: Priority): string {
  return PRIORITY_WORDS[priority];
}

const CATEGORY_WORDS: Record<Category, string> = {
  general: "General",
  technical: "Technical",
  account: "Account",
  billing: "Billing",
  bug: "Bug",
  feature_request: "Feature request",
};

export function categoryWord(category: Category): string {
  return CATEGORY_WORDS[category];
}

const ROLE_WORDS: Record<Role, string> = {
  customer: "Customer",
  customer_admin: "Customer admin",
  agent: "Agent",
  tenant_admin: "Tenant admin",
  admin: "Admin",
};

/** A role as a person reads it; a message's author may also be `system`. */
export function roleWord(role: string): string {
  if (role === "system") return "Automation";
  return role in ROLE_WORDS ? ROLE_WORDS[role as Role] : role;
}

const SORT_WORDS: Record<QueueSort, string> = {
  "-created": "Newest first",
  created: "Oldest first",
  "-updated": "Recently updated",
  updated: "Least recently updated",
  priority: "Most urgent first",
  "-priority": "Least urgent first",
  due: "Due soonest",
  "-due": "Due latest",
};

export function sortWord(sort: QueueSort): string {
  return SORT_WORDS[sort];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A length of time the way a person says it, to the minute: "45 min",
 * "3 h", "2 h 10 min", "2 d 5 h" (days drop the minutes), "less than 1 min".
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MINUTE);
  if (minutes < 1) return "less than 1 min";
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(minutes / 60);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/**
 * How an SLA target stands: `due` (in time), `warning` (less than
 * WARNING_MS left), `breached`, `paused` (waiting on the customer, on hold),
 * `met` / `missed` once the ticket is resolved, `none` without a target.
 */
export type SlaLevel = "due" | "warning" | "breached" | "paused" | "met" | "missed" | "none";

export interface SlaCountdown {
  level: SlaLevel;
  /** What the screen says: "due in 3 h", "breached 20 min ago", ... */
  text: string;
  /** Which target it is about. */
  target: "first_response" | "resolution" | null;
  /** The due instant (RFC 3339), when there is one. */
  due: string | null;
}

/** Below this much time left a target is a warning. */
export const WARNING_MS = HOUR;

type SlaFields = Pick<TicketSummary, "status" | "sla" | "first_response_at">;

/**
 * The SLA target that matters next for a ticket at `now` (ms since the
 * epoch): the first response until there is one, then the resolution.
 */
export function slaCountdown(ticket: SlaFields, now: number): SlaCountdown {
  const { sla } = ticket;
  if (ticket.status === "resolved" || ticket.status === "closed") {
    const missed = sla.resolution_breached || sla.first_response_breached;
    return { level: missed ? "missed" : "met", text: missed ? "missed" : "met", target: null, due: null };
  }
  const awaitingResponse = !ticket.first_response_at && sla.first_response_due !== null;
  const target = awaitingResponse ? "first_response" : "resolution";
  const due = awaitingResponse ? sla.first_response_due : sla.resolution_due;
  const breachedFlag = awaitingResponse ? sla.first_response_breached : sla.resolution_breached;
  // Paused, a clock shows no resolution target (it restarts when the
  // customer answers or the hold ends).
  if (sla.paused) return { level: "paused", text: "paused", target: due === null ? null : target, due };
  if (due === null) return { level: "none", text: "no target", target: null, due: null };
  const left = Date.parse(due) - now;
  if (left <= 0 || breachedFlag) {
    if (left >= 0) return { level: "breached", text: "breached", target, due };
    const ago = formatDuration(-left);
    const text = ago === "less than 1 min" ? "breached just now" : `breached ${ago} ago`;
    return { level: "breached", text, target, due };
  }
  return { level: left < WARNING_MS ? "warning" : "due", text: `due in ${formatDuration(left)}`, target, due };
}

export interface TimeFormatOptions {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/**
 * An Intl.DateTimeFormat for these options, made once and kept: making one
 * costs far more than formatting with it, and a queue of a thousand rows
 * formats a few thousand times per render.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
export function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? null, options]);
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** A short local date and time: "4 Dec 2026, 14:05". */
export function formatDateTime(iso: string, options: TimeFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(options.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: options.timeZone,
  }).format(date);
}

/** The full instant for a tooltip: the viewer's zone, with its name, and seconds. */
export function formatInstant(iso: string, options: TimeFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(options.locale, {
    dateStyle: "full",
    timeStyle: "long",
    timeZone: options.timeZone,
  }).format(date);
}

/**
 * A time in a list, as short as it can be: the time of day for today
 * ("2:35 PM"), the day for this year ("Dec 4"), else the date ("Dec 4, 2025").
 */
export function formatShortDateTime(iso: string, now: number, options: TimeFormatOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { locale, timeZone } = options;
  const day = (d: Date) =>
    dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const today = new Date(now);
  if (day(date) === day(today)) {
    return dateTimeFormat(locale, { timeStyle: "short", timeZone }).format(date);
  }
  const sameYear = day(date).slice(0, 4) === day(today).slice(0, 4);
  return dateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone,
  }).format(date);
}

/**
 * Which tenants a token or an account reaches: a customer's tenant, a staff
 * member's scope, or "all tenants" for staff without one (an empty scope is
 * platform-wide).
 */
export function reachWords(role: Role, tenant: string | null, scope: readonly string[]): string {
  if (isCustomer(role)) return tenant ?? "no tenant";
  return scope.length === 0 ? "all tenants" : scope.join(", ");
}

/** An account's status (Account.status) as the people screens show it. */
export function accountStatusWord(status: AccountStatus): string {
  if (status === "invited") return "Invited";
  return status === "active" ? "Active" : "Disabled";
}
