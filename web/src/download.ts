// Saving bytes the page already holds as a file (a CSV made from a table, an
// attachment fetched with an API token): an object URL and a link with
// `download`, which needs no request and nothing the CSP refuses.

/** Saves `blob` as a file named `name`, as the browser saves downloads. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the file by then; the URL would only hold memory.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
