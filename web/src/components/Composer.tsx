// The agent's message box: one text, sent either as a reply (the customer
// sees it, and is mailed it) or as an internal note (staff only).

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Ticket } from "../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { useIdempotencyKey } from "../hooks.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextArea } from "./Field.js";

export const MESSAGE_BOX_ID = "message";

interface Props {
  ticket: Ticket;
  /** What the keyboard last asked for (r: a reply, n: a note): shown as a hint. */
  intent: "reply" | "note";
  onSent: (ticket: Ticket) => void;
}

export function Composer({ ticket, intent, onSent }: Props) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();

  const send = async (internal: boolean) => {
    if (!body.trim()) {
      return setError(fieldErrors({ body: internal ? "Write the note first" : "Write the reply first" }));
    }
    setBusy(true);
    try {
      const { data } = await api.POST("/admin/v1/tickets/{id}/messages", {
        params: { path: { id: ticket.id }, header: { "Idempotency-Key": idempotencyKey } },
        body: { body, internal },
      });
      setBody("");
      setError(null);
      renewKey();
      if (data) onSent(data);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class={intent === "note" ? "form composer composer--note" : "form composer"}
      noValidate
      onSubmit={(e) => e.preventDefault()}
    >
      <h2>Write</h2>
      <ErrorSummary error={error} fields={{ body: [MESSAGE_BOX_ID, "Message"] }} />
      <TextArea
        id={MESSAGE_BOX_ID}
        label="Message"
        hint={
          intent === "note"
            ? "An internal note: only staff see it."
            : "Send it as a reply (the customer sees it) or as an internal note (only staff)."
        }
        rows={6}
        value={body}
        error={error?.fields["body"]}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <div class="actions">
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void send(false)}>
          Send reply
        </button>
        <button type="button" class="button button--note" disabled={busy} onClick={() => void send(true)}>
          Add internal note
        </button>
      </div>
    </form>
  );
}
