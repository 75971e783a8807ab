// /admin/people: the accounts the caller manages (GET /admin/v1/accounts, a
// page at a time; a tenant admin gets their tenants' people only), narrowed
// to the people of one tenant (in the URL: ?tenant=acme), and the form to
// invite someone. Each name links to /admin/people/:id, where the account's
// actions are. For tenant admins and admins (x-roles of every account
// operation); App shows it to no one else.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Invitation, Me } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { SelectField } from "../components/Field.js";
import { Notice } from "../components/Notice.js";
import { InviteForm } from "../components/people/InviteForm.js";
import { AccountsTable, personPath } from "../components/people/AccountsTable.js";
import { useTenantOptions } from "../components/people/ReachFields.js";
import { LoadMore } from "../components/LoadMore.js";
import { usePageTitle } from "../hooks.js";
import { usePagedList } from "../paging.js";
import { navigate, type Location } from "../router.js";

export function AdminPeople({ me, location }: { me: Me; location: Location }) {
  usePageTitle("People");
  const tenant = new URLSearchParams(location.search).get("tenant") ?? "";
  const tenants = useTenantOptions();
  const [invited, setInvited] = useState<Invitation | null>(null);

  const list = usePagedList(async (page) => {
    const { data } = await api.GET("/admin/v1/accounts", {
      params: { query: { ...page, ...(tenant ? { tenant } : {}) } },
    });
    return data ?? { items: [], next_cursor: null };
  }, `people:${tenant}`);

  const scoped = me.actor.scope.length > 0;
  return (
    <>
      <h1 tabIndex={-1}>People</h1>
      <p class="lede">
        The accounts people sign in with, by email and password.{" "}
        {scoped ? (
          `You manage the people of ${me.actor.scope.join(", ")}: their customers, and staff who work only there.`
        ) : (
          <>
            Programs and people who use an API token instead are on the <a href="/admin/tokens">API tokens</a> page.
          </>
        )}
      </p>
      {invited && (
        <Notice>
          <a href={personPath(invited.account.id)}>{invited.account.name || invited.account.email}</a> is invited.{" "}
          {invited.invitation_sent
            ? `An email with a link to set a password is on its way to ${invited.account.email}.`
            : "No email could be sent (ticketd has no mail server set up): they cannot accept until it is."}
        </Notice>
      )}
      <form
        class="filters people-filters"
        role="search"
        aria-label="People filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          id="people-tenant-filter"
          label="Filter by tenant"
          hint="Its customers and the staff who work it."
          hintBelow
          options={[{ value: "", label: scoped ? "All your tenants" : "Every tenant" }, ...(tenants.options ?? [])]}
          value={tenant}
          onChange={(e) => {
            const t = e.currentTarget.value;
            navigate(t ? `/admin/people?tenant=${encodeURIComponent(t)}` : "/admin/people");
          }}
        />
      </form>
      <ErrorSummary error={list.error} />
      {list.loading === "first" ? (
        <p class="loading">Loading the people…</p>
      ) : list.items.length === 0 && !list.error ? (
        <p class="empty">{tenant ? "Nobody reaches this tenant yet." : "No accounts yet. Invite someone below."}</p>
      ) : (
        <AccountsTable accounts={list.items} />
      )}
      <LoadMore list={list} />
      <InviteForm
        me={me}
        tenants={tenants}
        onInvited={(invitation) => {
          setInvited(invitation);
          list.refresh();
        }}
      />
    </>
  );
}
