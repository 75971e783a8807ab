// /admin/tenants/:slug: one tenant (GET /admin/v1/tenants/{slug}) with its
// SLA policy and its settings, each a form with its own save. A tenant that
// does not exist, or is outside the caller's scope (ticketd answers both
// alike, 404), is a not-found state. The tenant is read from the directory,
// which a save has updated before it answers: no min_position needed.

import { useEffect, useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Tenant } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { LocalTime } from "../components/LocalTime.js";
import { SlaForm } from "../components/admin/SlaForm.js";
import { TenantSettingsForm } from "../components/admin/TenantSettingsForm.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";

export function AdminTenant({ slug }: { slug: string }) {
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  usePageTitle(tenant ? `${tenant.name}: SLA and settings` : slug);

  useEffect(() => {
    let current = true;
    api
      .GET("/admin/v1/tenants/{slug}", { params: { path: { slug } } })
      .then(({ data }) => {
        if (!current) return;
        setTenant(data ?? null);
        setError(null);
      })
      .catch((e: unknown) => {
        if (current) setError(describeSignedInError(e));
      });
    return () => {
      current = false;
    };
  }, [slug]);

  if (!tenant) {
    if (error?.status === 404) {
      return (
        <>
          <h1 tabIndex={-1}>Tenant not found</h1>
          <p>
            No tenant {slug} is within your reach. <a href="/admin/tenants">See all tenants</a>
          </p>
        </>
      );
    }
    return (
      <>
        <ErrorSummary error={error} />
        {!error && <p class="loading">Loading the tenant…</p>}
      </>
    );
  }

  return (
    <div class="admin-tenant">
      <p class="eyebrow">
        <a href="/admin/tenants">Tenants</a> · {tenant.slug} · created <LocalTime iso={tenant.created_at} />
      </p>
      <h1 tabIndex={-1}>{tenant.name}</h1>
      <div class="admin-tenant__forms">
        <section class="panel" aria-labelledby="sla-heading">
          <SlaForm tenant={tenant} onSaved={setTenant} />
        </section>
        <section class="panel" aria-labelledby="settings-heading">
          <TenantSettingsForm tenant={tenant} onSaved={setTenant} />
        </section>
      </div>
    </div>
  );
}
