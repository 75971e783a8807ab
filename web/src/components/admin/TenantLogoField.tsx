// A tenant's logo, in its settings form: the logo it has (a preview), a file
// to choose (PNG, JPEG, GIF or WebP of at most 256 KiB), and Upload and
// Remove, each a call of its own (PUT and DELETE
// /admin/v1/tenants/{slug}/logo) rather than part of "Save settings". Its
// error is named next to the field, and the form's summary at the top shows
// it too (onError, with the field "logo").

import { useRef, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import { LOGO_TYPES, MAX_LOGO_BYTES, removeTenantLogo, uploadTenantLogo } from "../../api/logo.js";
import type { Tenant } from "../../api/types.js";
import { formatBytes } from "../../attachments.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../../errors.js";
import { FieldError } from "../Field.js";
import { Notice } from "../Notice.js";

export const LOGO_ID = "settings-logo";
export const LOGO_LABEL = "Logo";

interface Props {
  tenant: Tenant;
  /** The message to name next to the field, if any. */
  error: string | undefined;
  onChanged(tenant: Tenant): void;
  onError(error: ShownError | null): void;
}

/** A refusal with its detail as the field's message when it names no field itself. */
function asLogoError(e: unknown): ShownError {
  const shown = describeSignedInError(e);
  return { ...shown, fields: { ...shown.fields, logo: shown.fields["logo"] ?? shown.summary } };
}

export function TenantLogoField({ tenant, error, onChanged, onError }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const logo = tenant.logo;

  const run = async (change: () => Promise<Tenant>, message: string) => {
    setBusy(true);
    setDone(null);
    try {
      const changed = await change();
      if (input.current) input.current.value = "";
      onError(null);
      setDone(message);
      onChanged(changed);
    } catch (e) {
      onError(asLogoError(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = () => {
    setDone(null);
    const file = input.current?.files?.[0];
    if (!file) return onError(fieldErrors({ logo: "Choose an image file to upload" }));
    if (file.size > MAX_LOGO_BYTES) {
      return onError(
        fieldErrors({ logo: `A logo may be at most 256 KB; this file is ${formatBytes(file.size)}` }),
      );
    }
    void run(() => uploadTenantLogo(api, tenant.slug, file), "Logo uploaded");
  };

  const describedBy = [`${LOGO_ID}-hint`, error ? `${LOGO_ID}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field--error logo-field" : "field logo-field"}>
      <label for={LOGO_ID}>{LOGO_LABEL}</label>
      <p class="field__hint" id={`${LOGO_ID}-hint`}>
        Shown before the tenant's name in its mail, and at the top of its customers' portal. A PNG, JPEG,
        GIF or WebP image of at most 256 KB; mail shows it 32 pixels high.
      </p>
      <FieldError id={`${LOGO_ID}-error`} error={error} />
      <div class="logo-field__current">
        {logo ? (
          <img class="logo-field__preview" src={logo.url} alt={`Current logo of ${tenant.name}`} />
        ) : (
          <p class="logo-field__none">No logo yet: its mail shows the name alone.</p>
        )}
      </div>
      <input
        ref={input}
        id={LOGO_ID}
        type="file"
        accept={LOGO_TYPES}
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
        onChange={() => setDone(null)}
      />
      <div class="actions">
        <button type="button" class="button" disabled={busy} onClick={upload}>
          Upload logo
        </button>
        {logo && (
          <button
            type="button"
            class="button button--quiet"
            disabled={busy}
            onClick={() => void run(() => removeTenantLogo(api, tenant.slug), "Logo removed")}
          >
            Remove logo
          </button>
        )}
        {done && <Notice>{done}</Notice>}
      </div>
    </div>
  );
}
