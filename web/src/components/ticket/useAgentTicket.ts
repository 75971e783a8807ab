// The agent's ticket screen's state: the ticket as last read (kept current by
// the event stream) and the commands that change it. Every command is sent
// with If-Match, the version on screen: when someone else changed the ticket
// first, ticketd refuses it (412), the ticket is read again and the screen
// says so (`stale`).

import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import { api } from "../../api/client.js";
import { ownWrites } from "../../api/own_writes.js";
import type { Envelope, Ticket } from "../../api/types.js";
import { describeSignedInError, type ShownError } from "../../errors.js";
import { debounce, useLiveTickets } from "../../live.js";

export const STALE = "Someone else changed this ticket; it has been reloaded.";

export type IfMatch = { "If-Match": string };

/** Sends one command for ticket `id` on the version shown. */
export type Send = (id: string, ifMatch: IfMatch) => Promise<{ data?: Ticket }>;

export interface CommandOptions {
  /**
   * The answer is another ticket (a merge answers its target): the screen
   * keeps showing this one.
   */
  answersOther?: boolean;
  /**
   * A refusal other than 412 goes back to the caller (a dialog shows it
   * itself) instead of into the screen's error summary.
   */
  local?: boolean;
}

export type Outcome = { ok: true; ticket: Ticket } | { ok: false; error: ShownError | null };

export type RunCommand = (send: Send, options?: CommandOptions) => Promise<Outcome>;

export function useAgentTicket(ticketKey: string) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [stale, setStale] = useState(false);
  const [revision, setRevision] = useState(0); // renews the selects after a refused change
  const inFlight = useRef(false);

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

  /** Runs one command on the version shown; one at a time (a second one meanwhile is dropped). */
  const command: RunCommand = async (send, options = {}) => {
    if (!ticket || inFlight.current) return { ok: false, error: null };
    inFlight.current = true;
    try {
      const { data } = await send(ticket.id, { "If-Match": `"${ticket.version}"` });
      if (!data) return { ok: false, error: null };
      if (!options.answersOther) setTicket(data);
      setError(null);
      setStale(false);
      return { ok: true, ticket: data };
    } catch (e) {
      const shown = describeSignedInError(e);
      if (shown.status === 412) {
        await load();
        setError(null);
        setStale(true);
        shown.summary = STALE;
      } else {
        setError(options.local ? null : shown);
        setStale(false);
      }
      if (shown.status === 412 || !options.local) setRevision((r) => r + 1);
      return { ok: false, error: shown };
    } finally {
      inFlight.current = false;
    }
  };

  return { ticket, setTicket, loadError, error, stale, revision, command };
}
