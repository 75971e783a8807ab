// How many tickets are in each status (GET /admin/v1/metrics), each a link
// to the queue filtered by it.

import { TICKET_STATUSES } from "../api/enums.js";
import type { Metrics } from "../api/types.js";
import { queueFiltersToSearch, withQueueFilter, type QueueFilters } from "../filters.js";
import { statusWord } from "../format.js";

export function StatusCounts({ metrics, filters }: { metrics: Metrics | null; filters: QueueFilters }) {
  if (!metrics) return null;
  const byStatus = metrics.tickets.by_status;
  return (
    <ul class="status-counts" aria-label="Tickets by status">
      {TICKET_STATUSES.map((s) => (
        <li key={s}>
          <a
            class={filters.status === s ? "status-count is-current" : "status-count"}
            href={`/queue${queueFiltersToSearch(withQueueFilter(filters, "status", s))}`}
            aria-current={filters.status === s ? "true" : undefined}
          >
            <span class="status-count__word">{statusWord(s, "staff")}</span>{" "}
            <span class="status-count__n">{byStatus[s] ?? 0}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
