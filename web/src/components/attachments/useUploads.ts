// A composer's files: each one picked, dropped or pasted is uploaded at once
// (api/upload.ts) and kept in the queue (attachments.ts) until the message
// is sent with their ids. Removing a file still uploading stops its upload;
// so does leaving the page.

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import { UploadInterrupted, uploadAttachment, uploadUrl } from "../../api/upload.js";
import {
  EMPTY_QUEUE,
  addFiles,
  collapseAttachmentFields,
  attachmentIds,
  isUploading,
  pastedName,
  refuseSent,
  removeFile,
  tooManyFilesMessage,
  uploadDone,
  uploadFailed,
  uploadProgress,
  type PendingFile,
  type UploadQueue,
} from "../../attachments.js";
import { describeSignedInError, type ShownError } from "../../errors.js";

/** A file to upload under a name (a pasted image's is made up). */
export interface NamedFile {
  file: Blob;
  name: string;
}

export interface Uploads {
  files: readonly PendingFile[];
  /** A file is still uploading: sending waits. */
  uploading: boolean;
  /** The uploaded files' ids, for the message's `attachments`. */
  ids: string[];
  /** Why files were left out (the limit), until the next files are added. */
  notice: string | null;
  add(files: readonly NamedFile[]): void;
  remove(key: number): void;
  /** After the message was sent: the files are the message's now. */
  clear(): void;
  /** A 422 naming `attachments[i]`: the files it names are marked failed. Whether any was. */
  refuse(sent: readonly string[], fields: Readonly<Record<string, string>>): boolean;
  /** For the form: files dropped anywhere on it are added. */
  dropTarget: Pick<
    JSX.HTMLAttributes<HTMLFormElement>,
    "onDragEnter" | "onDragOver" | "onDragLeave" | "onDrop"
  >;
  /** Files are being dragged over the form (it shows where they go). */
  dragging: boolean;
  /** For the message's text area: a pasted image is added. */
  onPaste(event: ClipboardEvent): void;
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

/** `staffTenant`: the ticket's tenant for staff (their uploads name it), null for a customer. */
export function useUploads(staffTenant: string | null): Uploads {
  const [queue, setQueue] = useState<UploadQueue>(EMPTY_QUEUE);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  // Every change goes through `update`, so `latest` is the queue as it is,
  // whichever callback (an upload's progress, say) asks.
  const latest = useRef(queue);
  const update = (change: (q: UploadQueue) => UploadQueue) => {
    latest.current = change(latest.current);
    setQueue(latest.current);
  };
  const running = useRef(new Map<number, AbortController>());
  const dragDepth = useRef(0);

  useEffect(() => {
    const uploads = running.current;
    // A file dropped beside the form would make the browser open it, leaving
    // the page and the message typed so far: that drop does nothing.
    const guard = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault();
    };
    window.addEventListener("dragover", guard);
    window.addEventListener("drop", guard);
    return () => {
      window.removeEventListener("dragover", guard);
      window.removeEventListener("drop", guard);
      for (const controller of uploads.values()) controller.abort();
      uploads.clear();
    };
  }, []);

  const start = (pending: PendingFile, file: Blob) => {
    const controller = new AbortController();
    running.current.set(pending.key, controller);
    uploadAttachment({
      url: uploadUrl(staffTenant),
      file,
      name: pending.name,
      client: api,
      signal: controller.signal,
      onProgress: (sent) => update((q) => uploadProgress(q, pending.key, sent)),
    })
      .then((attachment) => update((q) => uploadDone(q, pending.key, attachment)))
      .catch((e: unknown) => {
        if (e instanceof DOMException && e.name === "AbortError") return;
        update((q) => uploadFailed(q, pending.key, uploadError(e)));
      })
      .finally(() => running.current.delete(pending.key));
  };

  const add = (files: readonly NamedFile[]) => {
    if (files.length === 0) return;
    const result = addFiles(
      latest.current,
      files.map((f) => ({ name: f.name, size: f.file.size })),
    );
    update(() => result.queue);
    setNotice(tooManyFilesMessage(result.refused));
    result.added.forEach((pending, i) => start(pending, files[i]!.file));
  };

  const stop = (key: number) => {
    running.current.get(key)?.abort();
    running.current.delete(key);
  };

  return {
    files: queue.files,
    uploading: isUploading(queue),
    ids: attachmentIds(queue),
    notice,
    add,
    remove(key) {
      stop(key);
      update((q) => removeFile(q, key));
      setNotice(null);
    },
    clear() {
      for (const key of running.current.keys()) stop(key);
      update(() => EMPTY_QUEUE);
      setNotice(null);
    },
    refuse(sent, fields) {
      const result = refuseSent(latest.current, sent, fields);
      if (result.named) update(() => result.queue);
      return result.named;
    },
    dropTarget: {
      onDragEnter(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        dragDepth.current += 1;
        setDragging(true);
      },
      onDragOver(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
      },
      onDragLeave(event) {
        if (!carriesFiles(event)) return;
        // Leaving a child of the form is entering another part of it.
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      },
      onDrop(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.stopPropagation();
        dragDepth.current = 0;
        setDragging(false);
        add(Array.from(event.dataTransfer?.files ?? [], (file) => ({ file, name: file.name })));
      },
    },
    dragging,
    onPaste(event) {
      const data = event.clipboardData;
      if (!data) return;
      const images = Array.from(data.files).filter((f) => f.type.startsWith("image/"));
      if (images.length === 0) return;
      // A screenshot is only an image; rich text copied with a picture in it
      // still pastes its text (and the picture comes along as a file).
      if (!data.types.includes("text/plain")) event.preventDefault();
      const now = new Date();
      add(images.map((file, i) => ({ file, name: pastedName(file.type, now, i) })));
    },
  };
}

/**
 * An upload's refusal in ticketd's words: the problem's detail ("this tenant
 * does not accept files of type text/plain"), a sentence of its own where
 * the field's message is the end of one ("is of type ...").
 */
function uploadError(error: unknown): string {
  if (error instanceof UploadInterrupted) return `${error.message} Remove the file and try again.`;
  return describeSignedInError(error).summary;
}

/**
 * A refused message as its form shows it: the files ticketd named
 * (`attachments[2]`: expired, say) are marked on their chips, and those
 * fields read as `attachments`, the file input's. `sent`: the ids sent.
 */
export function messageRefusal(shown: ShownError, uploads: Uploads, sent: readonly string[]): ShownError {
  uploads.refuse(sent, shown.fields);
  return { ...shown, fields: collapseAttachmentFields(shown.fields) };
}

/** For an ErrorSummary's `fields`: the files' refusals link to the file input. */
export function filesField(inputId: string): Record<string, readonly [string, string]> {
  return { attachments: [inputId, ATTACH_LABEL] };
}

export const ATTACH_LABEL = "Attach files";
