// One file to ticketd: POST /v1/attachments (customers) or
// /admin/v1/attachments?tenant=SLUG (staff), as multipart/form-data with the
// file in the part `file`, which is what ticketd reads from a browser. With
// XMLHttpRequest rather than the API client's fetch: only XMLHttpRequest
// tells how much of the body has gone out, for the progress bar. It carries
// the client's credentials the way the client does: the bearer token, or the
// session's CSRF token (the cookie goes by itself, same origin). A refusal
// rejects with the same ApiProblem the client makes.

import { ApiProblem, problemOf, type ApiClient, type paths } from "./client.js";
import type { UploadedAttachment } from "./types.js";

// Checked against the document: a renamed route fails the type check.
const CUSTOMER_UPLOAD = "/v1/attachments" satisfies keyof paths;
const STAFF_UPLOAD = "/admin/v1/attachments" satisfies keyof paths;

/** Where a file goes: the customer's route, or staff's for the ticket's tenant. */
export function uploadUrl(staffTenant: string | null): string {
  return staffTenant === null ? CUSTOMER_UPLOAD : `${STAFF_UPLOAD}?tenant=${encodeURIComponent(staffTenant)}`;
}

/** The connection broke before ticketd answered (or ticketd closed it on a refusal it did not send). */
export class UploadInterrupted extends TypeError {
  constructor() {
    super("The upload did not finish: the connection to ticketd broke.");
    this.name = "UploadInterrupted";
  }
}

export interface UploadOptions {
  /** uploadUrl(...) */
  url: string;
  file: Blob;
  /** The file's name as sent (a pasted image has none of its own). */
  name: string;
  /** The client whose credentials go along (the console's `api`). */
  client: Pick<ApiClient, "bearerToken" | "csrfToken">;
  /** Bytes of the file sent so far; called as they go out. */
  onProgress?: (sent: number) => void;
  /** Aborting rejects with an AbortError and stops the upload. */
  signal?: AbortSignal;
  /** Tests give a fake; the browser's XMLHttpRequest otherwise. */
  makeRequest?: () => XMLHttpRequest;
}

export function uploadAttachment(options: UploadOptions): Promise<UploadedAttachment> {
  const { url, file, name, client, onProgress, signal } = options;
  const xhr = (options.makeRequest ?? (() => new XMLHttpRequest()))();
  return new Promise<UploadedAttachment>((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled", "AbortError"));
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    const bearer = client.bearerToken();
    if (bearer !== null) {
      xhr.setRequestHeader("Authorization", `Bearer ${bearer}`);
    } else {
      const csrf = client.csrfToken();
      if (csrf !== null) xhr.setRequestHeader("X-CSRF-Token", csrf);
    }
    // The multipart envelope is a few hundred bytes more than the file: the
    // progress counts the file's bytes only, never past its size.
    if (onProgress) {
      xhr.upload.onprogress = (event) => {
        if (!event.lengthComputable) return;
        onProgress(Math.min(file.size, Math.round((event.loaded / event.total) * file.size)));
      };
    }
    xhr.onload = () => {
      const { status } = xhr;
      if (status >= 200 && status < 300) {
        const body = parseJson(xhr.responseText);
        if (isUploaded(body)) return resolve(body);
        const title = "ticketd answered no upload";
        return reject(new ApiProblem({ type: "about:blank", title, status, code: "unexpected_response" }));
      }
      if (status < 200 || status > 599) return reject(new UploadInterrupted());
      const response = new Response(xhr.responseText, {
        status,
        statusText: xhr.statusText,
        headers: { "Content-Type": xhr.getResponseHeader("Content-Type") ?? "" },
      });
      problemOf(response).then(reject, reject);
    };
    xhr.onerror = () => reject(new UploadInterrupted());
    xhr.ontimeout = () => reject(new UploadInterrupted());
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, name);
    xhr.send(form);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isUploaded(value: unknown): value is UploadedAttachment {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["id"] === "string" && typeof v["name"] === "string" && typeof v["size"] === "number";
}
