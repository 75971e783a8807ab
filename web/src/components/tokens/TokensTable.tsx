// The live API tokens (GET /admin/v1/tokens): the id, the role, whom it
// reaches, its holder and when it was issued, with "Revoke" on each row.
// Personal tokens people made for themselves are listed too: ticketd says
// nothing else of a token, so neither does the table (never its secret).

import type { ApiToken } from "../../api/types.js";
import { reachWords, roleWord } from "../../format.js";
import { LocalTime } from "../LocalTime.js";
import { TableHead } from "../TableHead.js";

interface Props {
  tokens: ApiToken[];
  busy: boolean;
  onRevoke(token: ApiToken): void;
}

export function TokensTable({ tokens, busy, onRevoke }: Props) {
  return (
    <div class="table-wrap">
      <table class="table tokens-table">
        <caption class="visually-hidden">API tokens</caption>
        <TableHead columns={["Token", "Role", "Tenant or scope", "Holder", "Created"]} actions />
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <th scope="row" class="code-text tokens-table__id">
                {t.id}
              </th>
              <td>{roleWord(t.role)}</td>
              <td>{reachWords(t.role, t.tenant, t.scope)}</td>
              <td>
                <Holder holder={t.holder} />
              </td>
              <td>
                <LocalTime iso={t.created_at} short />
              </td>
              <td class="cell-actions">
                <button type="button" class="button button--compact" disabled={busy} onClick={() => onRevoke(t)}>
                  Revoke<span class="visually-hidden"> token {t.id}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The name, then the email and the id on a line of their own (each may be empty but the id). */
function Holder({ holder }: { holder: ApiToken["holder"] }) {
  return (
    <span class="holder">
      <span class="holder__name">{holder.name || holder.id}</span>
      {holder.email && <span class="holder__email break-anywhere">{holder.email}</span>}
      <span class="holder__id muted">
        <span class="visually-hidden">id </span>
        <span class="code-text">{holder.id}</span>
      </span>
    </span>
  );
}
