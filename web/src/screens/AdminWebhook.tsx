// /admin/webhooks/:id: one webhook's delivery log (GET
// /admin/v1/webhooks/{id}/deliveries, newest first, a page at a time),
// read again every few seconds while the tab is shown (every 2 s while a
// delivery is pending), since deliveries change without anyone here acting.
// ticketd has no "get one webhook" route, so its settings come from the list.

import { useEffect, useRef, useState } from "preact/hooks";

import { mayManageWebhooks } from "../access.js";
import { api } from "../api/client.js";
import type { Me, Webhook } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { LocalTime } from "../components/LocalTime.js";
import { DeliveryList } from "../components/webhooks/DeliveryList.js";
import { NoWebhookAccess } from "../components/webhooks/NoWebhookAccess.js";
import { eventsWords } from "../components/webhooks/rules.js";
import { usePageTitle } from "../hooks.js";
import { usePagedList } from "../paging.js";

const POLL_PENDING_MS = 2_000;
const POLL_IDLE_MS = 5_000;

interface Props {
  me: Me;
  webhookId: string;
}

export function AdminWebhook({ me, webhookId }: Props) {
  if (!mayManageWebhooks(me.actor.role)) return <NoWebhookAccess role={me.actor.role} />;
  return <DeliveryLog me={me} webhookId={webhookId} />;
}

function DeliveryLog({ me, webhookId }: Props) {
  const hook = useWebhook(webhookId);
  usePageTitle(hook ? `Deliveries to ${hook.url}` : `Webhook ${webhookId}`);

  const list = usePagedList(async (page) => {
    const { data } = await api.GET("/admin/v1/webhooks/{id}/deliveries", {
      params: { path: { id: webhookId }, query: page },
    });
    return data ?? { items: [], next_cursor: null };
  }, webhookId);

  const pending = list.items.some((d) => d.status === "pending");
  const refresh = useRef(list.refresh);
  refresh.current = list.refresh;
  useEffect(() => {
    const timer = setInterval(
      () => {
        if (document.visibilityState !== "hidden") refresh.current();
      },
      pending ? POLL_PENDING_MS : POLL_IDLE_MS,
    );
    return () => clearInterval(timer);
  }, [pending]);

  if (list.error?.status === 403) return <NoWebhookAccess role={me.actor.role} />;
  if (list.error?.status === 404) {
    return (
      <>
        <h1 tabIndex={-1}>Webhook not found</h1>
        <p>
          No webhook {webhookId} is within your reach. <a href="/admin/webhooks">See all webhooks</a>
        </p>
      </>
    );
  }

  return (
    <>
      <p class="eyebrow">
        <a href="/admin/webhooks">Webhooks</a> · {webhookId}
      </p>
      <h1 tabIndex={-1}>Delivery log</h1>
      {hook === false && (
        <p class="notice" role="status">
          This webhook is no longer in the list: it was deleted. Its deliveries stay on record.
        </p>
      )}
      {hook && (
        <dl class="facts">
          <div>
            <dt>Receiver URL</dt>
            <dd class="code-text">{hook.url}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>{eventsWords(hook.events)}</dd>
          </div>
          <div>
            <dt>Tenant</dt>
            <dd>{hook.tenant ?? "Every tenant"}</dd>
          </div>
          <div>
            <dt>Secret fingerprint</dt>
            <dd class="code-text">{hook.secret_fingerprint}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <LocalTime iso={hook.created_at} />
            </dd>
          </div>
        </dl>
      )}
      <ErrorSummary error={list.error} />
      {list.loading === "first" ? (
        <p class="loading">Loading the deliveries…</p>
      ) : list.items.length === 0 && !list.error ? (
        <p class="empty">
          Nothing delivered yet. A delivery appears here as soon as an event this webhook subscribes to happens.
        </p>
      ) : (
        <DeliveryList deliveries={list.items} />
      )}
      <div class="actions">
        {list.more && (
          <button type="button" class="button" disabled={list.loading !== null} onClick={list.loadMore}>
            Load older deliveries
          </button>
        )}
        <p class="muted live-hint">
          {list.items.length} shown, newest first; updated every few seconds.
        </p>
      </div>
    </>
  );
}

/**
 * The webhook's settings, from the pages of GET /admin/v1/webhooks: null
 * while looking, false when it is not there (deleted), or the webhook.
 */
function useWebhook(id: string): Webhook | null | false {
  const [hook, setHook] = useState<Webhook | null | false>(null);
  useEffect(() => {
    let cancelled = false;
    const find = async () => {
      let cursor: string | undefined;
      for (;;) {
        const { data } = await api.GET("/admin/v1/webhooks", {
          params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } },
        });
        const found = data?.items.find((h) => h.id === id);
        if (found) return found;
        if (!data?.next_cursor) return false;
        cursor = data.next_cursor;
      }
    };
    find()
      .then((found) => !cancelled && setHook(found))
      .catch(() => !cancelled && setHook(null)); // the log below says what went wrong
    return () => {
      cancelled = true;
    };
  }, [id]);
  return hook;
}
