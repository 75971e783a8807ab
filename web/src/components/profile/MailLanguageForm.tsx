// "The language of your email" (PATCH /auth/me): the mail ticketd sends you
// in English or German, or in your organisation's language (customers; staff
// get English) when you choose none.

import { useState } from "preact/hooks";

import { api } from "../../api/client.js";
import type { Account } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { ErrorSummary } from "../ErrorSummary.js";
import { SelectField } from "../Field.js";
import { Notice } from "../Notice.js";

const FIELDS = { language: ["mail-language", "Language of your email"] } as const;

type Language = Account["language"];

export function MailLanguageForm({ account, staff }: { account: Account; staff: boolean }) {
  const [language, setLanguage] = useState<Language>(account.language);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const options = [
    { value: "", label: staff ? "The default (English)" : "Your organisation's language" },
    { value: "en", label: "English" },
    { value: "de", label: "Deutsch (German)" },
  ];

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(false);
    setBusy(true);
    try {
      const { data } = await api.PATCH("/auth/me", { body: { language } });
      if (data) setLanguage(data.language);
      setError(null);
      setDone(true);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      {done && <Notice>Saved: your next email comes in the language you chose.</Notice>}
      <form class="form narrow" noValidate onSubmit={submit} aria-labelledby="language-heading">
        <SelectField
          id="mail-language"
          label="Language of your email"
          hint="Replies, confirmations and alerts from this helpdesk are written in it."
          options={options}
          value={language}
          error={error?.fields["language"]}
          onChange={(e) => setLanguage(e.currentTarget.value as Language)}
        />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Save language
          </button>
        </div>
      </form>
    </>
  );
}
