// A composer's "Attach files": a labelled file input (several at once), and
// each file as a chip with its name, size, upload progress and a remove
// button. What happens to a file (attached, or refused in ticketd's words)
// is said next to it in a live region; the limit of files per message is
// said under the input.

import { useFocusAfterRemoval } from "../../hooks.js";

import { MAX_FILES_PER_MESSAGE, formatBytes, percentSent, type PendingFile } from "../../attachments.js";
import { FieldError } from "../Field.js";
import { ATTACH_LABEL, type Uploads } from "./useUploads.js";

interface Props {
  /** The file input's id (an error summary links to it). */
  id: string;
  uploads: Uploads;
  /** ticketd's refusal of the message's files (a 422 naming `attachments`). */
  error?: string | undefined;
}

function chipStatus(file: PendingFile): string {
  switch (file.state.kind) {
    case "uploading":
      return "Uploading…";
    case "done":
      return "Attached";
    case "failed":
      return file.state.message;
  }
}

export function AttachmentPicker({ id, uploads, error }: Props) {
  // After a removal: the next file's remove button, or back to the input.
  const [list, removedAt] = useFocusAfterRemoval(id, uploads.files.length);

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const noticeId = `${id}-notice`;
  return (
    <div class={error ? "field attach field--error" : "field attach"}>
      <label for={id}>{ATTACH_LABEL}</label>
      <p class="field__hint" id={hintId}>
        Up to {MAX_FILES_PER_MESSAGE} files. You can also drop files on this form or paste an image into the message.
      </p>
      <FieldError id={errorId} error={error} />
      <input
        id={id}
        type="file"
        multiple
        class="attach__input"
        aria-describedby={[hintId, error ? errorId : "", uploads.notice ? noticeId : ""].filter(Boolean).join(" ")}
        aria-invalid={error ? "true" : undefined}
        onChange={(event) => {
          const input = event.currentTarget;
          uploads.add(Array.from(input.files ?? [], (file) => ({ file, name: file.name })));
          // The same file can be picked again after it was removed.
          input.value = "";
        }}
      />
      <p class="attach__notice" id={noticeId} aria-live="polite">
        {uploads.notice}
      </p>
      {uploads.files.length > 0 && (
        <ul class="attach__files" aria-label="Files to send" ref={list}>
          {uploads.files.map((file, i) => {
            const failed = file.state.kind === "failed";
            return (
              <li key={file.key} class={failed ? "attach__file attach__file--failed" : "attach__file"}>
                <span class="attach__name">{file.name}</span>
                <span class="attach__size">{formatBytes(file.size)}</span>
                {file.state.kind === "uploading" && (
                  <progress
                    class="attach__progress"
                    max={100}
                    value={percentSent(file)}
                    aria-label={`Uploading ${file.name}`}
                  />
                )}
                <span class={failed ? "attach__status field__error" : "attach__status"} aria-live="polite">
                  {failed && <span class="visually-hidden">Error: </span>}
                  {chipStatus(file)}
                </span>
                <button
                  type="button"
                  class="chip__remove attach__remove"
                  aria-label={`Remove ${file.name}`}
                  title={`Remove ${file.name}`}
                  onClick={() => {
                    removedAt(i);
                    uploads.remove(file.key);
                  }}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
