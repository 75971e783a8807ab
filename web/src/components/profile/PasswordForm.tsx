// "Change your password" (POST /auth/password): the current password and a
// new one. ticketd ends every other session of the account when it changes,
// and the form says so before and after. A wrong current password, or a new
// one ticketd refuses, is named next to its field.

import { useState } from "preact/hooks";

import { api } from "../../api/client.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { TextField } from "../Field.js";
import { NEW_PASSWORD_LINK, NewPasswordField } from "../NewPasswordField.js";
import { Notice } from "../Notice.js";

const FIELDS = {
  current_password: ["current-password", "Current password"],
  password: NEW_PASSWORD_LINK,
} as const;

interface Props {
  /** The password changed: the other sessions are gone, so the list should be read again. */
  onChanged: () => void;
}

export function PasswordForm({ onChanged }: Props) {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(false);
    const missing: Record<string, string> = {};
    if (!current) missing["current_password"] = "Enter your current password";
    if (!password) missing["password"] = "Enter a new password";
    if (Object.keys(missing).length > 0) return setError(fieldErrors(missing));
    setBusy(true);
    try {
      await api.POST("/auth/password", { body: { current_password: current, password } });
      setError(null);
      setCurrent("");
      setPassword("");
      setDone(true);
      onChanged();
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      {done && (
        <Notice>Your password is changed. Every other session of yours has ended; this one goes on.</Notice>
      )}
      <p>Changing your password signs you out everywhere else: on other devices and in other browsers.</p>
      <form class="form narrow" noValidate onSubmit={submit} aria-labelledby="password-heading">
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          autocomplete="current-password"
          required
          value={current}
          error={error?.fields["current_password"]}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
        <NewPasswordField value={password} error={error?.fields["password"]} onInput={setPassword} />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
    </>
  );
}
