// The customer's reply (POST /v1/tickets/{id}/messages), with the files
// attached to it (a reply may be files alone). On a closed ticket the reply
// opens a follow-up ticket (201): the console goes there and says so.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Ticket } from "../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { setFlash } from "../flash.js";
import { useIdempotencyKey } from "../hooks.js";
import { navigate, ticketPath } from "../router.js";
import { AttachmentPicker } from "./attachments/AttachmentPicker.js";
import { filesField, messageRefusal, useUploads } from "./attachments/useUploads.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextArea } from "./Field.js";

const FILES_ID = "reply-files";

export function ReplyForm({ ticket, onReplied }: { ticket: Ticket; onReplied: (ticket: Ticket) => void }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const uploads = useUploads(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (uploads.uploading) return;
    const attachments = uploads.ids;
    if (!body.trim() && attachments.length === 0) {
      return setError(fieldErrors({ body: "Write your reply or attach a file" }));
    }
    setBusy(true);
    try {
      const { data, response } = await api.POST("/v1/tickets/{id}/messages", {
        params: { path: { id: ticket.id }, header: { "Idempotency-Key": idempotencyKey } },
        body: { body, ...(attachments.length > 0 ? { attachments } : {}) },
      });
      if (!data) throw new Error("ticketd answered no ticket");
      setBody("");
      uploads.clear();
      setError(null);
      renewKey();
      if (response.status === 201) {
        setFlash(`${ticket.key} was closed, so your reply opened a new ticket, ${data.key}, that follows it up.`);
        navigate(ticketPath(data.key, true));
      } else {
        onReplied(data);
      }
    } catch (e) {
      setError(messageRefusal(describeSignedInError(e), uploads, attachments));
    } finally {
      setBusy(false);
    }
  };

  const closed = ticket.status === "closed";
  return (
    <form
      class={uploads.dragging ? "form composer form--dropping" : "form composer"}
      noValidate
      onSubmit={submit}
      {...uploads.dropTarget}
    >
      <h2>Reply</h2>
      <ErrorSummary error={error} fields={{ body: ["reply", "Reply"], ...filesField(FILES_ID) }} />
      <TextArea
        id="reply"
        label="Reply"
        hint={closed ? "This ticket is closed: a reply opens a new ticket that follows it up." : undefined}
        required={uploads.ids.length === 0}
        rows={5}
        value={body}
        error={error?.fields["body"]}
        onInput={(e) => setBody(e.currentTarget.value)}
        onPaste={(e) => uploads.onPaste(e)}
      />
      <AttachmentPicker id={FILES_ID} uploads={uploads} error={error?.fields["attachments"]} />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || uploads.uploading}>
          Send reply
        </button>
        {uploads.uploading && <p class="send-wait">Sending waits until the files are uploaded.</p>}
      </div>
    </form>
  );
}
