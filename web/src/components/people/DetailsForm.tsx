// "Name and email" (PATCH /admin/v1/accounts/{id} with only what changed):
// the email is what they sign in with, so a change takes effect at their
// next sign-in. 409: another account has that email.

import { useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { Account } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { TextField } from "../Field.js";

const FIELDS = {
  name: ["account-name", "Name"],
  email: ["account-email", "Email"],
} as const;

interface Props {
  account: Account;
  onSaved(account: Account): void;
}

export function DetailsForm({ account, onSaved }: Props) {
  const [name, setName] = useState(account.name);
  const [email, setEmail] = useState(account.email);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...(name.trim() !== account.name ? { name: name.trim() } : {}),
      ...(email.trim() !== account.email ? { email: email.trim() } : {}),
    };
    if (Object.keys(body).length === 0) {
      const summary = "Nothing changed: edit the name or the email first.";
      return setError({ summary, fields: {}, status: null, code: null });
    }
    setBusy(true);
    try {
      const { data } = await api.PATCH("/admin/v1/accounts/{id}", { params: { path: { id: account.id } }, body });
      if (!data) throw new Error("ticketd answered no account");
      setError(null);
      onSaved(data);
    } catch (e) {
      const shown = describeSignedInError(e);
      if (shown.status === 409) shown.fields["email"] ??= "Another account has this email";
      setError(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      <form class="form" noValidate onSubmit={submit} aria-labelledby="details-heading">
        <div class="field-row">
          <TextField
            id="account-name"
            label="Name"
            autoComplete="off"
            value={name}
            error={error?.fields["name"]}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <TextField
            id="account-email"
            label="Email"
            type="email"
            hint="What they sign in with."
            autoComplete="off"
            spellcheck={false}
            value={email}
            error={error?.fields["email"]}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Save name and email
          </button>
        </div>
      </form>
    </>
  );
}
