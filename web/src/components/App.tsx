// The console: the header, and the screen the URL names, for whoever is
// signed in. Pages behind sign-in send a signed-out visitor to /sign-in
// (with ?next= to come back); "/" sends each role to its own home.

import { useEffect, useRef, useState } from "preact/hooks";

import {
  homeFor,
  isCustomer,
  isPlatformAdmin,
  isStaff,
  mayAdministerTenants,
  mayManagePeople,
  maySeeAgents,
} from "../access.js";
import { useShortcuts } from "../shortcuts.js";
import { AgentTicket } from "../screens/AgentTicket.js";
import { AdminAgents } from "../screens/AdminAgents.js";
import { AdminLog } from "../screens/AdminLog.js";
import { AdminPeople } from "../screens/AdminPeople.js";
import { AdminPerson } from "../screens/AdminPerson.js";
import { AdminTenant } from "../screens/AdminTenant.js";
import { AdminTenants } from "../screens/AdminTenants.js";
import { AdminTokens } from "../screens/AdminTokens.js";
import { AdminWebhook } from "../screens/AdminWebhook.js";
import { AdminWebhooks } from "../screens/AdminWebhooks.js";
import { NotFound } from "../screens/NotFound.js";
import { Portal } from "../screens/Portal.js";
import { PortalNew } from "../screens/PortalNew.js";
import { PortalTicket } from "../screens/PortalTicket.js";
import { Profile } from "../screens/Profile.js";
import { Queue } from "../screens/Queue.js";
import { Reports } from "../screens/Reports.js";
import { SignIn } from "../screens/SignIn.js";
import { TicketHistory } from "../screens/TicketHistory.js";
import { WrongAudience } from "../screens/WrongAudience.js";
import { matchRoute, navigate, useLocation, type Location, type Route } from "../router.js";
import { useSession, type Session } from "../session.js";
import { Header } from "./Header.js";
import { Redirect } from "./Redirect.js";
import { ShortcutsDialog } from "./ShortcutsDialog.js";
import { AdminForbidden } from "./admin/AdminForbidden.js";

export function App() {
  const location = useLocation();
  const session = useSession();
  const route = matchRoute(location.pathname);
  const me = session.state === "signed-in" ? session.me : null;
  const staff = me !== null && isStaff(me.actor.role);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  // A new page: start at its top, with the keyboard focus on <main> (a
  // screen reader then reads the new page from there).
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <>
      <Header me={me} onShowShortcuts={staff ? () => setShortcutsOpen(true) : undefined} />
      <main id="main" ref={main} tabIndex={-1} class={route.name === "signIn" ? "page page--narrow" : "page"}>
        <Screen route={route} location={location} session={session} />
      </main>
      {staff && <StaffShortcuts onShow={() => setShortcutsOpen(true)} />}
      {staff && <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />}
    </>
  );
}

function Screen({ route, location, session }: { route: Route; location: Location; session: Session }) {
  if (route.name === "signIn") return <SignIn location={location} session={session} />;
  if (route.name === "notFound") return <NotFound />;
  if (session.state === "loading") return <p class="loading">Loading…</p>;
  if (session.state === "signed-out") {
    const here = location.pathname + location.search;
    const next = route.name === "home" || session.byUser ? "" : `?next=${encodeURIComponent(here)}`;
    return <Redirect to={`/sign-in${next}`} />;
  }
  const me = session.me;
  const role = me.actor.role;
  switch (route.name) {
    case "home":
      return <Redirect to={homeFor(role)} />;
    case "portal":
    case "portalNew":
    case "portalTicket":
      if (!isCustomer(role)) return <WrongAudience role={role} />;
      if (route.name === "portal") return <Portal location={location} />;
      if (route.name === "portalNew") return <PortalNew />;
      return <PortalTicket key={route.key} ticketKey={route.key} />;
    case "queue":
    case "ticket":
    case "ticketHistory":
    case "reports":
      if (!isStaff(role)) return <WrongAudience role={role} />;
      if (route.name === "queue") return <Queue location={location} />;
      if (route.name === "reports") return <Reports location={location} me={me} />;
      if (route.name === "ticketHistory") {
        return <TicketHistory key={route.key} ticketKey={route.key} location={location} />;
      }
      return <AgentTicket key={route.key} ticketKey={route.key} me={me} />;
    case "adminTenants":
    case "adminTenant":
      if (!mayAdministerTenants(me.actor)) {
        return (
          <AdminForbidden role={role} reason="Tenants' SLA policies and settings are for tenant admins and admins." />
        );
      }
      if (route.name === "adminTenants") return <AdminTenants me={me} />;
      return <AdminTenant key={route.slug} slug={route.slug} />;
    case "adminAgents":
      if (!maySeeAgents(me.actor)) {
        return (
          <AdminForbidden
            role={role}
            reason={
              "Agents' workload and auto-assign settings span every tenant: they are for platform agents " +
              "and admins, who have no tenant scope."
            }
          />
        );
      }
      return <AdminAgents me={me} />;
    case "profile":
      return <Profile me={me} viaToken={session.viaToken} />;
    case "adminWebhooks":
      return <AdminWebhooks me={me} />;
    case "adminWebhook":
      return <AdminWebhook key={route.id} me={me} webhookId={route.id} />;
    case "adminTokens":
    case "adminLog":
      // listTokens, issueToken, revokeToken, getAudit, verifyLog: x-roles
      // [admin] and x-platform-only (an admin kept to a scope is refused).
      if (!isPlatformAdmin(me.actor)) {
        return (
          <AdminForbidden
            role={role}
            reason={
              route.name === "adminTokens"
                ? "API tokens reach every tenant: they are for platform admins (admins without a tenant scope)."
                : "The log's integrity covers every tenant: it is for platform admins (admins without a tenant scope)."
            }
          />
        );
      }
      if (route.name === "adminTokens") return <AdminTokens location={location} />;
      return <AdminLog />;
    case "adminPeople":
    case "adminPerson":
      if (!mayManagePeople(me.actor)) {
        return <AdminForbidden role={role} reason="People's accounts are managed by tenant admins and admins." />;
      }
      if (route.name === "adminPeople") return <AdminPeople me={me} location={location} />;
      return <AdminPerson key={route.id} me={me} accountId={route.id} />;
  }
}

/** The shortcuts of every staff page: "?" lists them all, "g q" goes to the queue. */
function StaffShortcuts({ onShow }: { onShow: () => void }) {
  useShortcuts({
    "?": onShow,
    "g q": () => navigate("/queue"),
  });
  return null;
}
