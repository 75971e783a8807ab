// A tenant's settings (PUT /admin/v1/tenants/{slug}/settings): how long a
// resolved ticket waits before it closes by itself (0: never), the
// categories whose new tickets are assigned automatically, the media
// types its people may attach (none: any type), what becomes of mail
// whose sender the trusted mail server could not verify, and the language,
// colour and logo of its notification mail (the logo uploaded and removed
// by its own buttons: TenantLogoField).

import { useState } from "preact/hooks";

import { api } from "../../api/client.js";
import { CATEGORIES } from "../../api/enums.js";
import type { Category, Tenant } from "../../api/types.js";
import { describeSignedInError, fieldErrors, type ShownError } from "../../errors.js";
import { formatMediaTypes, parseMediaTypes } from "../../attachments.js";
import { categoryWord } from "../../format.js";
import { parseDuration, splitSeconds, type DurationInput } from "../../sla.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { Notice } from "../Notice.js";
import { DurationField } from "./DurationField.js";
import { FieldError, SelectField, TextArea, TextField } from "../Field.js";
import { LOGO_ID, LOGO_LABEL, TenantLogoField } from "./TenantLogoField.js";

const AUTO_CLOSE_ID = "settings-auto-close";
const AUTO_ASSIGN_ID = "settings-auto-assign";
const TYPES_ID = "settings-attachment-types";
const TYPES_LABEL = "File types people may attach";
const UNVERIFIED_ID = "settings-unverified-mail";
const UNVERIFIED_LABEL = "Mail from a sender who could not be verified";
type UnverifiedMail = Tenant["settings"]["unverified_mail"];
const UNVERIFIED_OPTIONS: { value: UnverifiedMail; label: string }[] = [
  { value: "hold", label: "Hold it for an agent" },
  { value: "open_ticket", label: "Open a ticket marked unverified" },
];

const LANGUAGE_ID = "settings-language";
const LANGUAGE_LABEL = "Language of its mail";
type Language = Tenant["settings"]["language"];
const LANGUAGE_OPTIONS: { value: Language; label: string }[] = [
  { value: "en", label: "English" },
  { value: "de", label: "German (Deutsch)" },
];
const COLOR_ID = "settings-brand-color";
const COLOR_LABEL = "Colour of its mail's header";
const DEFAULT_COLOR = "#1d4ed8";

const FIELDS = {
  auto_close_after_s: [AUTO_CLOSE_ID, "Close resolved tickets after"],
  auto_close_days: [AUTO_CLOSE_ID, "Close resolved tickets after"],
  auto_assign: [`${AUTO_ASSIGN_ID}-${CATEGORIES[0]}`, "Assign automatically"],
  attachment_types: [TYPES_ID, TYPES_LABEL],
  unverified_mail: [UNVERIFIED_ID, UNVERIFIED_LABEL],
  language: [LANGUAGE_ID, LANGUAGE_LABEL],
  brand_color: [COLOR_ID, COLOR_LABEL],
  logo: [LOGO_ID, LOGO_LABEL],
} as const;

