// The two emailed links that set a password: a reset ("Set a new password")
// and an invitation ("Accept your invitation", with the person's name).
// Either signs in on success. A refused password keeps the link usable; a
// used or expired link says so and offers the sign-in page.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import { describeError, fieldErrors, type ShownError } from "../errors.js";
import { setFlash } from "../flash.js";
import { refreshSession } from "../session.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextField } from "./Field.js";
import { NEW_PASSWORD_LINK, NewPasswordField } from "./NewPasswordField.js";

interface Props {
  kind: "reset" | "invitation";
  token: string;
  /** Leaves this form: signed in, or back to the ordinary sign-in form. */
  onLeave: () => void;
}

export function SetPasswordForm({ kind, token, onLeave }: Props) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const invitation = kind === "invitation";

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!password) return setError(fieldErrors({ password: "Enter a new password" }));
    setBusy(true);
    try {
      if (invitation) {
        const body = name.trim() ? { token, password, name: name.trim() } : { token, password };
        await api.POST("/auth/invitation/accept", { body });
        setFlash("Welcome. Your account is ready and you are signed in.");
      } else {
        await api.POST("/auth/password-reset/redeem", { body: { token, password } });
        setFlash("Your new password is set, and you are signed in.");
      }
      await refreshSession();
      onLeave(); // signed in: the sign-in page moves on
    } catch (e) {
      const shown = describeError(e);
      if (shown.fields["token"]) {
        shown.summary = `This link cannot be used any more (${shown.fields["token"]}). Ask for a new one.`;
      }
      setError(shown);
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{invitation ? "Accept your invitation" : "Set a new password"}</h1>
      <ErrorSummary
        error={error}
        fields={{ password: NEW_PASSWORD_LINK, name: ["your-name", "Your name"] }}
      />
      <form class="form" noValidate onSubmit={submit}>
        {invitation && (
          <TextField
            id="your-name"
            label="Your name"
            hint="As others will see it. Leave it to keep the name you were invited with."
            autocomplete="name"
            value={name}
            error={error?.fields["name"]}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
        <NewPasswordField value={password} error={error?.fields["password"]} onInput={setPassword} />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {invitation ? "Accept invitation" : "Set password"}
          </button>
          <button type="button" class="button button--quiet" onClick={onLeave}>
            Back to sign in
          </button>
        </div>
      </form>
    </>
  );
}
