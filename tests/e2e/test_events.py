"""The event log over HTTP: /admin/v1/events, the SSE stream, ticket history."""

import json
import time
import unittest
import urllib.parse

from harness import ServerTestCase, SseStream, TIME_RE, ADMIN_TOKEN as ADMIN

ENVELOPE_KEYS = {"position", "stream", "version", "type", "event_id", "tenant", "actor",
                 "occurred_at", "data", "prev_hash", "hash"}


class EventsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.build()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def build(cls):
        """One ticket through many commands; remembers each command's answer."""
        cls.answers = []

        def post(client, path, body=None, expect=200):
            r = client.post(path, body)
            if r.status != expect:
                raise AssertionError("setup %s: %r" % (path, r))
            cls.answers.append(r)
            time.sleep(0.005)  # distinct occurred_at milliseconds for as_of
            return r.body

        t = post(cls.ann, "/v1/tickets", {"subject": "Evented", "description": "d"}, expect=201)
        cls.ticket = t
        a = "/admin/v1/tickets/" + t["id"]
        post(cls.agent7, a + "/messages", {"body": "secret-note", "internal": True})
        post(cls.agent7, a + "/messages", {"body": "public answer", "internal": False})
        post(cls.agent7, a + "/assign", {"assignee": "agent-7"})
        post(cls.agent7, a + "/priority", {"priority": "high"})
        post(cls.agent7, a + "/category", {"category": "billing"})
        post(cls.agent7, a + "/escalate", {"reason": "slow"})
        post(cls.agent7, a + "/tags", {"add": ["vip"], "remove": []})
        post(cls.agent7, a + "/status", {"status": "resolved"})
        post(cls.ann, "/v1/tickets/%s/satisfaction" % t["id"], {"rating": 5})
        post(cls.agent7, a + "/assign", {"assignee": None})
        other = post(cls.bob, "/v1/tickets", {"subject": "Other", "description": "x"}, expect=201)
        cls.other = other
        cls.other_open = cls.answers[-1]
        post(cls.agent7, "/admin/v1/tickets/%s/merge" % other["id"], {"into": t["id"]})

    def ticket_events(self, events, open_answer=None):
        """The events of the ticket opened by open_answer (default: the main
        ticket), found through the open command's X-Log-Position."""
        open_answer = open_answer or self.answers[0]
        pos = int(open_answer.header("X-Log-Position"))
        at = [e for e in events if e["position"] == pos]
        self.assertEqual(len(at), 1, "no event at X-Log-Position %d" % pos)
        stream = at[0]["stream"]
        return [e for e in events if e["stream"] == stream]

    def test_envelopes(self):
        events = self.all_events()
        self.assertTrue(events)
        prev = None
        for e in events:
            self.assertTrue(ENVELOPE_KEYS <= set(e), "missing %r" % (ENVELOPE_KEYS - set(e)))
            self.assertIsInstance(e["position"], int)
            self.assertIsInstance(e["version"], int)
            self.assertRegex(e["occurred_at"], TIME_RE)
            self.assertIsInstance(e["data"], dict)
            self.assertTrue({"id", "role"} <= set(e["actor"]), e)
            self.assertIsInstance(e["hash"], str)
            self.assertTrue(e["hash"])
            if prev is not None:
                self.assertGreater(e["position"], prev["position"], "log order")
                self.assertEqual(e["prev_hash"], prev["hash"], "hash chain")
            prev = e
        self.assertEqual(len({e["event_id"] for e in events}), len(events), "event ids unique")

    def test_ticket_stream(self):
        evs = self.ticket_events(self.all_events())
        self.assertEqual([e["version"] for e in evs], list(range(1, len(evs) + 1)))
        self.assertEqual(evs[0]["type"], "TicketOpened")
        self.assertEqual(evs[0]["tenant"], "acme")
        self.assertEqual(evs[0]["actor"]["id"], "u-ann")
        self.assertEqual(evs[0]["actor"]["role"], "customer")
        types = [e["type"] for e in evs]
        for expected in ("MessagePosted", "TicketAssigned", "PriorityChanged", "CategoryChanged",
                         "TicketEscalated", "TagsChanged", "StatusChanged", "SatisfactionRated",
                         "TicketUnassigned"):
            self.assertIn(expected, types)
        # The note's and the reply's events, found by their X-Log-Position.
        by_pos = {e["position"]: e for e in evs}
        note = by_pos[int(self.answers[1].header("X-Log-Position"))]
        reply = by_pos[int(self.answers[2].header("X-Log-Position"))]
        self.assertEqual((note["type"], note["data"].get("internal")), ("MessagePosted", True))
        self.assertEqual((reply["type"], reply["data"].get("internal")), ("MessagePosted", False))
        self.assertTrue(all(e["tenant"] == "acme" for e in evs))
        agent_evs = [e for e in evs if e["type"] in ("TicketAssigned", "PriorityChanged")]
        self.assertTrue(all(e["actor"]["id"] == "agent-7" and e["actor"]["role"] == "agent"
                            for e in agent_evs))
        # The ticket's version is its stream's last version.
        self.assertEqual(self.admin_ticket(self.ticket["id"])["version"], evs[-1]["version"])
        # The merged source has a TicketMerged event.
        other = self.ticket_events(self.all_events(), self.other_open)
        self.assertIn("TicketMerged", [e["type"] for e in other])

    def test_x_log_position_is_last_event(self):
        events = {e["position"]: e for e in self.all_events()}
        # The last answer is the merge, whose events may sit on the source.
        for r in self.answers[:-1]:
            pos = int(r.header("X-Log-Position"))
            self.assertIn(pos, events)
            e = events[pos]
            self.assertEqual(e["version"], r.body["version"], (r, e))
        pos = int(self.answers[-1].header("X-Log-Position"))
        self.assertIn(pos, events)

    def test_paging_and_next_after(self):
        events = self.all_events()
        r = self.admin.get("/admin/v1/events?after=0&limit=2")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(set(r.body), {"items", "next_after"})
        self.assertEqual(r.body["items"], events[:2])
        self.assertEqual(r.body["next_after"], events[1]["position"])
        mid = events[3]["position"]
        r = self.admin.get("/admin/v1/events?after=%d&limit=3" % mid)
        self.assertEqual(r.body["items"], events[4:7])
        last = events[-1]["position"]
        r = self.admin.get("/admin/v1/events?after=%d" % last)
        self.assertEqual(r.body, {"items": [], "next_after": last})
        r = self.admin.get("/admin/v1/events")
        self.assertEqual(r.body["items"][0], events[0], "after defaults to the start")
        r = self.agent7.get("/admin/v1/events?after=0&limit=100000")
        self.assertEqual(r.status, 200)
        self.assertLessEqual(len(r.body["items"]), 500)

    def test_sse_delivers_each_once_in_order(self):
        spare = self.open_ticket(self.bob, subject="spare")["id"]
        events = self.all_events()
        with SseStream(self.server.port, "/admin/v1/events/stream?after=0", ADMIN) as s:
            self.assertEqual(s.status, 200)
            self.assertTrue(s.headers.get("content-type", "").startswith("text/event-stream"),
                            s.headers)
            got = s.events(len(events), timeout=10)
            self.assertEqual(len(got), len(events), got[-3:])
            for ev, env in zip(got, events):
                self.assertEqual(ev["id"], str(env["position"]))
                if ev["event"] is not None:
                    self.assertEqual(ev["event"], env["type"])
                self.assertEqual(json.loads(ev["data"]), env)
            # A new event arrives live, once.
            r = self.command(self.agent7, "/admin/v1/tickets/%s/priority" % spare,
                             {"priority": "urgent"})
            pos = int(r.header("X-Log-Position"))
            live = s.events(1, timeout=10)
            self.assertEqual(len(live), 1, "no live event")
            self.assertEqual(live[0]["id"], str(pos))
            self.assertEqual(json.loads(live[0]["data"])["type"], "PriorityChanged")
            self.assertIsNone(s.next_event(timeout=1), "delivered twice")

    def test_sse_resumes_from_last_event_id(self):
        events = self.all_events()
        k = events[4]["position"]
        with SseStream(self.server.port, "/admin/v1/events/stream", ADMIN,
                       headers={"Last-Event-ID": str(k)}) as s:
            self.assertEqual(s.status, 200)
            rest = [e for e in events if e["position"] > k]
            got = s.events(len(rest), timeout=10)
            self.assertEqual([g["id"] for g in got], [str(e["position"]) for e in rest])
        with SseStream(self.server.port, "/admin/v1/events/stream?after=%d" % k, ADMIN) as s:
            got = s.events(1, timeout=10)
            self.assertEqual(got[0]["id"], str(events[5]["position"]))

    def test_sse_forbidden_for_customers(self):
        with SseStream(self.server.port, "/admin/v1/events/stream", self.tokens["ann"]) as s:
            self.assertEqual(s.status, 403)
        with SseStream(self.server.port, "/admin/v1/events/stream", None) as s:
            self.assertEqual(s.status, 401)

    def test_events_forbidden_for_customers(self):
        self.assert_problem(self.ann.get("/admin/v1/events"), 403)

    def test_history_current(self):
        tid = self.ticket["id"]
        r = self.agent7.get("/admin/v1/tickets/%s/history" % tid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(set(r.body) >= {"ticket", "events"}, True, r)
        evs = self.ticket_events(self.all_events())
        self.assertEqual(r.body["events"], evs)
        current = self.admin_ticket(tid)
        self.assertEqual(r.body["ticket"]["version"], current["version"])
        self.assertEqual(r.body["ticket"]["status"], current["status"])
        # by key too
        r2 = self.agent7.get("/admin/v1/tickets/%s/history" % self.ticket["key"])
        self.assertEqual(r2.status, 200, r2)
        self.assertEqual(r2.body["events"], evs)

    def test_history_as_of(self):
        tid = self.ticket["id"]
        evs = self.ticket_events(self.all_events())
        for n in (1, 3, 5):
            at = evs[n - 1]["occurred_at"]
            r = self.agent7.get("/admin/v1/tickets/%s/history?as_of=%s"
                                % (tid, urllib.parse.quote(at, safe="")))
            self.assertEqual(r.status, 200, r)
            upto = [e for e in evs if e["occurred_at"] <= at]
            self.assertEqual(r.body["events"], upto, "as_of includes events at that instant")
            self.assertEqual(r.body["ticket"]["version"], upto[-1]["version"])
        first = evs[0]["occurred_at"]
        r = self.agent7.get("/admin/v1/tickets/%s/history?as_of=%s" % (tid, first))
        self.assertEqual(r.body["ticket"]["status"], "open")
        self.assertIsNone(r.body["ticket"]["assignee"])
        self.assertEqual(r.body["ticket"]["priority"], "medium")

    def test_history_bad_as_of(self):
        r = self.agent7.get("/admin/v1/tickets/%s/history?as_of=yesterday" % self.ticket["id"])
        self.assertIn(r.status, (400, 422), r)
        self.assert_problem(r, r.status)


if __name__ == "__main__":
    unittest.main()
