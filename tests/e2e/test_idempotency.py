"""Idempotency-Key on POST: the first answer is replayed, nothing appended."""

import unittest
import uuid

from harness import ServerTestCase


class IdempotencyTest(ServerTestCase):

    def event_count(self):
        return len(self.all_events())

    def assert_same_answer(self, first, again):
        self.assertEqual(again.status, first.status, again)
        self.assertEqual(again.body, first.body)
        self.assertEqual(again.header("ETag"), first.header("ETag"))
        self.assertEqual(again.header("X-Log-Position"), first.header("X-Log-Position"))

    def test_open_repeated(self):
        key = "open-" + uuid.uuid4().hex
        body = {"subject": "Idempotent open", "description": "once"}
        first = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        self.assert_command_headers(first)
        count = self.event_count()
        for _ in range(3):
            again = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key})
            self.assert_same_answer(first, again)
        self.assertEqual(again.header("Location"), first.header("Location"))
        self.assertEqual(self.event_count(), count, "a repeat appends nothing")
        mine = [i for i in self.list_all(self.ann, "/v1/tickets") if i["subject"] == "Idempotent open"]
        self.assertEqual(len(mine), 1)

    def test_command_repeated(self):
        t = self.open_ticket(self.ann)
        path = "/admin/v1/tickets/%s/messages" % t["id"]
        key = "reply-" + uuid.uuid4().hex
        first = self.agent7.post(path, {"body": "only once", "internal": False},
                                 headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 200, first)
        version = first.body["version"]
        # Another change in between: the repeat still answers the first answer.
        self.command(self.agent7, "/admin/v1/tickets/%s/priority" % t["id"], {"priority": "high"})
        count = self.event_count()
        again = self.agent7.post(path, {"body": "only once", "internal": False},
                                 headers={"Idempotency-Key": key})
        self.assert_same_answer(first, again)
        self.assertEqual(again.body["version"], version)
        self.assertEqual(self.event_count(), count)
        d = self.admin_ticket(t["id"])
        self.assertEqual([m["body"] for m in d["messages"]].count("only once"), 1)

    def test_customer_command_repeated(self):
        t = self.open_ticket(self.ann)
        path = "/v1/tickets/%s/messages" % t["id"]
        key = "c-" + uuid.uuid4().hex
        first = self.ann.post(path, {"body": "ping"}, headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 200, first)
        again = self.ann.post(path, {"body": "ping"}, headers={"Idempotency-Key": key})
        self.assert_same_answer(first, again)
        self.assertEqual(self.admin_ticket(t["id"])["version"], first.body["version"])

    def test_same_key_different_body_422(self):
        key = "reuse-" + uuid.uuid4().hex
        first = self.ann.post("/v1/tickets", {"subject": "A", "description": "a"},
                              headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        count = self.event_count()
        r = self.ann.post("/v1/tickets", {"subject": "B", "description": "b"},
                          headers={"Idempotency-Key": key})
        self.assert_problem(r, 422, "idempotency_key_reused")
        self.assertEqual(self.event_count(), count)

    def test_same_key_other_route_422(self):
        t = self.open_ticket(self.ann)
        key = "route-" + uuid.uuid4().hex
        first = self.ann.post("/v1/tickets/%s/messages" % t["id"], {"body": "x"},
                              headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 200, first)
        r = self.ann.post("/v1/tickets", {"subject": "x", "description": "x"},
                          headers={"Idempotency-Key": key})
        self.assert_problem(r, 422, "idempotency_key_reused")

    def test_key_is_per_caller(self):
        key = "shared-" + uuid.uuid4().hex
        body = {"subject": "Per caller", "description": "d"}
        a = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        b = self.bob.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assertEqual(a.status, 201, a)
        self.assertEqual(b.status, 201, b)
        self.assertNotEqual(a.body["id"], b.body["id"])
        self.assertEqual(b.body["requester"]["id"], "u-bob")

    def test_same_user_other_token_is_same_caller(self):
        _, tok = self.create_token("customer", "acme",
                                   {"id": "u-ann", "email": "ann@acme.test", "name": "Ann"})
        ann2 = self.server.client(tok)
        key = "user-" + uuid.uuid4().hex
        body = {"subject": "Same user", "description": "d"}
        first = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        again = ann2.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assert_same_answer(first, again)

    def test_key_length_limit(self):
        body = {"subject": "Long key", "description": "d"}
        key128 = "k" * 128
        first = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key128})
        self.assertEqual(first.status, 201, first)
        self.assert_same_answer(first, self.ann.post("/v1/tickets", body,
                                                     headers={"Idempotency-Key": key128}))
        count = self.event_count()
        r = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": "k" * 129})
        self.assertIn(r.status, (400, 422), r)  # "a string up to 128 chars"
        self.assert_problem(r, r.status)
        self.assertEqual(self.event_count(), count)

    def test_without_key_not_deduplicated(self):
        body = {"subject": "No key", "description": "d"}
        a = self.ann.post("/v1/tickets", body)
        b = self.ann.post("/v1/tickets", body)
        self.assertEqual((a.status, b.status), (201, 201))
        self.assertNotEqual(a.body["id"], b.body["id"])


class IdempotencyRestartTest(ServerTestCase):

    def test_survives_restart(self):
        key = "restart-" + uuid.uuid4().hex
        body = {"subject": "Before restart", "description": "d"}
        first = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        t = first.body
        ckey = "restart-cmd-" + uuid.uuid4().hex
        cfirst = self.agent7.post("/admin/v1/tickets/%s/assign" % t["id"], {"assignee": "agent-7"},
                                  headers={"Idempotency-Key": ckey})
        self.assertEqual(cfirst.status, 200, cfirst)
        count = len(self.all_events())
        self.server.restart()
        again = self.ann.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assert_same_answer(first, again)
        cagain = self.agent7.post("/admin/v1/tickets/%s/assign" % t["id"], {"assignee": "agent-7"},
                                  headers={"Idempotency-Key": ckey})
        self.assert_same_answer(cfirst, cagain)
        r = self.ann.post("/v1/tickets", {"subject": "other", "description": "x"},
                          headers={"Idempotency-Key": key})
        self.assert_problem(r, 422, "idempotency_key_reused")
        self.assertEqual(len(self.all_events()), count)

    def assert_same_answer(self, first, again):
        self.assertEqual(again.status, first.status, again)
        self.assertEqual(again.body, first.body)
        self.assertEqual(again.header("ETag"), first.header("ETag"))
        self.assertEqual(again.header("X-Log-Position"), first.header("X-Log-Position"))


if __name__ == "__main__":
    unittest.main()
