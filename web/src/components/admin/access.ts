// Who may use which admin screen, as ticketd's OpenAPI document says of the
// operations behind them (x-roles, and x-platform-only: a caller with a
// scope is kept out):
//   listTenants, getTenant          agent, tenant_admin, admin
//   setTenantSla, setTenantSettings tenant_admin, admin (within their scope)
//   createTenant                    admin, platform only
//   listAgentWorkload               agent, admin, platform only
//   setAgentSetting                 admin, platform only
// The tenant screens are administration, so they are shown to tenant_admin
// and admin (an agent reads tenants through the API, but edits nothing).

import type { Me } from "../../api/types.js";

type Actor = Pick<Me["actor"], "role" | "scope">;

/** A caller without a scope reaches every tenant (platform staff). */
export function isPlatformWide(actor: Actor): boolean {
  return actor.scope.length === 0;
}

/** /admin/tenants and /admin/tenants/:slug: list, read and edit tenants' SLA and settings. */
export function mayAdministerTenants(actor: Actor): boolean {
  return actor.role === "tenant_admin" || actor.role === "admin";
}

/** The "New tenant" form (createTenant). */
export function mayCreateTenants(actor: Actor): boolean {
  return actor.role === "admin" && isPlatformWide(actor);
}

/** /admin/agents: the agents' workload (listAgentWorkload). */
export function maySeeAgents(actor: Actor): boolean {
  return (actor.role === "agent" || actor.role === "admin") && isPlatformWide(actor);
}

/** The agents' auto-assign settings (setAgentSetting). */
export function mayEditAgents(actor: Actor): boolean {
  return actor.role === "admin" && isPlatformWide(actor);
}
