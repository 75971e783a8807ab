// The HTTP API through fetch: what the tests seed and what they check after
// the browser acted. Reads carry min_position (the highest X-Log-Position
// any client of the server has seen), so a check reads the test's own writes.

import { eventually } from './poll.js';
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

/** The mails sent to an address, as text: an SmtpSink (useMailFixture's `mail`). */
export interface Mailbox {
  textsTo(address: string): string[];
}

/** The link an invitation mail carries; the group is its token. */
export const INVITATION_LINK = /\/sign-in#purpose=invitation&token=([A-Za-z0-9_-]+)/;

export interface Invited {
  /** The account's id. */
  id: string;
  /** Whether ticketd says it mailed the invitation. */
  invitationSent: boolean;
  /** The token of the link in the (last) invitation mail. */
  token: string;
}

/**
 * The admin invites someone through the API, and the invitation link's token
 * is read from the mail (waited for up to 15 s). Needs a ticketd started
 * with --smtp-url (useMailFixture). Accept it through the browser
 * (`/sign-in#purpose=invitation&token=`) or, with accountWithPassword, the API.
 */
export async function invite(admin: Api, mail: Mailbox, invitee: Invitee): Promise<Invited> {
  const invited = await admin.must<{ account: { id: string }; invitation_sent: boolean }>(
    'POST', '/admin/v1/accounts', invitee, 201);
  const token = await eventually(() => {
    let found: string | undefined;
    for (const text of mail.textsTo(invitee.email)) found = INVITATION_LINK.exec(text)?.[1] ?? found;
    if (!found) throw new Error(`no invitation mail to ${invitee.email}`);
    return found;
  }, { timeout: 15_000 });
  return { id: invited.account.id, invitationSent: invited.invitation_sent, token };
}

/**
 * A person who signs in with a password: invited (invite) and the
 * invitation accepted through the API, without a session left over.
 * Returns the account's id.
 */
export async function accountWithPassword(admin: Api, mail: Mailbox,
                                          invitee: Invitee, password: string): Promise<string> {
  const { id, token } = await invite(admin, mail, invitee);
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
  return id;
}
