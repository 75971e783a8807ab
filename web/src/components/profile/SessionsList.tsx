// "Where you are signed in" (GET /auth/sessions): each session's device,
// when it began and was last used, from which address; this one marked.
// "Sign out" ends one other session (DELETE /auth/sessions/{id});
// "Sign out everywhere" (DELETE /auth/sessions) ends them all, this one too,
// and the console then shows the sign-in page.

import { useEffect, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { AuthSession } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { formatDateTime } from "../../format.js";
import { sessionEnded } from "../../session.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { LocalTime } from "../LocalTime.js";
import { Notice } from "../Notice.js";
import { ConfirmDialog } from "./ConfirmDialog.js";
import { deviceName } from "./device.js";

interface Props {
  /** Renewed by the screen when the sessions changed elsewhere (a new password). */
  revision: number;
  /** Signed in with an API token: no session of this tab is among them. */
  viaToken: boolean;
}

export function SessionsList({ revision, viaToken }: Props) {
  const [sessions, setSessions] = useState<AuthSession[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const { data } = await api.GET("/auth/sessions");
      setSessions(data?.items ?? []);
    } catch (e) {
      setError(describeSignedInError(e));
    }
  };
  useEffect(() => {
    void load();
  }, [revision]);

  const end = async (session: AuthSession) => {
    setBusy(true);
    setNotice(null);
    try {
      await api.DELETE("/auth/sessions/{id}", { params: { path: { id: session.id } } });
      setError(null);
      setNotice(`Signed out ${deviceName(session.user_agent)} (signed in ${formatDateTime(session.created_at)}).`);
      await load();
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  const endAll = async () => {
    setConfirmAll(false);
    setBusy(true);
    try {
      await api.DELETE("/auth/sessions");
      // ticketd ended this session too and expired its cookie: signed out.
      if (!viaToken) return sessionEnded();
      setError(null);
      setNotice("Every session of yours has ended. The API token this tab uses still works.");
      await load();
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} />
      {notice && <Notice>{notice}</Notice>}
      {sessions === null ? (
        !error && <p class="loading">Loading your sessions…</p>
      ) : sessions.length === 0 ? (
        <p class="empty">
          No browser is signed in to your account. (This tab uses an API token, which is not a session.)
        </p>
      ) : (
        <ul class="record-list" aria-label="Your sessions">
          {sessions.map((s) => (
            <li key={s.id} class={s.current ? "record record--current" : "record"}>
              <div class="record__head">
                <h3 class="record__title">{deviceName(s.user_agent)}</h3>
                {s.current && <span class="tag tag--this-session">This session</span>}
              </div>
              <dl class="record__facts">
                <div>
                  <dt>Signed in</dt>
                  <dd>
                    <LocalTime iso={s.created_at} />
                  </dd>
                </div>
                <div>
                  <dt>Last seen</dt>
                  <dd>
                    <LocalTime iso={s.last_seen_at} />
                  </dd>
                </div>
                <div>
                  <dt>Address</dt>
                  <dd class="code-text">{s.address || "unknown"}</dd>
                </div>
                <div>
                  <dt>Ends by</dt>
                  <dd>
                    <LocalTime iso={s.expires_at} />
                  </dd>
                </div>
              </dl>
              {s.user_agent && <p class="record__raw">{s.user_agent}</p>}
              {!s.current && (
                <button type="button" class="button" disabled={busy} onClick={() => void end(s)}>
                  Sign out
                  <span class="visually-hidden">
                    {" "}
                    {deviceName(s.user_agent)}, signed in {formatDateTime(s.created_at)}
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {sessions !== null && sessions.length > 0 && (
        <div class="actions">
          <button type="button" class="button button--danger" disabled={busy} onClick={() => setConfirmAll(true)}>
            Sign out everywhere
          </button>
          <p class="muted">{viaToken ? "Ends every session listed here." : "Ends every session, this one too."}</p>
        </div>
      )}
      <ConfirmDialog
        title={confirmAll ? "Sign out everywhere?" : null}
        confirm="Sign out everywhere"
        onConfirm={() => void endAll()}
        onCancel={() => setConfirmAll(false)}
      >
        <p>
          {viaToken
            ? "Every browser signed in to your account is signed out at once."
            : "Every browser signed in to your account is signed out at once, this one too: you will see the sign-in page."}
        </p>
      </ConfirmDialog>
    </>
  );
}
