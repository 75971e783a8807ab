// /portal/tickets/:key: one of the customer's tickets: its status, the
// conversation (public messages only: ticketd sends no others), a reply,
// and once it is resolved, "Confirm resolved" and a rating. Kept up to date
// by the customers' event stream: the ticket is read again when it changes.

import { useEffect, useState } from "preact/hooks";

import { api } from "../api/client.js";
import { ownWrites } from "../api/own_writes.js";
import type { Ticket } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { TicketNotFound } from "../components/TicketNotFound.js";
import { RelatedTickets } from "../components/RelatedTickets.js";
import { FlashNotice } from "../components/FlashNotice.js";
import { LocalTime } from "../components/LocalTime.js";
import { Notice } from "../components/Notice.js";
import { RatingForm } from "../components/RatingForm.js";
import { ReplyForm } from "../components/ReplyForm.js";
import { StatusTag } from "../components/StatusTag.js";
import { TicketThread } from "../components/TicketThread.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { usePageTitle } from "../hooks.js";
import { useMyTicketChanges } from "../live.js";

const STALE = "Someone else changed this ticket; it has been reloaded.";

export function PortalTicket({ ticketKey }: { ticketKey: string }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(ticket ? `${ticket.key}: ${ticket.subject}` : ticketKey);

  /** `quiet`: a poll, whose failure (a moment's 503, say) is not worth an alert. */
  const load = async (quiet = false) => {
    try {
      const { data } = await api.GET("/v1/tickets/{id}", {
        params: { path: { id: ticketKey }, query: ownWrites() },
      });
      // The same version is the same ticket: nothing to draw again.
      if (data) setTicket((shown) => (shown && shown.id === data.id && shown.version === data.version ? shown : data));
    } catch (e) {
      const shown = describeSignedInError(e);
      if (!quiet) setError(shown);
    }
  };
  useEffect(() => {
    void load();
  }, [ticketKey]);
  // Read again when ticketd says this ticket changed (or, without the
  // stream, every so often).
  useMyTicketChanges((changed) => {
    if (changed === null || changed === ticket?.id) void load(true);
  });

  const confirmResolved = async () => {
    if (!ticket) return;
    setBusy(true);
    try {
      const { data } = await api.POST("/v1/tickets/{id}/close", {
        params: { path: { id: ticket.id }, header: { "If-Match": String(ticket.version) } },
      });
      if (data) setTicket(data);
      setError(null);
      setNotice("Thank you: the ticket is closed.");
    } catch (e) {
      const shown = describeSignedInError(e);
      if (shown.status === 412) {
        shown.summary = STALE;
        void load();
      }
      setError(shown);
    } finally {
      setBusy(false);
    }
  };

  if (!ticket) {
    if (error?.status === 404) {
      return <TicketNotFound ticketKey={ticketKey} forCustomer={true} />;
    }
    return (
      <>
        <ErrorSummary error={error} />
        {!error && <p class="loading">Loading the ticket…</p>}
      </>
    );
  }

  const resolved = ticket.status === "resolved";
  const rateable = (resolved || ticket.status === "closed") && !ticket.satisfaction;
  return (
    <div class="reading">
      <p class="eyebrow">{ticket.key}</p>
      <h1 tabIndex={-1}>{ticket.subject}</h1>
      <FlashNotice />
      {notice && <Notice>{notice}</Notice>}
      <ErrorSummary error={error} />
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusTag status={ticket.status} audience="customer" />
          </dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <LocalTime iso={ticket.created_at} />
          </dd>
        </div>
        <div>
          <dt>Last update</dt>
          <dd>
            <LocalTime iso={ticket.updated_at} />
          </dd>
        </div>
        <RelatedTickets ticket={ticket} forCustomer={true} />
      </dl>
      {resolved && (
        <section class="panel" aria-labelledby="resolved-heading">
          <h2 id="resolved-heading">Is your problem solved?</h2>
          <p>We think so. If it is, confirm it and the ticket closes; if not, reply below and we carry on.</p>
          <button type="button" class="button button--primary" disabled={busy} onClick={() => void confirmResolved()}>
            Confirm resolved
          </button>
        </section>
      )}
      {rateable && (
        <RatingForm
          ticket={ticket}
          onRated={(t) => {
            setTicket(t);
            setNotice("Thank you for rating our help.");
          }}
        />
      )}
      {ticket.satisfaction && (
        <p class="rated">
          You rated this help {ticket.satisfaction.rating} out of 5
          {ticket.satisfaction.comment ? `: “${ticket.satisfaction.comment}”` : "."}
        </p>
      )}
      <TicketThread messages={ticket.messages} audience="customer" />
      <ReplyForm key={ticket.id} ticket={ticket} onReplied={setTicket} />
    </div>
  );
}
