"""A ticket's whole life by a customer and agents, through the HTTP API."""

import json
import threading
import unittest

from harness import ServerTestCase, TIME_RE, ADMIN_TOKEN


TICKET_KEYS = {
    "id", "number", "key", "tenant", "subject", "status", "priority", "category", "tags",
    "requester", "assignee", "escalation_level", "created_at", "updated_at",
    "first_response_at", "resolved_at", "closed_at", "sla", "message_count", "version",
    "merged_into", "follow_up_of",
}
SLA_KEYS = {"first_response_due", "resolution_due", "first_response_breached",
            "resolution_breached", "paused"}


class LifecycleTest(ServerTestCase):

    def assert_ticket_shape(self, t, with_messages=True):
        missing = TICKET_KEYS - set(t)
        self.assertFalse(missing, "missing %r in %r" % (missing, t))
        self.assertIsInstance(t["id"], str)
        self.assertTrue(t["id"])
        self.assertEqual(t["key"], "%s-%d" % (t["tenant"], t["number"]))
        for k in ("created_at", "updated_at"):
            self.assertRegex(t[k], TIME_RE)
        for k in ("first_response_at", "resolved_at", "closed_at"):
            if t[k] is not None:
                self.assertRegex(t[k], TIME_RE)
        self.assertTrue(SLA_KEYS <= set(t["sla"]), t["sla"])
        if with_messages:
            self.assertIn("messages", t)
            for m in t["messages"]:
                self.assertTrue({"id", "author", "internal", "body", "created_at"} <= set(m), m)
                self.assertRegex(m["created_at"], TIME_RE)
                self.assertTrue({"id", "name", "role"} <= set(m["author"]), m)

    def test_open_representation_and_location(self):
        r = self.ann.post("/v1/tickets", {"subject": "Cannot log in",
                                          "description": "It says error 42",
                                          "category": "technical", "priority": "high"})
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.content_type.startswith("application/json"), r)
        self.assert_command_headers(r)
        t = r.body
        self.assert_ticket_shape(t)
        self.assertEqual(t["tenant"], "acme")
        self.assertEqual(t["subject"], "Cannot log in")
        self.assertEqual(t["status"], "open")
        self.assertEqual(t["priority"], "high")
        self.assertEqual(t["category"], "technical")
        self.assertEqual(t["tags"], [])
        self.assertEqual(t["requester"], {"id": "u-ann", "email": "ann@acme.test", "name": "Ann"})
        self.assertIsNone(t["assignee"])
        self.assertEqual(t["escalation_level"], 0)
        self.assertIsNone(t["first_response_at"])
        self.assertIsNone(t["resolved_at"])
        self.assertIsNone(t["closed_at"])
        self.assertIsNone(t["merged_into"])
        self.assertIsNone(t["follow_up_of"])
        self.assertGreaterEqual(t["version"], 1)
        self.assertEqual(t["message_count"], 1)
        self.assertEqual(len(t["messages"]), 1)
        m = t["messages"][0]
        self.assertEqual(m["body"], "It says error 42")
        self.assertFalse(m["internal"])
        self.assertEqual(m["author"]["id"], "u-ann")
        self.assertEqual(m["author"]["role"], "customer")
        self.assertFalse(t["sla"]["first_response_breached"])
        self.assertFalse(t["sla"]["resolution_breached"])
        self.assertRegex(t["sla"]["first_response_due"], TIME_RE)
        self.assertRegex(t["sla"]["resolution_due"], TIME_RE)
        # Location names the new ticket: following it gives the same ticket.
        loc = r.header("Location")
        self.assertIsNotNone(loc, "no Location header")
        path = loc.split("://", 1)[-1]
        if not path.startswith("/"):
            path = "/" + path.split("/", 1)[1]
        g = self.ann.get(path)
        self.assertEqual(g.status, 200, (loc, g))
        self.assertEqual(g.body["id"], t["id"])

    def test_defaults_when_optional_fields_left_out(self):
        t = self.open_ticket(self.ann)
        self.assertEqual(t["priority"], "medium")
        self.assertIsInstance(t["category"], str)

    def test_full_lifecycle(self):
        positions = []

        def cmd(client, path, body=None, expect=200):
            r = self.command(client, path, body, expect)
            pos = self.assert_command_headers(r)
            if positions:
                self.assertGreater(pos, positions[-1], "X-Log-Position must grow")
            positions.append(pos)
            self.assert_ticket_shape(r.body)
            return r.body

        r = self.ann.post("/v1/tickets", {"subject": "Printer on fire",
                                          "description": "Smoke everywhere",
                                          "category": "technical"})
        self.assertEqual(r.status, 201, r)
        positions.append(self.assert_command_headers(r))
        t = r.body
        tid = t["id"]
        cpath = "/v1/tickets/" + tid
        apath = "/admin/v1/tickets/" + tid
        v0 = t["version"]

        # Customer adds a reply: still open, two public messages.
        t = cmd(self.ann, cpath + "/messages", {"body": "Also the fax"})
        self.assertEqual(t["status"], "open")
        self.assertEqual(t["message_count"], 2)
        self.assertEqual(t["version"], v0 + 1)

        # Agent internal note: agents see it, the customer never does.
        secret = "internal-note-zebra-%s" % tid
        t = cmd(self.agent7, apath + "/messages", {"body": secret, "internal": True})
        self.assertEqual(t["message_count"], 3)
        self.assertTrue(any(m["body"] == secret and m["internal"] for m in t["messages"]))
        self.assertIsNone(t["first_response_at"], "an internal note is not a first response")
        d = self.ann.get(cpath)
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body["message_count"], 2)
        self.assertNotIn(secret, d.raw.decode())
        self.assertTrue(all(not m["internal"] for m in d.body["messages"]))
        lst = self.ann.get("/v1/tickets")
        self.assertEqual(lst.status, 200, lst)
        mine = [i for i in lst.body["items"] if i["id"] == tid]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["message_count"], 2)
        self.assertNotIn(secret, lst.raw.decode())

        # Agent public reply sets first_response_at.
        t = cmd(self.agent7, apath + "/messages", {"body": "We are on it", "internal": False})
        self.assertRegex(t["first_response_at"] or "", TIME_RE)
        first_response_at = t["first_response_at"]
        d = self.ann.get(cpath).body
        self.assertEqual(d["message_count"], 3)
        self.assertEqual(d["messages"][-1]["body"], "We are on it")
        self.assertEqual(d["messages"][-1]["author"]["role"], "agent")
        self.assertEqual(d["messages"][-1]["author"]["id"], "agent-7")
        self.assertEqual(d["first_response_at"], first_response_at)

        # Assign: open -> in_progress.
        t = cmd(self.agent7, apath + "/assign", {"assignee": "agent-7"})
        self.assertEqual(t["assignee"], "agent-7")
        self.assertEqual(t["status"], "in_progress")

        # Wait on the customer; a customer reply moves it back to open.
        t = cmd(self.agent7, apath + "/status", {"status": "waiting_on_customer"})
        self.assertEqual(t["status"], "waiting_on_customer")
        t = cmd(self.ann, cpath + "/messages", {"body": "Here are the logs"})
        self.assertEqual(t["status"], "open")
        self.assertNotIn(secret, json.dumps(t), "customer command answer leaks the note")

        # Resolve, customer confirms the close, then rates.
        t = cmd(self.agent7, apath + "/status", {"status": "resolved"})
        self.assertEqual(t["status"], "resolved")
        self.assertRegex(t["resolved_at"] or "", TIME_RE)
        t = cmd(self.ann, cpath + "/close")
        self.assertEqual(t["status"], "closed")
        self.assertRegex(t["closed_at"] or "", TIME_RE)
        t = cmd(self.ann, cpath + "/satisfaction", {"rating": 5, "comment": "Great"})
        self.assertEqual(t["status"], "closed")

        # The stream version counts every command.
        final = self.admin_ticket(tid)
        self.assertEqual(final["version"], t["version"])
        self.assertEqual(final["first_response_at"], first_response_at)
        self.assertEqual(final["message_count"], 5)
        self.assertEqual(self.ann.get(cpath).body["message_count"], 4)

    def test_key_addresses_ticket(self):
        t = self.open_ticket(self.ann, subject="By key")
        key = t["key"]
        self.assertEqual(key, "acme-%d" % t["number"])
        d = self.ann.get("/v1/tickets/" + key)
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body["id"], t["id"])
        d = self.agent7.get("/admin/v1/tickets/" + key)
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body["id"], t["id"])
        r = self.command(self.ann, "/v1/tickets/%s/messages" % key, {"body": "via key"})
        self.assertEqual(r.body["id"], t["id"])
        r = self.command(self.agent7, "/admin/v1/tickets/%s/status" % key, {"status": "resolved"})
        self.assertEqual(r.body["status"], "resolved")
        r = self.command(self.ann, "/v1/tickets/%s/close" % key)
        self.assertEqual(r.body["status"], "closed")
        r = self.command(self.ann, "/v1/tickets/%s/satisfaction" % key, {"rating": 3})
        self.assertEqual(r.body["id"], t["id"])

    def test_resolved_reopened_by_customer_reply(self):
        t = self.open_ticket(self.ann)
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        r = self.command(self.ann, "/v1/tickets/%s/messages" % t["id"], {"body": "Not fixed"})
        self.assertEqual(r.body["status"], "open")

    def test_close_only_from_resolved(self):
        t = self.open_ticket(self.ann)
        r = self.ann.post("/v1/tickets/%s/close" % t["id"])
        self.assert_problem(r, 409)
        self.assertEqual(self.admin_ticket(t["id"])["version"], t["version"])

    def test_satisfaction_rules(self):
        t = self.open_ticket(self.ann)
        tid = t["id"]
        r = self.ann.post("/v1/tickets/%s/satisfaction" % tid, {"rating": 4})
        self.assert_problem(r, 409)
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % tid, {"status": "resolved"})
        for bad in (0, 6):
            r = self.ann.post("/v1/tickets/%s/satisfaction" % tid, {"rating": bad})
            self.assert_validation(r, "rating")
        r = self.command(self.ann, "/v1/tickets/%s/satisfaction" % tid, {"rating": 4, "comment": "ok"})
        self.assertEqual(r.body["status"], "resolved")

    def test_closed_ticket_rejects_commands(self):
        t = self.open_ticket(self.ann)
        tid = t["id"]
        a = "/admin/v1/tickets/" + tid
        self.command(self.agent7, a + "/status", {"status": "resolved"})
        self.command(self.ann, "/v1/tickets/%s/close" % tid)
        version = self.admin_ticket(tid)["version"]
        attempts = [
            (self.agent7, a + "/messages", {"body": "hi", "internal": False}),
            (self.agent7, a + "/messages", {"body": "note", "internal": True}),
            (self.agent7, a + "/assign", {"assignee": "agent-7"}),
            (self.agent7, a + "/status", {"status": "open"}),
            (self.agent7, a + "/priority", {"priority": "urgent"}),
            (self.agent7, a + "/category", {"category": "billing"}),
            (self.agent7, a + "/escalate", {"reason": "angry"}),
            (self.agent7, a + "/tags", {"add": ["x"], "remove": []}),
            (self.ann, "/v1/tickets/%s/close" % tid, None),
        ]
        for client, path, body in attempts:
            with self.subTest(path=path, body=body):
                self.assert_problem(client.post(path, body), 409, "ticket_closed")
        self.assertEqual(self.admin_ticket(tid)["version"], version, "nothing may be appended")

    def test_same_status_is_invalid_transition(self):
        t = self.open_ticket(self.ann)
        r = self.agent7.post("/admin/v1/tickets/%s/status" % t["id"], {"status": "open"})
        self.assert_problem(r, 409, "invalid_transition")
        # open -> closed is not in the workflow either.
        r = self.agent7.post("/admin/v1/tickets/%s/status" % t["id"], {"status": "closed"})
        self.assert_problem(r, 409, "invalid_transition")
        self.assertEqual(self.admin_ticket(t["id"])["version"], t["version"])

    def test_status_note_is_internal(self):
        t = self.open_ticket(self.ann)
        note = "status-note-okapi-%s" % t["id"]
        r = self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"],
                         {"status": "on_hold", "note": note})
        self.assertTrue(any(m["body"] == note and m["internal"] for m in r.body["messages"]), r)
        d = self.ann.get("/v1/tickets/" + t["id"])
        self.assertNotIn(note, d.raw.decode())
        self.assertEqual(d.body["message_count"], 1)

    def test_agent_work_commands(self):
        t = self.open_ticket(self.ann)
        a = "/admin/v1/tickets/" + t["id"]
        r = self.command(self.agent7, a + "/priority", {"priority": "urgent"})
        self.assertEqual(r.body["priority"], "urgent")
        r = self.command(self.agent7, a + "/category", {"category": "billing"})
        self.assertEqual(r.body["category"], "billing")
        r = self.command(self.agent7, a + "/escalate", {"reason": "VIP customer"})
        self.assertEqual(r.body["escalation_level"], 1)
        r = self.command(self.agent7, a + "/tags", {"add": ["vip", "refund"], "remove": []})
        self.assertEqual(sorted(r.body["tags"]), ["refund", "vip"])
        r = self.command(self.agent7, a + "/tags", {"add": [], "remove": ["refund"]})
        self.assertEqual(r.body["tags"], ["vip"])
        r = self.command(self.agent7, a + "/assign", {"assignee": "agent-8"})
        self.assertEqual(r.body["assignee"], "agent-8")
        self.assertEqual(r.body["status"], "in_progress")
        r = self.command(self.agent7, a + "/assign", {"assignee": None})
        self.assertIsNone(r.body["assignee"])
        # The customer sees the same ticket fields, without internal notes.
        d = self.ann.get("/v1/tickets/" + t["id"]).body
        self.assertEqual(d["priority"], "urgent")
        self.assertEqual(d["tags"], ["vip"])

    def test_admin_token_works_tickets(self):
        t = self.open_ticket(self.ann)
        r = self.command(self.admin, "/admin/v1/tickets/%s/messages" % t["id"],
                         {"body": "from admin", "internal": False})
        self.assertEqual(r.body["messages"][-1]["author"]["role"], "admin")

    def test_agent_opens_ticket_for_requester(self):
        r = self.agent7.post("/admin/v1/tickets", {
            "tenant": "acme", "requester": {"email": "ann@acme.test", "name": "Ann"},
            "subject": "Called about invoice", "description": "Customer phoned",
            "category": "billing", "priority": "low", "assignee": "agent-7"})
        self.assertEqual(r.status, 201, r)
        self.assert_command_headers(r)
        self.assertIsNotNone(r.header("Location"))
        t = r.body
        self.assertEqual(t["tenant"], "acme")
        self.assertEqual(t["requester"]["email"], "ann@acme.test")
        self.assertEqual(t["assignee"], "agent-7")
        self.assertEqual(t["priority"], "low")
        self.assertEqual(t["category"], "billing")
        # Ann's customer token (same email) sees it as her own.
        d = self.ann.get("/v1/tickets/" + t["id"])
        self.assertEqual(d.status, 200, d)
        ids = [i["id"] for i in self.list_all(self.ann, "/v1/tickets")]
        self.assertIn(t["id"], ids)
        r = self.command(self.ann, "/v1/tickets/%s/messages" % t["id"], {"body": "thanks"})
        # Bob (other email) does not see it.
        self.assertEqual(self.bob.get("/v1/tickets/" + t["id"]).status, 404)


