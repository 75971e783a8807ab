// Which tenants a new token or account reaches, as the forms ask it: a
// customer belongs to one tenant (a select), a staff member works a scope of
// tenants (checkboxes; none ticked is every tenant, where the role allows
// it). The tenants come from GET /admin/v1/tenants, which answers a tenant
// admin with their own scope only. Also what the request says of it
// (reachBody) and the error summary's links (reachFieldLinks). Used by
// "Issue a token" and by the people screens' invite and role forms
// (AccountReachFields).

import { useEffect, useState } from "preact/hooks";

import { isCustomer, isPlatformAdmin } from "../../access.js";
import { api } from "../../api/client.js";
import type { Role } from "../../api/types.js";
import { FieldError, SelectField, type Option } from "../Field.js";

export interface TenantOptions {
  /** null while loading. */
  options: Option[] | null;
  /** They could not be read (the options are then empty). */
  failed: boolean;
}

/** Every tenant the caller reaches, as options ("Acme (acme)"). */
export function useTenantOptions(): TenantOptions {
  const [options, setOptions] = useState<Option[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const read = async () => {
      const all: Option[] = [];
      let cursor: string | undefined;
      // Pages of 500, the API's largest; a platform has far fewer tenants.
      for (let page = 0; page < 20; page++) {
        const { data } = await api.GET("/admin/v1/tenants", {
          params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } },
        });
        for (const t of data?.items ?? []) all.push({ value: t.slug, label: `${t.name} (${t.slug})` });
        if (!data?.next_cursor) break;
        cursor = data.next_cursor;
      }
      return all;
    };
    read()
      .then((all) => live && setOptions(all))
      .catch(() => {
        if (!live) return;
        setOptions([]);
        setFailed(true);
      });
    return () => {
      live = false;
    };
  }, []);
  return { options, failed };
}

interface Props {
  /** The prefix of the controls' ids: `${id}-tenant`, `${id}-scope`. */
  id: string;
  role: Role;
  tenant: string;
  scope: readonly string[];
  tenants: TenantOptions;
  /** The scope checkboxes' hint for this role; null: the role has no scope to choose (say why in `noScope`). */
  scopeHint: string | null;
  /** Shown instead of the checkboxes when scopeHint is null. */
  noScope?: string | undefined;
  /** The form's error fields (foldFields): `tenant` and `scope` are shown here. */
  errors?: Record<string, string> | undefined;
  onTenant(tenant: string): void;
  onScope(scope: string[]): void;
}

export function ReachFields(props: Props) {
  const { id, role, tenant, scope, scopeHint, noScope } = props;
  const tenantError = props.errors?.["tenant"];
  const scopeError = props.errors?.["scope"];
  const tenants = props.tenants.options;
  if (tenants === null) return <p class="loading">Loading the tenants…</p>;
  if (props.tenants.failed) {
    return <p class="field__error">The tenants could not be read. Reload the page to try again.</p>;
  }
  if (isCustomer(role)) {
    return (
      <SelectField
        id={`${id}-tenant`}
        label="Tenant"
        hint="The customer's company: they see its tickets only."
        wrapperClass="reach__tenant"
        options={[{ value: "", label: "Choose a tenant" }, ...tenants]}
        value={tenant}
        error={tenantError}
        onChange={(e) => props.onTenant(e.currentTarget.value)}
      />
    );
  }
  if (scopeHint === null) return noScope ? <p class="field__hint reach__none">{noScope}</p> : null;
  const toggle = (slug: string, on: boolean) => {
    const next = scope.filter((s) => s !== slug);
    if (on) next.push(slug);
    // In the order the tenants are listed, so the request reads the same way.
    props.onScope(tenants.map((t) => t.value).filter((s) => next.includes(s)));
  };
  const described = [`${id}-scope-hint`, scopeError ? `${id}-scope-error` : ""].filter(Boolean).join(" ");
  return (
    <fieldset
      id={`${id}-scope`}
      tabIndex={-1}
      class={scopeError ? "field field--error reach__scope" : "field reach__scope"}
      aria-describedby={described}
    >
      <legend>Tenants they work</legend>
      <p class="field__hint" id={`${id}-scope-hint`}>
        {scopeHint}
      </p>
      <FieldError id={`${id}-scope-error`} error={scopeError} />
      {tenants.length === 0 ? (
        <p class="muted">There are no tenants to choose from.</p>
      ) : (
        <div class="checkboxes">
          {tenants.map((t) => (
            <div class="checkbox" key={t.value}>
              <input
                type="checkbox"
                id={`${id}-scope-${t.value}`}
                checked={scope.includes(t.value)}
                onChange={(e) => toggle(t.value, e.currentTarget.checked)}
              />
              <label for={`${id}-scope-${t.value}`}>{t.label}</label>
            </div>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** The error summary's links to the fields ReachFields shows with this `id`. */
export function reachFieldLinks<Id extends string>(id: Id) {
  return {
    tenant: [`${id}-tenant`, "Tenant"],
    scope: [`${id}-scope`, "Tenants they work"],
  } as const;
}

/**
 * What a new token's or account's request says of its reach: a customer's
 * tenant, a staff member's scope; left out when none is chosen (ticketd
 * then answers 422 for a customer, and takes every tenant for staff).
 */
export function reachBody(role: Role, tenant: string, scope: string[]): { tenant?: string; scope?: string[] } {
  if (isCustomer(role)) return tenant ? { tenant } : {};
  return scope.length > 0 ? { scope } : {};
}

/**
 * A 422's field names, folded onto the forms' fields: "scope[1]" is the
 * scope, "user.email" the holder's email (as `prefix` + "email").
 */
export function foldFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    const key = name.replace(/\[\d+\]$/, "").replace(/^user\./, "holder_");
    out[key] ??= message;
  }
  return out;
}

/** ticketd refuses a tenant admin (account or token) without a scope. */
export const TENANT_ADMIN_SCOPE_HINT = "Tick at least one: a tenant admin runs the tenants it is given.";

/**
 * The scope checkboxes' hint for an account of `role`, or null when the role
 * has none to choose: an admin works every tenant (ticketd answers 422 to a
 * scope). Only a platform admin may make an account that works every tenant.
 */
export function accountScopeHint(role: Role, actor: { role: Role; scope: readonly string[] }): string | null {
  if (role === "admin") return null;
  if (role === "tenant_admin") return TENANT_ADMIN_SCOPE_HINT;
  return isPlatformAdmin(actor)
    ? "None ticked: every tenant. Tick some to keep them to those."
    : "Tick at least one of your tenants.";
}

const ADMIN_HAS_NO_SCOPE = "An admin works every tenant: there is no scope to choose.";

/** ReachFields for an account (the invite and role forms): the hint by the caller's reach; an admin has no scope. */
export function AccountReachFields(
  props: Omit<Props, "scopeHint" | "noScope"> & { actor: { role: Role; scope: readonly string[] } },
) {
  const { actor, ...rest } = props;
  return <ReachFields {...rest} scopeHint={accountScopeHint(props.role, actor)} noScope={ADMIN_HAS_NO_SCOPE} />;
}
