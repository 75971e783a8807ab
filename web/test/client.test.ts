// The API wrapper against a fake fetch: what it sends and what it makes of
// ticketd's answers. Run by scripts/test.sh (the ctest test web_client_test).

import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiProblem, createApiClient } from "../src/api/client.js";

// Answers by "METHOD /path"; records every request the client sent.
function fakeTicketd(answers: Record<string, () => Response>) {
  const sent: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    sent.push(request);
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const answer = answers[key];
    if (!answer) throw new Error(`fake ticketd: no answer for ${key}`);
    return answer();
  };
  return { sent, fetch };
}

function json(status: number, body: unknown, type = "application/json"): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

const ticket = { id: "t-1", subject: "Cannot log in", status: "open" };

test("sends X-CSRF-Token on changes after sign-in, never on GET", async () => {
  const ticketd = fakeTicketd({
    "POST /auth/sign-in": () => json(200, { account: {}, session: {}, csrf_token: "csrf-1" }),
    "POST /v1/tickets": () => json(201, ticket),
    "GET /v1/tickets": () => json(200, { items: [], next_cursor: null }),
    "DELETE /auth/sessions/s-2": () => new Response(null, { status: 204 }),
  });
  const client = createApiClient({ baseUrl: "http://ticketd.test", fetch: ticketd.fetch });
  const body = { subject: "Cannot log in", description: "Since this morning" };

  await client.POST("/v1/tickets", { body });
  assert.equal(ticketd.sent[0]?.headers.get("X-CSRF-Token"), null, "no token before sign-in");

  await client.POST("/auth/sign-in", { body: { email: "ann@acme.test", password: "pw" } });
  assert.equal(client.csrfToken(), "csrf-1");
  const { data } = await client.POST("/v1/tickets", { body });
  assert.equal(data?.id, "t-1");
  await client.GET("/v1/tickets", { params: { query: { status: "open" } } });
  await client.DELETE("/auth/sessions/{id}", { params: { path: { id: "s-2" } } });

  const [, signIn, open, list, revoke] = ticketd.sent;
  assert.equal(signIn?.headers.get("X-CSRF-Token"), null, "sign-in precedes the token");
  assert.equal(open?.headers.get("X-CSRF-Token"), "csrf-1");
  assert.equal(list?.method, "GET");
  assert.equal(list?.headers.get("X-CSRF-Token"), null, "GET never carries the token");
  assert.equal(new URL(list?.url ?? "").search, "?status=open");
  assert.equal(revoke?.headers.get("X-CSRF-Token"), "csrf-1");
  assert.equal(open?.credentials, "same-origin");
});

test("a problem+json 422 rejects with an ApiProblem naming the fields", async () => {
  const problem = {
    type: "https://ticketd.dev/problems/validation",
    title: "Unprocessable Content",
    status: 422,
    code: "validation_failed",
    detail: "subject: must not be empty",
    errors: [{ field: "subject", message: "must not be empty" }],
  };
  const ticketd = fakeTicketd({
    "POST /v1/tickets": () => json(422, problem, "application/problem+json; charset=utf-8"),
  });
  const client = createApiClient({ baseUrl: "http://ticketd.test", fetch: ticketd.fetch });

  const open = client.POST("/v1/tickets", { body: { subject: "", description: "x" } });
  await assert.rejects(open, (e: unknown) => {
    assert.ok(e instanceof ApiProblem, `not an ApiProblem: ${String(e)}`);
    assert.equal(e.status, 422);
    assert.equal(e.code, "validation_failed");
    assert.equal(e.message, "subject: must not be empty");
    assert.deepEqual(e.errors, [{ field: "subject", message: "must not be empty" }]);
    assert.equal(e.correlation_id, undefined);
    return true;
  });
});

