// Email and password (and, for a customer, the organisation whose portal it
// is), or a sign-in link mailed to the same address; the link opens `next`
// (the page that sent the person here, such as the ticket a mail linked to)
// when ticketd takes it as a link's page: a plain path, no query.

import { useState } from "preact/hooks";

import { api } from "../api/client.js";
import { describeError, fieldErrors, type ShownError } from "../errors.js";
import { refreshSession } from "../session.js";
import { ErrorSummary } from "./ErrorSummary.js";
import { TextField } from "./Field.js";
import { Notice } from "./Notice.js";

const FIELDS = {
  email: ["signin-email", "Email"],
  password: ["signin-password", "Password"],
  tenant: ["signin-tenant", "Organisation (customers)"],
} as const;

const LINK_PAGE = /^\/[A-Za-z0-9/_.~-]{0,255}$/;

interface Props {
  initialError?: ShownError | null;
  next?: string | null;
}

export function PasswordSignInForm({ initialError, next }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [tenant, setTenant] = useState("");
  const [error, setError] = useState<ShownError | null>(initialError ?? null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const tenantOrNothing = () => (tenant.trim() ? { tenant: tenant.trim() } : {});

  const signIn = async (event: Event) => {
    event.preventDefault();
    setSent(null);
    const missing: Record<string, string> = {};
    if (!email.trim()) missing["email"] = "Enter your email address";
    if (!password) missing["password"] = "Enter your password";
    if (Object.keys(missing).length > 0) return setError(fieldErrors(missing));
    setBusy(true);
    try {
      await api.POST("/auth/sign-in", { body: { email: email.trim(), password, ...tenantOrNothing() } });
      await refreshSession(); // the sign-in page then moves on
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  const emailLink = async () => {
    setSent(null);
    if (!email.trim()) return setError(fieldErrors({ email: "Enter your email address to get a sign-in link" }));
    setBusy(true);
    try {
      const page = next && LINK_PAGE.test(next) && !next.startsWith("//") && !next.includes("..") ? { next } : {};
      await api.POST("/auth/magic-link", { body: { email: email.trim(), ...tenantOrNothing(), ...page } });
      setError(null);
      // ticketd answers the same whoever asks (no enumeration): so does this.
      setSent(`Check your email: if ${email.trim()} may sign in here, a sign-in link is on its way.`);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary error={error} fields={FIELDS} />
      {sent && <Notice>{sent}</Notice>}
      <form class="form" noValidate onSubmit={signIn}>
        <TextField
          id="signin-email"
          label="Email"
          type="email"
          autocomplete="username"
          spellcheck={false}
          required
          value={email}
          error={error?.fields["email"]}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <TextField
          id="signin-password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          error={error?.fields["password"]}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <TextField
          id="signin-tenant"
          label="Organisation (customers)"
          hint="Customers: your organisation's short name, as in acme. Leave it empty if you work in support."
          autocomplete="organization"
          spellcheck={false}
          value={tenant}
          error={error?.fields["tenant"]}
          onInput={(e) => setTenant(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Sign in
          </button>
        </div>
        <div class="alternative">
          <p>No password, or forgotten it? We can email you a link that signs you in.</p>
          <button type="button" class="button" disabled={busy} onClick={() => void emailLink()}>
            Email me a sign-in link
          </button>
        </div>
      </form>
    </>
  );
}
