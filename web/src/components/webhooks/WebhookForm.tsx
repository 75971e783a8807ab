// "Add a webhook" (POST /admin/v1/webhooks): the receiver's URL, whose
// events (a platform admin may take every tenant's; anyone else names a
// tenant of their scope), which event types, and the signing secret. ticketd
// takes the secret from the client, so the console makes a strong one unless
// one is given, and the screen shows it once after the webhook is created.

import { useEffect, useState } from "preact/hooks";

import { isPlatformAdmin } from "../../access.js";
import { api } from "../../api/client.js";
import type { EventType, Me, Webhook } from "../../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { SelectField, TextField, type Option } from "../Field.js";
import { EventPicker } from "./EventPicker.js";
import { EVERY_EVENT, MIN_SECRET_LENGTH, newSigningSecret } from "./rules.js";

const FIELDS = {
  url: ["webhook-url", "Receiver URL"],
  tenant: ["webhook-tenant", "Tenant"],
  events: ["webhook-events-every", "Events"],
  secret: ["webhook-secret", "Signing secret"],
} as const;

interface Props {
  me: Me;
  /** Created; `generatedSecret` when the console made the secret (to show it once). */
  onCreated: (webhook: Webhook, generatedSecret: string | null) => void;
}

export function WebhookForm({ me, onCreated }: Props) {
  const platform = isPlatformAdmin(me.actor);
  const tenants = useTenantOptions(me);
  const [url, setUrl] = useState("");
  const [tenant, setTenant] = useState(!platform && me.actor.scope.length === 1 ? (me.actor.scope[0] ?? "") : "");
  const [every, setEvery] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<EventType>>(new Set());
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!url.trim()) missing["url"] = "Enter the URL ticketd should send events to";
    if (!platform && !tenant) missing["tenant"] = "Choose the tenant whose events it gets";
    if (!every && chosen.size === 0) missing["events"] = "Choose at least one event type, or every event";
    if (secret && secret.length < MIN_SECRET_LENGTH) {
      missing["secret"] = `Use at least ${MIN_SECRET_LENGTH} characters, or leave it empty`;
    }
    if (Object.keys(missing).length > 0) return setError(fieldErrors(missing));
    const generated = secret ? null : newSigningSecret();
    setBusy(true);
    try {
      const { data } = await api.POST("/admin/v1/webhooks", {
        body: {
          url: url.trim(),
          events: every ? [EVERY_EVENT] : [...chosen],
          secret: secret || (generated as string),
          ...(tenant ? { tenant } : {}),
        },
      });
      setError(null);
      setUrl("");
      setSecret("");
      setEvery(true);
      setChosen(new Set());
      if (data) onCreated(data, generated);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (type: EventType, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(type);
    else next.delete(type);
    setChosen(next);
  };

  const tenantOptions: Option[] = platform
    ? [{ value: "", label: "Every tenant" }, ...tenants]
    : [...(me.actor.scope.length > 1 ? [{ value: "", label: "Choose a tenant" }] : []), ...tenants];

  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      <form class="form webhook-form" noValidate onSubmit={submit} aria-labelledby="add-webhook-heading">
        <TextField
          id="webhook-url"
          label="Receiver URL"
          hint="A public http:// or https:// address that accepts POST requests with a JSON body."
          type="url"
          inputMode="url"
          spellcheck={false}
          autocomplete="off"
          required
          value={url}
          error={error?.fields["url"]}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <SelectField
          id="webhook-tenant"
          label="Tenant"
          hint={platform ? "Only this tenant's events, or every tenant's." : "Only this tenant's events."}
          options={tenantOptions}
          value={tenant}
          error={error?.fields["tenant"]}
          onChange={(e) => setTenant(e.currentTarget.value)}
        />
        <EventPicker
          every={every}
          chosen={chosen}
          error={error?.fields["events"]}
          onEvery={setEvery}
          onToggle={toggle}
        />
        <TextField
          id="webhook-secret"
          label="Signing secret (optional)"
          hint={`Deliveries carry an HMAC-SHA256 signature made with it (X-Ticketd-Signature). Leave it empty and a strong one is made for you and shown once; your own needs ${MIN_SECRET_LENGTH} characters or more.`}
          spellcheck={false}
          autocomplete="off"
          value={secret}
          error={error?.fields["secret"]}
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Add webhook
          </button>
        </div>
      </form>
    </>
  );
}

/**
 * The tenants a webhook may be for: a platform admin's from GET
 * /admin/v1/tenants (every one), anyone else's from their scope.
 */
function useTenantOptions(me: Me): Option[] {
  const platform = isPlatformAdmin(me.actor);
  const [listed, setListed] = useState<Option[]>([]);
  useEffect(() => {
    if (!platform) return;
    api
      .GET("/admin/v1/tenants", { params: { query: { limit: 500 } } })
      .then(({ data }) => setListed((data?.items ?? []).map((t) => ({ value: t.slug, label: `${t.name} (${t.slug})` }))))
      .catch(() => setListed([])); // "Every tenant" still works; ticketd checks a slug anyway
  }, [platform]);
  return platform ? listed : me.actor.scope.map((slug) => ({ value: slug, label: slug }));
}
