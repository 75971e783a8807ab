// Typed tags as ticketd takes them (src/tags.ts): split, lowered, checked by
// the server's rules, and its 422 field names turned into words.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MAX_TAGS_PER_TICKET,
  isTagField,
  isValidTag,
  normaliseTag,
  parseTagInput,
  planTagAdd,
  tagFieldError,
} from "../src/tags.js";

test("A-Z are lowered and nothing else, as ticketd does", () => {
  assert.equal(normaliseTag("  VIP "), "vip");
  assert.equal(normaliseTag("Billing_EU-2"), "billing_eu-2");
  assert.equal(normaliseTag("ÉTÉ"), "ÉtÉ", "non-ASCII letters stay as they are");
});

test("a tag is 1 to 64 characters from a-z, 0-9, _ and -", () => {
  assert.ok(isValidTag("a"));
  assert.ok(isValidTag("billing_eu-2"));
  assert.ok(isValidTag("x".repeat(64)));
  assert.equal(isValidTag("x".repeat(65)), false);
  assert.equal(isValidTag(""), false);
  assert.equal(isValidTag("café"), false);
  assert.equal(isValidTag("a.b"), false);
  assert.equal(isValidTag("Upper"), false, "the check is on the normalised tag");
});

test("commas and white space separate tags; repeats and empties drop out", () => {
  assert.deepEqual(parseTagInput("vip, Billing  urgent,,vip\tVIP\n"), {
    tags: ["vip", "billing", "urgent"],
    invalid: [],
  });
  assert.deepEqual(parseTagInput(" , "), { tags: [], invalid: [] });
  assert.deepEqual(parseTagInput("ok a.b café a.b"), { tags: ["ok"], invalid: ["a.b", "café"] });
});

test("planTagAdd sends only the new tags", () => {
  assert.deepEqual(planTagAdd(["vip"], "VIP, printer"), { ok: true, add: ["printer"] });
  assert.deepEqual(planTagAdd([], "a b"), { ok: true, add: ["a", "b"] });
});

test("planTagAdd names what cannot be sent", () => {
  const bad = planTagAdd([], "ok a.b");
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.message : "", /“a\.b”: a tag is 1 to 64 characters from a-z, 0-9, _ and -/);
  const empty = planTagAdd([], "  ,");
  assert.deepEqual(empty, { ok: false, message: "Type a tag first" });
  const had = planTagAdd(["vip"], "vip");
  assert.deepEqual(had, { ok: false, message: "The ticket has this tag already" });
});

test("planTagAdd keeps a ticket within 50 tags", () => {
  const full = Array.from({ length: MAX_TAGS_PER_TICKET - 1 }, (_, i) => `t${i}`);
  assert.deepEqual(planTagAdd(full, "one"), { ok: true, add: ["one"] });
  const over = planTagAdd(full, "one two");
  assert.equal(over.ok, false);
  assert.match(!over.ok ? over.message : "", /at most 50 tags; this one has room for 1 more/);
});

test("a 422's tag fields name the tag they are about", () => {
  const fields = {
    "tags.add[1]": "must be 1 to 64 characters from a-z, 0-9, _ and -",
    "tags.remove[0]": "is also being added",
    subject: "unrelated",
  };
  assert.equal(
    tagFieldError(fields, { add: ["ok", "bad tag"], remove: ["ok"] }),
    "“bad tag”: must be 1 to 64 characters from a-z, 0-9, _ and -; “ok”: is also being added",
  );
  assert.equal(tagFieldError({ "tags.add": "a ticket has at most 50 tags" }, { add: ["x"], remove: [] }),
               "a ticket has at most 50 tags");
  assert.equal(tagFieldError({ "tags.add[5]": "bad" }, { add: [], remove: [] }), "bad", "an index past what was sent");
  assert.equal(tagFieldError({ reason: "must not be empty" }, { add: [], remove: [] }), undefined);
});

test("isTagField knows ticketd's tag field names only", () => {
  assert.ok(isTagField("tags.add[0]"));
  assert.ok(isTagField("tags.remove[12]"));
  assert.ok(isTagField("tags.add"));
  assert.equal(isTagField("tags"), false);
  assert.equal(isTagField("assignee"), false);
});
