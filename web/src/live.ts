// Keeps a screen up to date by following ticketd's Server-Sent Events from
// where the log is now (GET /healthz's log_position): staff follow the log
// (GET /admin/v1/events/stream, whole envelopes), customers which of their
// tickets changed (GET /v1/events/stream, a notice naming the ticket). The
// stream is read with fetch rather than EventSource, because EventSource
// cannot send the Authorization header of a console signed in with an API
// token. When ticketd refuses the stream, the screen looks again when the
// window regains focus and every 30 s instead.

import { useEffect, useRef } from "preact/hooks";

import { api, type paths } from "./api/client.js";
import type { Envelope, EventType } from "./api/types.js";

export const POLL_MS = 30_000;
const RETRY_MS = 3_000;

/** The event types of a ticket's stream: the ones a screen of tickets shows. */
export const TICKET_EVENTS: readonly EventType[] = [
  "TicketOpened",
  "MessagePosted",
  "TicketAssigned",
  "TicketUnassigned",
  "StatusChanged",
  "PriorityChanged",
  "CategoryChanged",
  "TicketEscalated",
  "TagsChanged",
  "TicketMerged",
  "MergeReceived",
  "SatisfactionRated",
  "SlaWarning",
  "SlaBreached",
];

/** One event of a text/event-stream. */
export interface StreamEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Splits the text of a text/event-stream into its events (the HTML
 * standard's format: `field: value` lines, a blank line ends an event,
 * lines starting with `:` are comments). Returns the events and what is
 * left of an event not yet ended.
 */
export function parseEventStream(text: string): { events: StreamEvent[]; rest: string } {
  const events: StreamEvent[] = [];
  const blocks = text.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let id: string | null = null;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") id = value;
      else if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) events.push({ id, event, data: data.join("\n") });
  }
  return { events, rest };
}

type StreamPath = "/admin/v1/events/stream" | "/v1/events/stream";

/**
 * Follows `path` from log position `after`, calling `onEvent` for each
 * event; reconnects from the last event after a pause when the connection
 * ends, and calls `onRefused` (once, then stops) when ticketd answers
 * anything but the stream. Returns a function that stops it.
 */
export function followStream(
  path: StreamPath & keyof paths,
  after: number,
  onEvent: (event: StreamEvent) => void,
  onRefused: () => void,
): () => void {
  const abort = new AbortController();
  let last = String(after);
  const connect = async (): Promise<void> => {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    const token = api.bearerToken();
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${path}?after=${encodeURIComponent(last)}`, {
      headers,
      credentials: "same-origin",
      signal: abort.signal,
    });
    if (!response.ok || !response.body) {
      onRefused();
      abort.abort();
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const { events, rest } = parseEventStream(pending + value);
      pending = rest;
      for (const e of events) {
        if (e.id !== null) last = e.id;
        onEvent(e);
      }
    }
  };
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        await connect();
      } catch {
        // the connection broke: try again below, from the last event
      }
      if (abort.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  void run();
  return () => abort.abort();
}

/**
 * Follows `path` while the component is shown, from where the log is now;
 * calls `onChange(event)` per event, or `onChange(null)` when it should
 * simply look again (polling, once the stream is refused).
 */
function useStream(path: StreamPath, onChange: (event: StreamEvent | null) => void): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    let closed = false;
    let stop: (() => void) | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const poll = () => {
      if (document.visibilityState !== "hidden") callback.current(null);
    };
    const startPolling = () => {
      if (closed || timer !== undefined) return;
      timer = setInterval(poll, POLL_MS);
      window.addEventListener("focus", poll);
    };
    api
      .GET("/healthz")
      .then(({ data }) => {
        if (closed) return;
        stop = followStream(path, data?.log_position ?? 0, (e) => callback.current(e), startPolling);
      })
      .catch(startPolling);
    return () => {
      closed = true;
      stop?.();
      clearInterval(timer);
      window.removeEventListener("focus", poll);
    };
  }, [path]);
}

/** `fn`, called once `ms` after the last of a burst of calls. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/**
 * Staff: calls `onChange(envelope)` for each ticket event while the
 * component is shown, or `onChange(null)` when it should simply look again.
 */
export function useLiveTickets(onChange: (event: Envelope | null) => void): void {
  useStream("/admin/v1/events/stream", (e) => {
    if (e === null) return onChange(null);
    if (!(TICKET_EVENTS as readonly string[]).includes(e.event)) return;
    try {
      onChange(JSON.parse(e.data) as Envelope);
    } catch {
      // not an envelope: nothing to update
    }
  });
}

/**
 * Customers: calls `onChange(ticketId)` when one of their tickets changed,
 * or `onChange(null)` when the screen should simply look again.
 */
export function useMyTicketChanges(onChange: (ticketId: string | null) => void): void {
  useStream("/v1/events/stream", (e) => {
    if (e === null) return onChange(null);
    if (e.event !== "ticket") return;
    try {
      onChange((JSON.parse(e.data) as { ticket_id: string }).ticket_id);
    } catch {
      // not a change notice: nothing to update
    }
  });
}
