// A ticket's history in words (the History screen, /tickets/:key/history):
// what each event of its stream did, who did it, and which events come after
// an instant the screen looks back to. Pure: the unit tests
// (test/history.test.ts) pin it.

import type { Category, Envelope, Priority, TicketStatus } from "./api/types.js";
import { categoryWord, priorityWord, roleWord, statusWord } from "./format.js";

/** The fields of an event's data this file reads; anything may be missing. */
type Data = Record<string, unknown>;

function str(data: Data, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return null;
}

function strings(data: Data, key: string): string[] {
  const value = data[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

// An unknown value (a newer server) is shown as it is.
const statusText = (v: string): string => statusWord(v as TicketStatus, "staff") ?? v;
const priorityText = (v: string): string => priorityWord(v as Priority) ?? v;
const categoryText = (v: string): string => categoryWord(v as Category) ?? v;

/** What an event did, in words: "Changed status to Resolved", "Tags: +vip −old". */
export function describeEvent(event: Pick<Envelope, "type" | "data">): string {
  const data = (event.data ?? {}) as Data;
  switch (event.type) {
    case "TicketOpened":
      return "Opened the ticket";
    case "MessagePosted": {
      const what =
        data["held"] !== undefined
          ? "Held a mail from an unverified sender"
          : data["accepted_from"] !== undefined
            ? "Accepted a held mail as the requester's reply"
            : data["internal"] === true
              ? "Added an internal note"
              : "Replied";
      const files = Array.isArray(data["attachments"]) ? data["attachments"].length : 0;
      return files === 0 ? what : `${what} with ${files === 1 ? "1 file" : `${files} files`}`;
    }
    case "StatusChanged": {
      const to = str(data, "to", "status");
      return to ? `Changed status to ${statusText(to)}` : "Changed status";
    }
    case "PriorityChanged": {
      const to = str(data, "to", "priority");
      return to ? `Changed priority to ${priorityText(to)}` : "Changed priority";
    }
    case "CategoryChanged": {
      const to = str(data, "to", "category");
      return to ? `Changed category to ${categoryText(to)}` : "Changed category";
    }
    case "TicketAssigned": {
      const to = str(data, "assignee");
      return to ? `Assigned to ${to}` : "Assigned";
    }
    case "TicketUnassigned":
      return "Unassigned";
    case "TicketEscalated": {
      const level = typeof data["level"] === "number" ? ` to level ${data["level"]}` : "";
      const reason = str(data, "reason");
      return `Escalated${level}${reason ? `: ${reason}` : ""}`;
    }
    case "TagsChanged": {
      const changes = [...strings(data, "added").map((t) => `+${t}`), ...strings(data, "removed").map((t) => `\u2212${t}`)];
      return changes.length > 0 ? `Tags: ${changes.join(" ")}` : "Tags unchanged";
    }
    case "TicketMerged": {
      const into = str(data, "into_key", "into_ticket_id");
      return into ? `Merged into ${into}` : "Merged into another ticket";
    }
    case "MergeReceived": {
      const from = str(data, "from_key", "from_ticket_id");
      return from ? `Merged ${from} into this ticket` : "Another ticket was merged into this one";
    }
    case "SatisfactionRated":
      return typeof data["rating"] === "number" ? `Rated ${data["rating"]}/5` : "Rated";
    case "SlaWarning":
      return "SLA warning";
    case "SlaBreached":
      return "SLA breached";
    default:
      return event.type;
  }
}

/** Who did it: "agent-7 (Agent)"; the system is "System (automation)". */
export function describeActor(actor: Envelope["actor"]): string {
  if (actor.role === "system") return "System (automation)";
  return `${actor.id} (${roleWord(actor.role)})`;
}

/** Whether an event happened after the instant looked back to (none: never). */
export function isAfter(event: Pick<Envelope, "occurred_at">, asOf: string | null): boolean {
  if (asOf === null) return false;
  const at = Date.parse(event.occurred_at);
  const then = Date.parse(asOf);
  if (Number.isNaN(at) || Number.isNaN(then)) return false;
  return at > then;
}

/**
 * The instant a datetime-local input's value ("2026-12-04T15:30" or with
 * seconds) names in the viewer's zone, as ISO (UTC); null when not a time.
 */
export function localInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((ms ?? "0").padEnd(3, "0")),
  );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A datetime-local input's value ("2026-12-04T15:30:05") for an ISO instant, in the viewer's zone. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** The as_of of a query string ("?as_of=..."), when it is an instant. */
export function asOfFromSearch(search: string): string | null {
  const value = new URLSearchParams(search).get("as_of");
  if (!value || Number.isNaN(Date.parse(value))) return null;
  return value;
}

/** The History screen's path for a ticket, looking back to `asOf` when given. */
export function historyPath(key: string, asOf: string | null = null): string {
  const path = `/tickets/${encodeURIComponent(key)}/history`;
  return asOf ? `${path}?as_of=${encodeURIComponent(asOf)}` : path;
}
