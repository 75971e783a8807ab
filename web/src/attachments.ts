// Files on messages, as the composers and the thread show them. Pure: sizes
// in words, which files get a thumbnail, a tenant's allowed media types as
// typed, and the queue of files a composer is uploading (unit-tested in
// test/attachments.test.ts; components/attachments/ draws and drives them).

import type { UploadedAttachment } from "./api/types.js";

/** ticketd takes at most this many files on one message. */
export const MAX_FILES_PER_MESSAGE = 10;

const UNITS = ["KB", "MB", "GB", "TB"] as const;

/**
 * A size the way a person reads it: "512 B", "1.2 MB", "25 MB". Steps of
 * 1024 (ticketd's limits are in MiB: its 25 MiB default reads "25 MB"); one
 * decimal below 10 of a unit, whole numbers above.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "unknown size";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  for (;;) {
    const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
    // 1023.9 KB rounds to 1024 KB: that is 1 MB.
    if (shown >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit += 1;
      continue;
    }
    return `${shown} ${UNITS[unit]}`;
  }
}

// The types ticketd serves inline (Content-Disposition: inline), and so the
// ones an <img> can show.
const THUMBNAIL_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** Whether a file of this media type is shown as a thumbnail. */
export function isThumbnailType(type: string): boolean {
  return THUMBNAIL_TYPES.has(type.split(";")[0]!.trim().toLowerCase());
}

const TYPE_WORDS: Record<string, string> = {
  "application/pdf": "PDF",
  "text/plain": "Text",
  "text/csv": "CSV",
  "application/zip": "ZIP archive",
  "application/json": "JSON",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
};

/** A media type in words where there is a common name ("PDF"), else the type itself. */
export function typeWord(type: string): string {
  const bare = type.split(";")[0]!.trim().toLowerCase();
  return TYPE_WORDS[bare] ?? (bare || "unknown type");
}

// RFC 9110's token characters: what a media type's parts are made of.
const TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/(${TOKEN}|\\*)$`);

export type MediaTypesInput = { ok: true; types: string[] } | { ok: false; message: string; invalid: string[] };

/**
 * A tenant's allowed media types as typed: separated by commas, new lines or
 * spaces; lowered; repeats dropped. Each is a media type ("application/pdf")
 * or a family ("image/*"); none at all means any type.
 */
export function parseMediaTypes(text: string): MediaTypesInput {
  const types: string[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    const type = part.toLowerCase();
    if (!MEDIA_TYPE.test(type) || type.startsWith("*/")) {
      if (!invalid.includes(part)) invalid.push(part);
    } else if (!types.includes(type)) {
      types.push(type);
    }
  }
  if (invalid.length > 0) {
    const list = invalid.map((t) => `“${t}”`).join(", ");
    const verb = invalid.length === 1 ? "is not a media type" : "are not media types";
    return { ok: false, invalid, message: `${list} ${verb}: write them like application/pdf or image/*` };
  }
  return { ok: true, types };
}

/** The allowed types as the field shows them: one a line. */
export function formatMediaTypes(types: readonly string[]): string {
  return types.join("\n");
}

const PASTED_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};

/**
 * The name a pasted image is sent with: browsers name every one "image.png",
 * so it gets the time it was pasted ("pasted-2026-03-04-140501.png"), and a
 * number when one paste holds several.
 */
export function pastedName(type: string, at: Date, index = 0): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-` +
    `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  const extension = PASTED_EXTENSIONS[type.toLowerCase()] ?? "bin";
  return `pasted-${stamp}${index > 0 ? `-${index + 1}` : ""}.${extension}`;
}

/** A file in a composer, from the moment it is picked until the message is sent. */
export interface PendingFile {
  /** The console's own: the file has no id from ticketd until it is uploaded. */
  key: number;
  name: string;
  size: number;
  state:
    | { kind: "uploading"; sent: number }
    | { kind: "done"; attachment: UploadedAttachment }
    | { kind: "failed"; message: string };
}

export interface UploadQueue {
  files: readonly PendingFile[];
  nextKey: number;
}

export const EMPTY_QUEUE: UploadQueue = { files: [], nextKey: 1 };

export interface Added {
  queue: UploadQueue;
  /** The files taken, each to be uploaded now. */
  added: PendingFile[];
  /** The names of those that would have made more than `max` files. */
  refused: string[];
}

