// What the log's integrity page (/admin/log) says about GET /admin/v1/audit,
// decided without the DOM: a verification's state in words, how long it
// took, the sentence that sums up the signed checkpoints, a hash shortened
// for a table. Pure (test/audit.test.ts). README.md, "For auditors", is
// what these words stand for.

import type { components } from "./api/client.js";

export type Audit = components["schemas"]["Audit"];
export type Verification = components["schemas"]["Verification"];
export type CheckpointStatus = components["schemas"]["CheckpointStatus"];
export type VerificationState = Verification["state"];

/** How a piece of news should look: good, bad, something to note, or nothing yet. */
export type Level = "ok" | "bad" | "warning" | "none";

export interface Words {
  level: Level;
  /** A short heading: "Passed". */
  title: string;
  /** The sentence under it. */
  text: string;
}

/** The last whole-log verification, in words. */
export function verificationWords(v: Verification): Words {
  switch (v.state) {
    case "never":
      return {
        level: "none",
        title: "Not verified yet",
        text:
          "Nobody has asked for a whole-log verification since ticketd started " +
          "(it checks the log against its signed checkpoints as it starts).",
      };
    case "running":
      return {
        level: "warning",
        title: "Running",
        text: `Walking the log to position ${count(v.head)}: each record's hash, then the indexes.`,
      };
    case "passed":
      return {
        level: "ok",
        title: "Passed",
        text:
          v.head === 0
            ? "The log is empty: there was nothing to check yet."
            : `Every record from position 1 to ${count(v.head)} is intact: the hash chain and the indexes check.`,
      };
    case "failed":
      return {
        level: "bad",
        title: "FAILED: the log is damaged",
        text:
          v.first_bad_position === null
            ? "The walk found damage."
            : `The walk found damage at position ${count(v.first_bad_position)}.`,
      };
    case "error":
      return {
        level: "bad",
        title: "Could not finish",
        text: "The walk stopped before the end, so nothing is known about the records it did not reach.",
      };
  }
}

/** checked of head, from 0 to 1 (1 for an empty log). */
export function progressFraction(v: Pick<Verification, "checked" | "head">): number {
  if (v.head <= 0) return 1;
  return Math.min(1, Math.max(0, v.checked / v.head));
}

/**
 * How long a verification took (or has run, given `now`), precise enough for
 * walks that last milliseconds: "6 ms", "1.2 s", "42 s", "3 min 5 s", "2 h 10 min".
 * null when it has not started.
 */
export function verificationDuration(v: Pick<Verification, "started_at" | "finished_at">, now: number): string | null {
  if (!v.started_at) return null;
  const start = Date.parse(v.started_at);
  const end = v.finished_at ? Date.parse(v.finished_at) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return preciseDuration(end - start);
}

export function preciseDuration(ms: number): string {
  const t = Math.max(0, ms);
  if (t < 1000) return `${Math.round(t)} ms`;
  if (t < 10_000) return `${(Math.round(t / 100) / 10).toFixed(1)} s`;
  const s = Math.round(t / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`;
  }
  const m = Math.round(s / 60);
  return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The first 12 hex digits and an ellipsis: enough to tell hashes apart by eye. */
export function shortHash(hash: string, digits = 12): string {
  return hash.length <= digits + 1 ? hash : `${hash.slice(0, digits)}…`;
}

/** A checkpoint's signature: checked and good, not checked (no public key), or bad. */
export function signatureWord(valid: boolean | null): "valid" | "not checked" | "INVALID" {
  if (valid === null) return "not checked";
  return valid ? "valid" : "INVALID";
}

export function agreesWord(agrees: boolean): "yes" | "NO" {
  return agrees ? "yes" : "NO";
}

/** A checkpoint that says something is wrong: a bad signature or another hash than the log's. */
export function checkpointBad(c: Pick<CheckpointStatus, "signature_valid" | "agrees_with_log">): boolean {
  return c.signature_valid === false || !c.agrees_with_log;
}

/**
 * The sentence above the checkpoints table. `shown` are the newest ones the
 * API returned (20 at most), `total` how many files there are.
 */
export function checkpointSummary(
  shown: readonly Pick<CheckpointStatus, "signature_valid" | "agrees_with_log">[],
  total: number,
): Words {
  const n = shown.length;
  if (n === 0) {
    return {
      level: "none",
      title: "No signed checkpoints yet",
      text:
        "ticketd signs one every checkpoint interval while the log grows, and one more when it stops. " +
        "Until there is one, nothing outside ticketd vouches for the log.",
    };
  }
  const which = n < total ? `the newest ${count(n)} of ${count(total)} checkpoints` : plural(n, "checkpoint");
  const invalid = shown.filter((c) => c.signature_valid === false).length;
  const disagree = shown.filter((c) => !c.agrees_with_log).length;
  const unchecked = shown.filter((c) => c.signature_valid === null).length;
  const bad = shown.filter(checkpointBad).length;
  if (bad > 0) {
    const parts: string[] = [];
    if (invalid > 0) parts.push(`${count(invalid)} with an INVALID signature`);
    if (disagree > 0) parts.push(`${count(disagree)} that ${disagree === 1 ? "does" : "do"} NOT agree with the log`);
    return {
      level: "bad",
      title:
        n === 1 && n === total
          ? "The checkpoint has a problem"
          : `${count(bad)} of ${which} ${bad === 1 ? "has" : "have"} a problem`,
      text:
        `${capitalise(parts.join(" and "))}. A checkpoint that does not agree means the history up to it ` +
        "was rewritten or lost; an invalid signature means the checkpoint itself was changed or signed " +
        "with another key. See the problem in each row.",
    };
  }
  if (unchecked > 0) {
    return {
      level: "warning",
      title: `${capitalise(all(n, which))} ${n === 1 ? "agrees" : "agree"} with the log`,
      text:
        (unchecked === n
          ? "Their signatures were"
          : `${count(unchecked)} of their signatures ${unchecked === 1 ? "was" : "were"}`) +
        " not checked: " +
        "ticketd has no public key to check them with.",
    };
  }
  return {
    level: "ok",
    title: `${capitalise(all(n, which))} ${n === 1 ? "verifies and agrees" : "verify and agree"} with the log`,
    text:
      "Each signature is valid for the signing key on this page, and the log still has the signed hash at " +
      "each position.",
  };
}

/** "All 3 checkpoints", "The checkpoint", "All the newest 20 of 45 checkpoints". */
function all(n: number, which: string): string {
  if (n === 1 && !which.startsWith("the newest")) return "the checkpoint";
  return `all ${which}`;
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? "" : "s"}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A whole number with the locale-neutral digit grouping the rest of the page uses. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
