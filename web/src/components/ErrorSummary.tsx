// The alert at the top of a form: the problem's detail and, as links that
// move to them, the fields it names.

import type { ShownError } from "../errors.js";

interface Props {
  error: ShownError | null;
  /** Field name (as problem.errors names it) -> [the control's id, its label]. */
  fields?: Record<string, readonly [string, string]>;
}

export function ErrorSummary({ error, fields = {} }: Props) {
  if (!error) return null;
  const named = Object.entries(error.fields).filter(([field]) => fields[field]);
  return (
    <div class="error-summary" role="alert">
      <p class="error-summary__detail">{error.summary}</p>
      {named.length > 0 && (
        <ul class="error-summary__list">
          {named.map(([field, message]) => {
            const [id, label] = fields[field] ?? ["", field];
            return (
              <li key={field}>
                <a
                  href={`#${id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(id)?.focus();
                  }}
                >
                  {label}: {message}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
