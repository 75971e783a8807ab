// Signing in with an API token: the bootstrap admin's (./run.sh prints it)
// or any other. The token is kept for this tab only.

import { useState } from "preact/hooks";

import { describeError, fieldErrors, type ShownError } from "../errors.js";
import { signInWithToken } from "../session.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextField } from "./Field.js";

const HINT =
  "./run.sh prints the admin's token when it starts. The token is kept in this tab until you sign out or close it.";

export function TokenSignInForm() {
  const [token, setToken] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return setError(fieldErrors({ token: "Enter an API token" }));
    setBusy(true);
    try {
      await signInWithToken(token.trim()); // the sign-in page then moves on
    } catch (e) {
      const shown = describeError(e);
      if (shown.status === 401) shown.summary = "ticketd does not know this token, or it was revoked.";
      setError(shown);
      setBusy(false);
    }
  };

  return (
    <details class="token-sign-in">
      <summary>Use an API token</summary>
      <ErrorSummary error={error} fields={{ token: ["api-token", "API token"] }} />
      <form class="form" noValidate onSubmit={submit}>
        <TextField
          id="api-token"
          label="API token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          hint={HINT}
          required
          value={token}
          error={error?.fields["token"] ?? (error?.status === 401 ? error.summary : undefined)}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Sign in with token
          </button>
        </div>
      </form>
    </details>
  );
}
