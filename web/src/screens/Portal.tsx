// /portal: the customer's tickets, newest first, filtered by status
// (?status=open, so a filter is a link), a page at a time.

import { api } from "../api/client.js";
import { TICKET_STATUSES, isOneOf } from "../api/enums.js";
import { ownWrites } from "../api/own_writes.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { SelectField } from "../components/Field.js";
import { FlashNotice } from "../components/FlashNotice.js";
import { MyTicketsTable } from "../components/MyTicketsTable.js";
import { LoadMore } from "../components/LoadMore.js";
import { portalStatusFromSearch, portalStatusToSearch } from "../filters.js";
import { statusWord } from "../format.js";
import { usePageTitle } from "../hooks.js";
import { usePagedList } from "../paging.js";
import { navigate, type Location } from "../router.js";

const STATUS_OPTIONS = [
  { value: "", label: "All" },
  ...TICKET_STATUSES.map((s) => ({ value: s, label: statusWord(s, "customer") })),
];

export function Portal({ location }: { location: Location }) {
  usePageTitle("My tickets");
  const status = portalStatusFromSearch(location.search);
  const list = usePagedList(async ({ cursor, limit }) => {
    const { data } = await api.GET("/v1/tickets", {
      params: {
        query: {
          ...(status ? { status } : {}),
          ...(cursor ? { cursor } : {}),
          ...(limit ? { limit } : {}),
          ...ownWrites(),
        },
      },
    });
    return data ?? { items: [], next_cursor: null };
  }, status ?? "");

  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>My tickets</h1>
        <a class="button button--primary" href="/portal/new">
          New ticket
        </a>
      </div>
      <FlashNotice />
      <div class="filters">
        <SelectField
          id="portal-status"
          label="Status"
          options={STATUS_OPTIONS}
          value={status ?? ""}
          onChange={(e) => {
            const value = e.currentTarget.value;
            navigate(`/portal${portalStatusToSearch(isOneOf(TICKET_STATUSES, value) ? value : null)}`);
          }}
        />
      </div>
      <ErrorSummary error={list.error} />
      {list.loading === "first" ? (
        <p class="loading">Loading your tickets…</p>
      ) : list.items.length === 0 && !list.error ? (
        <p class="empty">
          {status ? "No tickets with this status." : "You have no tickets yet. "}
          {!status && <a href="/portal/new">Open one</a>}
        </p>
      ) : (
        <MyTicketsTable tickets={list.items} />
      )}
      <LoadMore list={list} />
    </>
  );
}
