// The queue: one row per ticket, its subject a link to the ticket. The row
// picked with j/k is marked (and its link focused, so Enter opens it).

import type { TicketSummary } from "../api/types.js";
import { priorityWord } from "../format.js";
import { ticketPath } from "../router.js";
import { SlaDue } from "./SlaDue.js";
import { StatusTag } from "./StatusTag.js";

interface Props {
  tickets: readonly TicketSummary[];
  now: number;
  /** The row j/k picked, or -1. */
  current: number;
  onPick: (index: number) => void;
}

export function QueueTable({ tickets, now, current, onPick }: Props) {
  return (
    <div class="table-wrap">
      <table class="table queue-table" aria-label="Queue">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Subject</th>
            <th scope="col">Tenant</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Assignee</th>
            <th scope="col">SLA due</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t, i) => (
            <tr key={t.id} class={i === current ? "is-current" : undefined}>
              <td class="key">{t.key}</td>
              <td>
                <a class="row-link" href={ticketPath(t.key, false)} onFocus={() => onPick(i)}>
                  {t.subject}
                </a>
                {t.escalation_level > 0 && <span class="tag tag--escalated">Escalated</span>}
              </td>
              <td>{t.tenant}</td>
              <td>
                <StatusTag status={t.status} audience="staff" />
              </td>
              <td>
                <span class={`priority priority--${t.priority}`}>{priorityWord(t.priority)}</span>
              </td>
              <td>{t.assignee ?? <span class="muted">Unassigned</span>}</td>
              <td class="nowrap">
                <SlaDue ticket={t} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
