// Files on messages (src/attachments.ts): sizes in words, thumbnails, a
// tenant's allowed types as typed, and a composer's upload queue.

import assert from "node:assert/strict";
import { test } from "node:test";

import type { UploadedAttachment } from "../src/api/types.js";
import {
  EMPTY_QUEUE,
  MAX_FILES_PER_MESSAGE,
  addFiles,
  attachmentIds,
  collapseAttachmentFields,
  formatBytes,
  formatMediaTypes,
  isThumbnailType,
  isUploading,
  parseMediaTypes,
  pastedName,
  percentSent,
  refuseSent,
  removeFile,
  tooManyFilesMessage,
  typeWord,
  uploadDone,
  uploadFailed,
  uploadProgress,
  type UploadQueue,
} from "../src/attachments.js";

function uploaded(id: string, name: string, size = 10): UploadedAttachment {
  return { id, name, size, type: "text/plain", sha256: "0".repeat(64), expires_at: "2026-03-05T10:00:00Z" };
}

function files(...names: string[]) {
  return names.map((name, i) => ({ name, size: 100 * (i + 1) }));
}

test("sizes read as a person says them, in steps of 1024", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1), "1 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(1024), "1 KB");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(10 * 1024), "10 KB");
  assert.equal(formatBytes(1.2 * 1024 * 1024), "1.2 MB");
  assert.equal(formatBytes(25 * 1024 * 1024), "25 MB", "ticketd's default limit, 25 MiB");
  assert.equal(formatBytes(3 * 1024 ** 3), "3 GB");
});

test("a size that rounds up to the next unit is said in it", () => {
  assert.equal(formatBytes(1024 * 1024 - 1), "1 MB", "not 1024 KB");
  assert.equal(formatBytes(9.96 * 1024), "10 KB", "not 10.0 KB");
  assert.equal(formatBytes(1024 ** 5), "1024 TB", "the largest unit keeps counting");
});

test("a size that is no size says so", () => {
  assert.equal(formatBytes(-1), "unknown size");
  assert.equal(formatBytes(Number.NaN), "unknown size");
});

test("png, jpeg, gif and webp are thumbnails; nothing else is", () => {
  for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp", "IMAGE/PNG", "image/png; charset=binary"]) {
    assert.ok(isThumbnailType(type), type);
  }
  for (const type of ["image/svg+xml", "image/tiff", "application/pdf", "text/html", ""]) {
    assert.equal(isThumbnailType(type), false, type);
  }
});

test("common types have a name; others show the type", () => {
  assert.equal(typeWord("application/pdf"), "PDF");
  assert.equal(typeWord("text/plain; charset=utf-8"), "Text");
  assert.equal(typeWord("application/vnd.ms-excel"), "application/vnd.ms-excel");
  assert.equal(typeWord(""), "unknown type");
});

test("allowed types: commas, lines and spaces separate; lowered; repeats dropped", () => {
  assert.deepEqual(parseMediaTypes("application/pdf, image/*\nText/Plain\n\n,image/*  application/PDF"), {
    ok: true,
    types: ["application/pdf", "image/*", "text/plain"],
  });
  assert.deepEqual(parseMediaTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), {
    ok: true,
    types: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  });
});

test("allowed types: nothing typed is any type", () => {
  assert.deepEqual(parseMediaTypes(""), { ok: true, types: [] });
  assert.deepEqual(parseMediaTypes(" \n , "), { ok: true, types: [] });
});

test("allowed types: what is not a media type is named", () => {
  const parsed = parseMediaTypes("pdf, image/*, */*, image/, text/plain/x, image/*");
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.deepEqual(parsed.invalid, ["pdf", "*/*", "image/", "text/plain/x"]);
  assert.match(parsed.message, /“pdf”, “\*\/\*”, “image\/”, “text\/plain\/x” are not media types/);
  const one = parseMediaTypes("jpeg");
  assert.ok(!one.ok && one.message.startsWith("“jpeg” is not a media type"));
});

test("allowed types are shown one a line, and read back the same", () => {
  const types = ["application/pdf", "image/*"];
  assert.equal(formatMediaTypes(types), "application/pdf\nimage/*");
  assert.deepEqual(parseMediaTypes(formatMediaTypes(types)), { ok: true, types });
  assert.equal(formatMediaTypes([]), "");
});

test("a pasted image is named by the time it was pasted", () => {
  const at = new Date(2026, 2, 4, 14, 5, 1);
  assert.equal(pastedName("image/png", at), "pasted-2026-03-04-140501.png");
  assert.equal(pastedName("image/jpeg", at, 1), "pasted-2026-03-04-140501-2.jpg");
  assert.equal(pastedName("image/x-icon", at), "pasted-2026-03-04-140501.bin");
});

test("added files start uploading, each with a key of its own", () => {
  const first = addFiles(EMPTY_QUEUE, files("a.txt", "b.png"));
  assert.deepEqual(first.refused, []);
  assert.deepEqual(
    first.added.map((f) => [f.key, f.name, f.size, f.state.kind]),
    [
      [1, "a.txt", 100, "uploading"],
      [2, "b.png", 200, "uploading"],
    ],
  );
  const second = addFiles(first.queue, files("c.pdf"));
  assert.deepEqual(
    second.queue.files.map((f) => f.key),
    [1, 2, 3],
  );
  assert.ok(isUploading(second.queue));
  assert.deepEqual(attachmentIds(second.queue), [], "nothing to send until uploaded");
});

