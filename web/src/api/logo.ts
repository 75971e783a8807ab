// A tenant's logo to ticketd: PUT /admin/v1/tenants/{slug}/logo with the
// image itself as the body (ticketd reads its type from the bytes; the
// Content-Type sent is only the browser's guess), DELETE to remove it.
// Through the console's client, so the credentials and the refusals
// (ApiProblem) are those of every other call.

import type { ApiClient } from "./client.js";
import type { Tenant } from "./types.js";

/** The most bytes ticketd takes for a logo (413 above). */
export const MAX_LOGO_BYTES = 256 * 1024;

/** What the file picker offers: the image types ticketd accepts, never SVG. */
export const LOGO_TYPES = "image/png,image/jpeg,image/gif,image/webp";

export async function uploadTenantLogo(client: ApiClient, slug: string, file: Blob): Promise<Tenant> {
  const { data } = await client.PUT("/admin/v1/tenants/{slug}/logo", {
    params: { path: { slug } },
    // The document types a binary body as a string; the file's bytes go as
    // they are, never through JSON.
    body: file as unknown as string,
    bodySerializer: (body) => body,
    headers: { "Content-Type": file.type || "application/octet-stream" },
  });
  if (!data) throw new Error("ticketd answered no tenant");
  return data;
}

export async function removeTenantLogo(client: ApiClient, slug: string): Promise<Tenant> {
  const { data } = await client.DELETE("/admin/v1/tenants/{slug}/logo", { params: { path: { slug } } });
  if (!data) throw new Error("ticketd answered no tenant");
  return data;
}
