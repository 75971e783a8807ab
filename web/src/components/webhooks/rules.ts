// What the webhook screens decide without asking ticketd: which event
// types a subscription can usefully name (grouped for the form's
// checkboxes), the words for a delivery's state, and a signing secret (who
// may see the screens is src/access.ts). Pure (test/webhooks.test.ts), mirroring ticketd's own rules
// (domain/webhooks.cc, api/notifications/notification_rules.cc).

import type { Delivery, EventType } from "../../api/types.js";

export type EventGroup = "Tickets" | "SLA" | "Tenants and agents" | "Accounts" | "Sign-ins" | "API tokens" | "Operations";

/**
 * Every event type of the document, in a group, or null for those ticketd
 * never sends to a webhook (its own notification and webhook bookkeeping).
 * A Record over EventType: a type added on the server fails the type check
 * here until it is placed.
 */
const GROUP_OF: Record<EventType, EventGroup | null> = {
  TicketOpened: "Tickets",
  MessagePosted: "Tickets",
  TicketAssigned: "Tickets",
  TicketUnassigned: "Tickets",
  StatusChanged: "Tickets",
  PriorityChanged: "Tickets",
  CategoryChanged: "Tickets",
  TicketEscalated: "Tickets",
  TagsChanged: "Tickets",
  TicketMerged: "Tickets",
  MergeReceived: "Tickets",
  SatisfactionRated: "Tickets",
  SlaWarning: "SLA",
  SlaBreached: "SLA",
  TenantCreated: "Tenants and agents",
  TenantSlaChanged: "Tenants and agents",
  TenantSettingsChanged: "Tenants and agents",
  TenantLogoSet: "Tenants and agents",
  TenantLogoRemoved: "Tenants and agents",
  AgentChanged: "Tenants and agents",
  AccountInvited: "Accounts",
  AccountRegistered: "Accounts",
  AccountActivated: "Accounts",
  PasswordSet: "Accounts",
  AccountEmailChanged: "Accounts",
  AccountRenamed: "Accounts",
  AlertPreferencesChanged: "Accounts",
  AccountRoleChanged: "Accounts",
  AccountDisabled: "Accounts",
  AccountEnabled: "Accounts",
  SessionsRevoked: "Accounts",
  SignedIn: "Sign-ins",
  SignedOut: "Sign-ins",
  SignInFailed: "Sign-ins",
  SignInLocked: "Sign-ins",
  SignInLinkSent: "Sign-ins",
  TokenIssued: "API tokens",
  TokenRevoked: "API tokens",
  LogLossAccepted: "Operations",
  WebhookCreated: null,
  WebhookDeleted: null,
  NotificationQueued: null,
  NotificationAttempted: null,
  NotificationDelivered: null,
  NotificationDeadLettered: null,
};

const GROUP_ORDER: readonly EventGroup[] = [
  "Tickets",
  "SLA",
  "Tenants and agents",
  "Accounts",
  "Sign-ins",
  "API tokens",
  "Operations",
];

/** The form's checkboxes: each group with its event types, in the document's order. */
export function eventGroups(): { group: EventGroup; types: EventType[] }[] {
  const all = Object.entries(GROUP_OF) as [EventType, EventGroup | null][];
  return GROUP_ORDER.map((group) => ({ group, types: all.filter(([, g]) => g === group).map(([t]) => t) }));
}

/** "*": what ticketd sends for it: everything above but API token events. */
export const EVERY_EVENT = "*";

/** A webhook's events as the list says them. */
export function eventsWords(events: readonly string[]): string {
  if (events.includes(EVERY_EVENT)) {
    const more = events.filter((e) => e !== EVERY_EVENT);
    return more.length > 0 ? `Every event, and ${more.join(", ")}` : "Every event";
  }
  return events.join(", ");
}

const STATUS_WORDS: Record<Delivery["status"], string> = {
  pending: "Pending",
  delivered: "Delivered",
  dead_lettered: "Dead-lettered",
};

export function deliveryStatusWord(status: Delivery["status"]): string {
  return STATUS_WORDS[status];
}

/** An attempt's outcome (failed, delivered, dead_lettered) in words; another one as it is. */
export function attemptOutcomeWord(outcome: string): string {
  if (outcome === "failed") return "Failed";
  if (outcome === "delivered") return "Delivered";
  if (outcome === "dead_lettered") return "Dead-lettered";
  return outcome;
}

/**
 * A signing secret for a new webhook: 32 random bytes as 64 hex digits
 * (ticketd wants 16 characters at least). ticketd takes the secret from the
 * client and keeps only its fingerprint in the log, so this is the one
 * moment it can be shown.
 */
export function newSigningSecret(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(32));
  return "whsec_" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** ticketd's shortest secret. */
export const MIN_SECRET_LENGTH = 16;

/**
 * A delivery log's instant to the second ("4 Dec 2026, 14:05:03"): retries
 * come seconds apart. The locale and zone are the viewer's unless given.
 */
export function formatPreciseTime(iso: string, options: { locale?: string; timeZone?: string } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: options.timeZone,
  }).format(date);
}

/**
 * What a delivery's attempts come to, in one line: "1 attempt: delivered
 * (HTTP 204)", "3 attempts: the last one failed (HTTP 500)".
 */
export function attemptsSummary(delivery: Pick<Delivery, "attempts">): string {
  const n = delivery.attempts.length;
  const last = delivery.attempts[n - 1];
  if (!last) return "Not tried yet";
  const count = `${n} ${n === 1 ? "attempt" : "attempts"}`;
  const status = last.status ? ` (HTTP ${last.status})` : "";
  if (last.outcome === "delivered") return `${count}: delivered${status}`;
  if (last.outcome === "failed") return `${count}: the last one failed${status}`;
  if (last.outcome === "dead_lettered") return `${count}: given up${status}`;
  return `${count}: ${last.outcome}${status}`;
}
