// The checkpoint signing key (Audit.signing_key): its fingerprint, and the
// public key as PEM in a read-only field with Copy, and as a file to
// download (checkpoint-ed25519.pub.pem, the name ticketd gives it in
// DATA/keys) for `ticketctl verify --public-key`. The download is a Blob
// made here: no request, nothing inline for the CSP to refuse.

import { useEffect, useState } from "preact/hooks";

export const PUBLIC_KEY_FILE = "checkpoint-ed25519.pub.pem";

interface Props {
  fingerprint: string | null;
  publicKey: string | null;
}

export function SigningKey({ fingerprint, publicKey }: Props) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    if (!publicKey) return;
    const url = URL.createObjectURL(new Blob([publicKey], { type: "application/x-pem-file" }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [publicKey]);

  if (!publicKey) {
    return (
      <p>
        ticketd has no public key for its checkpoints, so their signatures cannot be checked here. Find the key in
        the data directory (<code>keys/{PUBLIC_KEY_FILE}</code>).
      </p>
    );
  }

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(publicKey);
      setCopied("yes");
    } catch {
      (document.getElementById("public-key") as HTMLTextAreaElement | null)?.select();
      setCopied("failed");
    }
  };

  return (
    <>
      <dl class="facts audit-facts">
        <dt>Fingerprint</dt>
        <dd class="code-text">{fingerprint ?? "—"}</dd>
      </dl>
      <div class="field">
        <label for="public-key">Public key (PEM)</label>
        <p class="field__hint" id="public-key-hint">
          Give it to auditors: with it anyone can check a checkpoint's signature, and nobody can make one.
        </p>
        <textarea
          id="public-key"
          class="public-key"
          readOnly
          rows={4}
          spellcheck={false}
          value={publicKey}
          aria-describedby="public-key-hint"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div class="actions">
        <button type="button" class="button" onClick={() => void copy()}>
          Copy<span class="visually-hidden"> the public key</span>
        </button>
        {href && (
          <a class="button" href={href} download={PUBLIC_KEY_FILE}>
            Download public key
          </a>
        )}
        <p class="muted" role="status">
          {copied === "yes" && "Copied to the clipboard."}
          {copied === "failed" && "Could not reach the clipboard: the key is selected, copy it with Ctrl+C (⌘C)."}
        </p>
      </div>
    </>
  );
}
