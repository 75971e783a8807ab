// /sign-in: a password (or an emailed sign-in link), or an API token; and
// the page every emailed link opens: #purpose=magic_link signs in at once,
// #purpose=reset and #purpose=invitation ask for a password first. The
// token is taken out of the address bar as soon as it is read.
//
// Once signed in, it moves on: to ?next= (a page that needed signing in),
// else to the person's home (/portal or /queue).

import { useEffect, useState } from "preact/hooks";

import { homeFor } from "../access.js";
import { api } from "../api/client.js";
import { PasswordSignInForm } from "../components/PasswordSignInForm.js";
import { SetPasswordForm } from "../components/SetPasswordForm.js";
import { TokenSignInForm } from "../components/TokenSignInForm.js";
import { Notice } from "../components/Notice.js";
import { describeError, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";
import { emailLinkFromHash, navigate, safeNext, type EmailLink, type Location } from "../router.js";
import { refreshSession, type Session } from "../session.js";

export function SignIn({ location, session }: { location: Location; session: Session }) {
  const [link, setLink] = useState<EmailLink | null>(() => emailLinkFromHash(location.hash));
  const [linkError, setLinkError] = useState<ShownError | null>(null);

  // A link opened while this page shows: read it, then drop it from the URL.
  useEffect(() => {
    const fromHash = emailLinkFromHash(location.hash);
    if (fromHash) setLink(fromHash);
    if (location.hash) navigate(location.pathname + location.search, { replace: true });
  }, [location.hash]);

  // Signed in (now, or already): on to where the person was going.
  const busyWithLink = link !== null && link.purpose !== "magic_link";
  useEffect(() => {
    if (session.state !== "signed-in" || busyWithLink) return;
    const next = safeNext(new URLSearchParams(location.search).get("next"));
    navigate(next ?? homeFor(session.me.actor.role), { replace: true });
  }, [session, busyWithLink]);

  // A sign-in link signs in without asking anything.
  useEffect(() => {
    if (link?.purpose !== "magic_link") return;
    let cancelled = false;
    api
      .POST("/auth/magic-link/redeem", { body: { token: link.token } })
      .then(() => refreshSession())
      .catch((e: unknown) => {
        if (cancelled) return;
        const shown = describeError(e);
        shown.summary = `This sign-in link cannot be used: ${shown.summary}. Sign in below, or ask for a new link.`;
        setLinkError(shown);
        setLink(null);
      });
    return () => {
      cancelled = true;
    };
  }, [link]);

  const title =
    link?.purpose === "reset"
      ? "Set a new password"
      : link?.purpose === "invitation"
        ? "Accept your invitation"
        : link?.purpose === "magic_link"
          ? "Signing you in"
          : "Sign in";
  usePageTitle(title);

  if (link && link.purpose !== "magic_link") {
    return (
      <div class="narrow">
        <SetPasswordForm kind={link.purpose} token={link.token} onLeave={() => setLink(null)} />
      </div>
    );
  }
  if (link?.purpose === "magic_link") {
    return (
      <div class="narrow">
        <h1 tabIndex={-1}>Signing you in</h1>
        <Notice>Checking your sign-in link…</Notice>
      </div>
    );
  }
  return (
    <div class="narrow">
      <h1 tabIndex={-1}>Sign in</h1>
      <PasswordSignInForm initialError={linkError} next={safeNext(new URLSearchParams(location.search).get("next"))} />
      <TokenSignInForm />
    </div>
  );
}
