// The customer's reply (POST /v1/tickets/{id}/messages). On a closed ticket
// the reply opens a follow-up ticket (201): the console goes there and says so.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Ticket } from "../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { setFlash } from "../flash.js";
import { useIdempotencyKey } from "../hooks.js";
import { navigate, ticketPath } from "../router.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextArea } from "./Field.js";

export function ReplyForm({ ticket, onReplied }: { ticket: Ticket; onReplied: (ticket: Ticket) => void }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) return setError(fieldErrors({ body: "Write your reply" }));
    setBusy(true);
    try {
      const { data, response } = await api.POST("/v1/tickets/{id}/messages", {
        params: { path: { id: ticket.id }, header: { "Idempotency-Key": idempotencyKey } },
        body: { body },
      });
      if (!data) throw new Error("ticketd answered no ticket");
      setBody("");
      setError(null);
      renewKey();
      if (response.status === 201) {
        setFlash(`${ticket.key} was closed, so your reply opened a new ticket, ${data.key}, that follows it up.`);
        navigate(ticketPath(data.key, true));
      } else {
        onReplied(data);
      }
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  const closed = ticket.status === "closed";
  return (
    <form class="form composer" noValidate onSubmit={submit}>
      <h2>Reply</h2>
      <ErrorSummary error={error} fields={{ body: ["reply", "Reply"] }} />
      <TextArea
        id="reply"
        label="Reply"
        hint={closed ? "This ticket is closed: a reply opens a new ticket that follows it up." : undefined}
        required
        rows={5}
        value={body}
        error={error?.fields["body"]}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          Send reply
        </button>
      </div>
    </form>
  );
}
