// The console's only way to call ticketd. Its types are generated from
// ticketd's own OpenAPI document (schema.gen.d.ts, made by `npm run gen:api`
// or the build's web_client target), so a route or a body that changes on
// the server fails the console's type check instead of failing in a browser.

import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.gen.js";

export type { components, paths };

/** ticketd's RFC 9457 error body, as the document describes it. */
export type Problem = components["schemas"]["Problem"];

/**
 * ticketd's codes, and the console's own for an answer that did not come
 * from ticketd (a proxy's error page, say).
 */
export type ProblemCode = Problem["code"] | "unexpected_response";

/**
 * A request ticketd (or something in front of it) refused. Calls reject with
 * it, so a screen has one place to show errors: `detail` in the summary at
 * the top, `errors` next to the fields they name.
 */
export class ApiProblem extends Error {
  readonly type: Problem["type"];
  readonly title: Problem["title"];
  readonly status: Problem["status"];
  /** Stable and machine-readable: branch on this, not on `title` or `detail`. */
  readonly code: ProblemCode;
  readonly detail: Problem["detail"];
  readonly errors: NonNullable<Problem["errors"]>;
  /** Only on a 500: names the failure in the server's log, for a bug report. */
  readonly correlation_id: Problem["correlation_id"];

  constructor(problem: Omit<Problem, "code"> & { code: ProblemCode }) {
    super(problem.detail ?? problem.title);
    this.name = "ApiProblem";
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.correlation_id = problem.correlation_id;
  }
}

/**
 * openapi-fetch's typed client (`api.GET("/v1/tickets", ...)`) and the
 * session's CSRF token it sends with every change. A call resolves with the
 * answer's `data`, or rejects with an ApiProblem: `error` is never set. (No
 * answer at all, a network failure, rejects with fetch's TypeError.)
 */
export type ApiClient = Client<paths> & {
  /**
   * Sets or forgets the token. The client learns it by itself from the
   * answers that carry one (sign-in, link redemptions, invitations,
   * GET /auth/me), so a screen rarely needs this.
   */
  setCsrfToken(token: string | null): void;
  csrfToken(): string | null;
  /**
   * Sends `Authorization: Bearer <token>` with every call from now on (null
   * stops). A bearer token is no session: no CSRF token is sent with it.
   */
  setBearerToken(token: string | null): void;
  bearerToken(): string | null;
  /**
   * The highest X-Log-Position of the answers seen so far (0 before any): a
   * read given it as `min_position` sees every change this client made.
   */
  logPosition(): number;
};

export interface ApiClientOptions {
  /** Same origin ("") in the browser; tests give an absolute URL. */
  baseUrl?: string;
  /** Tests answer with a fake; the browser's fetch otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

// The answers whose JSON carries the session's `csrf_token`. Checked against
// the document, so a renamed route fails the type check rather than silently
// leaving the console without a token.
const CSRF_ANSWERS: ReadonlySet<string> = new Set([
  "/auth/sign-in",
  "/auth/magic-link/redeem",
  "/auth/password-reset/redeem",
  "/auth/invitation/accept",
  "/auth/me",
] as const satisfies readonly (keyof paths)[]);

const SIGN_OUT: keyof paths = "/auth/sign-out";

// ticketd checks X-CSRF-Token on every state-changing request made with the
// session cookie; safe methods never change state, so they never carry it.
const UNSAFE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  let csrfToken: string | null = null;
  let bearerToken: string | null = null;
  let logPosition = 0;

  const middleware: Middleware = {
    onRequest({ request }) {
      if (bearerToken !== null) {
        request.headers.set("Authorization", `Bearer ${bearerToken}`);
      } else if (csrfToken !== null && UNSAFE_METHODS.has(request.method)) {
        request.headers.set("X-CSRF-Token", csrfToken);
      }
      return request;
    },
    async onResponse({ request, response, schemaPath }) {
      if (!response.ok) throw await problemOf(response);
      const position = Number(response.headers.get("X-Log-Position"));
      if (Number.isSafeInteger(position) && position > logPosition) logPosition = position;
      if (CSRF_ANSWERS.has(schemaPath)) {
        // A clone: openapi-fetch still reads the body for the caller.
        const body: unknown = await response.clone().json();
        // null from /auth/me means a bearer token, not a session: no CSRF.
        const token = isRecord(body) ? body["csrf_token"] : undefined;
        if (typeof token === "string" || token === null) csrfToken = token;
      } else if (schemaPath === SIGN_OUT && request.method === "POST") {
        csrfToken = null;
      }
      return response;
    },
  };

  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    // The session cookie is HttpOnly and same-site; never send it elsewhere.
    credentials: "same-origin",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(middleware);
  return Object.assign(client, {
    setCsrfToken(token: string | null) {
      csrfToken = token;
    },
    csrfToken: () => csrfToken,
    setBearerToken(token: string | null) {
      bearerToken = token;
    },
    bearerToken: () => bearerToken,
    logPosition: () => logPosition,
  });
}

/** The console's client: same origin, browser session. */
export const api: ApiClient = createApiClient();

// ticketd answers every refusal with application/problem+json. Anything else
// that is not a success (a proxy's 502 page, a dropped body) still becomes an
// ApiProblem, so screens handle one kind of error; its code says it was not
// ticketd's own answer. Exported for the calls made without openapi-fetch
// (uploads, api/upload.ts), so their refusals read the same.
export async function problemOf(response: Response): Promise<ApiProblem> {
  const mediaType = response.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/problem+json") {
    const body: unknown = await response.json().catch(() => undefined);
    if (isProblem(body)) return new ApiProblem(body);
  }
  return new ApiProblem({
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: "unexpected_response",
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// The fields ApiProblem relies on; a body without them is not a problem.
function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value["type"] === "string" &&
    typeof value["title"] === "string" &&
    typeof value["status"] === "number" &&
    typeof value["code"] === "string" &&
    (value["errors"] === undefined || Array.isArray(value["errors"]))
  );
}
