// An upload (src/api/upload.ts) against a fake XMLHttpRequest: the route,
// the credentials it carries (the API client's), the multipart body, the
// progress, and ticketd's refusals as ApiProblems.

import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiProblem, createApiClient } from "../src/api/client.js";
import { UploadInterrupted, uploadAttachment, uploadUrl, type UploadOptions } from "../src/api/upload.js";

interface ProgressLike {
  lengthComputable: boolean;
  loaded: number;
  total: number;
}

class FakeXhr {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  aborted = false;
  upload: { onprogress: ((event: ProgressLike) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  statusText = "";
  responseText = "";
  private responseHeaders: Record<string, string> = {};

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  /** ticketd answers. */
  answer(status: number, body: unknown, type = "application/json", statusText = "") {
    this.status = status;
    this.statusText = statusText;
    this.responseText = typeof body === "string" ? body : JSON.stringify(body);
    this.responseHeaders = { "content-type": type };
    this.onload?.();
  }
}

const UPLOADED = {
  id: "att_0a1b",
  name: "report.pdf",
  size: 11,
  type: "application/pdf",
  sha256: "e".repeat(64),
  expires_at: "2026-03-05T10:00:00Z",
};

function start(overrides: Partial<UploadOptions> = {}) {
  const xhr = new FakeXhr();
  const progress: number[] = [];
  const file = new Blob(["%PDF-1.7 hi"], { type: "application/pdf" });
  const promise = uploadAttachment({
    url: uploadUrl(null),
    file,
    name: "report.pdf",
    client: { bearerToken: () => null, csrfToken: () => "csrf-1" },
    onProgress: (sent) => progress.push(sent),
    makeRequest: () => xhr as unknown as XMLHttpRequest,
    ...overrides,
  });
  return { xhr, progress, file, promise };
}

test("customers upload to /v1/attachments, staff to /admin/v1/attachments for a tenant", () => {
  assert.equal(uploadUrl(null), "/v1/attachments");
  assert.equal(uploadUrl("acme"), "/admin/v1/attachments?tenant=acme");
  assert.equal(uploadUrl("a&b c"), "/admin/v1/attachments?tenant=a%26b%20c");
});

test("a session's upload carries the client's CSRF token and the file in the part `file`", async () => {
  // The token the API client learned at sign-in is the one that goes along.
  const client = createApiClient({
    baseUrl: "http://ticketd.test",
    fetch: async () =>
      new Response(JSON.stringify({ account: {}, session: {}, csrf_token: "csrf-from-sign-in" }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      }),
  });
  await client.POST("/auth/sign-in", { body: { email: "ann@acme.test", password: "pw" } });
  const { xhr, promise } = start({ client });
  assert.equal(xhr.method, "POST");
  assert.equal(xhr.url, "/v1/attachments");
  assert.equal(xhr.headers["X-CSRF-Token"], "csrf-from-sign-in");
  assert.equal(xhr.headers["Authorization"], undefined);
  assert.equal(xhr.headers["Accept"], "application/json");
  assert.equal(xhr.headers["Content-Type"], undefined, "the browser writes the multipart boundary");
  const part = xhr.body?.get("file");
  assert.ok(part instanceof File, "the part `file` is a file");
  assert.equal(part.name, "report.pdf");
  assert.equal(await part.text(), "%PDF-1.7 hi");
  assert.deepEqual([...(xhr.body?.keys() ?? [])], ["file"], "one part only");
  xhr.answer(201, UPLOADED);
  assert.deepEqual(await promise, UPLOADED);
});

test("a token's upload carries the bearer token and no CSRF token", async () => {
  const { xhr, promise } = start({
    url: uploadUrl("acme"),
    client: { bearerToken: () => "tok-1", csrfToken: () => "csrf-1" },
  });
  assert.equal(xhr.url, "/admin/v1/attachments?tenant=acme");
  assert.equal(xhr.headers["Authorization"], "Bearer tok-1");
  assert.equal(xhr.headers["X-CSRF-Token"], undefined);
  xhr.answer(201, UPLOADED);
  await promise;
});

test("progress counts the file's bytes, never past its size", async () => {
  const { xhr, progress, promise } = start();
  const onprogress = xhr.upload.onprogress;
  assert.ok(onprogress, "listens to the upload's progress");
  // The multipart envelope makes the body larger than the 11-byte file.
  onprogress({ lengthComputable: true, loaded: 0, total: 200 });
  onprogress({ lengthComputable: true, loaded: 100, total: 200 });
  onprogress({ lengthComputable: false, loaded: 150, total: 0 });
  onprogress({ lengthComputable: true, loaded: 200, total: 200 });
  xhr.answer(201, UPLOADED);
  await promise;
  assert.deepEqual(progress, [0, 6, 11]);
});

test("a 413 rejects with ticketd's problem: its code and its detail", async () => {
  const { xhr, promise } = start();
  xhr.answer(
    413,
    {
      type: "https://ticketd.dev/problems/attachment-too-large",
      title: "Attachment too large",
      status: 413,
      code: "attachment_too_large",
      detail: "A file may be at most 25 MiB.",
    },
    "application/problem+json",
  );
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof ApiProblem);
    assert.equal(e.status, 413);
    assert.equal(e.code, "attachment_too_large");
    assert.equal(e.detail, "A file may be at most 25 MiB.");
    return true;
  });
});

test("a 422 names the field `file`", async () => {
  const { xhr, promise } = start();
  xhr.answer(
    422,
    {
      type: "https://ticketd.dev/problems/attachment-type-not-allowed",
      title: "Type not allowed",
      status: 422,
      code: "attachment_type_not_allowed",
      errors: [{ field: "file", message: "application/pdf is not among this organisation's allowed types" }],
    },
    "application/problem+json; charset=utf-8",
  );
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof ApiProblem);
    assert.deepEqual(e.errors, [
      { field: "file", message: "application/pdf is not among this organisation's allowed types" },
    ]);
    return true;
  });
});

test("an answer that is not ticketd's is still an ApiProblem", async () => {
  const refused = start();
  refused.xhr.answer(502, "<html>Bad gateway</html>", "text/html", "Bad Gateway");
  await assert.rejects(
    refused.promise,
    (e: unknown) => e instanceof ApiProblem && e.code === "unexpected_response" && e.status === 502,
  );
  const garbled = start();
  garbled.xhr.answer(201, "not json", "text/plain");
  await assert.rejects(garbled.promise, (e: unknown) => e instanceof ApiProblem && e.code === "unexpected_response");
});

test("a broken connection rejects with UploadInterrupted, a TypeError like fetch's", async () => {
  const { xhr, promise } = start();
  xhr.onerror?.();
  await assert.rejects(promise, (e: unknown) => e instanceof UploadInterrupted && e instanceof TypeError);
});

test("aborting stops the request and rejects with an AbortError", async () => {
  const controller = new AbortController();
  const { xhr, promise } = start({ signal: controller.signal });
  controller.abort();
  assert.ok(xhr.aborted);
  await assert.rejects(promise, (e: unknown) => e instanceof DOMException && e.name === "AbortError");
  // Already aborted: nothing is sent.
  const early = start({ signal: controller.signal });
  assert.equal(early.xhr.method, "", "not even opened");
  await assert.rejects(early.promise, (e: unknown) => e instanceof DOMException && e.name === "AbortError");
});
