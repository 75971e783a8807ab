// "Email alerts" (GET/PUT /auth/notifications): for each kind of staff alert,
// whether it comes at once, in the digest (one email per period, whose
// length ticketd says) or not at all. Staff only; a token that belongs to
// no account has preferences too, as its alerts go to its holder.

import { useEffect, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { AlertDelivery, AlertPreferences } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { SelectField } from "../Field.js";
import { Notice } from "../Notice.js";

type Kind = keyof AlertPreferences["kinds"];

const KINDS: readonly (readonly [Kind, string])[] = [
  ["new_ticket", "New tickets"],
  ["assigned", "Tickets assigned to me"],
  ["customer_reply", "Customer replies on my tickets"],
  ["sla_warning", "SLA warnings"],
  ["sla_breached", "SLA breaches"],
];

const FIELDS = Object.fromEntries(
  KINDS.map(([kind, label]) => [`kinds.${kind}`, [`alert-${kind}`, label] as const]),
) as Record<string, readonly [string, string]>;

/** "hourly", "daily", or "every 10 minutes": the digest's period in words. */
export function periodWords(seconds: number): string {
  if (seconds === 3600) return "hourly";
  if (seconds === 86400) return "daily";
  if (seconds % 3600 === 0) return `every ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `every ${seconds / 60} minutes`;
  return `every ${seconds} seconds`;
}

export function NotificationPrefs() {
  const [prefs, setPrefs] = useState<AlertPreferences | null>(null);
  const [kinds, setKinds] = useState<AlertPreferences["kinds"] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      try {
        const { data } = await api.GET("/auth/notifications");
        if (data) {
          setPrefs(data);
          setKinds(data.kinds);
        }
      } catch (e) {
        setError(describeSignedInError(e));
      }
    })();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!kinds) return;
    setDone(false);
    setBusy(true);
    try {
      const { data } = await api.PUT("/auth/notifications", { body: { kinds } });
      if (data) {
        setPrefs(data);
        setKinds(data.kinds);
      }
      setError(null);
      setDone(true);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!prefs || !kinds) return error ? <ErrorSummary error={error} /> : <p class="muted">Loading…</p>;
  const digest = `Digest (${periodWords(prefs.digest_period_seconds)})`;
  const options = [
    { value: "immediately", label: "Immediately" },
    { value: "digest", label: digest },
    { value: "off", label: "Off" },
  ] as const;
  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      {done && <Notice>Your email alert choices are saved.</Notice>}
      <p>
        Choose how each kind of alert reaches you by email. A digest collects the alerts into one email{" "}
        {periodWords(prefs.digest_period_seconds)}, sent at the end of each period (UTC).
      </p>
      <form class="form narrow" noValidate onSubmit={submit} aria-labelledby="alerts-heading">
        {KINDS.map(([kind, label]) => (
          <SelectField
            key={kind}
            id={`alert-${kind}`}
            label={label}
            options={options}
            value={kinds[kind]}
            error={error?.fields[`kinds.${kind}`]}
            onChange={(e) => setKinds({ ...kinds, [kind]: e.currentTarget.value as AlertDelivery })}
          />
        ))}
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Save alert choices
          </button>
        </div>
      </form>
    </>
  );
}
