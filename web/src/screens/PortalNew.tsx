// /portal/new: a customer opens a ticket (POST /v1/tickets), with files
// (then the description may be empty), then sees it.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import { CATEGORIES, PRIORITIES, isOneOf } from "../api/enums.js";
import { AttachmentPicker } from "../components/attachments/AttachmentPicker.js";
import { ATTACH_LABEL, messageRefusal, useUploads } from "../components/attachments/useUploads.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { SelectField, TextArea, TextField } from "../components/Field.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../errors.js";
import { setFlash } from "../flash.js";
import { categoryWord, priorityWord } from "../format.js";
import { useIdempotencyKey, usePageTitle } from "../hooks.js";
import { navigate, ticketPath } from "../router.js";

const FIELDS = {
  subject: ["new-subject", "Subject"],
  description: ["new-description", "Description"],
  category: ["new-category", "Category"],
  priority: ["new-priority", "Priority"],
  attachments: ["new-files", ATTACH_LABEL],
} as const;

const CATEGORY_OPTIONS = [
  { value: "", label: "Not sure" },
  ...CATEGORIES.map((c) => ({ value: c, label: categoryWord(c) })),
];
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: priorityWord(p) }));

export function PortalNew() {
  usePageTitle("New ticket");
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState("");
  const [priority, setPriority] = useState("medium");
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useIdempotencyKey();
  const uploads = useUploads(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (uploads.uploading) return;
    const attachments = uploads.ids;
    const missing: Record<string, string> = {};
    if (!subject.trim()) missing["subject"] = "Enter a subject";
    if (!description.trim() && attachments.length === 0) {
      missing["description"] = "Describe the problem or attach a file";
    }
    if (Object.keys(missing).length > 0) return setError(fieldErrors(missing));
    setBusy(true);
    try {
      const { data } = await api.POST("/v1/tickets", {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: {
          subject: subject.trim(),
          description,
          ...(isOneOf(CATEGORIES, category) ? { category } : {}),
          ...(isOneOf(PRIORITIES, priority) ? { priority } : {}),
          ...(attachments.length > 0 ? { attachments } : {}),
        },
      });
      if (!data) throw new Error("ticketd answered no ticket");
      setFlash(`Ticket ${data.key} is open. Our answers will appear here.`);
      navigate(ticketPath(data.key, true));
    } catch (e) {
      setError(messageRefusal(describeSignedInError(e), uploads, attachments));
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1 tabIndex={-1}>New ticket</h1>
      <ErrorSummary error={error} fields={FIELDS} />
      <form
        class={uploads.dragging ? "form form--dropping" : "form"}
        noValidate
        onSubmit={submit}
        {...uploads.dropTarget}
      >
        <TextField
          id="new-subject"
          label="Subject"
          hint="What the problem is, in a few words."
          required
          maxLength={200}
          value={subject}
          error={error?.fields["subject"]}
          onInput={(e) => setSubject(e.currentTarget.value)}
        />
        <TextArea
          id="new-description"
          label="Description"
          hint="What happened, what you expected, and anything you tried."
          required={uploads.ids.length === 0}
          rows={8}
          value={description}
          error={error?.fields["description"]}
          onInput={(e) => setDescription(e.currentTarget.value)}
          onPaste={(e) => uploads.onPaste(e)}
        />
        <div class="field-row">
          <SelectField
            id="new-category"
            label="Category"
            options={CATEGORY_OPTIONS}
            value={category}
            error={error?.fields["category"]}
            onChange={(e) => setCategory(e.currentTarget.value)}
          />
          <SelectField
            id="new-priority"
            label="Priority"
            options={PRIORITY_OPTIONS}
            value={priority}
            error={error?.fields["priority"]}
            onChange={(e) => setPriority(e.currentTarget.value)}
          />
        </div>
        <AttachmentPicker id="new-files" uploads={uploads} error={error?.fields["attachments"]} />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy || uploads.uploading}>
            Open ticket
          </button>
          <a class="button button--quiet" href="/portal">
            Cancel
          </a>
          {uploads.uploading && <p class="send-wait">Opening waits until the files are uploaded.</p>}
        </div>
      </form>
    </div>
  );
}
