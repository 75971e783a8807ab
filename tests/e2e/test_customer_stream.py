"""GET /v1/events/stream: a customer learns live which of their tickets
changed (the portal then reads the ticket through the REST routes), and
nothing else: not an internal note, not another requester's ticket, not
another tenant's; a customer_admin follows the organisation's tickets."""

import json
import unittest

from harness import ServerTestCase, SseStream

NOTE = "Internal: the customer is on the legacy plan"


class CustomerStreamTest(ServerTestCase):
    def changes(self, client, after, count=100, timeout=2):
        path = "/v1/events/stream?after=%d" % after
        with SseStream(client.port, path, client.token, timeout=5) as s:
            self.assertEqual(s.status, 200)
            return [json.loads(e["data"]) | {"id": int(e["id"]), "event": e["event"]}
                    for e in s.events(count, timeout=timeout)]

    def test_changes_of_my_tickets_but_never_an_internal_note(self):
        start = self.admin.get("/healthz").body["log_position"]
        mine = self.open_ticket(self.ann, subject="Printer")
        bobs = self.open_ticket(self.bob, subject="Bob's own")
        theirs = self.open_ticket(self.gus, subject="Other tenant")
        note = self.agent7.post("/admin/v1/tickets/%s/messages" % mine["id"],
                                {"body": NOTE, "internal": True})
        self.assertEqual(note.status, 200, note)
        reply = self.agent7.post("/admin/v1/tickets/%s/messages" % mine["id"],
                                 {"body": "We are on it", "internal": False})
        self.assertEqual(reply.status, 200, reply)

        seen = self.changes(self.ann, start)
        self.assertEqual({c["ticket_id"] for c in seen}, {mine["id"]}, seen)
        self.assertTrue(all(c["event"] == "ticket" for c in seen))
        types = [c["type"] for c in seen]
        # Opened, the first message, and the public reply; the note is left out.
        self.assertEqual(types.count("MessagePosted"), 2, types)
        self.assertIn("TicketOpened", types)
        self.assertEqual(sorted(c["id"] for c in seen), [c["id"] for c in seen])
        self.assertEqual(seen[-1]["version"], reply.body["version"])
        for c in seen:  # a notice, never the event's data
            self.assertEqual(set(c) - {"id", "event"},
                             {"ticket_id", "type", "version", "position", "occurred_at"})
        self.assertNotIn(NOTE, json.dumps(seen))

        # The organisation's admin follows every ticket of acme, not globex's.
        org = {c["ticket_id"] for c in self.changes(self.carol, start)}
        self.assertEqual(org, {mine["id"], bobs["id"]})
        self.assertEqual({c["ticket_id"] for c in self.changes(self.gus, start)}, {theirs["id"]})

    def test_a_change_arrives_while_the_stream_is_open(self):
        ticket = self.open_ticket(self.ann, subject="Live")
        head = self.admin.get("/healthz").body["log_position"]
        with SseStream(self.server.port, "/v1/events/stream?after=%d" % head,
                       self.ann.token, timeout=5) as s:
            r = self.agent7.post("/admin/v1/tickets/%s/status" % ticket["id"],
                                 {"status": "in_progress"})
            self.assertEqual(r.status, 200, r)
            event = s.next_event(timeout=5)
        self.assertIsNotNone(event)
        change = json.loads(event["data"])
        self.assertEqual((change["ticket_id"], change["type"]), (ticket["id"], "StatusChanged"))

    def test_staff_use_their_own_stream(self):
        with SseStream(self.server.port, "/v1/events/stream", self.agent7.token, timeout=5) as s:
            self.assertEqual(s.status, 403)


if __name__ == "__main__":
    unittest.main()