export function TenantSettingsForm({ tenant, onSaved }: { tenant: Tenant; onSaved(tenant: Tenant): void }) {
  const [autoClose, setAutoClose] = useState<DurationInput>(() =>
    splitSeconds(tenant.settings.auto_close_after_s, "days"),
  );
  const [assign, setAssign] = useState<Category[]>(() => [...tenant.settings.auto_assign]);
  const [types, setTypes] = useState(() => formatMediaTypes(tenant.settings.attachment_types));
  const [unverified, setUnverified] = useState<UnverifiedMail>(tenant.settings.unverified_mail);
  const [language, setLanguage] = useState<Language>(tenant.settings.language);
  const [color, setColor] = useState(tenant.settings.brand_color || DEFAULT_COLOR);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  // auto_assign[2] and the like name one category: shown on the group.
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(error?.fields ?? {})) {
    const group = ["auto_assign", "attachment_types"].find((g) => field.startsWith(g));
    fields[group ?? field] ??= message;
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const seconds = parseDuration(autoClose, { allowZero: true });
    const allowed = parseMediaTypes(types);
    const problems: Record<string, string> = {};
    if (!seconds.ok) problems["auto_close_after_s"] = seconds.message;
    if (!allowed.ok) problems["attachment_types"] = allowed.message;
    if (!seconds.ok || !allowed.ok) return setError(fieldErrors(problems));
    setBusy(true);
    try {
      const { data } = await api.PUT("/admin/v1/tenants/{slug}/settings", {
        params: { path: { slug: tenant.slug } },
        body: {
          auto_close_after_s: seconds.value,
          auto_assign: CATEGORIES.filter((c) => assign.includes(c)),
          attachment_types: allowed.types,
          unverified_mail: unverified,
          language,
          // The default stays "none", so a later change of ticketd's colour reaches it.
          brand_color: color.toLowerCase() === DEFAULT_COLOR ? "" : color,
        },
      });
      if (!data) throw new Error("ticketd answered no tenant");
      setAutoClose(splitSeconds(data.settings.auto_close_after_s, "days"));
      setAssign([...data.settings.auto_assign]);
      setTypes(formatMediaTypes(data.settings.attachment_types));
      setUnverified(data.settings.unverified_mail);
      setLanguage(data.settings.language);
      setColor(data.settings.brand_color || DEFAULT_COLOR);
      setError(null);
      setSaved(true);
      onSaved(data);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  const assignError = fields["auto_assign"];
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <h2 id="settings-heading">Settings</h2>
      <ErrorSummary error={error} fields={FIELDS} />
      <DurationField
        id={AUTO_CLOSE_ID}
        label="Close resolved tickets after"
        hint="A resolved ticket the customer has not answered closes by itself after this long. 0: never."
        value={autoClose}
        error={fields["auto_close_after_s"] ?? fields["auto_close_days"]}
        onChange={setAutoClose}
      />
      <fieldset
        class={assignError ? "field field--error" : "field"}
        aria-describedby={assignError ? `${AUTO_ASSIGN_ID}-hint ${AUTO_ASSIGN_ID}-error` : `${AUTO_ASSIGN_ID}-hint`}
      >
        <legend>Assign automatically</legend>
        <p class="field__hint" id={`${AUTO_ASSIGN_ID}-hint`}>
          New tickets in these categories go in turn to the agents available for auto-assign (see Agents).
        </p>
        <FieldError id={`${AUTO_ASSIGN_ID}-error`} error={assignError} />
        <div class="checkboxes">
          {CATEGORIES.map((c) => (
            <div key={c} class="checkbox">
              <input
                type="checkbox"
                id={`${AUTO_ASSIGN_ID}-${c}`}
                checked={assign.includes(c)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setAssign((a) => (on ? [...a, c] : a.filter((x) => x !== c)));
                }}
              />
              <label for={`${AUTO_ASSIGN_ID}-${c}`}>{categoryWord(c)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <TextArea
        id={TYPES_ID}
        label={TYPES_LABEL}
        hint="Media types, one a line or separated by commas: application/pdf, or image/* for every image. Leave it empty to allow any type."
        rows={3}
        spellcheck={false}
        autoCapitalize="off"
        value={types}
        error={fields["attachment_types"]}
        onInput={(e) => setTypes(e.currentTarget.value)}
      />
      <SelectField
        id={UNVERIFIED_ID}
        label={UNVERIFIED_LABEL}
        hint="When the mail server could not confirm who sent a mail, it is never added as that customer's message. Held: a reply waits on its ticket as an internal note until an agent accepts it as their reply; new mail opens nothing. Or it opens a ticket of its own, marked unverified."
        options={UNVERIFIED_OPTIONS}
        value={unverified}
        error={fields["unverified_mail"]}
        onChange={(e) => setUnverified(e.currentTarget.value as UnverifiedMail)}
      />
      <SelectField
        id={LANGUAGE_ID}
        label={LANGUAGE_LABEL}
        hint="The notification mail its customers and agents receive is written in this language."
        options={LANGUAGE_OPTIONS}
        value={language}
        error={fields["language"]}
        onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      />
      <TextField
        id={COLOR_ID}
        label={COLOR_LABEL}
        hint="The bar at the top of its mail, with the tenant's name."
        type="color"
        value={color}
        error={fields["brand_color"]}
        onInput={(e) => setColor(e.currentTarget.value)}
      />
      <TenantLogoField
        tenant={tenant}
        error={fields["logo"]}
        onChanged={(changed) => {
          setSaved(false);
          onSaved(changed);
        }}
        onError={setError}
      />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          Save settings
        </button>
        {saved && <Notice>Settings saved</Notice>}
      </div>
    </form>
  );
}
