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
/** A file on a message, with the URL the viewer downloads it from. */
export type Attachment = Message["attachments"][number];
/** What an upload answers (POST /v1/attachments, /admin/v1/attachments): no URL until a message holds it. */
export type UploadedAttachment =
  paths["/v1/attachments"]["post"]["responses"][201]["content"]["application/json"];
export type Me = Schemas["Me"];
export type Envelope = Schemas["Envelope"];
export type EventType = Schemas["EventType"];
export type Metrics = Schemas["Metrics"];
export type SlaState = Schemas["SlaState"];
export type Tenant = Schemas["Tenant"];
/** A customer's own tenant as the portal shows it (GET /v1/tenant). */
export type PortalTenant = Schemas["PortalTenant"];
export type BusinessHours = Schemas["BusinessHours"];
export type AgentLoad = Schemas["AgentLoad"];
export type AgentSetting = Schemas["AgentSetting"];
/** One of my sign-in sessions (GET /auth/sessions); not the console's `Session` in session.ts. */
export type AuthSession = Schemas["Session"];
export type PersonalToken = Schemas["PersonalToken"];
export type AlertPreferences = Schemas["AlertPreferences"];
export type AlertDelivery = Schemas["AlertDelivery"];
export type IssuedPersonalToken = Schemas["IssuedPersonalToken"];
export type Webhook = Schemas["Webhook"];
export type Delivery = Schemas["Delivery"];
export type DeliveryAttempt = Delivery["attempts"][number];
/** An API token as GET /admin/v1/tokens lists it (never its secret). */
export type ApiToken = Schemas["Token"];
export type IssuedToken = Schemas["IssuedToken"];
export type Account = Schemas["Account"];
export type AccountStatus = Account["status"];
export type Invitation = Schemas["Invitation"];

/** The queue's query parameters (GET /admin/v1/tickets). */
export type QueueQuery = NonNullable<paths["/admin/v1/tickets"]["get"]["parameters"]["query"]>;
export type QueueSort = NonNullable<QueueQuery["sort"]>;
