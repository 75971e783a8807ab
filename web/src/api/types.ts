// The schemas the screens show, named once. Every one comes from ticketd's
// OpenAPI document (through client.ts), never written by hand.

import type { components, paths } from "./client.js";

type Schemas = components["schemas"];

export type Ticket = Schemas["Ticket"];
export type TicketSummary = Schemas["TicketSummary"];
export type TicketStatus = Schemas["TicketStatus"];
export type Priority = Schemas["Priority"];
export type Category = Schemas["Category"];
export type Role = Schemas["Role"];
export type Message = Schemas["Message"];
export type Me = Schemas["Me"];
export type Envelope = Schemas["Envelope"];
export type EventType = Schemas["EventType"];
export type Metrics = Schemas["Metrics"];
export type SlaState = Schemas["SlaState"];

/** The queue's query parameters (GET /admin/v1/tickets). */
export type QueueQuery = NonNullable<paths["/admin/v1/tickets"]["get"]["parameters"]["query"]>;
export type QueueSort = NonNullable<QueueQuery["sort"]>;
