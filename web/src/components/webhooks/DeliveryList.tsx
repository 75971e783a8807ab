// A webhook's deliveries, newest first: each one's status in words (and a
// mark, never colour alone), the event it carries, its log position, when it
// was queued and, while pending, when ticketd tries next; its attempts
// (time, outcome, HTTP status, error) behind a <details>.

import type { Delivery } from "../../api/types.js";
import { formatInstant } from "../../format.js";
import { TableHead } from "../TableHead.js";
import { attemptOutcomeWord, attemptsSummary, deliveryStatusWord, formatPreciseTime } from "./rules.js";

const STATUS_MARK: Record<Delivery["status"], string> = {
  pending: "○",
  delivered: "✓",
  dead_lettered: "✕",
};

function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatInstant(iso)}>
      {formatPreciseTime(iso)}
    </time>
  );
}

/**
 * ticketd sends one ticket's deliveries in order: a pending delivery not yet
 * tried waits for an earlier pending one of the same stream, if one is shown.
 */
function waitingFor(d: Delivery, all: readonly Delivery[]): Delivery | undefined {
  if (d.status !== "pending" || d.attempts.length > 0) return undefined;
  return all.find((o) => o.status === "pending" && o.stream === d.stream && o.position < d.position);
}

export function DeliveryList({ deliveries }: { deliveries: readonly Delivery[] }) {
  return (
    <ol class="record-list delivery-list" aria-label="Deliveries, newest first">
      {deliveries.map((d) => (
        <li key={d.id} class={`record delivery delivery--${d.status}`}>
          <div class="record__head">
            <span class={`tag delivery-status delivery-status--${d.status}`}>
              <span aria-hidden="true">{STATUS_MARK[d.status]} </span>
              <span>{deliveryStatusWord(d.status)}</span>
            </span>
            <h3 class="record__title code-text">{d.event_type}</h3>
          </div>
          <dl class="record__facts">
            <div>
              <dt>Position</dt>
              <dd class="code-text">{d.position}</dd>
            </div>
            <div>
              <dt>Stream</dt>
              <dd class="code-text">{d.stream || "—"}</dd>
            </div>
            <div>
              <dt>Queued</dt>
              <dd>
                <Time iso={d.queued_at} />
              </dd>
            </div>
            {d.status === "pending" && (
              <div>
                <dt>Next attempt</dt>
                <dd>
                  <NextAttempt delivery={d} before={waitingFor(d, deliveries)} />
                </dd>
              </div>
            )}
          </dl>
          {d.attempts.length === 0 ? (
            <p class="muted delivery__none">Not tried yet.</p>
          ) : (
            <details class="attempts">
              <summary>{attemptsSummary(d)}</summary>
              <div class="table-wrap">
                <table class="table attempts-table">
                  <caption class="visually-hidden">
                    Attempts to deliver {d.event_type} at position {d.position}
                  </caption>
                  <TableHead columns={["Attempt", "Time", "Outcome", "HTTP status", "Error"]} />
                  <tbody>
                    {d.attempts.map((a, i) => (
                      <tr key={i}>
                        <td>{a.attempt}</td>
                        <td class="nowrap">
                          <Time iso={a.at} />
                        </td>
                        <td>{attemptOutcomeWord(a.outcome)}</td>
                        <td>{a.status ?? <span class="muted">none</span>}</td>
                        <td class="break-anywhere">{a.error ?? <span class="muted">none</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

function NextAttempt({ delivery, before }: { delivery: Delivery; before: Delivery | undefined }) {
  if (delivery.next_attempt_at) return <Time iso={delivery.next_attempt_at} />;
  if (before) return <>After position {before.position} (same stream, sent in order)</>;
  return <>As soon as possible</>;
}
