// "Role and tenants" (PATCH /admin/v1/accounts/{id}): a new role, and whom
// it reaches. Moving between a customer role and a staff one changes which
// of tenant and scope applies, so the request always says both (the other
// one emptied). ticketd ends the account's sessions when its role changes;
// the form says so before it is sent.

import { useState } from "preact/hooks";

import { isCustomer, rolesToGive } from "../../access.js";
import { api } from "../../api/client.js";
import type { Account, Me, Role } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { roleWord } from "../../format.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { SelectField } from "../Field.js";
import {
  AccountReachFields,
  foldFields,
  reachFieldLinks,
  type TenantOptions,
} from "./ReachFields.js";

const FIELDS = {
  role: ["account-role", "Role"],
  ...reachFieldLinks("account"),
} as const;

interface Props {
  me: Me;
  account: Account;
  tenants: TenantOptions;
  onSaved(account: Account, roleChanged: boolean): void;
}

export function RoleForm({ me, account, tenants, onSaved }: Props) {
  const [role, setRole] = useState<Role>(account.role);
  const [tenant, setTenant] = useState(account.tenant ?? "");
  const [scope, setScope] = useState<string[]>([...account.scope]);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const roles = rolesToGive(me.actor);
  // The account's own role stays offered, even one the caller may not give.
  const options = (roles.includes(account.role) ? roles : [account.role, ...roles]).map((r) => ({
    value: r,
    label: roleWord(r),
  }));
  const customer = isCustomer(role);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const body = customer
        ? { role, tenant: tenant || null, scope: [] }
        : { role, tenant: null, scope: role === "admin" ? [] : scope };
      const { data } = await api.PATCH("/admin/v1/accounts/{id}", { params: { path: { id: account.id } }, body });
      if (!data) throw new Error("ticketd answered no account");
      setError(null);
      onSaved(data, data.role !== account.role);
    } catch (e) {
      const shown = describeSignedInError(e);
      setError({ ...shown, fields: foldFields(shown.fields) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      <form class="form" noValidate onSubmit={submit} aria-labelledby="role-heading">
        <SelectField
          id="account-role"
          label="Role"
          hint={role !== account.role ? "Saving a new role signs them out everywhere." : undefined}
          wrapperClass="account-role"
          options={options}
          value={role}
          error={error?.fields["role"]}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
        />
        <AccountReachFields
          id="account"
          actor={me.actor}
          role={role}
          tenant={tenant}
          scope={scope}
          tenants={tenants}
          errors={error?.fields}
          onTenant={setTenant}
          onScope={setScope}
        />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Save role and tenants
          </button>
        </div>
      </form>
    </>
  );
}
