// The queue's filters. Each is in the URL (filters.ts), so a filtered queue
// is a link to save or share: a select applies at once, a text field when
// the person stops typing (or presses Enter).

import { useEffect, useRef, useState } from "preact/hooks";

import { CATEGORIES, PRIORITIES, QUEUE_SORTS, TICKET_STATUSES } from "../api/enums.js";
import {
  queueFiltersToSearch,
  withQueueFilter,
  type QueueFilterKey,
  type QueueFilters as Filters,
} from "../filters.js";
import { categoryWord, priorityWord, sortWord, statusWord } from "../format.js";
import { navigate } from "../router.js";
import { SelectField, TextField } from "./Field.js";

const ALL = { value: "", label: "All" };
const STATUS_OPTIONS = [ALL, ...TICKET_STATUSES.map((s) => ({ value: s, label: statusWord(s, "staff") }))];
const PRIORITY_OPTIONS = [ALL, ...PRIORITIES.map((p) => ({ value: p, label: priorityWord(p) }))];
const CATEGORY_OPTIONS = [ALL, ...CATEGORIES.map((c) => ({ value: c, label: categoryWord(c) }))];
const ESCALATED_OPTIONS = [ALL, { value: "true", label: "Escalated" }, { value: "false", label: "Not escalated" }];
const BREACHED_OPTIONS = [ALL, { value: "true", label: "Breached" }, { value: "false", label: "Within SLA" }];
const SORT_OPTIONS = QUEUE_SORTS.map((s) => ({ value: s, label: sortWord(s) }));

const TYPING_MS = 400;

const TEXT_KEYS = ["tenant", "assignee", "tag", "q"] as const;
type TextKey = (typeof TEXT_KEYS)[number];

type SelectKey = Exclude<QueueFilterKey, TextKey | "sort">;

/** The filters in the order the form shows them: a select applies at once, a text when typed. */
const FIELDS: readonly (
  | { kind: "select"; key: SelectKey; label: string; options: { value: string; label: string }[] }
  | { kind: "text"; key: TextKey; label: string; hint?: string }
)[] = [
  { kind: "select", key: "status", label: "Status", options: STATUS_OPTIONS },
  { kind: "select", key: "priority", label: "Priority", options: PRIORITY_OPTIONS },
  { kind: "text", key: "tenant", label: "Tenant" },
  { kind: "text", key: "assignee", label: "Assignee", hint: "none: unassigned" },
  { kind: "select", key: "category", label: "Category", options: CATEGORY_OPTIONS },
  { kind: "text", key: "tag", label: "Tag" },
  { kind: "select", key: "escalated", label: "Escalation", options: ESCALATED_OPTIONS },
  { kind: "select", key: "breached", label: "SLA", options: BREACHED_OPTIONS },
  { kind: "text", key: "q", label: "Search", hint: "Words in the subject" },
];

function typedText(filters: Filters): Record<TextKey, string> {
  return { tenant: filters.tenant ?? "", assignee: filters.assignee ?? "", tag: filters.tag ?? "", q: filters.q ?? "" };
}

export function QueueFilters({ filters }: { filters: Filters }) {
  // Text fields hold what is typed until it is applied.
  const [text, setText] = useState<Record<TextKey, string>>(() => typedText(filters));
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const latest = useRef(filters);
  latest.current = filters;

  // The URL changed elsewhere (back button, a status link): show it.
  useEffect(() => {
    setText(typedText(filters));
  }, [filters.tenant, filters.assignee, filters.tag, filters.q]);
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
    for (const key of TEXT_KEYS) next = withQueueFilter(next, key, text[key]);
    apply(next, false);
  };

  return (
    <form class="filters queue-filters" role="search" aria-label="Queue filters" onSubmit={applyTyped}>
      {FIELDS.map((field) =>
        field.kind === "select" ? (
          <SelectField
            key={field.key}
            id={`filter-${field.key}`}
            label={field.label}
            options={field.options}
            value={filters[field.key] ?? ""}
            onChange={(e) => choose(field.key, e.currentTarget.value)}
          />
        ) : (
          <TextField
            key={field.key}
            id={`filter-${field.key}`}
            label={field.label}
            hint={field.hint}
            hintBelow={field.hint !== undefined}
            spellcheck={field.key !== "q" ? false : undefined}
            autocomplete="off"
            value={text[field.key]}
            onInput={(e) => type(field.key, e.currentTarget.value)}
          />
        ),
      )}
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
