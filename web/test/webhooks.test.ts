// The webhook screens' own rules (src/components/webhooks/rules.ts): the
// event types offered, the words of the delivery log (who may see them:
// test/access.test.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  attemptsSummary,
  deliveryStatusWord,
  eventGroups,
  eventsWords,
  formatPreciseTime,
  newSigningSecret,
} from "../src/components/webhooks/rules.js";
import { matchRoute } from "../src/router.js";

test("the form offers each deliverable event type once, never ticketd's own bookkeeping", () => {
  const offered = eventGroups().flatMap((g) => g.types);
  assert.equal(new Set(offered).size, offered.length);
  for (const type of ["TicketOpened", "MessagePosted", "SlaBreached", "TokenIssued", "SignedIn", "AccountInvited"]) {
    assert.ok(offered.includes(type as never), type);
  }
  for (const t of offered) assert.ok(!t.startsWith("Notification") && !t.startsWith("Webhook"), t);
  assert.deepEqual(eventGroups()[0]?.types.slice(0, 2), ["TicketOpened", "MessagePosted"]);
  assert.ok(eventGroups().every((g) => g.types.length > 0));
});

test("a webhook's events in words", () => {
  assert.equal(eventsWords(["*"]), "Every event");
  assert.equal(eventsWords(["*", "TokenIssued"]), "Every event, and TokenIssued");
  assert.equal(eventsWords(["TicketOpened", "StatusChanged"]), "TicketOpened, StatusChanged");
});

test("a delivery's status and attempts in words", () => {
  assert.equal(deliveryStatusWord("dead_lettered"), "Dead-lettered");
  assert.equal(attemptsSummary({ attempts: [] }), "Not tried yet");
  const at = "2026-11-22T10:00:00Z";
  assert.equal(
    attemptsSummary({ attempts: [{ attempt: 1, at, outcome: "delivered", status: 204, error: null }] }),
    "1 attempt: delivered (HTTP 204)",
  );
  assert.equal(
    attemptsSummary({
      attempts: [
        { attempt: 1, at, outcome: "failed", status: 500, error: "HTTP 500" },
        { attempt: 2, at, outcome: "failed", status: null, error: "connection refused" },
      ],
    }),
    "2 attempts: the last one failed",
  );
  assert.equal(
    attemptsSummary({ attempts: [{ attempt: 3, at, outcome: "dead_lettered" }] }),
    "1 attempt: given up",
  );
});

test("delivery times are shown to the second, in the viewer's zone", () => {
  const shown = formatPreciseTime("2026-11-22T10:00:07Z", { locale: "en-GB", timeZone: "Europe/Berlin" });
  assert.match(shown, /22 Nov 2026/);
  assert.match(shown, /11:00:07/);
  assert.equal(formatPreciseTime("not a time"), "not a time");
});

test("a signing secret is long, hex, and new each time", () => {
  const a = newSigningSecret();
  const b = newSigningSecret();
  assert.match(a, /^whsec_[0-9a-f]{64}$/);
  assert.notEqual(a, b);
  assert.equal(newSigningSecret((bytes) => bytes.fill(255)), "whsec_" + "ff".repeat(32));
});

test("the profile's and the webhooks' paths", () => {
  assert.deepEqual(matchRoute("/profile"), { name: "profile" });
  assert.deepEqual(matchRoute("/profile/"), { name: "profile" });
  assert.deepEqual(matchRoute("/admin/webhooks"), { name: "adminWebhooks" });
  assert.deepEqual(matchRoute("/admin/webhooks/wh_12ab"), { name: "adminWebhook", id: "wh_12ab" });
  assert.deepEqual(matchRoute("/admin/webhooks/wh%2F1"), { name: "adminWebhook", id: "wh/1" });
  assert.deepEqual(matchRoute("/admin/webhooks/wh_1/extra"), { name: "notFound" });
  assert.deepEqual(matchRoute("/admin/webhooks/%E0"), { name: "notFound" });
});
