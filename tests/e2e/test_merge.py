"""Merging tickets and follow-ups on closed tickets."""

import unittest

from harness import ServerTestCase


class MergeTest(ServerTestCase):

    def test_merge_closes_source_and_answers_target(self):
        src = self.open_ticket(self.ann, subject="Duplicate", description="source-body-kiwi")
        dst = self.open_ticket(self.ann, subject="Original", description="target-body")
        r = self.command(self.agent7, "/admin/v1/tickets/%s/merge" % src["id"], {"into": dst["id"]})
        self.assertEqual(r.body["id"], dst["id"], "the answer is the target")
        self.assertNotEqual(r.body["status"], "closed")
        # The source's messages are visible on the target.
        self.assertIn("source-body-kiwi", [m["body"] for m in r.body["messages"]])
        s = self.admin_ticket(src["id"])
        self.assertEqual(s["status"], "closed")
        self.assertEqual(s["merged_into"], dst["id"])
        # The customer sees the same.
        cs = self.ann.get("/v1/tickets/" + src["id"])
        self.assertEqual(cs.status, 200, cs)
        self.assertEqual(cs.body["merged_into"], dst["id"])
        ct = self.ann.get("/v1/tickets/" + dst["id"])
        self.assertIn("source-body-kiwi", [m["body"] for m in ct.body["messages"]])

    def test_merge_by_key(self):
        src = self.open_ticket(self.ann, subject="Dup by key")
        dst = self.open_ticket(self.ann, subject="Target by key")
        r = self.command(self.agent7, "/admin/v1/tickets/%s/merge" % src["key"], {"into": dst["id"]})
        self.assertEqual(r.body["id"], dst["id"])
        self.assertEqual(self.admin_ticket(src["id"])["merged_into"], dst["id"])

    def test_merged_source_rejects_commands(self):
        src = self.open_ticket(self.ann, subject="Dup 2")
        dst = self.open_ticket(self.ann, subject="Target 2")
        other = self.open_ticket(self.ann, subject="Other")
        self.command(self.agent7, "/admin/v1/tickets/%s/merge" % src["id"], {"into": dst["id"]})
        version = self.admin_ticket(src["id"])["version"]
        r = self.agent7.post("/admin/v1/tickets/%s/merge" % src["id"], {"into": other["id"]})
        self.assert_problem(r, 409, "ticket_closed")
        r = self.agent7.post("/admin/v1/tickets/%s/assign" % src["id"], {"assignee": "agent-7"})
        self.assert_problem(r, 409, "ticket_closed")
        self.assertEqual(self.admin_ticket(src["id"])["version"], version)

    def test_merge_needs_agent(self):
        src = self.open_ticket(self.ann)
        dst = self.open_ticket(self.ann)
        r = self.ann.post("/admin/v1/tickets/%s/merge" % src["id"], {"into": dst["id"]})
        self.assert_problem(r, 403)

    def test_merge_into_missing_ticket(self):
        src = self.open_ticket(self.ann)
        r = self.agent7.post("/admin/v1/tickets/%s/merge" % src["id"], {"into": "no-such-ticket"})
        self.assertIn(r.status, (404, 422), r)
        self.assert_problem(r, r.status)
        self.assertEqual(self.admin_ticket(src["id"])["status"], "open")

    def test_customer_reply_on_closed_opens_follow_up(self):
        t = self.open_ticket(self.ann, subject="Old problem", category="billing")
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        self.command(self.ann, "/v1/tickets/%s/close" % t["id"])
        version = self.admin_ticket(t["id"])["version"]
        r = self.ann.post("/v1/tickets/%s/messages" % t["id"], {"body": "It is back"})
        self.assertEqual(r.status, 201, r)
        self.assert_command_headers(r)
        f = r.body
        self.assertNotEqual(f["id"], t["id"])
        self.assertEqual(f["follow_up_of"], t["id"])
        self.assertEqual(f["status"], "open")
        self.assertEqual(f["tenant"], "acme")
        self.assertEqual(f["requester"]["id"], "u-ann")
        self.assertEqual(f["number"] > t["number"], True)
        self.assertIn("It is back", [m["body"] for m in f["messages"]])
        # The closed ticket stays closed; the follow-up is visible to its owner.
        old = self.admin_ticket(t["id"])
        self.assertEqual(old["status"], "closed")
        d = self.ann.get("/v1/tickets/" + f["id"])
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body["follow_up_of"], t["id"])
        ids = [i["id"] for i in self.list_all(self.ann, "/v1/tickets")]
        self.assertIn(f["id"], ids)
        self.assertGreaterEqual(old["version"], version)

    def test_follow_up_by_key(self):
        t = self.open_ticket(self.ann)
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["key"], {"status": "resolved"})
        self.command(self.ann, "/v1/tickets/%s/close" % t["key"])
        r = self.ann.post("/v1/tickets/%s/messages" % t["key"], {"body": "again"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["follow_up_of"], t["id"])

    def test_satisfaction_allowed_on_closed(self):
        t = self.open_ticket(self.ann)
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        self.command(self.ann, "/v1/tickets/%s/close" % t["id"])
        r = self.command(self.ann, "/v1/tickets/%s/satisfaction" % t["id"], {"rating": 2})
        self.assertEqual(r.body["status"], "closed")


if __name__ == "__main__":
    unittest.main()
