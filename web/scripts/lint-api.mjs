#!/usr/bin/env node
// Lints ticketd's OpenAPI document with Redocly CLI (web/redocly.yaml) and
// fails on any problem: errors, warnings, and problems an ignore file hides.
// Redocly itself exits 0 when it finds only warnings, so the verdict comes
// from the totals of its JSON report instead. A rule that does not apply to
// ticketd is turned off in redocly.yaml, with a comment that says why.
//
// Usage: node scripts/lint-api.mjs OPENAPI.json   (the ctest test
// openapi_lint; `npm run lint:api` with TICKETD_OPENAPI set)
// Exit status: 0 clean, 1 problems found, 2 the lint itself could not run.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const doc = process.argv[2];
if (!doc || !existsSync(doc)) {
  console.error(`lint-api: no OpenAPI document at ${doc ?? "(none given)"}: build ticketd's web_client target first`);
  process.exit(2);
}

const run = spawnSync(
  join(web, "node_modules", ".bin", "redocly"),
  [
    "lint",
    `--config=${join(web, "redocly.yaml")}`,
    // A misspelt rule or severity in redocly.yaml would otherwise be a
    // warning about the config that leaves the rule silently at its default.
    "--lint-config=error",
    "--max-problems=1000",
    "--format=json",
    doc,
  ],
  {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    // A lint run must not phone home or nag from a build or a CI machine.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);

let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  // No report: Redocly did not get as far as linting (bad config, unreadable
  // document); what it said is on its stderr.
  process.stderr.write(run.stderr ?? "");
  console.error(`lint-api: redocly lint gave no report (exit status ${run.status ?? run.signal})`);
  process.exit(2);
}

for (const p of report.problems) {
  const where = p.location?.[0]?.pointer ?? "";
  console.log(`${p.severity === "error" ? "error  " : "warning"}  ${p.ruleId}  ${where}\n         ${p.message}`);
}
const { errors, warnings, ignored } = report.totals;
if (errors + warnings + ignored > 0) {
  console.log(`lint-api: ${doc}: ${errors} error(s), ${warnings} warning(s)`);
  if (ignored > 0) {
    console.log(`lint-api: and ${ignored} problem(s) an ignore file hides, which counts as failing too`);
  }
  console.log("lint-api: fix the document, or turn the rule off in web/redocly.yaml with a comment saying why");
  process.exit(1);
}
if (run.status !== 0) {
  // Redocly failed although its report is clean: never call that a pass.
  process.stderr.write(run.stderr ?? "");
  console.error(`lint-api: redocly lint exited ${run.status ?? run.signal} with a clean report`);
  process.exit(2);
}
console.log(`lint-api: ${doc}: no errors, no warnings (Redocly ${report.version}, web/redocly.yaml)`);