test("at most 10 files: the 11th is refused and named", () => {
  const ten = addFiles(EMPTY_QUEUE, files(...Array.from({ length: 9 }, (_, i) => `f${i}.txt`)));
  const more = addFiles(ten.queue, files("tenth.txt", "eleventh.txt", "twelfth.txt"));
  assert.equal(more.queue.files.length, MAX_FILES_PER_MESSAGE);
  assert.deepEqual(
    more.added.map((f) => f.name),
    ["tenth.txt"],
  );
  assert.deepEqual(more.refused, ["eleventh.txt", "twelfth.txt"]);
  assert.equal(
    tooManyFilesMessage(more.refused),
    "A message can have at most 10 files: 2 files were not added (eleventh.txt, twelfth.txt).",
  );
  assert.equal(tooManyFilesMessage(["x.txt"]), "A message can have at most 10 files: x.txt was not added.");
  assert.equal(tooManyFilesMessage([]), null);
  const full = addFiles(more.queue, files("again.txt"));
  assert.deepEqual(full.added, []);
  assert.deepEqual(full.refused, ["again.txt"]);
});

test("a failed file does not count towards the limit; a removed one frees its place", () => {
  let queue: UploadQueue = addFiles(EMPTY_QUEUE, files(...Array.from({ length: 10 }, (_, i) => `f${i}`))).queue;
  queue = uploadFailed(queue, 1, "too large");
  assert.equal(addFiles(queue, files("x")).added.length, 1);
  queue = removeFile(queue, 1);
  queue = removeFile(queue, 2);
  const next = addFiles(queue, files("y", "z", "w"));
  assert.deepEqual(
    next.added.map((f) => f.name),
    ["y", "z"],
  );
  assert.deepEqual(next.refused, ["w"]);
});

test("progress, done and failure change only their own file", () => {
  let queue = addFiles(EMPTY_QUEUE, [
    { name: "a.txt", size: 1000 },
    { name: "b.png", size: 0 },
    { name: "c.pdf", size: 50 },
  ]).queue;
  queue = uploadProgress(queue, 1, 250);
  assert.equal(percentSent(queue.files[0]!), 25);
  assert.equal(percentSent(queue.files[1]!), 0, "an empty file is 0 % until done");
  queue = uploadDone(queue, 2, uploaded("att_b", "b (1).png", 0));
  queue = uploadFailed(queue, 3, "Files of type application/pdf are not allowed here.");
  // A progress event after the answer changes nothing.
  queue = uploadProgress(queue, 2, 5);
  assert.deepEqual(
    queue.files.map((f) => [f.name, f.state.kind]),
    [
      ["a.txt", "uploading"],
      ["b (1).png", "done"],
      ["c.pdf", "failed"],
    ],
    "ticketd's name replaces the picked one",
  );
  assert.equal(percentSent(queue.files[1]!), 100);
  assert.ok(isUploading(queue), "a.txt is still going");
  queue = uploadDone(queue, 1, uploaded("att_a", "a.txt"));
  assert.equal(isUploading(queue), false);
  assert.deepEqual(attachmentIds(queue), ["att_a", "att_b"], "in the order added, failed ones left out");
});

test("removing a file takes it out of the message", () => {
  let queue = addFiles(EMPTY_QUEUE, files("a", "b")).queue;
  queue = uploadDone(queue, 1, uploaded("att_a", "a"));
  queue = uploadDone(queue, 2, uploaded("att_b", "b"));
  queue = removeFile(queue, 1);
  assert.deepEqual(attachmentIds(queue), ["att_b"]);
  assert.equal(removeFile(queue, 99).files.length, 1, "an unknown key removes nothing");
});

test("a refused message marks the files ticketd named by their place in what was sent", () => {
  let queue = addFiles(EMPTY_QUEUE, files("a", "b", "c")).queue;
  queue = uploadDone(queue, 1, uploaded("att_a", "a"));
  queue = uploadFailed(queue, 2, "too large");
  queue = uploadDone(queue, 3, uploaded("att_c", "c"));
  const sent = attachmentIds(queue);
  assert.deepEqual(sent, ["att_a", "att_c"]);
  const refused = refuseSent(queue, sent, { "attachments[1]": "expired: upload it again", subject: "required" });
  assert.ok(refused.named);
  assert.deepEqual(
    refused.queue.files.map((f) => (f.state.kind === "failed" ? `${f.name}: ${f.state.message}` : f.name)),
    ["a", "b: too large", "c: expired: upload it again"],
  );
  assert.deepEqual(attachmentIds(refused.queue), ["att_a"]);
  const none = refuseSent(queue, sent, { "attachments[7]": "unknown", body: "required" });
  assert.equal(none.named, false);
  assert.equal(none.queue, queue);
});

test("attachments[i] fields read as attachments for the summary", () => {
  assert.deepEqual(
    collapseAttachmentFields({ "attachments[2]": "expired", "attachments[0]": "unknown", body: "required" }),
    { attachments: "expired", body: "required" },
  );
  assert.deepEqual(collapseAttachmentFields({ attachments: "at most 10" }), { attachments: "at most 10" });
});
