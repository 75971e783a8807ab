"""ticketctl history against the real ticketd: the state as of any log
position equals the ticket the server answered right after that command,
and the CLI and GET /admin/v1/tickets/{id}/history?as_of= agree exactly."""

import json
import time
import unittest
import urllib.parse

from ctl import TempDirCase, ctl, ctl_json


class HistoryTest(TempDirCase):

    def setUp(self):
        super().setUp()
        self.data = self.path("data")
        self.server, self.admin = self.start_server(self.data)
        r = self.admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"})
        self.assertEqual(r.status, 201, r)

    def step(self, path, body, expect=200):
        r = self.admin.post(path, body)
        self.assertEqual(r.status, expect, r)
        time.sleep(0.005)  # distinct milliseconds, so every as_of cut is between events
        return int(r.header("X-Log-Position")), r.body

    def build_history(self):
        pos, t = self.step("/admin/v1/tickets", {
            "tenant": "acme", "requester": {"email": "ann@acme.test", "name": "Ann"},
            "subject": "Cannot log in", "description": "Error 42"}, expect=201)
        steps = [(pos, t)]
        base = "/admin/v1/tickets/%s/" % t["id"]
        for path, body in [("assign", {"assignee": "agent-7"}),
                           ("messages", {"body": "checking the logs", "internal": True}),
                           ("priority", {"priority": "urgent"}),
                           ("tags", {"add": ["vip", "login"], "remove": []}),
                           ("messages", {"body": "Fixed, please retry", "internal": False}),
                           ("escalate", {"reason": "VIP customer"}),
                           ("status", {"status": "resolved", "note": "done"}),
                           ("status", {"status": "closed"})]:
            steps.append(self.step(base + path, body))
        return t["id"], t["key"], steps

    def test_state_at_each_position_is_the_answer_the_server_gave_then(self):
        ticket_id, key, steps = self.build_history()
        for pos, answer in steps:
            got = ctl_json(self.data, "history", ticket_id, "--at-position", pos)
            self.assertEqual(got["ticket"], answer, "at position %d" % pos)
            self.assertTrue(all(e["position"] <= pos for e in got["events"]))
            self.assertEqual(len(got["events"]), answer["version"])
        # Before the ticket existed: no state, no events.
        first = ctl_json(self.data, "history", ticket_id)["events"][0]["position"]
        empty = ctl_json(self.data, "history", ticket_id, "--at-position", first - 1)
        self.assertEqual(empty, {"ticket": None, "events": []})
        # The key finds the same ticket.
        self.assertEqual(ctl_json(self.data, "history", key), ctl_json(self.data, "history", ticket_id))

    def test_cli_and_http_agree_as_of_every_instant(self):
        ticket_id, key, steps = self.build_history()
        full = ctl_json(self.data, "history", ticket_id)
        instants = ["2000-01-01T00:00:00.000Z", "2999-01-01T00:00:00Z"]
        instants += [e["occurred_at"] for e in full["events"]]
        for as_of in instants:
            cli = ctl(self.data, "--json", "history", ticket_id, "--as-of", as_of).stdout.strip()
            r = self.admin.get("/admin/v1/tickets/%s/history?as_of=%s" % (ticket_id, urllib.parse.quote(as_of)))
            self.assertEqual(r.status, 200, r)
            self.assertEqual(json.loads(cli), r.body, "as of %s" % as_of)
            self.assertEqual(cli.encode(), r.raw, "byte-identical as of %s" % as_of)
        # The internal note is in this admin history, as in the admin API.
        self.assertIn("checking the logs", json.dumps(full))
        # as_of includes events at that instant (a command's events share it).
        third = full["events"][2]["occurred_at"]
        upto = [e for e in full["events"] if e["occurred_at"] <= third]
        self.assertGreaterEqual(len(upto), 3)
        self.assertLess(len(upto), len(full["events"]))
        self.assertEqual(ctl_json(self.data, "history", key, "--as-of", third)["events"], upto)

    def test_text_output_has_a_line_per_event_and_the_state(self):
        ticket_id, key, steps = self.build_history()
        out = ctl(self.data, "history", key).stdout
        lines = out.splitlines()
        self.assertIn(key, lines[0])
        event_lines = [l for l in lines if l.startswith("  #")]
        self.assertEqual(len(event_lines), steps[-1][1]["version"])
        for needle in ["TicketOpened", "TicketAssigned", "assigned to agent-7", "internal note",
                       "priority medium -> urgent", "TicketEscalated", "status resolved -> closed"]:
            self.assertIn(needle, out)
        self.assertTrue(lines[-1].startswith("state: %s" % key), lines[-1])
        self.assertIn("closed", lines[-1])
        mid = ctl(self.data, "history", key, "--at-position", steps[3][0]).stdout
        self.assertIn("urgent", mid.splitlines()[-1])
        self.assertNotIn("closed", mid.splitlines()[-1])

    def test_usage_and_unknown_tickets(self):
        ctl(self.data, "history", expect=2)
        ctl(self.data, "history", "x", "--as-of", "yesterday", expect=2)
        ctl(self.data, "history", "x", "--as-of", "2026-01-01T00:00:00Z", "--at-position", "3", expect=2)
        self.assertIn("no ticket", ctl(self.data, "history", "acme-999", expect=1).stderr)


if __name__ == "__main__":
    unittest.main()
