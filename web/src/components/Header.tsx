// The top of every page: the app's name (and for customers their tenant's
// logo, if it has one), where to go (the administration pages grouped under
// "Admin"), who is signed in, the theme switch and "Sign out".

import { useEffect, useRef, useState } from "preact/hooks";

import {
  isPlatformAdmin,
  isStaff,
  mayAdministerTenants,
  mayManagePeople,
  mayManageWebhooks,
  maySeeAgents,
} from "../access.js";
import type { Me } from "../api/types.js";
import { roleWord } from "../format.js";
import { useLocation } from "../router.js";
import { signOut } from "../session.js";
import { TenantMark } from "./TenantMark.js";
import { ThemeToggle } from "./ThemeToggle.js";

interface Props {
  me: Me | null;
  /** Opens the keyboard shortcuts dialog (staff). */
  onShowShortcuts?: (() => void) | undefined;
}

export function Header({ me, onShowShortcuts }: Props) {
  const staff = me !== null && isStaff(me.actor.role);
  return (
    <header class="site-header">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <div class="site-header__inner">
        <a class="brand" href="/">
          ticketd
        </a>
        {me && !staff && me.actor.tenant && <TenantMark key={me.actor.tenant} />}
        {me && (
          <nav class="site-nav" aria-label="Main">
            <ul class="site-nav__main">
              {staff ? (
                <>
                  <li>
                    <a href="/queue">Queue</a>
                  </li>
                  {/* GET /admin/v1/metrics is for every staff role. */}
                  <li>
                    <a href="/reports">Reports</a>
                  </li>
                </>
              ) : (
                <li>
                  <a href="/portal">My tickets</a>
                </li>
              )}
            </ul>
            <AdminMenu me={me} />
          </nav>
        )}
        <div class="site-header__tools">
          {me && (
            <p class="whoami">
              <span class="visually-hidden">Signed in as </span>
              <a class="whoami__name" href="/profile">
                {me.actor.name || me.actor.id}
                <span class="visually-hidden"> (your profile)</span>
              </a>{" "}
              <span class="whoami__role">({roleWord(me.actor.role)})</span>
            </p>
          )}
          {staff && onShowShortcuts && (
            <button type="button" class="button button--quiet" aria-keyshortcuts="?" onClick={onShowShortcuts}>
              Shortcuts
            </button>
          )}
          <ThemeToggle />
          {me && (
            <button type="button" class="button button--quiet" onClick={() => void signOut().catch(() => undefined)}>
              Sign out
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

/**
 * The administration pages this person may use, one small entry each, as a
 * group of their own: on a wide screen a second line of the nav, labelled
 * "Admin"; on a phone folded behind an "Admin" button (aria-expanded) that
 * opens the list below it. Escape closes it; so does going to a page.
 */
function AdminMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [pathname]);
  const links: [string, string][] = [];
  if (mayAdministerTenants(me.actor)) links.push(["/admin/tenants", "Tenants"]);
  if (maySeeAgents(me.actor)) links.push(["/admin/agents", "Agents"]);
  if (mayManagePeople(me.actor)) links.push(["/admin/people", "People"]);
  if (mayManageWebhooks(me.actor.role)) links.push(["/admin/webhooks", "Webhooks"]);
  if (isPlatformAdmin(me.actor)) links.push(["/admin/tokens", "Tokens"], ["/admin/log", "Log"]);
  if (links.length === 0) return null;
  return (
    <div
      class={open ? "site-nav__admin is-open" : "site-nav__admin"}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        class="button button--quiet site-nav__toggle"
        aria-expanded={open ? "true" : "false"}
        aria-controls="admin-nav"
        onClick={() => setOpen(!open)}
      >
        Admin
      </button>
      <span class="site-nav__label" aria-hidden="true">
        Admin
      </span>
      <ul id="admin-nav" aria-label="Admin">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={pathname === href || pathname.startsWith(`${href}/`) ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
