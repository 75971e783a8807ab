// /admin/tenants: the tenants the caller reaches (GET /admin/v1/tenants:
// every tenant for platform staff, a tenant admin's own for them), a page at
// a time, each linking to its SLA and settings. Platform admins also create
// tenants here (POST /admin/v1/tenants): 409 when the slug is taken, shown
// next to the slug, like the 422s next to their fields.

import { useState } from "preact/hooks";

import { mayCreateTenants } from "../access.js";
import { api } from "../api/client.js";
import type { Me, Tenant } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { TextField } from "../components/Field.js";
import { LocalTime } from "../components/LocalTime.js";
import { Notice } from "../components/Notice.js";
import { LoadMore } from "../components/LoadMore.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";
import { usePagedList } from "../paging.js";
import { durationWords, isAroundTheClock, weekWords } from "../sla.js";

const SLUG_RE = /^[a-z0-9][a-z0-9-]*$/;

const FIELDS = {
  slug: ["tenant-slug", "Slug"],
  name: ["tenant-name", "Name"],
} as const;

export function AdminTenants({ me }: { me: Me }) {
  usePageTitle("Tenants");
  const [created, setCreated] = useState<Tenant | null>(null);
  const list = usePagedList(async (page) => {
    const { data } = await api.GET("/admin/v1/tenants", { params: { query: page } });
    return data ?? { items: [], next_cursor: null };
  }, "tenants");

  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Tenants</h1>
      </div>
      {created && (
        <Notice>
          Tenant <a href={`/admin/tenants/${encodeURIComponent(created.slug)}`}>{created.name}</a> created. Its
          tickets' keys start with {created.slug}-.
        </Notice>
      )}
      <ErrorSummary error={list.error} />
      {list.loading === "first" ? (
        <p class="loading">Loading the tenants…</p>
      ) : list.items.length === 0 ? (
        <p>No tenants yet.</p>
      ) : (
        <TenantsTable tenants={list.items} />
      )}
      <LoadMore list={list} />
      {mayCreateTenants(me.actor) && (
        <NewTenant
          onCreated={(tenant) => {
            setCreated(tenant);
            list.refresh();
          }}
        />
      )}
    </>
  );
}

function TenantsTable({ tenants }: { tenants: Tenant[] }) {
  return (
    <div class="table-wrap">
      <table class="table tenants-table">
        <caption class="visually-hidden">Tenants</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Urgent first response</th>
            <th scope="col">Business hours</th>
            <th scope="col">Auto-close</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((t) => {
            const urgent = t.sla.policies.urgent;
            const hours = t.sla.business_hours;
            const holidays = hours.holidays.length;
            return (
              <tr key={t.slug}>
                <td>
                  <a href={`/admin/tenants/${encodeURIComponent(t.slug)}`}>{t.name}</a>
                </td>
                <td class="key">{t.slug}</td>
                <td>{urgent ? durationWords(urgent.first_response_s) : "—"}</td>
                <td>
                  {weekWords(hours.weekly)}
                  {(!isAroundTheClock(hours.weekly) || holidays > 0) && (
                    <span class="muted"> ({hours.time_zone.replace(/_/g, " ")})</span>
                  )}
                  {holidays > 0 && (
                    <span class="muted">
                      , {holidays} {holidays === 1 ? "holiday" : "holidays"}
                    </span>
                  )}
                </td>
                <td>{t.settings.auto_close_after_s === 0 ? "never" : durationWords(t.settings.auto_close_after_s)}</td>
                <td>
                  <LocalTime iso={t.created_at} short />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function NewTenant({ onCreated }: { onCreated(tenant: Tenant): void }) {
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!SLUG_RE.test(slug)) {
      problems["slug"] = slug
        ? "Use lower-case letters, digits and -, starting with a letter or digit"
        : "Enter a slug";
    }
    if (!name.trim()) problems["name"] = "Enter a name";
    if (Object.keys(problems).length > 0) return setError(fieldErrors(problems));
    setBusy(true);
    try {
      const { data } = await api.POST("/admin/v1/tenants", { body: { slug, name: name.trim() } });
      if (!data) throw new Error("ticketd answered no tenant");
      setSlug("");
      setName("");
      setError(null);
      onCreated(data);
    } catch (e) {
      const shown = describeSignedInError(e);
      // 409 names no field: it is the slug that is taken.
      if (shown.status === 409) {
        shown.fields["slug"] ??= `A tenant with the slug ${slug} exists already`;
      }
      setError(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel new-tenant" aria-labelledby="new-tenant-heading">
      <h2 id="new-tenant-heading">New tenant</h2>
      <ErrorSummary error={error} fields={FIELDS} />
      <form class="form" noValidate onSubmit={submit}>
        <div class="field-row">
          <TextField
            id="tenant-slug"
            label="Slug"
            hint="Lower-case letters, digits and -. It starts the tenant's ticket keys (acme-42) and cannot change."
            required
            maxLength={40}
            autoComplete="off"
            spellcheck={false}
            value={slug}
            error={error?.fields["slug"]}
            onInput={(e) => setSlug(e.currentTarget.value)}
          />
          <TextField
            id="tenant-name"
            label="Name"
            hint="As people read it: Acme Corporation."
            required
            value={name}
            error={error?.fields["name"]}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Create tenant
          </button>
        </div>
      </form>
    </section>
  );
}
