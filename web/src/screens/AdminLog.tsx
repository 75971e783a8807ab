// /admin/log: the event log's integrity (GET /admin/v1/audit): its head,
// the last whole-log verification and a button to start one (POST
// /admin/v1/audit/verify; 409 while one runs), the checkpoint signing key,
// and the newest signed checkpoints each checked now. While a verification
// runs the page asks again every second. For platform admins only (x-roles
// [admin], x-platform-only): App shows it to no one else.

import { useEffect, useRef, useState } from "preact/hooks";

import { api } from "../api/client.js";
import { count, verificationWords, type Audit } from "../audit.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { Notice } from "../components/Notice.js";
import { AuditorsNote } from "../components/audit/AuditorsNote.js";
import { CheckpointsTable } from "../components/audit/CheckpointsTable.js";
import { SigningKey } from "../components/audit/SigningKey.js";
import { VerificationPanel } from "../components/audit/VerificationPanel.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";

const POLL_MS = 1000;

export function AdminLog() {
  usePageTitle("Log integrity");
  const [audit, setAudit] = useState<Audit | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Said once when a verification ends, for a screen reader: the panel
  // itself changes every second while it runs and is not a live region.
  const [outcome, setOutcome] = useState("");
  const lastState = useRef<string | null>(null);

  const load = async () => {
    try {
      const { data } = await api.GET("/admin/v1/audit");
      if (!data) throw new Error("ticketd answered no audit");
      setAudit(data);
      setError(null);
    } catch (e) {
      setError(describeSignedInError(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const state = audit?.verification.state ?? null;
  useEffect(() => {
    if (lastState.current === "running" && state !== "running" && audit) {
      const words = verificationWords(audit.verification);
      setOutcome(`Verification finished: ${words.title}. ${words.text}`);
    }
    lastState.current = state;
    if (state !== "running") return;
    // One request at a time: the next is asked for when this answer is in.
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [audit]);

  const verify = async () => {
    setBusy(true);
    setNotice(null);
    setOutcome("");
    try {
      const { data } = await api.POST("/admin/v1/audit/verify");
      setError(null);
      if (data) setAudit((a) => (a ? { ...a, verification: data } : a));
      else await load();
    } catch (e) {
      const shown = describeSignedInError(e);
      if (shown.status === 409) {
        setNotice("A verification is already running: its progress is shown below.");
        await load();
      } else {
        setError(shown);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Log integrity</h1>
      <ErrorSummary error={error} />
      {audit === null ? (
        !error && <p class="loading">Loading the log's state…</p>
      ) : (
        <>
          <p class="lede">
            The log holds <strong>{count(audit.head)}</strong> {audit.head === 1 ? "record" : "records"}: its head is
            at position {count(audit.head)}.
          </p>
          <div class="audit-grid">
            <section class="panel" aria-labelledby="verification-heading">
              <h2 id="verification-heading">Last whole-log verification</h2>
              {notice && <Notice>{notice}</Notice>}
              <VerificationPanel verification={audit.verification} />
              <div class="actions">
                <button
                  type="button"
                  class="button button--primary"
                  disabled={busy || state === "running"}
                  onClick={() => void verify()}
                >
                  Verify the log now
                </button>
                <p class="muted">It runs beside the server: tickets keep being written meanwhile.</p>
              </div>
              <p class="visually-hidden" role="status">
                {outcome}
              </p>
            </section>
            <section class="panel" aria-labelledby="key-heading">
              <h2 id="key-heading">Checkpoint signing key</h2>
              <SigningKey fingerprint={audit.signing_key.fingerprint} publicKey={audit.signing_key.public_key} />
            </section>
          </div>
          <section aria-labelledby="checkpoints-heading">
            <h2 id="checkpoints-heading">Signed checkpoints</h2>
            <CheckpointsTable checkpoints={audit.checkpoints} total={audit.checkpoint_count} />
            <div class="actions">
              <button type="button" class="button" onClick={() => void load()}>
                Check the checkpoints again
              </button>
            </div>
          </section>
          <section aria-labelledby="auditors-heading">
            <h2 id="auditors-heading">For auditors: what this proves</h2>
            <AuditorsNote />
          </section>
        </>
      )}
    </>
  );
}
