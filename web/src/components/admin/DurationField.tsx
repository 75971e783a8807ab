// A length of time typed as a number and a unit ("4" "hours"), labelled
// like every field (the label, a hint, the error next to it); the unit's
// select is labelled "<label> unit" for screen readers.

import { DURATION_UNITS, type DurationInput, type DurationUnit } from "../../sla.js";
import { FieldError } from "../Field.js";

interface Props {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: DurationInput;
  units?: readonly DurationUnit[];
  onChange(value: DurationInput): void;
}

const UNIT_WORDS: Record<DurationUnit, string> = { minutes: "minutes", hours: "hours", days: "days" };

export function DurationField({ id, label, hint, error, value, units = DURATION_UNITS, onChange }: Props) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field duration-field field--error" : "field duration-field"}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} error={error} />
      <div class="duration-field__controls">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          class="duration-field__amount"
          value={value.amount}
          aria-describedby={described}
          aria-invalid={error ? "true" : undefined}
          onInput={(e) => onChange({ ...value, amount: e.currentTarget.value })}
        />
        <label class="visually-hidden" for={`${id}-unit`}>
          {label} unit
        </label>
        <select
          id={`${id}-unit`}
          class="duration-field__unit"
          value={value.unit}
          onChange={(e) => onChange({ ...value, unit: e.currentTarget.value as DurationUnit })}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {UNIT_WORDS[u]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
