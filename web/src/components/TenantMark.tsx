// The customer's tenant in the portal's header: its logo, when it has one
// (GET /v1/tenant), with the tenant's name as its text alternative. Nothing
// while it loads or when there is no logo: the header stays as it was.

import { useEffect, useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { PortalTenant } from "../api/types.js";

export function TenantMark() {
  const [tenant, setTenant] = useState<PortalTenant | null>(null);
  useEffect(() => {
    let current = true;
    api
      .GET("/v1/tenant")
      .then(({ data }) => {
        if (current) setTenant(data ?? null);
      })
      // A decoration: the page's own calls report a failure (and a 401
      // ends the session there); the header just goes without the logo.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  if (!tenant?.logo) return null;
  return <img class="tenant-mark" src={tenant.logo.url} alt={tenant.name} height={28} />;
}
