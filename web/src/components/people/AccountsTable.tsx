// The accounts the caller manages (GET /admin/v1/accounts): name (a link to
// the account's page, where its actions are), email, role, tenant or scope,
// status in words, and whether a password is set.

import type { Account, AccountStatus } from "../../api/types.js";
import { accountStatusWord, reachWords, roleWord } from "../../format.js";
import { TableHead } from "../TableHead.js";

export function personPath(id: string): string {
  return `/admin/people/${encodeURIComponent(id)}`;
}

export function StatusTag({ status }: { status: AccountStatus }) {
  return <span class={`tag account-status account-status--${status}`}>{accountStatusWord(status)}</span>;
}

export function AccountsTable({ accounts }: { accounts: Account[] }) {
  return (
    <div class="table-wrap">
      <table class="table people-table">
        <caption class="visually-hidden">People</caption>
        <TableHead columns={["Name", "Email", "Role", "Tenant or scope", "Status", "Password"]} />
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <a href={personPath(a.id)}>{a.name || a.email}</a>
              </th>
              <td class="break-anywhere">{a.email}</td>
              <td>{roleWord(a.role)}</td>
              <td>{reachWords(a.role, a.tenant, a.scope)}</td>
              <td>
                <StatusTag status={a.status} />
              </td>
              <td>{a.has_password ? "Set" : "Not set"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
