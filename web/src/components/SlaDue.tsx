// The SLA target that matters next, as a countdown: "due in 3 h",
// "breached 20 min ago". Colour follows the level; the words say it too.

import type { TicketSummary } from "../api/types.js";
import { formatInstant, slaCountdown } from "../format.js";

const TARGETS = { first_response: "First response", resolution: "Resolution" } as const;

export function SlaDue({ ticket, now }: { ticket: TicketSummary; now: number }) {
  const sla = slaCountdown(ticket, now);
  const title = sla.due && sla.target ? `${TARGETS[sla.target]} due ${formatInstant(sla.due)}` : undefined;
  return (
    <span class={`sla sla--${sla.level}`} title={title}>
      {sla.text}
    </span>
  );
}
