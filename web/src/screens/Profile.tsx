// /profile: who I am (GET /auth/me, as the header already read it), the
// language of my mail (PATCH /auth/me), my password, where I am signed in
// and, for staff, my personal API tokens and how email alerts reach me (for
// any staff credential, account or not).
// A credential that belongs to no account (the bootstrap admin token, a
// token an admin issued for a user id) has none of those: ticketd answers
// 404 for them, and the page says so instead of offering them.

import { useState } from "preact/hooks";

import { isStaff } from "../access.js";
import type { Me } from "../api/types.js";
import { LocalTime } from "../components/LocalTime.js";
import { MailLanguageForm } from "../components/profile/MailLanguageForm.js";
import { NotificationPrefs } from "../components/profile/NotificationPrefs.js";
import { PasswordForm } from "../components/profile/PasswordForm.js";
import { PersonalTokens } from "../components/profile/PersonalTokens.js";
import { SessionsList } from "../components/profile/SessionsList.js";
import { SetPasswordLink } from "../components/profile/SetPasswordLink.js";
import { roleWord } from "../format.js";
import { usePageTitle } from "../hooks.js";

export function Profile({ me, viaToken }: { me: Me; viaToken: boolean }) {
  usePageTitle("Your profile");
  // A new password ends the other sessions: the list is read again.
  const [sessionsRevision, setSessionsRevision] = useState(0);
  const { actor, account } = me;
  const staff = isStaff(actor.role);

  return (
    <div class="profile">
      <h1 tabIndex={-1}>Your profile</h1>
      <section class="panel" aria-labelledby="about-heading">
        <h2 id="about-heading">About you</h2>
        <dl class="facts">
          <div>
            <dt>Name</dt>
            <dd>{actor.name || <span class="muted">No name given</span>}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{actor.email || <span class="muted">None</span>}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{roleWord(actor.role)}</dd>
          </div>
          <div>
            <dt>{staff ? "Tenants" : "Organisation"}</dt>
            <dd>{reach(actor)}</dd>
          </div>
          <div>
            <dt>Signed in with</dt>
            <dd>{viaToken ? "An API token" : "A password or an emailed link"}</dd>
          </div>
          {me.session && (
            <div>
              <dt>This session began</dt>
              <dd>
                <LocalTime iso={me.session.created_at} />
              </dd>
            </div>
          )}
        </dl>
        {!account && (
          <p class="muted">
            You are signed in with an API token that belongs to no account ({actor.id}): it has no password, sessions or
            personal tokens of its own.
          </p>
        )}
      </section>

      {staff && (
        <section class="panel" aria-labelledby="alerts-heading">
          <h2 id="alerts-heading">Notifications</h2>
          <NotificationPrefs />
        </section>
      )}

      {account && (
        <>
          <section class="panel" aria-labelledby="language-heading">
            <h2 id="language-heading">Your email</h2>
            <MailLanguageForm account={account} staff={staff} />
          </section>
          <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">Change your password</h2>
            {account.has_password ? (
              <PasswordForm onChanged={() => setSessionsRevision((r) => r + 1)} />
            ) : (
              <SetPasswordLink actor={actor} />
            )}
          </section>
          <section class="panel" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">Where you are signed in</h2>
            <SessionsList revision={sessionsRevision} viaToken={viaToken} />
          </section>
          {staff && (
            <section class="panel" aria-labelledby="tokens-heading">
              <h2 id="tokens-heading">Personal API tokens</h2>
              <PersonalTokens />
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** A customer's organisation, or the tenants a staff member reaches. */
function reach(actor: Me["actor"]): string {
  if (!isStaff(actor.role)) return actor.tenant ?? "None";
  return actor.scope.length === 0 ? "All tenants" : actor.scope.join(", ");
}
