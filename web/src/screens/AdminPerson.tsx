// /admin/people/:id: one account (GET /admin/v1/accounts/{id}): what it is,
// its name and email, its role and tenants, and what can be done to it
// (disable or enable, end sessions, resend an invitation). 404 is an
// account that does not exist or that the caller does not manage (a tenant
// admin's reach): ticketd does not tell them apart, and neither does this.

import { useEffect, useState } from "preact/hooks";

import { api } from "../api/client.js";
import type { Account, Me } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { LocalTime } from "../components/LocalTime.js";
import { Notice } from "../components/Notice.js";
import { AccountActions } from "../components/people/AccountActions.js";
import { StatusTag } from "../components/people/AccountsTable.js";
import { DetailsForm } from "../components/people/DetailsForm.js";
import { useTenantOptions } from "../components/people/ReachFields.js";
import { RoleForm } from "../components/people/RoleForm.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { reachWords, roleWord } from "../format.js";
import { usePageTitle } from "../hooks.js";

export function AdminPerson({ me, accountId }: { me: Me; accountId: string }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Each save starts the forms again from what ticketd answered.
  const [version, setVersion] = useState(0);
  const tenants = useTenantOptions();
  usePageTitle(account ? account.name || account.email : error?.status === 404 ? "No such account" : "Account");

  const load = async () => {
    try {
      const { data } = await api.GET("/admin/v1/accounts/{id}", { params: { path: { id: accountId } } });
      if (!data) throw new Error("ticketd answered no account");
      setAccount(data);
      setError(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(describeSignedInError(e));
    }
  };
  useEffect(() => {
    void load();
  }, [accountId]);

  const changed = (next: Account, message: string | null) => {
    setAccount(next);
    setVersion((v) => v + 1);
    setSaved(message);
  };

  if (error?.status === 404) {
    return (
      <div class="narrow">
        <h1 tabIndex={-1}>No such account</h1>
        <p>There is no account {accountId} among the people you manage.</p>
        <p>
          <a href="/admin/people">Back to people</a>
        </p>
      </div>
    );
  }
  if (!account) {
    return (
      <>
        <ErrorSummary error={error} />
        {!error && <p class="loading">Loading the account…</p>}
      </>
    );
  }

  const who = account.name || account.email;
  return (
    <div class="person">
      <p class="eyebrow">
        <a href="/admin/people">People</a>
      </p>
      <div class="page-head">
        <h1 tabIndex={-1}>{who}</h1>
        <StatusTag status={account.status} />
      </div>
      <ErrorSummary error={error} />
      {saved && <Notice>{saved}</Notice>}
      <dl class="facts person__facts">
        <dt>Email</dt>
        <dd class="break-anywhere">{account.email}</dd>
        <dt>Role</dt>
        <dd>{roleWord(account.role)}</dd>
        <dt>Tenant or scope</dt>
        <dd>{reachWords(account.role, account.tenant, account.scope)}</dd>
        <dt>Password</dt>
        <dd>{account.has_password ? "Set" : "Not set yet"}</dd>
        <dt>Account id</dt>
        <dd class="code-text">{account.id}</dd>
        <dt>Created</dt>
        <dd>
          <LocalTime iso={account.created_at} />
        </dd>
        <dt>Last changed</dt>
        <dd>
          <LocalTime iso={account.updated_at} />
        </dd>
      </dl>
      <div class="person__panels">
        <section class="panel" aria-labelledby="actions-heading">
          <h2 id="actions-heading">Access</h2>
          <AccountActions account={account} onChanged={(a) => changed(a, null)} onStale={() => void load()} />
        </section>
        <section class="panel" aria-labelledby="role-heading">
          <h2 id="role-heading">Role and tenants</h2>
          <RoleForm
            key={`role-${version}`}
            me={me}
            account={account}
            tenants={tenants}
            onSaved={(a, roleChanged) =>
              changed(
                a,
                roleChanged
                  ? `${who} now has the role ${roleWord(a.role)}; any sessions they had are ended.`
                  : "The tenants are saved.",
              )
            }
          />
        </section>
        <section class="panel" aria-labelledby="details-heading">
          <h2 id="details-heading">Name and email</h2>
          <DetailsForm
            key={`details-${version}`}
            account={account}
            onSaved={(a) => changed(a, "The name and email are saved.")}
          />
        </section>
      </div>
    </div>
  );
}
