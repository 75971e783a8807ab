// Who may do what (src/access.ts), as the OpenAPI document's x-roles and
// x-platform-only say of the operations behind each screen, link and form.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  homeFor,
  isCustomer,
  isPlatformAdmin,
  isStaff,
  mayAdministerTenants,
  mayCreateTenants,
  mayEditAgents,
  mayManagePeople,
  mayManageWebhooks,
  maySeeAgents,
  rolesToGive,
} from "../src/access.js";
import type { Role } from "../src/api/types.js";

const actor = (role: Role, scope: string[] = []) => ({ role, scope });

test("staff and customers, and each role's home", () => {
  for (const role of ["agent", "tenant_admin", "admin"] as const) {
    assert.ok(isStaff(role), role);
    assert.ok(!isCustomer(role), role);
  }
  for (const role of ["customer", "customer_admin"] as const) {
    assert.ok(!isStaff(role), role);
    assert.ok(isCustomer(role), role);
  }
  assert.equal(homeFor("customer"), "/portal");
  assert.equal(homeFor("customer_admin"), "/portal");
  assert.equal(homeFor("agent"), "/queue");
  assert.equal(homeFor("tenant_admin"), "/queue");
  assert.equal(homeFor("admin"), "/queue");
});

test("tenants: tenant admins and admins, creating only platform admins", () => {
  assert.ok(mayAdministerTenants(actor("admin")));
  assert.ok(mayAdministerTenants(actor("admin", ["acme"])));
  assert.ok(mayAdministerTenants(actor("tenant_admin", ["acme"])));
  assert.ok(!mayAdministerTenants(actor("agent")));
  assert.ok(!mayAdministerTenants(actor("customer")));
  assert.ok(!mayAdministerTenants(actor("customer_admin")));
  assert.ok(mayCreateTenants(actor("admin")));
  assert.ok(!mayCreateTenants(actor("admin", ["acme"])), "createTenant is platform-only");
  assert.ok(!mayCreateTenants(actor("tenant_admin", ["acme"])));
});

test("agents: platform agents and admins list, platform admins edit", () => {
  assert.ok(maySeeAgents(actor("admin")));
  assert.ok(maySeeAgents(actor("agent")));
  assert.ok(!maySeeAgents(actor("agent", ["acme"])), "listAgentWorkload is platform-only");
  assert.ok(!maySeeAgents(actor("tenant_admin", ["acme"])), "a tenant admin cannot list agents");
  assert.ok(!maySeeAgents(actor("customer")));
  assert.ok(mayEditAgents(actor("admin")));
  assert.ok(!mayEditAgents(actor("agent")));
  assert.ok(!mayEditAgents(actor("admin", ["acme"])));
});

test("tenant admins and admins manage webhooks, no one else", () => {
  assert.equal(mayManageWebhooks("admin"), true);
  assert.equal(mayManageWebhooks("tenant_admin"), true);
  assert.equal(mayManageWebhooks("agent"), false);
  assert.equal(mayManageWebhooks("customer"), false);
  assert.equal(mayManageWebhooks("customer_admin"), false);
});

test("only an admin without a scope may take every tenant's events", () => {
  assert.equal(isPlatformAdmin({ role: "admin", scope: [] }), true);
  assert.equal(isPlatformAdmin({ role: "admin", scope: ["acme"] }), false);
  assert.equal(isPlatformAdmin({ role: "tenant_admin", scope: ["acme"] }), false);
  assert.equal(isPlatformAdmin({ role: "agent", scope: [] }), false);
});

test("who manages people, and who gives which role", () => {
  const platform = { role: "admin" as const, scope: [] };
  const tenantAdmin = { role: "tenant_admin" as const, scope: ["acme"] };
  const scopedAdmin = { role: "admin" as const, scope: ["acme"] };
  assert.ok(rolesToGive(platform).includes("admin"));
  assert.ok(!rolesToGive(tenantAdmin).includes("admin"));
  assert.ok(!rolesToGive(scopedAdmin).includes("admin"));
  assert.equal(mayManagePeople({ role: "tenant_admin" }), true);
  assert.equal(mayManagePeople({ role: "admin" }), true);
  assert.equal(mayManagePeople({ role: "agent" }), false);
  assert.equal(mayManagePeople({ role: "customer_admin" }), false);
});
