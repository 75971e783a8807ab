// The newest signed checkpoints (Audit.checkpoints, newest first), each
// checked by ticketd as the page asked: is the signature valid for the key,
// does the log still have the signed hash at that position. A sentence
// above says how they stand as a whole; words, not colours, carry it.

import {
  agreesWord,
  checkpointBad,
  checkpointSummary,
  count,
  signatureWord,
  type CheckpointStatus,
} from "../../audit.js";
import { LocalTime } from "../LocalTime.js";
import { HashValue } from "./HashValue.js";

interface Props {
  checkpoints: CheckpointStatus[];
  total: number;
}

export function CheckpointsTable({ checkpoints, total }: Props) {
  const summary = checkpointSummary(checkpoints, total);
  return (
    <>
      <div class={`verdict verdict--${summary.level}`} id="checkpoints-summary">
        <p class="verdict__title">{summary.title}</p>
        <p class="verdict__text">{summary.text}</p>
      </div>
      {checkpoints.length > 0 && (
        <div class="table-wrap">
          <table class="table checkpoints-table" aria-describedby="checkpoints-summary">
            <caption class="visually-hidden">Signed checkpoints, newest first</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Position
                </th>
                <th scope="col">Time</th>
                <th scope="col">Hash</th>
                <th scope="col">Signature</th>
                <th scope="col">Agrees with the log</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {checkpoints.map((c) => (
                <tr key={c.position} class={checkpointBad(c) ? "checkpoint--bad" : undefined}>
                  <th scope="row" class="num">
                    {count(c.position)}
                  </th>
                  <td>{c.time ? <LocalTime iso={c.time} /> : "—"}</td>
                  <td>{c.hash ? <HashValue hash={c.hash} of={`checkpoint ${c.position}`} /> : "—"}</td>
                  <td>
                    <span class={`mark mark--${markOf(c.signature_valid)}`}>{signatureWord(c.signature_valid)}</span>
                  </td>
                  <td>
                    <span class={`mark mark--${markOf(c.agrees_with_log)}`}>{agreesWord(c.agrees_with_log)}</span>
                  </td>
                  <td class="break-anywhere checkpoint__problem">{c.problem ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > checkpoints.length && (
        <p class="muted">
          The newest {count(checkpoints.length)} of {count(total)} checkpoints are shown. Older ones are in the data
          directory, and <code>ticketctl verify --checkpoint FILE</code> checks any of them.
        </p>
      )}
    </>
  );
}

/** The mark before a yes/no: ✓, ✗, or none for "not checked". */
function markOf(value: boolean | null): "ok" | "bad" | "none" {
  if (value === null) return "none";
  return value ? "ok" : "bad";
}
