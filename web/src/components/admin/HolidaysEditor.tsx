// Holidays: local dates (in the tenant's time zone) closed all day. Added
// one at a time with a date input, each removable; kept in date order.
// Controlled: SlaForm sends them with the business hours. ticketd's errors
// name a holiday by its index (business_hours.holidays[1]), shown next to it.

import { useState } from "preact/hooks";

import { addHoliday, holidayWords, slaFieldName } from "../../sla.js";
import { FieldError } from "../Field.js";

interface Props {
  holidays: string[];
  onChange(holidays: string[]): void;
  errors: Record<string, string>;
}

export const HOLIDAY_INPUT_ID = "sla-holiday-new";

export function holidayId(index: number): string {
  return `sla-holiday-${index}`;
}

export function HolidaysEditor({ holidays, onChange, errors }: Props) {
  const [date, setDate] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  const listError = errors[slaFieldName({ kind: "holidays" })];

  const add = () => {
    const next = addHoliday(holidays, date);
    if (!next.ok) {
      setAddError(next.message);
      return;
    }
    setAddError(null);
    setDate("");
    onChange(next.value);
  };

  return (
    <fieldset class="field holidays">
      <legend>Holidays</legend>
      <p class="field__hint" id="sla-holidays-hint">
        Dates closed all day, whatever the hours above say. SLA clocks do not run on them.
      </p>
      <FieldError error={listError} />
      {holidays.length === 0 ? (
        <p class="muted">No holidays.</p>
      ) : (
        <ul class="holidays__list" aria-label="Holidays">
          {holidays.map((holiday, index) => {
            const error = errors[slaFieldName({ kind: "holiday", index })];
            const words = holidayWords(holiday);
            return (
              <li key={holiday} class={error ? "holidays__item field--error" : "holidays__item"}>
                <time id={holidayId(index)} tabIndex={-1} dateTime={holiday}>
                  {words}
                </time>
                <FieldError error={error} />
                <button
                  type="button"
                  class="button button--quiet button--small"
                  aria-label={`Remove ${words}`}
                  onClick={() => onChange(holidays.filter((h) => h !== holiday))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div class={addError ? "field holidays__add field--error" : "field holidays__add"}>
        <label for={HOLIDAY_INPUT_ID}>Add a holiday</label>
        <FieldError id={`${HOLIDAY_INPUT_ID}-error`} error={addError} />
        <div class="holidays__controls">
          <input
            id={HOLIDAY_INPUT_ID}
            type="date"
            value={date}
            aria-describedby={addError ? `${HOLIDAY_INPUT_ID}-error` : undefined}
            aria-invalid={addError ? "true" : undefined}
            onInput={(e) => setDate(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter adds the date rather than saving the whole form.
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" class="button" onClick={add}>
            Add holiday
          </button>
        </div>
      </div>
    </fieldset>
  );
}
