// The platform administration screens' pure logic: the log page's words
// (src/audit.ts: a verification's state, durations, the checkpoints'
// summary sentence, short hashes), the tokens' and people's words
// (format.ts reachWords and accountStatusWord; people/ReachFields.tsx), and
// their routes. Who may use them: test/access.test.ts.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  agreesWord,
  checkpointSummary,
  preciseDuration,
  progressFraction,
  shortHash,
  signatureWord,
  verificationDuration,
  verificationWords,
  type Verification,
} from "../src/audit.js";
import { accountScopeHint, foldFields } from "../src/components/people/ReachFields.js";
import { accountStatusWord, reachWords } from "../src/format.js";
import { matchRoute } from "../src/router.js";
import { tokensPath } from "../src/screens/AdminTokens.js";

const NEVER: Verification = {
  state: "never",
  requested_by: null,
  started_at: null,
  finished_at: null,
  checked: 0,
  head: 0,
  head_hash: null,
  first_bad_position: null,
  problem: null,
};

test("a verification's state in words, one level each", () => {
  assert.deepEqual(
    [verificationWords(NEVER).level, verificationWords(NEVER).title],
    ["none", "Not verified yet"],
  );
  const running = verificationWords({ ...NEVER, state: "running", checked: 1200, head: 3000 });
  assert.equal(running.title, "Running");
  assert.match(running.text, /position 3,000/);
  const passed = verificationWords({ ...NEVER, state: "passed", checked: 62, head: 62 });
  assert.equal(passed.level, "ok");
  assert.match(passed.text, /1 to 62/);
  // An empty log passes with nothing to say about positions.
  const empty = verificationWords({ ...NEVER, state: "passed", checked: 0, head: 0 });
  assert.equal(empty.level, "ok");
  assert.match(empty.text, /empty/);
  assert.doesNotMatch(empty.text, /1 to 0/);
  const failed = verificationWords({ ...NEVER, state: "failed", first_bad_position: 1234, problem: "x" });
  assert.equal(failed.level, "bad");
  assert.match(failed.title, /FAILED/);
  assert.match(failed.text, /position 1,234/);
  assert.equal(verificationWords({ ...NEVER, state: "failed" }).text, "The walk found damage.");
  assert.equal(verificationWords({ ...NEVER, state: "error" }).level, "bad");
});

test("progress: checked of head, within 0..1, an empty log is done", () => {
  assert.equal(progressFraction({ checked: 50, head: 200 }), 0.25);
  assert.equal(progressFraction({ checked: 0, head: 0 }), 1);
  assert.equal(progressFraction({ checked: 300, head: 200 }), 1);
});

test("durations precise enough for walks of milliseconds", () => {
  assert.equal(preciseDuration(6), "6 ms");
  assert.equal(preciseDuration(999.6), "1000 ms");
  assert.equal(preciseDuration(1234), "1.2 s");
  assert.equal(preciseDuration(42_400), "42 s");
  assert.equal(preciseDuration(185_000), "3 min 5 s");
  assert.equal(preciseDuration(120_000), "2 min");
  assert.equal(preciseDuration(2 * 3_600_000 + 10 * 60_000), "2 h 10 min");
  assert.equal(preciseDuration(-5), "0 ms");
  const v = { started_at: "2026-12-04T10:00:00.000Z", finished_at: "2026-12-04T10:00:00.006Z" };
  assert.equal(verificationDuration(v, 0), "6 ms");
  // Still running: up to now.
  assert.equal(verificationDuration({ ...v, finished_at: null }, Date.parse("2026-12-04T10:01:05Z")), "1 min 5 s");
  assert.equal(verificationDuration({ started_at: null, finished_at: null }, 0), null);
});

test("hashes shortened to 12 digits, whole when short already", () => {
  const h = "5003d273b2ea0fc5a938c692b19cc0c8f41da1b50c1288c80c5a8f95956aceb2";
  assert.equal(shortHash(h), "5003d273b2ea…");
  assert.equal(shortHash("abc"), "abc");
});

test("a checkpoint's signature and agreement in words", () => {
  assert.equal(signatureWord(true), "valid");
  assert.equal(signatureWord(null), "not checked");
  assert.equal(signatureWord(false), "INVALID");
  assert.equal(agreesWord(true), "yes");
  assert.equal(agreesWord(false), "NO");
});

const OK = { signature_valid: true, agrees_with_log: true };

