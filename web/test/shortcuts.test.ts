// Keys and sequences of the staff screens' shortcuts (src/shortcuts.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import { SEQUENCE_MS, isTypingTarget, keySequenceMatcher } from "../src/shortcuts.js";

test("single keys match at once", () => {
  const m = keySequenceMatcher(["j", "k", "?", "g q"]);
  assert.equal(m.press("j", 0), "j");
  assert.equal(m.press("?", 10), "?");
  assert.equal(m.press("x", 20), null);
});

test("a sequence waits for its second key", () => {
  const m = keySequenceMatcher(["j", "g q"]);
  assert.equal(m.press("g", 0), null);
  assert.equal(m.press("q", 100), "g q");
  assert.equal(m.press("q", 200), null, "q alone is nothing");
});

test("a sequence is forgotten after a pause or another key", () => {
  const m = keySequenceMatcher(["j", "g q"]);
  m.press("g", 0);
  assert.equal(m.press("q", SEQUENCE_MS + 1), null);
  m.press("g", 5000);
  assert.equal(m.press("j", 5100), "j", "a key that breaks the sequence still counts");
  assert.equal(m.press("q", 5200), null);
});

test("outside a browser nothing is a field", () => {
  assert.equal(isTypingTarget(null), false);
});
