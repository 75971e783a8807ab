// The webhook screens for someone who may not manage webhooks (their role,
// or ticketd's 403): what the page is and who can use it.

import { homeFor } from "../../access.js";
import type { Role } from "../../api/types.js";
import { usePageTitle } from "../../hooks.js";

export function NoWebhookAccess({ role }: { role: Role }) {
  usePageTitle("Webhooks: not for your role");
  return (
    <>
      <h1 tabIndex={-1}>Webhooks are for administrators</h1>
      <p>
        Tenant admins and admins manage the webhooks that send ticketd&rsquo;s events to other systems. Ask one of
        them if you need a webhook. <a href={homeFor(role)}>Back to your start page</a>
      </p>
    </>
  );
}
