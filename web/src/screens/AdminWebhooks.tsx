// /admin/webhooks: the webhooks within my reach (GET /admin/v1/webhooks, a
// page at a time), a form to add one (its signing secret shown once), and
// deleting one after a confirmation (ticketd dead-letters its deliveries
// still waiting to be sent). For tenant admins and admins (the operations'
// x-roles); a tenant admin sees its tenants' webhooks only.

import { useState } from "preact/hooks";

import { mayManageWebhooks } from "../access.js";
import { api } from "../api/client.js";
import type { Me, Webhook } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { Notice } from "../components/Notice.js";
import { SecretOnce } from "../components/SecretOnce.js";
import { ConfirmDialog } from "../components/profile/ConfirmDialog.js";
import { NoWebhookAccess } from "../components/webhooks/NoWebhookAccess.js";
import { WebhookForm } from "../components/webhooks/WebhookForm.js";
import { WebhooksTable, webhookPath } from "../components/webhooks/WebhooksTable.js";
import { LoadMore } from "../components/LoadMore.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";
import { usePagedList } from "../paging.js";

export function AdminWebhooks({ me }: { me: Me }) {
  if (!mayManageWebhooks(me.actor.role)) return <NoWebhookAccess role={me.actor.role} />;
  return <Webhooks me={me} />;
}

interface Created {
  webhook: Webhook;
  secret: string | null;
}

function Webhooks({ me }: { me: Me }) {
  usePageTitle("Webhooks");
  const [created, setCreated] = useState<Created | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const list = usePagedList(async (page) => {
    const { data } = await api.GET("/admin/v1/webhooks", { params: { query: page } });
    return data ?? { items: [], next_cursor: null };
  }, "webhooks");

  const remove = async (hook: Webhook) => {
    setDeleting(null);
    setBusy(true);
    try {
      await api.DELETE("/admin/v1/webhooks/{id}", { params: { path: { id: hook.id } } });
      setError(null);
      if (created?.webhook.id === hook.id) setCreated(null);
      setNotice(`The webhook to ${hook.url} is deleted. Deliveries it still had waiting were dead-lettered.`);
      list.refresh();
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  if (list.error?.status === 403) return <NoWebhookAccess role={me.actor.role} />;

  return (
    <>
      <h1 tabIndex={-1}>Webhooks</h1>
      <p class="reading">
        ticketd sends each event a webhook subscribes to as a signed JSON POST to its URL, in order per ticket, and
        tries again with growing pauses until the receiver answers with a 2xx status.
      </p>
      <ErrorSummary error={error ?? list.error} />
      {notice && <Notice>{notice}</Notice>}
      {created && (
        <div class="panel webhook-added">
          <p>
            Webhook {created.webhook.id} to <span class="code-text">{created.webhook.url}</span> is added.{" "}
            <a href={webhookPath(created.webhook.id)}>See its delivery log</a>
          </p>
          {created.secret && (
            <SecretOnce
              id="webhook-secret-once"
              heading="Its signing secret"
              label="Signing secret"
              value={created.secret}
              hint={`Give it to the receiver, which checks each delivery's X-Ticketd-Signature with it. Its fingerprint is ${created.webhook.secret_fingerprint}.`}
              onDone={() => setCreated({ ...created, secret: null })}
            />
          )}
        </div>
      )}
      {list.loading === "first" ? (
        <p class="loading">Loading the webhooks…</p>
      ) : list.items.length === 0 && !list.error ? (
        <p class="empty">No webhooks yet. Add one below to send events to another system as they happen.</p>
      ) : (
        <WebhooksTable webhooks={list.items} busy={busy} onDelete={setDeleting} />
      )}
      <LoadMore list={list} />
      <section class="panel" aria-labelledby="add-webhook-heading">
        <h2 id="add-webhook-heading">Add a webhook</h2>
        <WebhookForm
          me={me}
          onCreated={(webhook, secret) => {
            setNotice(null);
            setCreated({ webhook, secret });
            list.refresh();
          }}
        />
      </section>
      <ConfirmDialog
        title={deleting ? "Delete this webhook?" : null}
        confirm="Delete webhook"
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <p class="code-text break-anywhere">{deleting?.url}</p>
        <p>
          ticketd stops sending to it at once. Deliveries still waiting to be sent (pending) are dead-lettered: they
          will never be sent. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