class NumberingTest(ServerTestCase):
    """`number` is per tenant, sequential from 1, unique under concurrent opens."""

    def test_numbers_sequential_per_tenant(self):
        a1 = self.open_ticket(self.ann)
        a2 = self.open_ticket(self.bob)
        g1 = self.open_ticket(self.gus)
        self.assertEqual((a1["number"], a2["number"]), (1, 2))
        self.assertEqual(g1["number"], 1)
        self.assertEqual(g1["key"], "globex-1")
        self.assertNotEqual(a1["id"], g1["id"])

    def test_numbers_unique_under_concurrent_opens(self):
        # Tenant created for this test only, so the numbers start at 1.
        r = self.admin.post("/admin/v1/tenants", {"slug": "initech", "name": "Initech"})
        self.assertEqual(r.status, 201, r)
        _, tok = self.create_token("customer", "initech",
                                   {"id": "u-pete", "email": "pete@initech.test", "name": "Pete"})
        client = self.server.client(tok)
        results, errors = [], []
        lock = threading.Lock()

        def worker():
            for _ in range(5):
                try:
                    rr = client.post("/v1/tickets", {"subject": "TPS", "description": "report"})
                    with lock:
                        results.append(rr)
                except Exception as e:  # noqa: BLE001
                    with lock:
                        errors.append(e)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(errors, [])
        self.assertTrue(all(rr.status == 201 for rr in results), [rr for rr in results if rr.status != 201][:3])
        numbers = sorted(rr.body["number"] for rr in results)
        self.assertEqual(numbers, list(range(1, 41)))


if __name__ == "__main__":
    unittest.main()
