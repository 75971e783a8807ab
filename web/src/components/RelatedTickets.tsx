// The tickets a ticket is tied to, as entries of its facts list (<dl>): the
// earlier ticket it follows up, and the ticket it was merged into.

import type { Ticket } from "../api/types.js";
import { ticketPath } from "../router.js";

export function RelatedTickets({ ticket, forCustomer }: { ticket: Ticket; forCustomer: boolean }) {
  return (
    <>
      {ticket.follow_up_of && (
        <div>
          <dt>Follows up</dt>
          <dd>
            <a href={ticketPath(ticket.follow_up_of, forCustomer)}>the earlier ticket</a>
          </dd>
        </div>
      )}
      {ticket.merged_into && (
        <div>
          <dt>Merged into</dt>
          <dd>
            <a href={ticketPath(ticket.merged_into, forCustomer)}>the ticket it became part of</a>
          </dd>
        </div>
      )}
    </>
  );
}
