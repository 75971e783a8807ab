// The agent's message box: one text, sent either as a reply (the customer
// sees it, and is mailed it) or as an internal note (staff only), with the
// files attached to it (uploaded as they are picked, dropped or pasted; a
// message may be files alone).

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Ticket } from "../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { useIdempotencyKey } from "../hooks.js";
import { AttachmentPicker } from "./attachments/AttachmentPicker.js";
import { filesField, messageRefusal, useUploads } from "./attachments/useUploads.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextArea } from "./Field.js";

export const MESSAGE_BOX_ID = "message";
const FILES_ID = "message-files";

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
  const uploads = useUploads(ticket.tenant);

  const send = async (internal: boolean) => {
    if (uploads.uploading) return;
    const attachments = uploads.ids;
    if (!body.trim() && attachments.length === 0) {
      const what = internal ? "the note" : "the reply";
      return setError(fieldErrors({ body: `Write ${what} or attach a file first` }));
    }
    setBusy(true);
    try {
      const { data } = await api.POST("/admin/v1/tickets/{id}/messages", {
        params: { path: { id: ticket.id }, header: { "Idempotency-Key": idempotencyKey } },
        body: { body, internal, ...(attachments.length > 0 ? { attachments } : {}) },
      });
      setBody("");
      uploads.clear();
      setError(null);
      renewKey();
      if (data) onSent(data);
    } catch (e) {
      setError(messageRefusal(describeSignedInError(e), uploads, attachments));
    } finally {
      setBusy(false);
    }
  };

  const note = intent === "note";
  const formClass = ["form composer", note ? "composer--note" : "", uploads.dragging ? "form--dropping" : ""];
  return (
    <form
      class={formClass.filter(Boolean).join(" ")}
      noValidate
      onSubmit={(e) => e.preventDefault()}
      {...uploads.dropTarget}
    >
      <h2>Write</h2>
      <ErrorSummary
        error={error}
        fields={{ body: [MESSAGE_BOX_ID, "Message"], ...filesField(FILES_ID) }}
      />
      <TextArea
        id={MESSAGE_BOX_ID}
        label="Message"
        hint={
          note
            ? "An internal note: only staff see it, and its files."
            : "Send it as a reply (the customer sees it) or as an internal note (only staff)."
        }
        rows={6}
        value={body}
        error={error?.fields["body"]}
        onInput={(e) => setBody(e.currentTarget.value)}
        onPaste={(e) => uploads.onPaste(e)}
      />
      <AttachmentPicker id={FILES_ID} uploads={uploads} error={error?.fields["attachments"]} />
      <div class="actions">
        <button
          type="button"
          class="button button--primary"
          disabled={busy || uploads.uploading}
          onClick={() => void send(false)}
        >
          Send reply
        </button>
        <button
          type="button"
          class="button button--note"
          disabled={busy || uploads.uploading}
          onClick={() => void send(true)}
        >
          Add internal note
        </button>
        {uploads.uploading && <p class="send-wait">Sending waits until the files are uploaded.</p>}
      </div>
    </form>
  );
}
