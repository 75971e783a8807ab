// What an admin screen shows to someone it is not for: a customer, an agent
// on the tenant screens, a tenant admin on the agents' screen. ticketd would
// refuse the calls anyway (403, or 404 outside a scope); this says so before
// any is made, and where to go instead.

import { homeFor, isStaff } from "../../access.js";
import type { Role } from "../../api/types.js";
import { roleWord } from "../../format.js";
import { usePageTitle } from "../../hooks.js";

interface Props {
  role: Role;
  /** Why, in a sentence: who the page is for. */
  reason: string;
}

export function AdminForbidden({ role, reason }: Props) {
  usePageTitle("Not for your role");
  return (
    <div class="narrow">
      <h1 tabIndex={-1}>You cannot use this page</h1>
      <p>
        {reason} You are signed in as {/^[AEIOU]/.test(roleWord(role)) ? "an" : "a"} {roleWord(role).toLowerCase()}.
      </p>
      <p>
        <a href={homeFor(role)}>{isStaff(role) ? "Go to the queue" : "Go to your tickets"}</a>
      </p>
    </div>
  );
}
