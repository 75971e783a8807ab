// What a screen shows when a call fails: a summary (the problem's detail)
// at the top, and each field's message next to the field it names.

import { ApiProblem } from "./api/client.js";
import { sessionEnded } from "./session.js";

export interface ShownError {
  /** The sentence for the alert at the top. */
  summary: string;
  /** Messages by field name (problem.errors[].field). */
  fields: Record<string, string>;
  status: number | null;
  code: string | null;
}

/** Turns what a call rejected with into what to show. */
export function describeError(error: unknown): ShownError {
  if (error instanceof ApiProblem) {
    const fields: Record<string, string> = {};
    for (const { field, message } of error.errors) fields[field] ??= message;
    let summary = error.detail ?? error.title;
    if (error.correlation_id) summary += ` (reference ${error.correlation_id})`;
    return { summary, fields, status: error.status, code: error.code };
  }
  if (error instanceof TypeError) {
    return {
      summary: "ticketd could not be reached. Check your connection and try again.",
      fields: {},
      status: null,
      code: null,
    };
  }
  return { summary: error instanceof Error ? error.message : String(error), fields: {}, status: null, code: null };
}

/** Only field messages given on the form: a summary of just the client's own checks. */
export function fieldErrors(fields: Record<string, string>): ShownError | null {
  if (Object.keys(fields).length === 0) return null;
  return { summary: "Check the fields marked below.", fields, status: null, code: null };
}

/**
 * describeError for the screens behind sign-in: a 401 means the session is
 * over (expired, revoked), and the console goes back to the sign-in page.
 */
export function describeSignedInError(error: unknown): ShownError {
  const shown = describeError(error);
  if (shown.status === 401) sessionEnded();
  return shown;
}
