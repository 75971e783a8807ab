// The History screen's words and instants (src/history.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import type { Envelope } from "../src/api/types.js";
import {
  asOfFromSearch,
  describeActor,
  describeEvent,
  historyPath,
  isAfter,
  isoToLocalInput,
  localInputToIso,
} from "../src/history.js";

function event(type: string, data: Record<string, unknown> = {}): Pick<Envelope, "type" | "data"> {
  return { type: type as Envelope["type"], data: data as Envelope["data"] };
}

test("each ticket event in words", () => {
  const cases: [Pick<Envelope, "type" | "data">, string][] = [
    [event("TicketOpened", { subject: "x" }), "Opened the ticket"],
    [event("MessagePosted", { internal: false, body: "hi" }), "Replied"],
    [event("MessagePosted", { internal: true, body: "psst" }), "Added an internal note"],
    [event("MessagePosted", { internal: false, body: "", attachments: [{ id: "att_1" }] }), "Replied with 1 file"],
    [event("MessagePosted", { internal: true, body: "x", attachments: [{}, {}] }), "Added an internal note with 2 files"],
    [
      event("MessagePosted", { internal: true, body: "x", held: { email: "a@x.test", reason: "dmarc=fail" } }),
      "Held a mail from an unverified sender",
    ],
    [
      event("MessagePosted", { internal: false, body: "x", accepted_from: "m1", attachments: [{}] }),
      "Accepted a held mail as the requester's reply with 1 file",
    ],
    [event("StatusChanged", { from: "open", to: "resolved", reason: "" }), "Changed status to Resolved"],
    [event("StatusChanged", { status: "in_progress" }), "Changed status to In progress"],
    [event("StatusChanged", { to: "waiting_on_customer" }), "Changed status to Waiting on customer"],
    [event("PriorityChanged", { from: "medium", to: "high" }), "Changed priority to High"],
    [event("CategoryChanged", { from: "general", to: "feature_request" }), "Changed category to Feature request"],
    [event("TicketAssigned", { assignee: "agent-7" }), "Assigned to agent-7"],
    [event("TicketUnassigned"), "Unassigned"],
    [event("TicketEscalated", { level: 2, reason: "resolution SLA breached" }), "Escalated to level 2: resolution SLA breached"],
    [event("TagsChanged", { added: ["a", "vip"], removed: ["b"] }), "Tags: +a +vip \u2212b"],
    [event("TicketMerged", { into_ticket_id: "t-9", into_key: "acme-9" }), "Merged into acme-9"],
    [event("MergeReceived", { from_ticket_id: "t-3", from_key: "acme-3", messages: [] }), "Merged acme-3 into this ticket"],
    [event("SatisfactionRated", { rating: 5, comment: "" }), "Rated 5/5"],
    [event("SlaWarning", { target: "resolution" }), "SLA warning"],
    [event("SlaBreached", { target: "first_response" }), "SLA breached"],
  ];
  for (const [e, words] of cases) assert.equal(describeEvent(e), words, e.type);
});

test("an unknown event type, or a value this console does not know, is shown as it is", () => {
  assert.equal(describeEvent(event("SomethingNew", { x: 1 })), "SomethingNew");
  assert.equal(describeEvent(event("StatusChanged", { to: "archived" })), "Changed status to archived");
  assert.equal(describeEvent(event("PriorityChanged", { to: "critical" })), "Changed priority to critical");
});

test("missing data does not break the words", () => {
  assert.equal(describeEvent(event("StatusChanged")), "Changed status");
  assert.equal(describeEvent(event("TicketEscalated", { reason: "" })), "Escalated");
  assert.equal(describeEvent(event("TagsChanged", { added: [], removed: [] })), "Tags unchanged");
  assert.equal(describeEvent({ type: "SatisfactionRated", data: null as unknown as Envelope["data"] }), "Rated");
});

test("who: the actor's id and role; the system is automation", () => {
  assert.equal(describeActor({ id: "agent-7", role: "agent" }), "agent-7 (Agent)");
  assert.equal(describeActor({ id: "u-ann", role: "customer" }), "u-ann (Customer)");
  assert.equal(describeActor({ id: "system", role: "system" }), "System (automation)");
  assert.equal(describeActor({ id: "bot", role: "robot" }), "bot (robot)");
});

test("events after the instant looked back to are later; at the instant they are not", () => {
  const at = (occurred_at: string) => ({ occurred_at });
  const asOf = "2026-12-04T10:00:00.000Z";
  assert.equal(isAfter(at("2026-12-04T10:00:00.001Z"), asOf), true);
  assert.equal(isAfter(at("2026-12-04T10:00:00Z"), asOf), false);
  assert.equal(isAfter(at("2026-12-04T09:59:59Z"), asOf), false);
  assert.equal(isAfter(at("2026-12-04T11:00:00+01:00"), asOf), false, "the same instant in another zone");
  assert.equal(isAfter(at("2026-12-04T12:00:00Z"), null), false, "now: nothing is later");
  assert.equal(isAfter(at("not a time"), asOf), false);
});

test("a datetime-local value is the viewer's local time, sent as a UTC instant", () => {
  const iso = localInputToIso("2026-12-04T15:30");
  assert.equal(iso, new Date(2026, 11, 4, 15, 30, 0).toISOString());
  assert.equal(localInputToIso("2026-12-04T15:30:07"), new Date(2026, 11, 4, 15, 30, 7).toISOString());
  assert.equal(localInputToIso("2026-12-04T15:30:07.5"), new Date(2026, 11, 4, 15, 30, 7, 500).toISOString());
  assert.equal(localInputToIso(""), null);
  assert.equal(localInputToIso("yesterday"), null);
});

test("an instant as a datetime-local value, and back", () => {
  const local = new Date(2026, 0, 2, 3, 4, 5);
  assert.equal(isoToLocalInput(local.toISOString()), "2026-01-02T03:04:05");
  assert.equal(localInputToIso(isoToLocalInput(local.toISOString())), local.toISOString());
  assert.equal(isoToLocalInput("garbage"), "");
});

test("as_of in the URL", () => {
  assert.equal(asOfFromSearch("?as_of=2026-12-04T10%3A00%3A00.000Z"), "2026-12-04T10:00:00.000Z");
  assert.equal(asOfFromSearch(""), null);
  assert.equal(asOfFromSearch("?as_of=soon"), null);
  assert.equal(historyPath("acme-42"), "/tickets/acme-42/history");
  assert.equal(
    historyPath("acme-42", "2026-12-04T10:00:00.000Z"),
    "/tickets/acme-42/history?as_of=2026-12-04T10%3A00%3A00.000Z",
  );
});
