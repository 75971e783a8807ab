// What a ticket's screen shows for a ticket that does not exist or is not
// the caller's to see (ticketd answers both alike, 404).

export function TicketNotFound({ ticketKey, forCustomer }: { ticketKey: string; forCustomer: boolean }) {
  return (
    <>
      <h1 tabIndex={-1}>Ticket not found</h1>
      {forCustomer ? (
        <p>
          There is no ticket {ticketKey} among yours. <a href="/portal">See all your tickets</a>
        </p>
      ) : (
        <p>
          No ticket {ticketKey} is within your reach. <a href="/queue">Back to the queue</a>
        </p>
      )}
    </>
  );
}
