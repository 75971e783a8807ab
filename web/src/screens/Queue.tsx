// /queue: the agent's queue (GET /admin/v1/tickets) with its filters in the
// URL, counts by status, SLA countdowns, a page at a time, kept up to date
// by the event stream (live.ts), and j/k/Enter to move through it.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import { api } from "../api/client.js";
import { ownWrites } from "../api/own_writes.js";
import type { Envelope, Metrics } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { FlashNotice } from "../components/FlashNotice.js";
import { QueueFilters } from "../components/QueueFilters.js";
import { QueueTable } from "../components/QueueTable.js";
import { StatusCounts } from "../components/StatusCounts.js";
import { queueFiltersFromSearch, queueFiltersToSearch, queueQuery } from "../filters.js";
import { useNow, usePageTitle } from "../hooks.js";
import { debounce, useLiveTickets } from "../live.js";
import { usePagedList } from "../paging.js";
import { navigate, ticketPath, type Location } from "../router.js";
import { useShortcuts } from "../shortcuts.js";

const LIVE_DEBOUNCE_MS = 500;

export function Queue({ location }: { location: Location }) {
  usePageTitle("Queue");
  const now = useNow();
  const filters = useMemo(() => queueFiltersFromSearch(location.search), [location.search]);
  const filterKey = queueFiltersToSearch(filters);
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [current, setCurrent] = useState(-1);

  const list = usePagedList(async (page) => {
    const { data } = await api.GET("/admin/v1/tickets", {
      params: { query: { ...queueQuery(filters, page), ...ownWrites() } },
    });
    return data ?? { items: [], next_cursor: null };
  }, filterKey);

  const loadMetrics = () => {
    const query = { ...(filters.tenant ? { tenant: filters.tenant } : {}), ...ownWrites() };
    api
      .GET("/admin/v1/metrics", { params: { query } })
      .then(({ data }) => setMetrics(data ?? null))
      .catch(() => setMetrics(null)); // the counts are a help, not the queue
  };
  useEffect(loadMetrics, [filters.tenant]);
  useEffect(() => setCurrent(-1), [filterKey]);

  // A burst of events (a bulk change, an automation) is one refetch.
  const reload = useRef(() => {});
  reload.current = () => {
    list.refresh();
    loadMetrics();
  };
  const refresh = useMemo(() => debounce(() => reload.current(), LIVE_DEBOUNCE_MS), []);
  useEffect(() => refresh.cancel, []);
  useLiveTickets((_event: Envelope | null) => refresh());

  const pick = (index: number) => {
    const row = document.querySelectorAll<HTMLAnchorElement>(".queue-table .row-link")[index];
    if (!row) return;
    setCurrent(index);
    row.focus();
  };
  useShortcuts({
    j: () => pick(Math.min(current + 1, list.items.length - 1)),
    k: () => pick(Math.max(current - 1, 0)),
    Enter: () => {
      // Enter on a link or a button already does what it does.
      const ticket = list.items[current];
      const active = document.activeElement;
      if (!ticket || (active && active !== document.body && active.id !== "main")) return false;
      navigate(ticketPath(ticket.key, false));
      return true;
    },
  });

  return (
    <>
      <h1 tabIndex={-1}>Queue</h1>
      <FlashNotice />
      <StatusCounts metrics={metrics} filters={filters} />
      <QueueFilters filters={filters} />
      <ErrorSummary error={list.error} />
      {list.loading === "first" ? (
        <p class="loading">Loading the queue…</p>
      ) : list.items.length === 0 && !list.error ? (
        <p class="empty">No tickets match these filters.</p>
      ) : (
        <QueueTable tickets={list.items} now={now} current={current} onPick={setCurrent} />
      )}
      <div class="actions">
        {list.more && (
          <button type="button" class="button" disabled={list.loading !== null} onClick={list.loadMore}>
            Load more
          </button>
        )}
        <p class="muted live-hint" aria-live="off">
          {list.items.length} shown. Press <kbd>?</kbd> to see all shortcuts.
        </p>
      </div>
    </>
  );
}
