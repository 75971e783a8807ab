// /admin/tokens: every live API token (GET /admin/v1/tokens, by id, a page
// at a time), filtered by role; issuing one (its secret shown once) and
// revoking one after a confirmation. listTokens, issueToken and revokeToken
// are for platform admins only (x-roles [admin], x-platform-only), so App
// shows this screen to no one else. The role and the page's cursor are in
// the URL: "Next page" is a link, and Back returns to the page before.

import { useEffect, useState } from "preact/hooks";

import { api } from "../api/client.js";
import { ROLES, isOneOf } from "../api/enums.js";
import type { ApiToken, IssuedToken, Role } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { SelectField } from "../components/Field.js";
import { Notice } from "../components/Notice.js";
import { SecretOnce } from "../components/SecretOnce.js";
import { useTenantOptions } from "../components/people/ReachFields.js";
import { ConfirmDialog } from "../components/profile/ConfirmDialog.js";
import { IssueTokenForm } from "../components/tokens/IssueTokenForm.js";
import { TokensTable } from "../components/tokens/TokensTable.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { reachWords, roleWord } from "../format.js";
import { usePageTitle } from "../hooks.js";
import { navigate, type Location } from "../router.js";

interface Query {
  role: Role | null;
  cursor: string | null;
}

function readQuery(search: string): Query {
  const params = new URLSearchParams(search);
  const role = params.get("role") ?? "";
  return { role: isOneOf(ROLES, role) ? role : null, cursor: params.get("cursor") || null };
}

/** The path of a page of the list: the role filter, then the cursor. */
export function tokensPath(query: Query): string {
  const params = new URLSearchParams();
  if (query.role) params.set("role", query.role);
  if (query.cursor) params.set("cursor", query.cursor);
  const search = params.toString();
  return search ? `/admin/tokens?${search}` : "/admin/tokens";
}

const ROLE_FILTER = [{ value: "", label: "Every role" }, ...ROLES.map((r) => ({ value: r, label: roleWord(r) }))];

type Page = { items: ApiToken[]; next: string | null };

export function AdminTokens({ location }: { location: Location }) {
  usePageTitle("API tokens");
  const query = readQuery(location.search);
  const tenants = useTenantOptions();
  const [page, setPage] = useState<Page | null>(null);
  const [reads, setReads] = useState(0);
  const [listError, setListError] = useState<ShownError | null>(null);
  const [issued, setIssued] = useState<{ token: IssuedToken; holder: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .GET("/admin/v1/tokens", {
        params: {
          query: { ...(query.role ? { role: query.role } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) },
        },
      })
      .then(({ data }) => {
        if (!live) return;
        setPage({ items: data?.items ?? [], next: data?.next_cursor ?? null });
        setListError(null);
      })
      .catch((e: unknown) => live && setListError(describeSignedInError(e)));
    return () => {
      live = false;
    };
  }, [query.role, query.cursor, reads]);

  // A new filter or page: "Loading" rather than the rows of the one before.
  useEffect(() => setPage(null), [query.role, query.cursor]);

  const revoke = async (token: ApiToken) => {
    setRevoking(null);
    setBusy(true);
    setNotice(null);
    try {
      await api.DELETE("/admin/v1/tokens/{id}", { params: { path: { id: token.id } } });
      setError(null);
      if (issued?.token.id === token.id) setIssued(null);
      const holder = token.holder.name || token.holder.id;
      setNotice(`Token ${token.id} of ${holder} is revoked: requests with it are refused.`);
      setReads((n) => n + 1);
    } catch (e) {
      setError(describeSignedInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>API tokens</h1>
      <p class="lede">
        Every live token: those issued here for people and programs, and the personal tokens people made for
        themselves. ticketd keeps only a hash of each secret, so a lost token cannot be shown again: revoke it and
        issue another.
      </p>
      <ErrorSummary error={error} />
      {notice && <Notice>{notice}</Notice>}
      {issued && (
        <SecretOnce
          id="issued-token"
          level={2}
          heading={`New ${roleWord(issued.token.role).toLowerCase()} token for ${issued.holder}`}
          label="Token"
          value={issued.token.token}
          hint={
            `Token ${issued.token.id}, reaching ` +
            `${reachWords(issued.token.role, issued.token.tenant, issued.token.scope ?? [])}. ` +
            "Send it as Authorization: Bearer followed by the token."
          }
          onDone={() => setIssued(null)}
        />
      )}
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Live tokens</h2>
        <form
          class="filters tokens-filters"
          role="search"
          aria-label="Token filters"
          onSubmit={(e) => e.preventDefault()}
        >
          <SelectField
            id="tokens-role-filter"
            label="Filter by role"
            options={ROLE_FILTER}
            value={query.role ?? ""}
            onChange={(e) => {
              const role = e.currentTarget.value;
              navigate(tokensPath({ role: isOneOf(ROLES, role) ? role : null, cursor: null }));
            }}
          />
        </form>
        <ErrorSummary error={listError} />
        {page === null ? (
          !listError && <p class="loading">Loading the tokens…</p>
        ) : page.items.length === 0 ? (
          <p class="empty">
            {query.cursor
              ? "No more tokens."
              : query.role
                ? `No live ${roleWord(query.role).toLowerCase()} tokens.`
                : "No live tokens. (The bootstrap admin's token comes from ticketd's environment and is not listed.)"}
          </p>
        ) : (
          <TokensTable tokens={page.items} busy={busy} onRevoke={setRevoking} />
        )}
        {(query.cursor || page?.next) && (
          <nav class="actions pager" aria-label="Pages of tokens">
            {query.cursor && (
              <a class="button" href={tokensPath({ role: query.role, cursor: null })}>
                First page
              </a>
            )}
            {page?.next && (
              <a class="button" href={tokensPath({ role: query.role, cursor: page.next })}>
                Next page
              </a>
            )}
          </nav>
        )}
      </section>
      <IssueTokenForm
        tenants={tenants}
        onIssued={(token, holder) => {
          setNotice(null);
          setIssued({ token, holder });
          setReads((n) => n + 1);
        }}
      />
      <ConfirmDialog
        title={revoking ? `Revoke token ${revoking.id}?` : null}
        confirm="Revoke token"
        busy={busy}
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        {revoking && (
          <p>
            {revoking.holder.name || revoking.holder.id} ({roleWord(revoking.role).toLowerCase()},{" "}
            {reachWords(revoking.role, revoking.tenant, revoking.scope)}) is refused from the next request on. This
            cannot be undone.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
