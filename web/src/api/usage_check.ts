// Never run, only type-checked (the build's web_client target): a handful of
// the operations the console is built on, called with their typed bodies and
// reading the fields screens will show. If one of them disappears from
// ticketd's OpenAPI document, or its body or answer changes shape, the build
// fails here rather than in a browser. The @ts-expect-error lines prove the
// generated types still constrain something: were they to decay into `any`,
// those lines would stop being errors and fail the check instead.

import { api, type components } from "./client.js";

type Ticket = components["schemas"]["Ticket"];
type TicketSummary = components["schemas"]["TicketSummary"];
type TicketStatus = components["schemas"]["TicketStatus"];

// `data` is only undefined when a call failed, and failures reject with an
// ApiProblem (client.ts), so the early returns below are for the compiler.

export async function customerOpensAndFollowsUp(): Promise<void> {
  const { data: opened } = await api.POST("/v1/tickets", {
    body: { subject: "Cannot log in", description: "Since this morning" },
  });
  if (!opened) return;
  const ticket: Ticket = opened;
  const id: string = ticket.id;

  const { data: replied } = await api.POST("/v1/tickets/{id}/messages", {
    params: { path: { id } },
    body: { body: "It works again, thanks" },
  });
  const thread: Ticket["messages"] | undefined = replied?.messages;
  void thread;

  const { data: page } = await api.GET("/v1/tickets", { params: { query: { status: "open" } } });
  const first: TicketSummary | undefined = page?.items[0];
  const more: string | null | undefined = page?.next_cursor;
  void first;
  void more;

  // @ts-expect-error a ticket needs a subject (the description may give way to files)
  await api.POST("/v1/tickets", { body: { description: "No subject" } });
}

export async function agentWorksTheQueue(): Promise<void> {
  const { data: queue } = await api.GET("/admin/v1/tickets", {
    params: { query: { status: "open", q: "login" } },
  });
  const cursor: string | null | undefined = queue?.next_cursor;
  void cursor;

  const { data: ticket } = await api.GET("/admin/v1/tickets/{id}", { params: { path: { id: "t-1" } } });
  if (!ticket) return;
  const id: string = ticket.id;
  const status: TicketStatus = ticket.status;
  const assignee: string | null = ticket.assignee;
  const version: number = ticket.version;
  void status;
  void assignee;

  await api.POST("/admin/v1/tickets/{id}/messages", {
    params: { path: { id } },
    body: { body: "Looking into it", internal: true },
  });
  await api.POST("/admin/v1/tickets/{id}/assign", { params: { path: { id } }, body: { assignee: null } });
  // If-Match: the change applies only to the version the agent looked at.
  await api.POST("/admin/v1/tickets/{id}/status", {
    params: { path: { id }, header: { "If-Match": String(version) } },
    body: { status: "in_progress", note: "reproduced" },
  });

  // @ts-expect-error not a ticket status
  await api.POST("/admin/v1/tickets/{id}/status", { params: { path: { id } }, body: { status: "reopened" } });
  // @ts-expect-error no such route
  await api.GET("/admin/v1/no-such-route");
}

export async function personSignsIn(): Promise<void> {
  const { data: signedIn } = await api.POST("/auth/sign-in", {
    body: { email: "ann@acme.test", password: "correct horse" },
  });
  const token: string | undefined = signedIn?.csrf_token;
  void token;

  const { data: me } = await api.GET("/auth/me");
  const csrf: string | null | undefined = me?.csrf_token;
  void csrf;

  await api.POST("/auth/sign-out");
}
