// The last whole-log verification (Audit.verification): its state in words,
// a progress bar while it runs, who asked, when, how long it took, how many
// records it checked of the head, the head's hash, and on failure the
// problem and the first bad position. The verdict lives in ticketd's memory
// only: after a restart it is "never" again.

import { progressFraction, verificationDuration, verificationWords, count, type Verification } from "../../audit.js";
import { useNow } from "../../hooks.js";
import { LocalTime } from "../LocalTime.js";
import { HashValue } from "./HashValue.js";

export function VerificationPanel({ verification: v }: { verification: Verification }) {
  const running = v.state === "running";
  const now = useNow(running ? 1000 : 30_000);
  const words = verificationWords(v);
  const took = verificationDuration(v, now);
  return (
    <div class={`verdict verdict--${words.level}`}>
      <p class="verdict__title">
        <span class="visually-hidden">Last verification: </span>
        {words.title}
      </p>
      <p class="verdict__text">{words.text}</p>
      {running && (
        <div class="verify-progress">
          <label for="verify-progress">Records checked</label>
          <progress
            id="verify-progress"
            max={Math.max(v.head, 1)}
            value={v.head === 0 ? 1 : v.checked}
            aria-valuetext={`${count(v.checked)} of ${count(v.head)}`}
          >
            {Math.round(progressFraction(v) * 100)}%
          </progress>
          <span class="verify-progress__count" aria-hidden="true">
            {count(v.checked)} / {count(v.head)}
          </span>
        </div>
      )}
      {v.state !== "never" && (
        <dl class="facts audit-facts">
          <dt>Asked by</dt>
          <dd class="code-text">{v.requested_by ?? "—"}</dd>
          <dt>Started</dt>
          <dd>{v.started_at ? <LocalTime iso={v.started_at} /> : "—"}</dd>
          {!running && (
            <>
              <dt>Finished</dt>
              <dd>{v.finished_at ? <LocalTime iso={v.finished_at} /> : "—"}</dd>
            </>
          )}
          <dt>{running ? "Running for" : "Took"}</dt>
          <dd>{took ?? "—"}</dd>
          {!running && (
            <>
              <dt>Records checked</dt>
              <dd>
                {count(v.checked)} of {count(v.head)}
              </dd>
            </>
          )}
          <dt>Head hash</dt>
          <dd>{v.head_hash ? <HashValue hash={v.head_hash} of={`position ${v.head}`} /> : "—"}</dd>
          {v.first_bad_position !== null && (
            <>
              <dt>First bad position</dt>
              <dd>{count(v.first_bad_position)}</dd>
            </>
          )}
          {v.problem && (
            <>
              <dt>Problem</dt>
              <dd class="break-anywhere">{v.problem}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
