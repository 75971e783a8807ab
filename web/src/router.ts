// The console's own small router on the History API. Links are real
// <a href>s (they open in a new tab, copy and bookmark as links do); a plain
// click on one that stays on this origin is taken over and becomes a
// pushState instead of a page load. ticketd answers index.html for every
// such path, so a reload lands on the same screen.

import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "signIn" }
  | { name: "home" }
  | { name: "portal" }
  | { name: "portalNew" }
  | { name: "portalTicket"; key: string }
  | { name: "queue" }
  | { name: "ticket"; key: string }
  | { name: "ticketHistory"; key: string }
  | { name: "reports" }
  | { name: "profile" }
  | { name: "adminWebhooks" }
  | { name: "adminWebhook"; id: string }
  | { name: "adminTenants" }
  | { name: "adminTenant"; slug: string }
  | { name: "adminAgents" }
  | { name: "adminTokens" }
  | { name: "adminLog" }
  | { name: "adminPeople" }
  | { name: "adminPerson"; id: string }
  | { name: "notFound" };

/** The route a path names ("/portal/tickets/acme-42"); a trailing slash is ignored. */
export function matchRoute(pathname: string): Route {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  switch (trimmed) {
    case "/":
      return { name: "home" };
    case "/sign-in":
      return { name: "signIn" };
    case "/portal":
      return { name: "portal" };
    case "/portal/new":
      return { name: "portalNew" };
    case "/queue":
      return { name: "queue" };
    case "/reports":
      return { name: "reports" };
    case "/admin/tenants":
      return { name: "adminTenants" };
    case "/admin/agents":
      return { name: "adminAgents" };
    case "/admin/tokens":
      return { name: "adminTokens" };
    case "/admin/log":
      return { name: "adminLog" };
    case "/admin/people":
      return { name: "adminPeople" };
    case "/profile":
      return { name: "profile" };
    case "/admin/webhooks":
      return { name: "adminWebhooks" };
  }
  const webhook = /^\/admin\/webhooks\/([^/]+)$/.exec(trimmed);
  if (webhook?.[1]) return param(webhook[1], (id) => ({ name: "adminWebhook", id }));
  const tenant = /^\/admin\/tenants\/([^/]+)$/.exec(trimmed);
  if (tenant?.[1]) return param(tenant[1], (slug) => ({ name: "adminTenant", slug }));
  const person = /^\/admin\/people\/([^/]+)$/.exec(trimmed);
  if (person?.[1]) return param(person[1], (id) => ({ name: "adminPerson", id }));
  const portalTicket = /^\/portal\/tickets\/([^/]+)$/.exec(trimmed);
  if (portalTicket?.[1]) return param(portalTicket[1], (key) => ({ name: "portalTicket", key }));
  const ticket = /^\/tickets\/([^/]+)$/.exec(trimmed);
  if (ticket?.[1]) return param(ticket[1], (key) => ({ name: "ticket", key }));
  const history = /^\/tickets\/([^/]+)\/history$/.exec(trimmed);
  if (history?.[1]) return param(history[1], (key) => ({ name: "ticketHistory", key }));
  return { name: "notFound" };
}

function param(raw: string, route: (value: string) => Route): Route {
  try {
    return route(decodeURIComponent(raw));
  } catch {
    return { name: "notFound" }; // a broken percent-escape
  }
}

/** The path of a ticket's page, for the one who looks at it. */
export function ticketPath(key: string, forCustomer: boolean): string {
  const k = encodeURIComponent(key);
  return forCustomer ? `/portal/tickets/${k}` : `/tickets/${k}`;
}

/**
 * Where a `next` parameter may send someone after signing in: a path on this
 * origin only ("/queue?x=1"), never "//elsewhere" or "https://...".
 */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}

/**
 * The in-app path (path, query and fragment) an href leads to when a click on
 * it should stay in the console, else null: another origin, or only a
 * fragment of the page being shown (left to the browser).
 */
export function internalTarget(
  href: string,
  current: { origin: string; pathname: string; search: string },
): string | null {
  let url: URL;
  try {
    url = new URL(href, current.origin + current.pathname + current.search);
  } catch {
    return null;
  }
  if (url.origin !== current.origin) return null;
  if (url.pathname === current.pathname && url.search === current.search && url.hash !== "") return null;
  return url.pathname + url.search + url.hash;
}

export interface Location {
  pathname: string;
  search: string;
  hash: string;
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function readLocation(): Location {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

/** Shows `to` (a path on this origin); `replace` does not add a history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (to === current) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  notify();
}

/** The location, re-rendering the component whenever it changes. */
export function useLocation(): Location {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const update = () => setLocation(readLocation());
    listeners.add(update);
    update();
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/**
 * Takes over plain left clicks on same-origin links (not those that open
 * elsewhere: a modifier key, target, download), and follows the browser's
 * back and forward buttons. Call once, at start.
 */
export function startRouter(): void {
  window.addEventListener("popstate", notify);
  window.addEventListener("hashchange", notify);
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest("a") : null;
    if (!anchor || !anchor.hasAttribute("href")) return;
    if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
    const to = internalTarget(anchor.href, window.location);
    if (to === null) return;
    event.preventDefault();
    navigate(to);
  });
}

/** What an emailed link asks of the sign-in page ("#purpose=reset&token=..."). */
export type EmailLink = { purpose: "magic_link" | "reset" | "invitation"; token: string };

/**
 * The link in a fragment, or null. ticketd's mails point at
 * /sign-in#purpose=...&token=...: a fragment never reaches a server's log.
 */
export function emailLinkFromHash(hash: string): EmailLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const purpose = params.get("purpose");
  const token = params.get("token");
  if (!token) return null;
  if (purpose === "magic_link" || purpose === "reset" || purpose === "invitation") return { purpose, token };
  return null;
}
