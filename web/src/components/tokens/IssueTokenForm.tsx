// "Issue a token" (POST /admin/v1/tokens): the role, whom it reaches (a
// customer's tenant, a staff member's scope), and its holder: the person or
// program the token acts as. ticketd checks everything (422 names the
// fields, shown next to them), so the form only shapes the request: a
// customer's tenant, or a staff member's scope, never both.

import { useState } from "preact/hooks";

import { isCustomer } from "../../access.js";
import { api } from "../../api/client.js";
import { ROLES } from "../../api/enums.js";
import type { IssuedToken, Role } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { roleWord } from "../../format.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { SelectField, TextField, type Option } from "../Field.js";
import {
  ReachFields,
  TENANT_ADMIN_SCOPE_HINT,
  foldFields,
  reachBody,
  reachFieldLinks,
  type TenantOptions,
} from "../people/ReachFields.js";

const FIELDS = {
  role: ["token-role", "Role"],
  ...reachFieldLinks("token"),
  holder_id: ["token-holder-id", "Holder id"],
  holder_name: ["token-holder-name", "Name"],
  holder_email: ["token-holder-email", "Email"],
} as const;

const ROLE_OPTIONS: Option[] = ROLES.map((r) => ({ value: r, label: roleWord(r) }));

/** The scope's hint for a staff token: issueToken's request schema says who may have none. */
function scopeHint(role: Role): string {
  if (role === "tenant_admin") return TENANT_ADMIN_SCOPE_HINT;
  return "None ticked: every tenant. Tick some to keep the token to those.";
}

interface Props {
  tenants: TenantOptions;
  onIssued(token: IssuedToken, holder: string): void;
}

export function IssueTokenForm({ tenants, onIssued }: Props) {
  const [role, setRole] = useState<Role>("customer");
  const [tenant, setTenant] = useState("");
  const [scope, setScope] = useState<string[]>([]);
  const [holderId, setHolderId] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const customer = isCustomer(role);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const user = {
        id: holderId.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
      };
      const body = { role, user, ...reachBody(role, tenant, scope) };
      const { data } = await api.POST("/admin/v1/tokens", { body });
      if (!data) throw new Error("ticketd answered no token");
      setError(null);
      setHolderId("");
      setName("");
      setEmail("");
      onIssued(data, user.name ?? user.id);
    } catch (e) {
      const shown = describeSignedInError(e);
      setError({ ...shown, fields: foldFields(shown.fields) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel issue-token" aria-labelledby="issue-token-heading">
      <h2 id="issue-token-heading">Issue a token</h2>
      <p class="field__hint">
        A token acts as its holder with the role and reach given here, until it is revoked. Its secret is shown once.
      </p>
      <ErrorSummary error={error} fields={FIELDS} />
      <form class="form" noValidate onSubmit={submit}>
        <SelectField
          id="token-role"
          label="Role"
          wrapperClass="issue-token__role"
          options={ROLE_OPTIONS}
          value={role}
          error={error?.fields["role"]}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
        />
        <ReachFields
          id="token"
          role={role}
          tenant={tenant}
          scope={scope}
          tenants={tenants}
          scopeHint={scopeHint(role)}
          errors={error?.fields}
          onTenant={setTenant}
          onScope={setScope}
        />
        <fieldset class="field issue-token__holder">
          <legend>Holder</legend>
          <div class="field-row">
            <TextField
              id="token-holder-id"
              label="Holder id"
              hint="Who the token acts as, as their tickets and the log name them: u-ann, agent-7, a program's name."
              autoComplete="off"
              spellcheck={false}
              value={holderId}
              error={error?.fields["holder_id"]}
              onInput={(e) => setHolderId(e.currentTarget.value)}
            />
            <TextField
              id="token-holder-name"
              label="Name"
              hint="As people read it (optional)."
              autoComplete="off"
              value={name}
              error={error?.fields["holder_name"]}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <TextField
              id="token-holder-email"
              label="Email"
              type="email"
              hint={customer ? "Required for a customer." : "Optional for staff."}
              autoComplete="off"
              spellcheck={false}
              value={email}
              error={error?.fields["holder_email"]}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Issue token
          </button>
        </div>
      </form>
    </section>
  );
}
