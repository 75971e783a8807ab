// A secret shown once (a new API token, a webhook's signing secret): in a
// read-only field with a Copy button and a plain warning that it will not be
// shown again. ticketd keeps only a hash or a fingerprint of it, so when this
// goes away the secret is gone. The heading takes the focus when it appears,
// so a screen reader announces it at once.

import { useEffect, useRef, useState } from "preact/hooks";

interface Props {
  /** Unique on the page: the field's id and the heading's. */
  id: string;
  /** "Your new API token". */
  heading: string;
  /** The field's label: "Token". */
  label: string;
  value: string;
  /** What it is for, after the warning ("Send it as Authorization: Bearer ..."). */
  hint?: string | undefined;
  /** "I have saved it": the screen drops the secret. */
  onDone?: (() => void) | undefined;
  /** The heading's level where it is shown (3 by default). */
  level?: 2 | 3;
}

export function SecretOnce({ id, heading, label, value, hint, onDone, level = 3 }: Props) {
  const Heading = level === 2 ? "h2" : "h3";
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setCopied(null);
    title.current?.focus();
  }, [value]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard (a non-secure page, a refused permission): select the
      // text so one keystroke copies it.
      field.current?.select();
      setCopied("failed");
    }
  };

  return (
    <section class="secret-once" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} ref={title} tabIndex={-1}>
        {heading}
      </Heading>
      <p class="secret-once__warning">
        <strong>Copy it now: you will not see it again.</strong> ticketd keeps no copy it could show you later.
      </p>
      {hint && <p class="field__hint">{hint}</p>}
      <div class="field">
        <label for={id}>{label}</label>
        <div class="secret-once__row">
          <input
            ref={field}
            id={id}
            type="text"
            class="secret-once__value"
            readOnly
            value={value}
            spellcheck={false}
            autocomplete="off"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="button" onClick={() => void copy()}>
            Copy<span class="visually-hidden"> {label.toLowerCase()}</span>
          </button>
        </div>
      </div>
      <p class="secret-once__copied" role="status">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "Could not reach the clipboard: the text is selected, copy it with Ctrl+C (⌘C)."}
      </p>
      {onDone && (
        <button type="button" class="button" onClick={onDone}>
          Done, I have saved it
        </button>
      )}
    </section>
  );
}
