// The queue's filters. Each is in the URL (filters.ts), so a filtered queue
// is a link to save or share: a select applies at once, a text field when
// the person stops typing (or presses Enter).

import { useEffect, useRef, useState } from "preact/hooks";

import { PRIORITIES, QUEUE_SORTS, TICKET_STATUSES } from "../api/enums.js";
import {
  queueFiltersToSearch,
  withQueueFilter,
  type QueueFilterKey,
  type QueueFilters as Filters,
} from "../filters.js";
import { priorityWord, sortWord, statusWord } from "../format.js";
import { navigate } from "../router.js";
import { SelectField, TextField } from "./Field.js";

const ALL = { value: "", label: "All" };
const STATUS_OPTIONS = [ALL, ...TICKET_STATUSES.map((s) => ({ value: s, label: statusWord(s, "staff") }))];
const PRIORITY_OPTIONS = [ALL, ...PRIORITIES.map((p) => ({ value: p, label: priorityWord(p) }))];
const SORT_OPTIONS = QUEUE_SORTS.map((s) => ({ value: s, label: sortWord(s) }));

const TYPING_MS = 400;

type TextKey = "tenant" | "assignee" | "q";

export function QueueFilters({ filters }: { filters: Filters }) {
  // Text fields hold what is typed until it is applied.
  const [text, setText] = useState<Record<TextKey, string>>({
    tenant: filters.tenant ?? "",
    assignee: filters.assignee ?? "",
    q: filters.q ?? "",
  });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const latest = useRef(filters);
  latest.current = filters;

  // The URL changed elsewhere (back button, a status link): show it.
  useEffect(() => {
    setText({ tenant: filters.tenant ?? "", assignee: filters.assignee ?? "", q: filters.q ?? "" });
  }, [filters.tenant, filters.assignee, filters.q]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (next: Filters, replace: boolean) => navigate(`/queue${queueFiltersToSearch(next)}`, { replace });
  const choose = (key: QueueFilterKey, value: string) => apply(withQueueFilter(latest.current, key, value), false);
  const type = (key: TextKey, value: string) => {
    setText((t) => ({ ...t, [key]: value }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(withQueueFilter(latest.current, key, value), true), TYPING_MS);
  };
  const applyTyped = (event: Event) => {
    event.preventDefault();
    clearTimeout(timer.current);
    let next = latest.current;
    for (const key of ["tenant", "assignee", "q"] as const) next = withQueueFilter(next, key, text[key]);
    apply(next, false);
  };

  return (
    <form class="filters queue-filters" role="search" aria-label="Queue filters" onSubmit={applyTyped}>
      <SelectField
        id="filter-status"
        label="Status"
        options={STATUS_OPTIONS}
        value={filters.status ?? ""}
        onChange={(e) => choose("status", e.currentTarget.value)}
      />
      <SelectField
        id="filter-priority"
        label="Priority"
        options={PRIORITY_OPTIONS}
        value={filters.priority ?? ""}
        onChange={(e) => choose("priority", e.currentTarget.value)}
      />
      <TextField
        id="filter-tenant"
        label="Tenant"
        spellcheck={false}
        autocomplete="off"
        value={text.tenant}
        onInput={(e) => type("tenant", e.currentTarget.value)}
      />
      <TextField
        id="filter-assignee"
        label="Assignee"
        hint="none: unassigned"
        hintBelow
        spellcheck={false}
        autocomplete="off"
        value={text.assignee}
        onInput={(e) => type("assignee", e.currentTarget.value)}
      />
      <TextField
        id="filter-q"
        label="Search"
        hint="Words in the subject"
        hintBelow
        autocomplete="off"
        value={text.q}
        onInput={(e) => type("q", e.currentTarget.value)}
      />
      <SelectField
        id="filter-sort"
        label="Sort"
        options={SORT_OPTIONS}
        value={filters.sort ?? "-created"}
        onChange={(e) => choose("sort", e.currentTarget.value === "-created" ? "" : e.currentTarget.value)}
      />
      <div class="filters__actions">
        <button type="submit" class="button">
          Apply
        </button>
        <a class="button button--quiet" href="/queue">
          Clear filters
        </a>
      </div>
    </form>
  );
}
