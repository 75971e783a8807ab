// What can be done to an account as a whole, each after a confirmation:
// disable it (its sessions end and its tokens stop working) or enable it
// again, end its sessions (it signs in again), and for an invited account,
// mail a new invitation link (the old one stops working). ticketd answers
// 409 when the account is not in the state the action needs (disabled
// already, say): said in the summary, and the account is read again.

import { useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { Account } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { Notice } from "../Notice.js";
import { ConfirmDialog } from "../profile/ConfirmDialog.js";

type Action = "disable" | "enable" | "sessions" | "invitation";

interface Words {
  button: string;
  question: (who: string) => string;
  explain: string;
  done: (who: string, sent: boolean) => string;
  danger: boolean;
}

const WORDS: Record<Action, Words> = {
  disable: {
    button: "Disable account",
    question: (who) => `Disable ${who}?`,
    explain:
      "They are signed out everywhere and cannot sign in, and their API tokens stop working, until enabled again.",
    done: (who) => `${who} is disabled.`,
    danger: true,
  },
  enable: {
    button: "Enable account",
    question: (who) => `Enable ${who}?`,
    explain: "They can sign in again (or, if they never accepted their invitation, accept it).",
    done: (who) => `${who} is enabled again.`,
    danger: false,
  },
  sessions: {
    button: "End sessions",
    question: (who) => `Sign ${who} out everywhere?`,
    explain: "Every session of theirs ends at once: they have to sign in again on each device.",
    done: (who) => `${who} is signed out everywhere.`,
    danger: true,
  },
  invitation: {
    button: "Resend invitation",
    question: (who) => `Send ${who} a new invitation?`,
    explain: "A new link to set a password is mailed to them; the link sent before stops working.",
    done: (who, sent) =>
      sent ? `A new invitation is on its way to ${who}.` : "No email could be sent: ticketd has no mail server set up.",
    danger: false,
  },
};

interface Props {
  account: Account;
  onChanged(account: Account): void;
  /** Read the account again (after a 409: something changed meanwhile). */
  onStale(): void;
}

export function AccountActions({ account, onChanged, onStale }: Props) {
  const [asking, setAsking] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const who = account.name || account.email;
  const path = { params: { path: { id: account.id } } };

  const run = async (action: Action) => {
    setAsking(null);
    setBusy(true);
    setNotice(null);
    try {
      let sent = true;
      let changed: Account | undefined;
      if (action === "disable") changed = (await api.POST("/admin/v1/accounts/{id}/disable", path)).data;
      else if (action === "enable") changed = (await api.POST("/admin/v1/accounts/{id}/enable", path)).data;
      else if (action === "sessions") changed = (await api.POST("/admin/v1/accounts/{id}/revoke-sessions", path)).data;
      else {
        const { data } = await api.POST("/admin/v1/accounts/{id}/invitation", path);
        changed = data?.account;
        sent = data?.invitation_sent ?? false;
      }
      setError(null);
      setNotice(WORDS[action].done(who, sent));
      if (changed) onChanged(changed);
    } catch (e) {
      const shown = describeSignedInError(e);
      setError(shown);
      if (shown.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  const offered: Action[] = [
    account.status === "disabled" ? "enable" : "disable",
    "sessions",
    ...(account.status === "invited" ? (["invitation"] as const) : []),
  ];
  const words = asking ? WORDS[asking] : null;

  return (
    <>
      <ErrorSummary error={error} />
      {notice && <Notice>{notice}</Notice>}
      <ul class="account-actions">
        {offered.map((action) => (
          <li key={action}>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => setAsking(action)}
            >
              {WORDS[action].button}
            </button>
            <p class="field__hint">{WORDS[action].explain}</p>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        title={words ? words.question(who) : null}
        confirm={words?.button ?? ""}
        danger={words?.danger ?? false}
        busy={busy}
        onConfirm={() => asking && void run(asking)}
        onCancel={() => setAsking(null)}
      >
        {words && <p>{words.explain}</p>}
      </ConfirmDialog>
    </>
  );
}
