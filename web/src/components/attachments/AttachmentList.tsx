// A message's files under its body: each a download link with its name,
// size and type; images (the types ticketd serves inline) also as a small
// thumbnail that opens the picture. A note's files sit in the note and say
// they are internal.
//
// Signed in with the session cookie, plain links and <img> do it all: the
// browser sends the cookie with the GET. Signed in with an API token (kept
// in this tab, never a cookie), they cannot carry it: a link then fetches
// the file with the token and saves it from a Blob, and a thumbnail is read
// the same way into a data: URL (the page's CSP allows data: images, not
// blob: ones), only once it scrolls into view and only for smaller images.

import { useEffect, useRef, useState } from "preact/hooks";

import { api, problemOf } from "../../api/client.js";
import type { Attachment } from "../../api/types.js";
import { formatBytes, isThumbnailType, typeWord } from "../../attachments.js";
import { saveBlob } from "../../download.js";
import { describeSignedInError } from "../../errors.js";

/** Larger images get no thumbnail when it must be fetched with a token: the link is enough. */
const TOKEN_THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024;

async function fetchWithToken(url: string, token: string): Promise<Blob> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, credentials: "same-origin" });
  if (!response.ok) throw await problemOf(response);
  return response.blob();
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("the image could not be read"));
    reader.readAsDataURL(blob);
  });
}

/** With a token: the thumbnail's data: URL once `target` is in view; null until then (or for large images). */
function useTokenThumbnail(attachment: Attachment, token: string | null) {
  const target = useRef<HTMLSpanElement>(null);
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const element = target.current;
    if (token === null || !element || attachment.size > TOKEN_THUMBNAIL_MAX_BYTES) return;
    let current = true;
    const load = () =>
      fetchWithToken(attachment.url, token)
        .then(dataUrl)
        .then(
          (url) => current && setSrc(url),
          // No thumbnail then; the link still says what failed when pressed.
          () => undefined,
        );
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        void load();
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    return () => {
      current = false;
      observer.disconnect();
    };
  }, [attachment.url, token]);
  return { target, src };
}

/**
 * A download of `url` saved as `name`: with the cookie the browser follows
 * the link itself; with a token the click fetches it and saves the Blob.
 */
function useDownload(url: string, name: string) {
  const [error, setError] = useState<string | null>(null);
  const token = api.bearerToken();
  const saveWithToken = (event: MouseEvent) => {
    if (token === null) return;
    event.preventDefault();
    fetchWithToken(url, token).then(
      (blob) => {
        setError(null);
        saveBlob(blob, name);
      },
      (e: unknown) => setError(`${name} could not be downloaded: ${describeSignedInError(e).summary}`),
    );
  };
  return { token, error, saveWithToken };
}

/** A link that downloads `url` as `name`, and says why when it cannot. */
export function DownloadLink({ url, name, children }: { url: string; name: string; children: string }) {
  const { error, saveWithToken } = useDownload(url, name);
  return (
    <>
      <a href={url} download={name} onClick={saveWithToken}>
        {children}
      </a>
      <span class="attachment__error" aria-live="polite">
        {error}
      </span>
    </>
  );
}

function AttachmentItem({ attachment, internal }: { attachment: Attachment; internal: boolean }) {
  const { token, error, saveWithToken } = useDownload(attachment.url, attachment.name);
  const thumbnail = isThumbnailType(attachment.type);
  const tokenThumbnail = useTokenThumbnail(attachment, thumbnail ? token : null);

  const src = token === null ? attachment.url : tokenThumbnail.src;
  return (
    <li class="attachment">
      {thumbnail && (
        <span class="attachment__thumb-box" ref={tokenThumbnail.target}>
          {src !== null && (
            <a
              class="attachment__thumb"
              href={attachment.url}
              {...(token === null
                ? { target: "_blank", rel: "noopener" }
                : { download: attachment.name, onClick: saveWithToken })}
            >
              <span class="visually-hidden">{token === null ? "Open " : "Download "}</span>
              <img src={src} alt={attachment.name} loading="lazy" />
            </a>
          )}
        </span>
      )}
      <span class="attachment__about">
        <a class="attachment__name" href={attachment.url} download={attachment.name} onClick={saveWithToken}>
          {attachment.name}
        </a>
        <span class="attachment__details">
          {formatBytes(attachment.size)} · {typeWord(attachment.type)}
          {internal && <> · internal</>}
        </span>
        <span class="attachment__error" aria-live="polite">
          {error}
        </span>
      </span>
    </li>
  );
}

export function AttachmentList({ attachments, internal }: { attachments: readonly Attachment[]; internal: boolean }) {
  if (attachments.length === 0) return null;
  return (
    <ul
      class={internal ? "attachments attachments--internal" : "attachments"}
      aria-label={internal ? "Files of this internal note" : "Files"}
    >
      {attachments.map((a) => (
        <AttachmentItem key={a.id} attachment={a} internal={internal} />
      ))}
    </ul>
  );
}
