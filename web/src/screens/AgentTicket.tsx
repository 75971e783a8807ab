// /tickets/:key: a ticket as an agent works it. Every change is a command
// sent with If-Match (the version on screen): when someone else changed the
// ticket first, ticketd refuses it (412) and the screen reloads and says so.
// Events of this ticket's stream reload it while it is shown.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import { api } from "../api/client.js";
import { ownWrites } from "../api/own_writes.js";
import type { Envelope, Me, Ticket } from "../api/types.js";
import { Composer, MESSAGE_BOX_ID } from "../components/Composer.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { TicketNotFound } from "../components/TicketNotFound.js";
import { RelatedTickets } from "../components/RelatedTickets.js";
import { LocalTime } from "../components/LocalTime.js";
import { SlaDue } from "../components/SlaDue.js";
import { TicketProperties, type PropertyChanges } from "../components/TicketProperties.js";
import { TicketThread } from "../components/TicketThread.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { useNow, usePageTitle } from "../hooks.js";
import { debounce, useLiveTickets } from "../live.js";
import { historyPath } from "../history.js";
import { navigate } from "../router.js";
import { useShortcuts } from "../shortcuts.js";

export const STALE = "Someone else changed this ticket; it has been reloaded.";

type IfMatch = { "If-Match": string };

export function AgentTicket({ ticketKey, me }: { ticketKey: string; me: Me }) {
  const now = useNow();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [stale, setStale] = useState(false);
  const [revision, setRevision] = useState(0); // renews the controls after a refused change
  const [intent, setIntent] = useState<"reply" | "note">("reply");
  const inFlight = useRef(false);
  usePageTitle(ticket ? `${ticket.key}: ${ticket.subject}` : ticketKey);

  const load = async () => {
    try {
      const { data } = await api.GET("/admin/v1/tickets/{id}", {
        params: { path: { id: ticketKey }, query: ownWrites() },
      });
      if (data) setTicket(data);
      setLoadError(null);
    } catch (e) {
      setLoadError(describeSignedInError(e));
    }
  };
  useEffect(() => {
    void load();
  }, [ticketKey]);

  // Another agent's change, an automation, the customer's reply: reload.
  const reload = useRef(load);
  reload.current = load;
  const reloadSoon = useMemo(() => debounce(() => void reload.current(), 300), []);
  useEffect(() => reloadSoon.cancel, []);
  const streamName = ticket ? `ticket-${ticket.id}` : null;
  useLiveTickets((event: Envelope | null) => {
    if (event === null || event.stream === streamName) reloadSoon();
  });

  /** Runs one command on the version shown; one at a time. */
  const command = async (send: (id: string, ifMatch: IfMatch) => Promise<{ data?: Ticket }>) => {
    if (!ticket || inFlight.current) return;
    inFlight.current = true;
    try {
      const { data } = await send(ticket.id, { "If-Match": `"${ticket.version}"` });
      if (data) setTicket(data);
      setError(null);
      setStale(false);
    } catch (e) {
      const shown = describeSignedInError(e);
      if (shown.status === 412) {
        await load();
        setError(null);
        setStale(true);
      } else {
        setError(shown);
        setStale(false);
      }
      setRevision((r) => r + 1);
    } finally {
      inFlight.current = false;
    }
  };

  const params = (id: string, header: IfMatch) => ({ path: { id }, header });
  const change: PropertyChanges = {
    status: (status) =>
      void command((id, h) => api.POST("/admin/v1/tickets/{id}/status", { params: params(id, h), body: { status } })),
    priority: (priority) =>
      void command((id, h) =>
        api.POST("/admin/v1/tickets/{id}/priority", { params: params(id, h), body: { priority } }),
      ),
    category: (category) =>
      void command((id, h) =>
        api.POST("/admin/v1/tickets/{id}/category", { params: params(id, h), body: { category } }),
      ),
    assign: (assignee) =>
      void command((id, h) => api.POST("/admin/v1/tickets/{id}/assign", { params: params(id, h), body: { assignee } })),
    assignToMe: () => {
      if (ticket?.assignee !== me.actor.id) change.assign(me.actor.id);
    },
  };

  const focusMessage = (wanted: "reply" | "note") => {
    setIntent(wanted);
    document.getElementById(MESSAGE_BOX_ID)?.focus();
  };
  useShortcuts({
    r: () => focusMessage("reply"),
    n: () => focusMessage("note"),
    a: () => change.assignToMe(),
    h: () => navigate(historyPath(ticket?.key ?? ticketKey)),
  });

  if (!ticket) {
    if (loadError?.status === 404) {
      return <TicketNotFound ticketKey={ticketKey} forCustomer={false} />;
    }
    return (
      <>
        <ErrorSummary error={loadError} />
        {!loadError && <p class="loading">Loading the ticket…</p>}
      </>
    );
  }

  return (
    <>
      <p class="eyebrow">
        {ticket.key} · {ticket.tenant} · <a href={historyPath(ticket.key)}>History</a>
      </p>
      <h1 tabIndex={-1}>{ticket.subject}</h1>
      {stale && (
        <p class="error-summary" role="alert">
          {STALE}
        </p>
      )}
      <ErrorSummary error={error ?? loadError} />
      <div class="ticket-layout">
        <div class="ticket-layout__main">
          <dl class="facts">
            <div>
              <dt>Requester</dt>
              <dd>
                {ticket.requester.name || ticket.requester.id}{" "}
                <a href={`mailto:${ticket.requester.email}`}>{ticket.requester.email}</a>
              </dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>
                <LocalTime iso={ticket.created_at} />
              </dd>
            </div>
            <div>
              <dt>SLA</dt>
              <dd>
                <SlaDue ticket={ticket} now={now} />
              </dd>
            </div>
            {ticket.tags.length > 0 && (
              <div>
                <dt>Tags</dt>
                <dd>{ticket.tags.join(", ")}</dd>
              </div>
            )}
            {ticket.escalation_level > 0 && (
              <div>
                <dt>Escalation</dt>
                <dd>Level {ticket.escalation_level}</dd>
              </div>
            )}
            <RelatedTickets ticket={ticket} forCustomer={false} />
          </dl>
          <TicketThread messages={ticket.messages} audience="staff" />
          <Composer ticket={ticket} intent={intent} onSent={setTicket} />
        </div>
        <aside class="ticket-layout__side" aria-labelledby="properties-heading">
          <h2 id="properties-heading">Properties</h2>
          <TicketProperties key={revision} ticket={ticket} error={error} change={change} />
        </aside>
      </div>
    </>
  );
}
