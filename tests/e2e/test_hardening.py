"""Regressions of an outside probe: what a caller of one tenant could learn of
another, what a revoked token could still read, and input that was taken or
answered wrongly (numbers out of range, undecodable queries, text that only
looks like text)."""

import json
import time
import unittest
import uuid

from harness import ADMIN_TOKEN, Server, ServerTestCase, SseStream


class CrossTenantTest(ServerTestCase):
    """Two customers of two tenants with the same user id."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = {"id": "u-same", "email": "same@acme.test", "name": "Same in Acme"}
        _, cls.acme_token = cls.create_token("customer", "acme", user)
        user = {"id": "u-same", "email": "same@globex.test", "name": "Same in Globex"}
        _, cls.globex_token = cls.create_token("customer", "globex", user)
        cls.in_acme = cls.server.client(cls.acme_token)
        cls.in_globex = cls.server.client(cls.globex_token)

    def test_idempotency_keys_do_not_cross_tenants(self):
        key = "order-" + uuid.uuid4().hex
        body = {"subject": "Order 1 is late", "description": "acme's secret order details"}
        first = self.in_acme.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 201, first)
        # The same key and body from the other tenant: a new ticket of its own.
        other = self.in_globex.post("/v1/tickets", body, headers={"Idempotency-Key": key})
        self.assertEqual(other.status, 201, other)
        self.assertNotEqual(other.body["id"], first.body["id"])
        self.assertEqual(other.body["tenant"], "globex")
        self.assertEqual(other.body["requester"]["email"], "same@globex.test")
        # Another body with that key is not "reused" for globex: it never saw it.
        key2 = "order-" + uuid.uuid4().hex
        self.assertEqual(self.in_acme.post("/v1/tickets", body, headers={"Idempotency-Key": key2}).status, 201)
        changed = dict(body, description="globex's own words")
        again = self.in_globex.post("/v1/tickets", changed, headers={"Idempotency-Key": key2})
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.body["tenant"], "globex")
        # Each still gets its own first answer back.
        self.assertEqual(self.in_acme.post("/v1/tickets", body, headers={"Idempotency-Key": key}).body,
                         first.body)

    def test_a_replay_after_a_merge_is_still_the_callers_own_ticket(self):
        # Ann's keyed reply, then her ticket is merged into Bob's: the replay
        # is the first answer, about her own ticket, never the merge target
        # she may not see.
        mine = self.open_ticket(self.ann, subject="Mine to merge")
        bobs = self.open_ticket(self.bob, subject="Bob's")
        key = "r-" + uuid.uuid4().hex
        path = "/v1/tickets/%s/messages" % mine["id"]
        first = self.ann.post(path, {"body": "more"}, headers={"Idempotency-Key": key})
        self.assertEqual(first.status, 200, first)
        self.command(self.agent7, "/admin/v1/tickets/%s/merge" % mine["id"], {"into": bobs["id"]})
        self.assertEqual(self.ann.get("/v1/tickets/" + bobs["id"]).status, 404)
        again = self.ann.post(path, {"body": "more"}, headers={"Idempotency-Key": key})
        self.assertEqual(again.status, 200, again)
        self.assertEqual(again.body, first.body)
        self.assertNotIn(bobs["id"], json.dumps(again.body))


class RateLimitPerTenantTest(unittest.TestCase):
    """The rate limit's buckets are per caller: a busy customer of one tenant
    does not throttle another tenant's customer with the same user id."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.server.start(extra_args=("--rate-limit", "1"))  # 1/s, burst 2
        admin = cls.server.client(ADMIN_TOKEN)

        def as_admin(path, body):
            for _ in range(20):  # the admin's bucket holds two at a time
                r = admin.post(path, body)
                if r.status != 429:
                    return r
                time.sleep(float(r.header("Retry-After") or 1))
            raise AssertionError("admin stays rate limited")

        tokens = []
        for slug in ("alpha", "beta"):
            r = as_admin("/admin/v1/tenants", {"slug": slug, "name": slug.title()})
            assert r.status == 201, r
            r = as_admin("/admin/v1/tokens", {"role": "customer", "tenant": slug,
                                              "user": {"id": "u-a1", "email": "a1@%s.test" % slug}})
            assert r.status == 201, r
            tokens.append(r.body["token"])
        cls.alpha = cls.server.client(tokens[0])
        cls.beta = cls.server.client(tokens[1])

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()

    def test_buckets_are_per_tenant(self):
        statuses = [self.alpha.get("/v1/tickets", consistent=False).status for _ in range(6)]
        self.assertIn(429, statuses, "alpha's customer is never limited: %r" % statuses)
        # Right after alpha's customer was refused, beta's is served.
        r = self.beta.get("/v1/tickets", consistent=False)
        self.assertEqual(r.status, 200, r)


