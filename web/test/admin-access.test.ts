// Who sees which admin screen (src/components/admin/access.ts), as the
// OpenAPI document's x-roles and x-platform-only say of the operations.

import assert from "node:assert/strict";
import { test } from "node:test";

import type { Role } from "../src/api/types.js";
import {
  mayAdministerTenants,
  mayCreateTenants,
  mayEditAgents,
  maySeeAgents,
} from "../src/components/admin/access.js";

const actor = (role: Role, scope: string[] = []) => ({ role, scope });

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
