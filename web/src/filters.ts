// Filters live in the URL's query string, so a filtered queue is a link
// that can be saved, shared and reloaded. These functions map between the
// two; a value that is not one the API accepts is dropped, not sent.

import { CATEGORIES, PRIORITIES, QUEUE_SORTS, TICKET_STATUSES, isOneOf } from "./api/enums.js";
import type { Category, Priority, QueueQuery, QueueSort, TicketStatus } from "./api/types.js";

/** The agent queue's filters; absent means "any". */
export interface QueueFilters {
  status?: TicketStatus;
  priority?: Priority;
  tenant?: string;
  /** An agent's id, or `none` for unassigned tickets. */
  assignee?: string;
  category?: Category;
  /** One tag the tickets carry. */
  tag?: string;
  /** "true": only escalated tickets; "false": only those never escalated. */
  escalated?: YesNo;
  /** "true": only tickets past an SLA target; "false": only those within. */
  breached?: YesNo;
  /** Words in the subject. */
  q?: string;
  sort?: QueueSort;
}

/** A yes/no filter as the URL (and the API) spells it. */
export type YesNo = "true" | "false";
const YES_NO = ["true", "false"] as const;

/** The order of the parameters in a URL, so one filter has one URL. */
const QUEUE_KEYS = [
  "status",
  "priority",
  "tenant",
  "assignee",
  "category",
  "tag",
  "escalated",
  "breached",
  "q",
  "sort",
] as const;
export type QueueFilterKey = (typeof QUEUE_KEYS)[number];

/** The filters a query string ("?status=open&q=login", with or without "?") names. */
export function queueFiltersFromSearch(search: string): QueueFilters {
  const params = new URLSearchParams(search);
  const filters: QueueFilters = {};
  const status = params.get("status");
  if (status !== null && isOneOf(TICKET_STATUSES, status)) filters.status = status;
  const priority = params.get("priority");
  if (priority !== null && isOneOf(PRIORITIES, priority)) filters.priority = priority;
  const sort = params.get("sort");
  if (sort !== null && isOneOf(QUEUE_SORTS, sort)) filters.sort = sort;
  const category = params.get("category");
  if (category !== null && isOneOf(CATEGORIES, category)) filters.category = category;
  for (const key of ["escalated", "breached"] as const) {
    const value = params.get(key);
    if (value !== null && isOneOf(YES_NO, value)) filters[key] = value;
  }
  for (const key of ["tenant", "assignee", "tag", "q"] as const) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** The query string for `filters`: "" when there are none, else "?a=b&...". */
export function queueFiltersToSearch(filters: QueueFilters): string {
  const params = new URLSearchParams();
  for (const key of QUEUE_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** `filters` with one of them changed; an empty value removes it. */
export function withQueueFilter(filters: QueueFilters, key: QueueFilterKey, value: string): QueueFilters {
  const next: Record<string, string> = {};
  for (const k of QUEUE_KEYS) {
    const v = k === key ? value : filters[k];
    if (v) next[k] = v;
  }
  // Re-validated: a select's value is a string like any other.
  return queueFiltersFromSearch(new URLSearchParams(next).toString());
}

/** The query of GET /admin/v1/tickets for `filters`, a page's cursor and its size. */
export function queueQuery(filters: QueueFilters, page: { cursor?: string; limit?: number } = {}): QueueQuery {
  const query: QueueQuery = {};
  if (filters.status) query.status = filters.status;
  if (filters.priority) query.priority = filters.priority;
  if (filters.tenant) query.tenant = filters.tenant;
  if (filters.assignee) query.assignee = filters.assignee;
  if (filters.category) query.category = filters.category;
  if (filters.tag) query.tag = filters.tag;
  if (filters.escalated) query.escalated = filters.escalated === "true";
  if (filters.breached) query.breached = filters.breached === "true";
  if (filters.q) query.q = filters.q;
  if (filters.sort) query.sort = filters.sort;
  if (page.cursor) query.cursor = page.cursor;
  if (page.limit) query.limit = page.limit;
  return query;
}

/** The customer portal's one filter: a status, or all of them (null). */
export function portalStatusFromSearch(search: string): TicketStatus | null {
  const status = new URLSearchParams(search).get("status");
  return status !== null && isOneOf(TICKET_STATUSES, status) ? status : null;
}

export function portalStatusToSearch(status: TicketStatus | null): string {
  return status ? `?status=${status}` : "";
}
