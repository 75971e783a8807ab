// Labelled form fields in the GOV.UK manner: the label, an optional hint,
// the error (when there is one) named next to the field and tied to it with
// aria-describedby, then the control.

import type { ComponentChildren, JSX } from "preact";

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** A class for the wrapper (the field's width, say). */
  wrapperClass?: string | undefined;
  /** The hint under the control (a row of filters keeps its controls in line). */
  hintBelow?: boolean | undefined;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A field's error, named as one to screen readers; nothing when there is none. */
export function FieldError({ id, error }: { id?: string | undefined; error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p class="field__error" id={id}>
      <span class="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

function FieldFrame(props: FieldProps & { children: ComponentChildren }) {
  const { id, label, hint, error, wrapperClass, hintBelow, children } = props;
  const hintText = hint && (
    <p class={hintBelow ? "field__hint field__hint--below" : "field__hint"} id={`${id}-hint`}>
      {hint}
    </p>
  );
  return (
    <div class={["field", error ? "field--error" : "", wrapperClass ?? ""].filter(Boolean).join(" ")}>
      <label for={id}>{label}</label>
      {!hintBelow && hintText}
      <FieldError id={`${id}-error`} error={error} />
      {children}
      {hintBelow && hintText}
    </div>
  );
}

export function TextField(props: FieldProps & JSX.IntrinsicElements["input"]) {
  const { id, label, hint, error, wrapperClass, hintBelow, ...input } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} wrapperClass={wrapperClass} hintBelow={hintBelow}>
      <input
        id={id}
        type="text"
        {...input}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? "true" : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & JSX.IntrinsicElements["textarea"]) {
  const { id, label, hint, error, wrapperClass, hintBelow, ...textarea } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} wrapperClass={wrapperClass} hintBelow={hintBelow}>
      <textarea
        id={id}
        rows={5}
        {...textarea}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? "true" : undefined}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { options: readonly Option[] } & JSX.IntrinsicElements["select"]) {
  const { id, label, hint, error, wrapperClass, hintBelow, options, ...select } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} wrapperClass={wrapperClass} hintBelow={hintBelow}>
      <select
        {...select}
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? "true" : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
