// The HTTP API through fetch: what the tests seed and what they check after
// the browser acted. Reads carry min_position (the highest X-Log-Position
// any client of the server has seen), so a check reads the test's own writes.

import type { Server } from './server.js';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

const CONSISTENT = ['/v1/tickets', '/admin/v1/tickets', '/admin/v1/metrics'];

export class Api {
  constructor(readonly server: Server, readonly token: string | null,
              private readonly positions = { max: 0 }) {}

  withToken(token: string | null): Api {
    return new Api(this.server, token, this.positions);
  }

  async request<T = any>(method: string, path: string, body?: unknown,
                         headers: Record<string, string> = {}): Promise<Answer<T>> {
    if (method === 'GET' && this.positions.max > 0 && !path.includes('min_position=') &&
        CONSISTENT.some((p) => path.startsWith(p))) {
      path += (path.includes('?') ? '&' : '?') + `min_position=${this.positions.max}`;
    }
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (this.token) h['Authorization'] = `Bearer ${this.token}`;
    const res = await fetch(this.server.base + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const pos = Number(res.headers.get('X-Log-Position'));
    if (pos > this.positions.max) this.positions.max = pos;
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('Content-Type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(path: string): Promise<Answer<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>> {
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  /** A request that must answer `expect`; returns the body. */
  async must<T = any>(method: string, path: string, body: unknown, expect: number): Promise<T> {
    const r = await this.request<T>(method, path, body);
    if (r.status !== expect) {
      throw new Error(`${method} ${path}: ${r.status}, expected ${expect}: ${JSON.stringify(r.body)}`);
    }
    return r.body;
  }
}

export interface User {
  id: string;
  email: string;
  name: string;
}

export const ANN: User = { id: 'u-ann', email: 'ann@acme.test', name: 'Ann Customer' };
export const GUS: User = { id: 'u-gus', email: 'gus@globex.test', name: 'Gus Globex' };
export const AGENT: User = { id: 'agent-7', email: 'a7@support.test', name: 'Agent Seven' };

export interface Seed {
  admin: Api;
  /** A customer of acme. */
  ann: Api;
  /** A customer of globex. */
  gus: Api;
  /** A platform-wide agent. */
  agent: Api;
}

/** Tenants acme and globex; tokens for a customer of each and an agent. */
export async function seed(server: Server): Promise<Seed> {
  const admin = new Api(server, server.adminToken);
  for (const [slug, name] of [['acme', 'Acme'], ['globex', 'Globex']] as const) {
    await admin.must('POST', '/admin/v1/tenants', { slug, name }, 201);
  }
  const token = async (role: string, user: User, tenant?: string) => {
    const body: Record<string, unknown> = { role, user };
    if (tenant) body['tenant'] = tenant;
    const issued = await admin.must<{ token: string }>('POST', '/admin/v1/tokens', body, 201);
    return admin.withToken(issued.token);
  };
  return {
    admin,
    ann: await token('customer', ANN, 'acme'),
    gus: await token('customer', GUS, 'globex'),
    agent: await token('agent', AGENT),
  };
}

export interface Ticket {
  id: string;
  key: string;
  subject: string;
  status: string;
  priority: string;
  category: string;
  assignee: string | null;
  version: number;
  messages: { id: string; body: string; internal: boolean; author: { id: string; role: string } }[];
}

/** A customer opens a ticket through the API. */
export async function openTicket(customer: Api, subject: string, description: string,
                                 extra: Record<string, unknown> = {}): Promise<Ticket> {
  return customer.must<Ticket>('POST', '/v1/tickets', { subject, description, ...extra }, 201);
}

export interface Invitee {
  email: string;
  name: string;
  role: string;
  /** A customer's tenant. */
  tenant?: string;
  /** A staff member's tenants. */
  scope?: string[];
}

/**
 * A person who signs in with a password: the admin invites them, the
 * invitation link is read from the mail (`textsTo` gives the texts of the
 * mails sent to an address: SmtpSink.textsTo) and accepted through the API.
 * Needs a ticketd started with --smtp-url. Returns the account's id.
 */
export async function accountWithPassword(admin: Api, textsTo: (email: string) => string[],
                                          invitee: Invitee, password: string): Promise<string> {
  const invited = await admin.must<{ account: { id: string } }>('POST', '/admin/v1/accounts', invitee, 201);
  const deadline = Date.now() + 15_000;
  let token: string | undefined;
  while (!token) {
    for (const text of textsTo(invitee.email)) {
      token = /\/sign-in#purpose=invitation&token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? token;
    }
    if (token) break;
    if (Date.now() > deadline) throw new Error(`no invitation mail to ${invitee.email}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Accepting signs in; that session is ended, so the account starts with none.
  const accepted = await admin.withToken(null).request<{ csrf_token: string }>(
    'POST', '/auth/invitation/accept', { token, password });
  if (accepted.status !== 200) throw new Error(`accepting the invitation: ${accepted.status}`);
  const cookie = /ticketd_session=([^;]+)/.exec(accepted.headers.get('set-cookie') ?? '')?.[1];
  if (cookie) {
    const out = await fetch(admin.server.base + '/auth/sign-out', {
      method: 'POST',
      headers: { Cookie: `ticketd_session=${cookie}`, 'X-CSRF-Token': accepted.body.csrf_token },
    });
    if (!out.ok) throw new Error(`signing out after the invitation: ${out.status}`);
  }
  return invited.account.id;
}
