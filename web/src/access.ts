// Who may do what, in one place: the console's screens, links and forms ask
// these, never `role ===` themselves. Each mirrors what ticketd's OpenAPI
// document says of the operations behind it: x-roles (the roles that may
// call it) and x-platform-only (a caller with a tenant scope is kept out).
// ticketd decides in the end (403); these only keep the console from
// offering what would be refused. Pure (test/access.test.ts).

import type { Role } from "./api/types.js";

/** Me["actor"], or the little of it the predicates read. */
type Actor = { role: Role; scope: readonly string[] };

/** listQueue, getTicket, ... (every /admin/v1/tickets operation): x-roles [agent, tenant_admin, admin]. */
export function isStaff(role: Role): boolean {
  return role === "agent" || role === "tenant_admin" || role === "admin";
}

/** listMyTickets, openMyTicket, ... (every /v1/tickets operation): x-roles [customer, customer_admin]; they have a tenant, everyone else a scope. */
export function isCustomer(role: Role): boolean {
  return role === "customer" || role === "customer_admin";
}

/** The screen a role starts on: the queue (listQueue) for staff, the portal (listMyTickets) for customers. */
export function homeFor(role: Role): string {
  return isStaff(role) ? "/queue" : "/portal";
}

/** What x-platform-only asks: a caller without a scope reaches every tenant (platform staff). */
export function isPlatformWide(actor: Actor): boolean {
  return actor.scope.length === 0;
}

/** issueToken, listTokens, getAudit, verifyLog, createTenant: x-roles [admin], x-platform-only; and the only one to subscribe a webhook to every tenant (createWebhook without a tenant). */
export function isPlatformAdmin(actor: Actor): boolean {
  return actor.role === "admin" && isPlatformWide(actor);
}

/** listTenants, getTenant, setTenantSla, setTenantSettings: x-roles [tenant_admin, admin] for editing (agents only read tenants, so the screens are not theirs). */
export function mayAdministerTenants(actor: Actor): boolean {
  return actor.role === "tenant_admin" || actor.role === "admin";
}

/** createTenant: x-roles [admin], x-platform-only. */
export function mayCreateTenants(actor: Actor): boolean {
  return isPlatformAdmin(actor);
}

/** listAgentWorkload, getAgentSetting: x-roles [agent, admin], x-platform-only (/admin/agents, the ticket's workload picker, the reports' agent section). */
export function maySeeAgents(actor: Actor): boolean {
  return (actor.role === "agent" || actor.role === "admin") && isPlatformWide(actor);
}

/** setAgentSetting: x-roles [admin], x-platform-only. */
export function mayEditAgents(actor: Actor): boolean {
  return isPlatformAdmin(actor);
}

/** inviteAccount, listAccounts, updateAccount, ...: x-roles [tenant_admin, admin]. */
export function mayManagePeople(actor: { role: Role }): boolean {
  return actor.role === "tenant_admin" || actor.role === "admin";
}

/** createWebhook, listWebhooks, deleteWebhook, listWebhookDeliveries: x-roles [tenant_admin, admin]. */
export function mayManageWebhooks(role: Role): boolean {
  return role === "tenant_admin" || role === "admin";
}

/** inviteAccount, updateAccount: a platform admin gives any role; anyone else (a tenant admin, an admin kept to a scope) any but admin (ticketd answers 403). */
export function rolesToGive(actor: Actor): Role[] {
  const all: Role[] = ["customer", "customer_admin", "agent", "tenant_admin", "admin"];
  return isPlatformAdmin(actor) ? all : all.filter((r) => r !== "admin");
}
