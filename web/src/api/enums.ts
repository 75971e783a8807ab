// The values of the document's enums, for the selects that offer them. The
// types come from the schema; `every` makes a list that misses one of them
// (a status added on the server, say) fail the type check.

import type { Category, Priority, QueueSort, Role, TicketStatus } from "./types.js";

type Exhaustive<T extends string, A extends readonly T[]> = [T] extends [A[number]]
  ? A
  : { missing: Exclude<T, A[number]> };

function every<T extends string>() {
  return <const A extends readonly T[]>(values: A & Exhaustive<T, A>): A => values;
}

/** In the order a ticket usually goes through them. */
export const TICKET_STATUSES = every<TicketStatus>()([
  "open",
  "in_progress",
  "waiting_on_customer",
  "on_hold",
  "resolved",
  "closed",
]);

/** Least urgent first. */
export const PRIORITIES = every<Priority>()(["low", "medium", "high", "urgent"]);

export const CATEGORIES = every<Category>()([
  "general",
  "technical",
  "account",
  "billing",
  "bug",
  "feature_request",
]);

export const ROLES = every<Role>()(["customer", "customer_admin", "agent", "tenant_admin", "admin"]);

export const QUEUE_SORTS = every<QueueSort>()([
  "-created",
  "created",
  "-updated",
  "updated",
  "priority",
  "-priority",
  "due",
  "-due",
]);

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
