// The top of every page: the app's name, where to go, who is signed in, the
// theme switch and "Sign out".

import type { Me } from "../api/types.js";
import { roleWord } from "../format.js";
import { isStaff, signOut } from "../session.js";
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
        {me && (
          <nav class="site-nav" aria-label="Main">
            <ul>
              <li>{staff ? <a href="/queue">Queue</a> : <a href="/portal">My tickets</a>}</li>
            </ul>
          </nav>
        )}
        <div class="site-header__tools">
          {me && (
            <p class="whoami">
              <span class="visually-hidden">Signed in as </span>
              <span class="whoami__name">{me.actor.name || me.actor.id}</span>{" "}
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
