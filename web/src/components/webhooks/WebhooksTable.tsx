// The webhooks, one row each: where they send, which events, whose tenant,
// the fingerprint that names the signing secret, when made; a link to each
// one's delivery log and a "Delete" button (the screen asks first).

import type { Webhook } from "../../api/types.js";
import { LocalTime } from "../LocalTime.js";
import { TableHead } from "../TableHead.js";
import { eventsWords } from "./rules.js";

interface Props {
  webhooks: readonly Webhook[];
  busy: boolean;
  onDelete: (webhook: Webhook) => void;
}

export function webhookPath(id: string): string {
  return `/admin/webhooks/${encodeURIComponent(id)}`;
}

export function WebhooksTable({ webhooks, busy, onDelete }: Props) {
  return (
    <div class="table-wrap">
      <table class="table webhooks-table" aria-label="Webhooks">
        <TableHead columns={["Receiver URL", "Events", "Tenant", "Secret fingerprint", "Created"]} actions />
        <tbody>
          {webhooks.map((h) => (
            <tr key={h.id}>
              <th scope="row" class="webhook-url">
                <span class="code-text">{h.url}</span>
                <span class="webhook-id">{h.id}</span>
              </th>
              <td class="webhook-events">{eventsWords(h.events)}</td>
              <td>{h.tenant ?? <span class="muted">Every tenant</span>}</td>
              <td class="code-text">{h.secret_fingerprint}</td>
              <td class="nowrap">
                <LocalTime iso={h.created_at} short />
              </td>
              <td class="cell-actions">
                <a class="button button--compact" href={webhookPath(h.id)}>
                  Delivery log<span class="visually-hidden"> of {h.url}</span>
                </a>{" "}
                <button type="button" class="button button--compact button--danger" disabled={busy} onClick={() => onDelete(h)}>
                  Delete<span class="visually-hidden"> {h.url}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
