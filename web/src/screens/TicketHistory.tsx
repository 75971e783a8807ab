// /tickets/:key/history: a ticket's events in words, oldest first, and time
// travel: pick an instant ("See the ticket as of", or "See as of here" on an
// event) and the screen shows the ticket as it was then, beside the
// timeline, with the events after it marked as later. The instant is the
// URL's ?as_of=, so a look back is a link.

import { useEffect, useState } from "preact/hooks";

import { api } from "../api/client.js";
import { ownWrites } from "../api/own_writes.js";
import type { Envelope, Ticket } from "../api/types.js";
import { ErrorSummary } from "../components/ErrorSummary.js";
import { TicketNotFound } from "../components/TicketNotFound.js";
import { LocalTime } from "../components/LocalTime.js";
import { describeSignedInError, type ShownError } from "../errors.js";
import { priorityWord, statusWord } from "../format.js";
import {
  asOfFromSearch,
  describeActor,
  describeEvent,
  historyPath,
  isAfter,
  isoToLocalInput,
  localInputToIso,
} from "../history.js";
import { usePageTitle } from "../hooks.js";
import { navigate, ticketPath, type Location } from "../router.js";

const AS_OF_INPUT_ID = "history-as-of";

export function TicketHistory({ ticketKey, location }: { ticketKey: string; location: Location }) {
  const asOf = asOfFromSearch(location.search);
  const [events, setEvents] = useState<Envelope[] | null>(null);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [input, setInput] = useState(asOf ? isoToLocalInput(asOf) : "");
  const [inputError, setInputError] = useState<string | null>(null);
  usePageTitle(`History of ${ticketKey}`);

  useEffect(() => {
    setInput(asOf ? isoToLocalInput(asOf) : "");
    let current = true;
    void (async () => {
      try {
        const { data } = await api.GET("/admin/v1/tickets/{id}/history", {
          params: { path: { id: ticketKey }, query: asOf ? { ...ownWrites(), as_of: asOf } : ownWrites() },
        });
        if (!current) return;
        if (data) {
          setEvents(data.events);
          setTicket(data.ticket);
        }
        setLoadError(null);
      } catch (e) {
        if (current) setLoadError(describeSignedInError(e));
      }
    })();
    return () => {
      current = false;
    };
  }, [ticketKey, asOf]);

  // The timeline shows every event; an as_of answer holds only those up to
  // the instant, so the full list is kept from the answer without as_of.
  const [allEvents, setAllEvents] = useState<Envelope[] | null>(null);
  useEffect(() => {
    if (asOf === null && events !== null) setAllEvents(events);
  }, [asOf, events]);
  useEffect(() => {
    if (asOf === null || allEvents !== null) return;
    let current = true;
    void (async () => {
      try {
        const { data } = await api.GET("/admin/v1/tickets/{id}/history", {
          params: { path: { id: ticketKey }, query: ownWrites() },
        });
        if (current && data) setAllEvents(data.events);
      } catch {
        // the as_of answer's error (if any) is the one shown
      }
    })();
    return () => {
      current = false;
    };
  }, [ticketKey, asOf, allEvents]);

  const lookBack = (iso: string | null) => navigate(historyPath(ticketKey, iso));
  const onShow = (event: Event) => {
    event.preventDefault();
    const iso = localInputToIso(input);
    if (iso === null) {
      setInputError("Enter a date and time.");
      return;
    }
    setInputError(null);
    lookBack(iso);
  };

  if (loadError?.status === 404) {
    return <TicketNotFound ticketKey={ticketKey} forCustomer={false} />;
  }

  const timeline = allEvents ?? events;
  return (
    <>
      <p class="eyebrow">
        <a href={ticketPath(ticketKey, false)}>Back to the ticket</a>
      </p>
      <h1 tabIndex={-1}>History of {ticketKey}</h1>
      <ErrorSummary error={loadError} />
      <form class="history-as-of" onSubmit={onShow} noValidate>
        <label for={AS_OF_INPUT_ID}>See the ticket as of</label>
        <input
          id={AS_OF_INPUT_ID}
          type="datetime-local"
          step={1}
          value={input}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={inputError ? `${AS_OF_INPUT_ID}-error` : undefined}
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="button button--primary">
          Show
        </button>
        <button type="button" class="button" onClick={() => lookBack(null)}>
          Now
        </button>
        {inputError && (
          <p id={`${AS_OF_INPUT_ID}-error`} class="field__error" role="alert">
            <span class="visually-hidden">Error: </span>
            {inputError}
          </p>
        )}
      </form>
      <div class="ticket-layout">
        <div class="ticket-layout__main">
          {timeline === null ? (
            !loadError && <p class="loading">Loading the history…</p>
          ) : timeline.length === 0 ? (
            <p>No events yet.</p>
          ) : (
            <ol class="timeline" aria-label="Timeline">
              {timeline.map((e) => {
                const later = isAfter(e, asOf);
                return (
                  <li key={e.event_id} class={later ? "timeline__item timeline__item--later" : "timeline__item"}>
                    <div class="timeline__what">{describeEvent(e)}</div>
                    <div class="timeline__meta">
                      <LocalTime iso={e.occurred_at} /> · {describeActor(e.actor)} ·{" "}
                      <span class="timeline__position">position {e.position}</span>
                      {later && <span class="visually-hidden"> (after this moment)</span>}
                    </div>
                    <button
                      type="button"
                      class="button button--quiet"
                      aria-label={`See as of here: ${describeEvent(e)}, position ${e.position}`}
                      onClick={() => lookBack(e.occurred_at)}
                    >
                      See as of here
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
        {asOf !== null && (
          <aside class="ticket-layout__side" aria-labelledby="as-of-heading">
            <h2 id="as-of-heading">
              As of <LocalTime iso={asOf} />
            </h2>
            {ticket === null ? (
              events !== null && <p>The ticket was not opened yet.</p>
            ) : (
              <dl class="facts">
                <div>
                  <dt>Status</dt>
                  <dd>{statusWord(ticket.status, "staff")}</dd>
                </div>
                <div>
                  <dt>Priority</dt>
                  <dd>{priorityWord(ticket.priority)}</dd>
                </div>
                <div>
                  <dt>Assignee</dt>
                  <dd>{ticket.assignee ?? "Nobody"}</dd>
                </div>
                <div>
                  <dt>Messages</dt>
                  <dd>{ticket.messages.length}</dd>
                </div>
              </dl>
            )}
          </aside>
        )}
      </div>
    </>
  );
}
