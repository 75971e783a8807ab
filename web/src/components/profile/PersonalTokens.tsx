// "Personal API tokens" (GET/POST /auth/tokens, DELETE /auth/tokens/{id}):
// tokens that act as me, for scripts and integrations. A new token's secret
// is shown once (SecretOnce); revoking asks first, because whatever uses the
// token stops working at once. ticketd keeps no name or expiry for them, so
// the list says what it has: the id, the role it acts with, when it began.

import { useEffect, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { IssuedPersonalToken, PersonalToken } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { roleWord } from "../../format.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { LocalTime } from "../LocalTime.js";
import { Notice } from "../Notice.js";
import { SecretOnce } from "../SecretOnce.js";
import { TableHead } from "../TableHead.js";
import { ConfirmDialog } from "./ConfirmDialog.js";

export function PersonalTokens() {
  const [tokens, setTokens] = useState<PersonalToken[] | null>(null);
  const [issued, setIssued] = useState<IssuedPersonalToken | null>(null);
  const [revoking, setRevoking] = useState<PersonalToken | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const { data } = await api.GET("/auth/tokens");
      setTokens(data?.items ?? []);
    } catch (e) {
      setError(describeSignedInError(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const create = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const { data } = await api.POST("/auth/tokens");
      if (data) setIssued(data);
      setError(null);
      await load();
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: PersonalToken) => {
    setRevoking(null);
    setBusy(true);
    try {
      await api.DELETE("/auth/tokens/{id}", { params: { path: { id: token.id } } });
      setError(null);
      if (issued?.id === token.id) setIssued(null);
      setNotice(`Token ${token.id} is revoked: requests with it are refused from now on.`);
      await load();
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        A personal token acts as you, with your role and reach, for scripts and other programs: send it as{" "}
        <code>Authorization: Bearer …</code>. It keeps working until you revoke it or your account is disabled.
      </p>
      <ErrorSummary error={error} />
      {notice && <Notice>{notice}</Notice>}
      {issued && (
        <SecretOnce
          id="new-token"
          heading={`Your new token ${issued.id}`}
          label="Token"
          value={issued.token}
          hint="ticketd keeps no name for a token: note where you use it by its id."
          onDone={() => setIssued(null)}
        />
      )}
      {tokens === null ? (
        !error && <p class="loading">Loading your tokens…</p>
      ) : tokens.length === 0 ? (
        <p class="empty">You have no personal tokens. Create one when a program needs to act as you.</p>
      ) : (
        <div class="table-wrap">
          <table class="table" aria-label="Your personal tokens">
            <TableHead columns={["Token", "Acts as", "Created"]} actions />
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td class="code-text">{t.id}</td>
                  <td>{roleWord(t.role)}</td>
                  <td>
                    <LocalTime iso={t.created_at} />
                  </td>
                  <td class="cell-actions">
                    <button type="button" class="button button--compact" disabled={busy} onClick={() => setRevoking(t)}>
                      Revoke<span class="visually-hidden"> {t.id}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void create()}>
          Create a token
        </button>
      </div>
      <ConfirmDialog
        title={revoking ? `Revoke token ${revoking.id}?` : null}
        confirm="Revoke token"
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <p>Anything that uses this token is refused from the next request on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