class RevokedStreamTest(ServerTestCase):

    def test_revoking_a_token_ends_its_open_stream(self):
        tid, token = self.create_token("agent", None, {"id": "agent-x", "email": "x@support.test"})
        t = self.open_ticket(self.ann, subject="Watched")
        head = self.all_events()[-1]["position"]
        with SseStream(self.server.port, "/admin/v1/events/stream?after=%d" % head, token) as s:
            self.assertEqual(s.status, 200)
            self.command(self.agent7, "/admin/v1/tickets/%s/priority" % t["id"], {"priority": "high"})
            live = s.events(1, timeout=10)
            self.assertEqual(len(live), 1, "the stream works before the revocation")
            r = self.admin.delete("/admin/v1/tokens/" + tid)
            self.assertEqual(r.status, 204, r)
            secret = "after-revocation-" + uuid.uuid4().hex
            self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"],
                         {"body": secret, "internal": True})
            # The stream ends: nothing more arrives, and the server closes it.
            rest = []
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                ev = s.next_event(timeout=max(0.01, deadline - time.monotonic()))
                if ev is None:
                    break
                rest.append(ev)
            self.assertTrue(s._closed, "the stream of a revoked token stays open")
            self.assertNotIn(secret, json.dumps(rest))
            self.assertFalse([e for e in rest if e["event"] == "MessagePosted"], rest)
        # And a new one is refused.
        with SseStream(self.server.port, "/admin/v1/events/stream", token) as s:
            self.assertEqual(s.status, 401)


class NumbersAndQueriesTest(ServerTestCase):

    def test_positions_out_of_range_are_422(self):
        for value in ("18446744073709551615", "9223372036854775808", "99999999999999999999999", "-1", "1e3"):
            r = self.admin.get("/admin/v1/events?after=" + value)
            b = self.assert_validation(r, "after")
            self.assertIn("after", b["detail"])
            self.assert_validation(self.admin.get("/admin/v1/tickets?min_position=" + value), "min_position")
        with SseStream(self.server.port, "/admin/v1/events/stream?after=18446744073709551615",
                       ADMIN_TOKEN) as s:
            self.assertEqual(s.status, 422)
        with SseStream(self.server.port, "/admin/v1/events/stream", ADMIN_TOKEN,
                       headers={"Last-Event-ID": "18446744073709551616"}) as s:
            self.assertEqual(s.status, 422)
        # The largest allowed position is just beyond the head: an empty page.
        r = self.admin.get("/admin/v1/events?after=9223372036854775807")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["items"], [])

    def test_an_undecodable_query_is_400_not_ignored(self):
        for target in ("/v1/tickets?status=bogus&x=%zz", "/v1/tickets?limit=1&cursor=%", "/v1/tickets?q=a%2",
                       "/admin/v1/tickets?status=open&x=%G1"):
            client = self.ann if target.startswith("/v1") else self.admin
            r = client.get(target, consistent=False)
            b = self.assert_problem(r, 400, "malformed_query")
            self.assertTrue(b.get("errors"), b)
        # Well-formed escapes still work.
        r = self.admin.get("/admin/v1/tickets?status=%6Fpen&q=a%20b")
        self.assertEqual(r.status, 200, r)
        self.assert_validation(self.ann.get("/v1/tickets?status=bogus"), "status")

    def test_integers_beyond_their_range_are_422_naming_the_field(self):
        hours = [[{"start_minute": 540, "end_minute": 4294967896}]] + [[] for _ in range(6)]
        r = self.admin.put("/admin/v1/tenants/acme/sla",
                           {"business_hours": {"time_zone": "UTC", "weekly": hours}})
        self.assert_validation(r, "business_hours.weekly[0][0].end_minute")
        sla = self.admin.get("/admin/v1/tenants").body["items"][0]["sla"]
        self.assertNotIn(600, [i["end_minute"] for day in sla["business_hours"]["weekly"] for i in day])
        # Beyond what any 64-bit number holds: still 422 with the field's path.
        raw = ('{"business_hours": {"time_zone": "UTC", "weekly": [[{"start_minute": 1, '
               '"end_minute": 99999999999999999999999}],[],[],[],[],[],[]]}}')
        r = self.admin.put("/admin/v1/tenants/acme/sla", raw.encode(),
                           headers={"Content-Type": "application/json"})
        self.assert_validation(r, "business_hours.weekly[0][0].end_minute")
        r = self.admin.put("/admin/v1/agents/agent-7", b'{"available": true, "max_open": 1e400}')
        self.assert_validation(r, "max_open")
        r = self.admin.put("/admin/v1/agents/agent-7", {"available": True, "max_open": 2 ** 63})
        self.assert_validation(r, "max_open")
        r = self.ann.post("/v1/tickets/%s/satisfaction" % self.open_ticket(self.ann)["id"],
                          {"rating": 18446744073709551621})
        self.assert_validation(r, "rating")