/** Files that count towards the limit: those uploading or uploaded (a failed one is not sent). */
function counted(queue: UploadQueue): number {
  return queue.files.filter((f) => f.state.kind !== "failed").length;
}

/** Adds picked, dropped or pasted files, as many as the message still has room for. */
export function addFiles(
  queue: UploadQueue,
  files: readonly { name: string; size: number }[],
  max = MAX_FILES_PER_MESSAGE,
): Added {
  const room = Math.max(0, max - counted(queue));
  const taken = files.slice(0, room);
  const added = taken.map(
    (f, i): PendingFile => ({
      key: queue.nextKey + i,
      name: f.name,
      size: f.size,
      state: { kind: "uploading", sent: 0 },
    }),
  );
  return {
    queue: { files: [...queue.files, ...added], nextKey: queue.nextKey + added.length },
    added,
    refused: files.slice(room).map((f) => f.name),
  };
}

function withFile(queue: UploadQueue, key: number, change: (f: PendingFile) => PendingFile): UploadQueue {
  return { ...queue, files: queue.files.map((f) => (f.key === key ? change(f) : f)) };
}

/** Bytes sent so far (only while the file is uploading: a late event changes nothing). */
export function uploadProgress(queue: UploadQueue, key: number, sent: number): UploadQueue {
  return withFile(queue, key, (f) => (f.state.kind === "uploading" ? { ...f, state: { kind: "uploading", sent } } : f));
}

export function uploadDone(queue: UploadQueue, key: number, attachment: UploadedAttachment): UploadQueue {
  // ticketd's name is the one it keeps (sanitised), so the chip shows it.
  return withFile(queue, key, (f) => ({ ...f, name: attachment.name, state: { kind: "done", attachment } }));
}

export function uploadFailed(queue: UploadQueue, key: number, message: string): UploadQueue {
  return withFile(queue, key, (f) => ({ ...f, state: { kind: "failed", message } }));
}

export function removeFile(queue: UploadQueue, key: number): UploadQueue {
  return { ...queue, files: queue.files.filter((f) => f.key !== key) };
}

/** Sending waits while any file is still uploading. */
export function isUploading(queue: UploadQueue): boolean {
  return queue.files.some((f) => f.state.kind === "uploading");
}

/** The ids a message is sent with: the uploaded files, in the order they were added. */
export function attachmentIds(queue: UploadQueue): string[] {
  return queue.files.flatMap((f) => (f.state.kind === "done" ? [f.state.attachment.id] : []));
}

/** How far an upload is, 0 to 100. */
export function percentSent(file: PendingFile): number {
  if (file.state.kind !== "uploading") return 100;
  if (file.size <= 0) return 0;
  return Math.min(100, Math.floor((file.state.sent / file.size) * 100));
}

/** What is said when files were left out for the limit. */
export function tooManyFilesMessage(refused: readonly string[], max = MAX_FILES_PER_MESSAGE): string | null {
  if (refused.length === 0) return null;
  const left =
    refused.length === 1
      ? `${refused[0]} was not added`
      : `${refused.length} files were not added (${refused.join(", ")})`;
  return `A message can have at most ${max} files: ${left}.`;
}

const ATTACHMENT_FIELD = /^attachments\[(\d+)\]$/;

/**
 * ticketd refused a message for some of its files (a 422 naming
 * `attachments[2]`, say: expired, or unknown): each named file is marked
 * failed with ticketd's words. `sent` are the ids the message was sent with,
 * in order. Returns the queue and whether any file was named.
 */
export function refuseSent(
  queue: UploadQueue,
  sent: readonly string[],
  fields: Readonly<Record<string, string>>,
): { queue: UploadQueue; named: boolean } {
  let named = false;
  let next = queue;
  for (const [field, message] of Object.entries(fields)) {
    const index = ATTACHMENT_FIELD.exec(field)?.[1];
    const id = index === undefined ? undefined : sent[Number(index)];
    const file =
      id === undefined
        ? undefined
        : next.files.find((f) => f.state.kind === "done" && f.state.attachment.id === id);
    if (!file) continue;
    next = uploadFailed(next, file.key, message);
    named = true;
  }
  return { queue: next, named };
}

/**
 * A 422's fields with `attachments[i]` read as `attachments` (the first
 * such message kept), so the error summary links them to the file input.
 */
export function collapseAttachmentFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    out[ATTACHMENT_FIELD.test(field) ? "attachments" : field] ??= message;
  }
  return out;
}