test("the checkpoints' summary: none, all good, one, the newest of many", () => {
  assert.equal(checkpointSummary([], 0).level, "none");
  const three = checkpointSummary([OK, OK, OK], 3);
  assert.equal(three.level, "ok");
  assert.equal(three.title, "All 3 checkpoints verify and agree with the log");
  assert.equal(checkpointSummary([OK], 1).title, "The checkpoint verifies and agrees with the log");
  const many = checkpointSummary(Array(20).fill(OK), 45);
  assert.equal(many.title, "All the newest 20 of 45 checkpoints verify and agree with the log");
});

test("the checkpoints' summary names what is wrong", () => {
  const tampered = { signature_valid: false, agrees_with_log: false };
  const one = checkpointSummary([tampered, OK, OK], 3);
  assert.equal(one.level, "bad");
  assert.equal(one.title, "1 of 3 checkpoints has a problem");
  assert.match(one.text, /^1 with an INVALID signature and 1 that does NOT agree with the log\./);
  const two = checkpointSummary([{ signature_valid: true, agrees_with_log: false }, tampered, OK], 3);
  assert.equal(two.title, "2 of 3 checkpoints have a problem");
  assert.match(two.text, /^1 with an INVALID signature and 2 that do NOT agree/);
  assert.equal(checkpointSummary([tampered], 1).title, "The checkpoint has a problem");
  // Without a public key: agreeing, but the signatures unchecked.
  const unchecked = checkpointSummary([{ signature_valid: null, agrees_with_log: true }, OK], 2);
  assert.equal(unchecked.level, "warning");
  assert.equal(unchecked.title, "All 2 checkpoints agree with the log");
  assert.match(unchecked.text, /^1 of their signatures was not checked/);
  const none = checkpointSummary([{ signature_valid: null, agrees_with_log: true }], 1);
  assert.match(none.text, /^Their signatures were not checked/);
  // A problem wins over an unchecked signature.
  assert.equal(checkpointSummary([{ signature_valid: null, agrees_with_log: false }], 1).level, "bad");
});

test("whom a token or an account reaches, and an account's status", () => {
  assert.equal(reachWords("customer", "acme", []), "acme");
  assert.equal(reachWords("customer_admin", null, []), "no tenant");
  assert.equal(reachWords("agent", null, []), "all tenants");
  assert.equal(reachWords("tenant_admin", null, ["acme", "globex"]), "acme, globex");
  assert.equal(accountStatusWord("invited"), "Invited");
  assert.equal(accountStatusWord("active"), "Active");
  assert.equal(accountStatusWord("disabled"), "Disabled");
});

test("a 422's fields folded onto the forms' fields", () => {
  assert.deepEqual(foldFields({ "scope[1]": "no such tenant", "user.email": "is required", tenant: "x" }), {
    scope: "no such tenant",
    holder_email: "is required",
    tenant: "x",
  });
  // The first message for a field wins.
  assert.deepEqual(foldFields({ "scope[0]": "a", "scope[1]": "b" }), { scope: "a" });
});

test("what the scope means for each role", () => {
  const platform = { role: "admin" as const, scope: [] };
  const tenantAdmin = { role: "tenant_admin" as const, scope: ["acme"] };
  assert.equal(accountScopeHint("admin", platform), null);
  assert.match(accountScopeHint("agent", platform) ?? "", /None ticked: every tenant/);
  assert.match(accountScopeHint("agent", tenantAdmin) ?? "", /at least one/);
  assert.match(accountScopeHint("tenant_admin", platform) ?? "", /at least one/);
});

test("the platform screens' routes and the tokens' page links", () => {
  assert.deepEqual(matchRoute("/admin/tokens"), { name: "adminTokens" });
  assert.deepEqual(matchRoute("/admin/log/"), { name: "adminLog" });
  assert.deepEqual(matchRoute("/admin/people"), { name: "adminPeople" });
  assert.deepEqual(matchRoute("/admin/people/acc_12%2Fab"), { name: "adminPerson", id: "acc_12/ab" });
  assert.deepEqual(matchRoute("/admin/people/a/b"), { name: "notFound" });
  assert.equal(tokensPath({ role: null, cursor: null }), "/admin/tokens");
  assert.equal(tokensPath({ role: "agent", cursor: "tok_1 2" }), "/admin/tokens?role=agent&cursor=tok_1+2");
});