class TextAndMediaTypeTest(ServerTestCase):

    def test_media_types_compare_case_insensitively(self):
        for ctype in ("Application/JSON", "APPLICATION/json; charset=UTF-8", " application/json "):
            r = self.ann.post("/v1/tickets", json.dumps({"subject": "Case", "description": "x"}).encode(),
                              headers={"Content-Type": ctype})
            self.assertEqual(r.status, 201, (ctype, r))
        r = self.ann.post("/v1/tickets", b"{}", headers={"Content-Type": "application/jsonx"})
        self.assert_problem(r, 415)

    def test_text_that_only_looks_like_text_is_422(self):
        blank = "\u00a0\u2003\u200b\u3000"
        self.assert_validation(self.ann.post("/v1/tickets", {"subject": blank, "description": "x"}), "subject")
        self.assert_validation(self.ann.post("/v1/tickets", {"subject": "ok", "description": blank}),
                               "description")
        self.assert_validation(self.ann.post("/v1/tickets", {"subject": "ok", "description": "nul\u0000here"}),
                               "description")
        self.assert_validation(self.ann.post("/v1/tickets", {"subject": "ok", "description": "bell\u0007"}),
                               "description")
        # Line breaks in a body are text.
        r = self.ann.post("/v1/tickets", {"subject": "Lines", "description": "one\r\ntwo\n\tthree"})
        self.assertEqual(r.status, 201, r)

    def test_token_holders_are_validated(self):
        cases = [
            ({"id": "u-1", "email": "a@acme.test\r\nBcc: evil@x.test"}, "user.email"),
            ({"id": "u 1", "email": "a@acme.test"}, "user.id"),
            ({"id": "u-1\u0000", "email": "a@acme.test"}, "user.id"),
            ({"id": "u-1", "email": "a@acme.test", "name": "Ann\r\nX-Evil: 1"}, "user.name"),
        ]
        for user, field in cases:
            r = self.admin.post("/admin/v1/tokens", {"role": "customer", "tenant": "acme", "user": user})
            self.assert_validation(r, field)
        r = self.admin.post("/admin/v1/tenants", {"slug": "blank", "name": "\u2003\u00a0"})
        self.assert_validation(r, "name")

    def test_event_answers_do_not_show_secret_hashes(self):
        tid, _ = self.create_token("agent", None, {"id": "agent-h", "email": "h@support.test"})
        issued = [e for e in self.all_events() if e["type"] == "TokenIssued" and e["data"]["id"] == tid]
        self.assertEqual(len(issued), 1)
        self.assertNotIn("secret_sha256", issued[0]["data"])
        self.assertEqual(issued[0]["data"]["user_id"], "agent-h")
        with SseStream(self.server.port, "/admin/v1/events/stream?after=%d" % (issued[0]["position"] - 1),
                       self.tokens["agent7"]) as s:
            ev = s.next_event(timeout=10)
            self.assertEqual(ev["event"], "TokenIssued")
            self.assertNotIn("secret_sha256", ev["data"])


if __name__ == "__main__":
    unittest.main()
