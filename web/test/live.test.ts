import assert from "node:assert/strict";
import { test } from "node:test";

import { parseEventStream } from "../src/live.js";

test("events end at a blank line; comments and keep-alives are skipped", () => {
  const { events, rest } = parseEventStream(
    ": keep-alive\n\nid: 7\nevent: ticket\ndata: {\"ticket_id\":\"t1\"}\n\nid: 8\nevent: tic",
  );
  assert.deepEqual(events, [{ id: "7", event: "ticket", data: '{"ticket_id":"t1"}' }]);
  assert.equal(rest, "id: 8\nevent: tic");
});

test("an event split across reads is whole once its end arrives", () => {
  const first = parseEventStream("id: 8\nevent: Tick");
  assert.deepEqual(first.events, []);
  const second = parseEventStream(first.rest + "etOpened\ndata: a\ndata: b\n\n");
  assert.deepEqual(second.events, [{ id: "8", event: "TicketOpened", data: "a\nb" }]);
  assert.equal(second.rest, "");
});

test("CRLF line ends and a missing event name read as the standard says", () => {
  const { events } = parseEventStream("data:x\r\n\r\n");
  assert.deepEqual(events, [{ id: null, event: "message", data: "x" }]);
});