test("an answer that is not ticketd's problem still rejects with an ApiProblem", async () => {
  const ticketd = fakeTicketd({
    "GET /v1/tickets": () =>
      new Response("<h1>Bad Gateway</h1>", {
        status: 502,
        statusText: "Bad Gateway",
        headers: { "Content-Type": "text/html" },
      }),
  });
  const client = createApiClient({ baseUrl: "http://ticketd.test", fetch: ticketd.fetch });

  await assert.rejects(client.GET("/v1/tickets"), (e: unknown) => {
    assert.ok(e instanceof ApiProblem);
    assert.equal(e.status, 502);
    assert.equal(e.code, "unexpected_response");
    assert.deepEqual(e.errors, []);
    return true;
  });
});

test("takes the token from GET /auth/me and forgets it on sign-out", async () => {
  let me: unknown = { actor: {}, account: {}, session: {}, csrf_token: "csrf-me" };
  const ticketd = fakeTicketd({
    "GET /auth/me": () => json(200, me),
    "POST /v1/tickets/t-1/close": () => json(200, ticket),
    "POST /auth/sign-out": () => new Response(null, { status: 204 }),
  });
  const client = createApiClient({ baseUrl: "http://ticketd.test", fetch: ticketd.fetch });

  const { data } = await client.GET("/auth/me");
  assert.equal(data?.csrf_token, "csrf-me", "the caller still reads the body");
  assert.equal(client.csrfToken(), "csrf-me");
  await client.POST("/v1/tickets/{id}/close", { params: { path: { id: "t-1" } } });
  assert.equal(ticketd.sent[1]?.headers.get("X-CSRF-Token"), "csrf-me");

  await client.POST("/auth/sign-out");
  assert.equal(client.csrfToken(), null);

  // A bearer token has no session, so /auth/me's token is null: none is sent.
  client.setCsrfToken("stale");
  me = { actor: {}, account: null, session: null, csrf_token: null };
  await client.GET("/auth/me");
  assert.equal(client.csrfToken(), null);
});

test("a bearer token goes with every call, and no CSRF token with it", async () => {
  const ticketd = fakeTicketd({
    "POST /auth/sign-in": () => json(200, { account: {}, session: {}, csrf_token: "csrf-1" }),
    "POST /v1/tickets": () => json(201, ticket, "application/json"),
    "GET /v1/tickets": () => json(200, { items: [], next_cursor: null }),
  });
  const client = createApiClient({ baseUrl: "http://ticketd.test", fetch: ticketd.fetch });
  await client.POST("/auth/sign-in", { body: { email: "ann@acme.test", password: "pw" } });

  client.setBearerToken("tok-1");
  assert.equal(client.bearerToken(), "tok-1");
  await client.POST("/v1/tickets", { body: { subject: "s", description: "d" } });
  await client.GET("/v1/tickets");
  const [, open, list] = ticketd.sent;
  assert.equal(open?.headers.get("Authorization"), "Bearer tok-1");
  assert.equal(open?.headers.get("X-CSRF-Token"), null, "a bearer token needs no CSRF token");
  assert.equal(list?.headers.get("Authorization"), "Bearer tok-1");

  client.setBearerToken(null);
  await client.POST("/v1/tickets", { body: { subject: "s", description: "d" } });
  const last = ticketd.sent.at(-1);
  assert.equal(last?.headers.get("Authorization"), null);
  assert.equal(last?.headers.get("X-CSRF-Token"), "csrf-1", "the session's token again");
});

test("remembers the highest X-Log-Position, for reads of its own writes", async () => {
  let position = "7";
  const ticketd = fakeTicketd({
    "POST /v1/tickets": () =>
      new Response(JSON.stringify(ticket), {
        status: 201,
        headers: { "Content-Type": "application/json", "X-Log-Position": position },
      }),
    "GET /v1/tickets": () => json(200, { items: [], next_cursor: null }),
  });
  const client = createApiClient({ baseUrl: "http://ticketd.test", fetch: ticketd.fetch });
  assert.equal(client.logPosition(), 0);
  await client.POST("/v1/tickets", { body: { subject: "s", description: "d" } });
  assert.equal(client.logPosition(), 7);
  await client.GET("/v1/tickets");
  assert.equal(client.logPosition(), 7, "an answer without one changes nothing");
  position = "3";
  await client.POST("/v1/tickets", { body: { subject: "s", description: "d" } });
  assert.equal(client.logPosition(), 7, "never goes back");
});
