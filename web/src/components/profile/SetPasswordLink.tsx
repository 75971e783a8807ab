// For an account without a password (it signs in with emailed links): a
// button that mails a link to set one (POST /auth/password-reset). ticketd
// answers 202 whatever happens next, so the notice says "on its way", and a
// server without outgoing mail answers 503, shown as it is.

import { useState } from "preact/hooks";

import { isCustomer } from "../../access.js";
import { api } from "../../api/client.js";
import type { Me } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { Notice } from "../Notice.js";

export function SetPasswordLink({ actor }: { actor: Me["actor"] }) {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    try {
      const tenant = isCustomer(actor.role) && actor.tenant ? { tenant: actor.tenant } : {};
      await api.POST("/auth/password-reset", { body: { email: actor.email, ...tenant } });
      setError(null);
      setSent(true);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} />
      {sent && <Notice>A link to set your password is on its way to {actor.email}.</Notice>}
      <p>You have no password yet: you sign in with links we email you. We can email you a link to set one.</p>
      <div class="actions">
        <button type="button" class="button" disabled={busy} onClick={() => void send()}>
          Email me a link to set a password
        </button>
      </div>
    </>
  );
}
