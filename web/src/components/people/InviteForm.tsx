// "Invite someone" (POST /admin/v1/accounts): an email, a name, a role, and
// whom they reach (a customer's tenant, a staff member's scope). ticketd
// makes the account "invited" and mails a link to set a password; without
// SMTP the account is made but no mail goes (`invitation_sent` false), and
// the screen says so. 422s name their fields, shown next to them; 409 is an
// email that has an account already.

import { useState } from "preact/hooks";

import { rolesToGive } from "../../access.js";
import { api } from "../../api/client.js";
import type { Invitation, Me, Role } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { roleWord } from "../../format.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { SelectField, TextField } from "../Field.js";
import {
  AccountReachFields,
  foldFields,
  reachBody,
  reachFieldLinks,
  type TenantOptions,
} from "./ReachFields.js";

const FIELDS = {
  email: ["invite-email", "Email"],
  name: ["invite-name", "Name"],
  role: ["invite-role", "Role"],
  ...reachFieldLinks("invite"),
} as const;

interface Props {
  me: Me;
  tenants: TenantOptions;
  onInvited(invitation: Invitation): void;
}

export function InviteForm({ me, tenants, onInvited }: Props) {
  const roles = rolesToGive(me.actor);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  // A tenant admin of one tenant invites its customers: it is chosen already.
  const [tenant, setTenant] = useState(me.actor.scope.length === 1 ? (me.actor.scope[0] ?? "") : "");
  const [scope, setScope] = useState<string[]>([]);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const base = { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) };
      // An admin works every tenant: scope ticked before the role changed is not sent.
      const body = { ...base, ...reachBody(role, tenant, role === "admin" ? [] : scope) };
      const { data } = await api.POST("/admin/v1/accounts", { body });
      if (!data) throw new Error("ticketd answered no account");
      setError(null);
      setEmail("");
      setName("");
      setScope([]);
      onInvited(data);
    } catch (e) {
      const shown = describeSignedInError(e);
      const fields = foldFields(shown.fields);
      if (shown.status === 409) fields["email"] ??= "Someone has an account with this email already";
      setError({ ...shown, fields });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel invite" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <p class="field__hint">
        They get an email with a link to choose a password. Until they follow it their account shows as invited.
      </p>
      <ErrorSummary error={error} fields={FIELDS} />
      <form class="form" noValidate onSubmit={submit}>
        <div class="field-row">
          <TextField
            id="invite-email"
            label="Email"
            type="email"
            autoComplete="off"
            spellcheck={false}
            value={email}
            error={error?.fields["email"]}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <TextField
            id="invite-name"
            label="Name"
            hint="Optional: they can set it when they accept."
            autoComplete="off"
            value={name}
            error={error?.fields["name"]}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <SelectField
            id="invite-role"
            label="Role"
            options={roles.map((r) => ({ value: r, label: roleWord(r) }))}
            value={role}
            error={error?.fields["role"]}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          />
        </div>
        <AccountReachFields
          id="invite"
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
            Send invitation
          </button>
        </div>
      </form>
    </section>
  );
}
