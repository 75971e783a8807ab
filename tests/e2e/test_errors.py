"""Error answers: statuses, problem+json bodies, limits."""

import json
import unittest
import urllib.parse

from harness import ServerTestCase, raw_request

MIB = 1024 * 1024


class ErrorsTest(ServerTestCase):

    def event_count(self):
        return len(self.all_events())

    # --- bodies ---

    def test_malformed_json_400(self):
        t = self.open_ticket(self.ann)
        before = self.event_count()
        for raw in (b'{"subject": ', b"{subject: 1}", b"not json", b'{"subject":"a","description":"b"} x'):
            with self.subTest(raw=raw):
                self.assert_problem(self.ann.post("/v1/tickets", raw), 400)
        r = self.agent7.post("/admin/v1/tickets/%s/messages" % t["id"], b'{"body": "x", ')
        self.assert_problem(r, 400)
        self.assertEqual(self.event_count(), before)
        self.assertEqual(self.admin_ticket(t["id"])["version"], t["version"])

    def test_wrong_types_422(self):
        cases = [
            ({"subject": 5, "description": "d"}, "subject"),
            ({"subject": "s", "description": ["d"]}, "description"),
            ({"subject": "s", "description": "d", "priority": 3}, "priority"),
            ({"subject": "s", "description": "d", "category": {"x": 1}}, "category"),
            ({"subject": None, "description": "d"}, "subject"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.assert_validation(self.ann.post("/v1/tickets", body), field)
        t = self.open_ticket(self.ann)
        a = "/admin/v1/tickets/" + t["id"]
        cmd_cases = [
            (self.agent7, a + "/messages", {"body": "x", "internal": "yes"}, "internal"),
            (self.agent7, a + "/messages", {"body": 12, "internal": False}, "body"),
            (self.agent7, a + "/assign", {"assignee": 7}, "assignee"),
            (self.agent7, a + "/status", {"status": True}, "status"),
            (self.agent7, a + "/tags", {"add": "vip", "remove": []}, "add"),
            (self.agent7, a + "/priority", {"priority": ["high"]}, "priority"),
            (self.ann, "/v1/tickets/%s/messages" % t["id"], {"body": 1}, "body"),
        ]
        for client, path, body, field in cmd_cases:
            with self.subTest(path=path, body=body):
                self.assert_validation(client.post(path, body), field)
        self.assertEqual(self.admin_ticket(t["id"])["version"], t["version"])

    def test_invalid_values_422(self):
        cases = [
            ({"description": "d"}, "subject"),
            ({"subject": "", "description": "d"}, "subject"),
            ({"subject": "s", "description": "d", "priority": "bogus"}, "priority"),
            ({"subject": "s", "description": "d", "category": "nonsense"}, "category"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.assert_validation(self.ann.post("/v1/tickets", body), field)
        t = self.open_ticket(self.ann)
        r = self.agent7.post("/admin/v1/tickets/%s/status" % t["id"], {"status": "sleeping"})
        self.assert_validation(r, "status")

    def test_unknown_fields_ignored(self):
        r = self.ann.post("/v1/tickets", {"subject": "s", "description": "d", "frobnicate": [1, 2],
                                          "status": "closed", "nested": {"a": None}})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["status"], "open")
        self.assertNotIn("frobnicate", r.body)
        r = self.agent7.post("/admin/v1/tickets/%s/messages" % r.body["id"],
                             {"body": "x", "internal": False, "extra": True})
        self.assertEqual(r.status, 200, r)

    def test_body_over_1mib_413(self):
        before = self.event_count()
        desc = "x" * (MIB + 10)
        body = json.dumps({"subject": "big", "description": desc}).encode()
        self.assertGreater(len(body), MIB)
        head = "\r\n".join(["POST /v1/tickets HTTP/1.1", "Host: 127.0.0.1",
                            "Authorization: Bearer " + self.tokens["ann"],
                            "Content-Type: application/json",
                            "Content-Length: %d" % len(body)])
        r = raw_request(self.server.port, head, body)
        self.assert_problem(r, 413)
        self.assertEqual(self.event_count(), before)
        # The server still answers afterwards.
        self.assertEqual(self.ann.get("/v1/tickets").status, 200)

    def test_body_just_over_limit_413(self):
        body = b"{" + b" " * MIB + b"}"  # 1 MiB + 1 byte
        self.assertEqual(len(body), MIB + 2)
        head = "\r\n".join(["POST /v1/tickets HTTP/1.1", "Host: 127.0.0.1",
                            "Authorization: Bearer " + self.tokens["ann"],
                            "Content-Type: application/json",
                            "Content-Length: %d" % len(body)])
        self.assert_problem(raw_request(self.server.port, head, body), 413)

    def test_chunked_body_over_1mib_413(self):
        payload = json.dumps({"subject": "big", "description": "y" * (MIB + 10)}).encode()
        chunks = b""
        step = 256 * 1024
        for i in range(0, len(payload), step):
            part = payload[i:i + step]
            chunks += b"%x\r\n" % len(part) + part + b"\r\n"
        chunks += b"0\r\n\r\n"
        head = "\r\n".join(["POST /v1/tickets HTTP/1.1", "Host: 127.0.0.1",
                            "Authorization: Bearer " + self.tokens["ann"],
                            "Content-Type: application/json",
                            "Transfer-Encoding: chunked"])
        self.assert_problem(raw_request(self.server.port, head, chunks), 413)

    def test_wrong_content_type_415(self):
        body = json.dumps({"subject": "s", "description": "d"})
        for ctype in ("text/plain", "application/x-www-form-urlencoded", "application/xml", None):
            with self.subTest(ctype=ctype):
                r = self.ann.post("/v1/tickets", body, headers={"Content-Type": ctype})
                self.assert_problem(r, 415)

    def test_json_with_charset_accepted(self):
        r = self.ann.post("/v1/tickets", {"subject": "s", "description": "d"},
                          headers={"Content-Type": "application/json; charset=utf-8"})
        self.assertEqual(r.status, 201, r)

    def test_header_block_over_8kib_431(self):
        head = "\r\n".join(["GET /v1/tickets HTTP/1.1", "Host: 127.0.0.1",
                            "Authorization: Bearer " + self.tokens["ann"],
                            "X-Filler: " + "a" * (9 * 1024)])
        self.assertEqual(raw_request(self.server.port, head).status, 431)
        many = ["X-F%d: %s" % (i, "b" * 100) for i in range(100)]
        head = "\r\n".join(["GET /v1/tickets HTTP/1.1", "Host: 127.0.0.1",
                            "Authorization: Bearer " + self.tokens["ann"]] + many)
        self.assertEqual(raw_request(self.server.port, head).status, 431)
        # Just under the limit is fine.
        head = "\r\n".join(["GET /v1/tickets HTTP/1.1", "Host: 127.0.0.1",
                            "Authorization: Bearer " + self.tokens["ann"],
                            "X-Filler: " + "a" * (6 * 1024)])
        self.assertEqual(raw_request(self.server.port, head).status, 200)

    def test_invalid_utf8_400(self):
        before = self.event_count()
        for raw in (b'{"subject": "caf\xe9", "description": "d"}',
                    b'{"subject": "s", "description": "\xff\xfe"}',
                    b'{"subject": "s", "description": "\xed\xa0\x80"}'):
            with self.subTest(raw=raw):
                self.assert_problem(self.ann.post("/v1/tickets", raw), 400)
        self.assertEqual(self.event_count(), before)

    def test_utf8_round_trip(self):
        t = self.open_ticket(self.ann, subject="Ärger mit 日本語 \U0001F600", description="naïve")
        d = self.ann.get("/v1/tickets/" + t["id"]).body
        self.assertEqual(d["subject"], "Ärger mit 日本語 \U0001F600")
        self.assertEqual(d["messages"][0]["body"], "naïve")

    # --- routing ---

    def test_unknown_route_404(self):
        for path in ("/v1/nope", "/nope", "/admin/v1/nothing/here", "/v1/tickets/x/y/z"):
            with self.subTest(path=path):
                self.assert_problem(self.ann.get(path), 404)

    def test_wrong_method_405_with_allow(self):
        t = self.open_ticket(self.ann)
        cases = [
            (self.ann, "DELETE", "/v1/tickets", {"GET", "POST"}),
            (self.ann, "PUT", "/v1/tickets/" + t["id"], {"GET"}),
            (self.ann, "GET", "/v1/tickets/%s/close" % t["id"], {"POST"}),
            (self.ann, "GET", "/v1/tickets/%s/satisfaction" % t["id"], {"POST"}),
            (self.agent7, "DELETE", "/admin/v1/tickets/" + t["id"], {"GET"}),
            (self.agent7, "GET", "/admin/v1/tickets/%s/assign" % t["id"], {"POST"}),
            (self.admin, "POST", "/admin/v1/events", {"GET"}),
            (self.admin, "PUT", "/admin/v1/tokens", {"GET", "POST"}),
            (self.admin, "DELETE", "/admin/v1/tenants", {"GET", "POST"}),
            (self.anon, "POST", "/healthz", {"GET"}),
        ]
        for client, method, path, allowed in cases:
            with self.subTest(method=method, path=path):
                r = client.request(method, path, {} if method in ("PUT", "POST") else None)
                self.assert_problem(r, 405)
                allow = r.header("Allow")
                self.assertIsNotNone(allow, "405 without Allow")
                got = {m.strip() for m in allow.split(",") if m.strip()}
                self.assertTrue(allowed <= got, "Allow %r lacks %r" % (allow, allowed))
                self.assertNotIn(method, got)

    # --- business rules and concurrency ---

    def test_closed_ticket_409_ticket_closed(self):
        t = self.open_ticket(self.ann)
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        self.command(self.ann, "/v1/tickets/%s/close" % t["id"])
        r = self.agent7.post("/admin/v1/tickets/%s/messages" % t["id"], {"body": "x", "internal": False})
        self.assert_problem(r, 409, "ticket_closed")

    def test_same_status_409_invalid_transition(self):
        t = self.open_ticket(self.ann)
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "on_hold"})
        r = self.agent7.post("/admin/v1/tickets/%s/status" % t["id"], {"status": "on_hold"})
        self.assert_problem(r, 409, "invalid_transition")

    def test_if_match_stale_412_appends_nothing(self):
        t = self.open_ticket(self.ann)
        v0 = t["version"]
        path = "/admin/v1/tickets/%s/messages" % t["id"]
        ok = self.command(self.agent7, path, {"body": "first", "internal": False},
                          headers={"If-Match": '"%d"' % v0})
        v1 = ok.body["version"]
        self.assertGreater(v1, v0)
        before_events = self.event_count()
        r = self.agent7.post(path, {"body": "second", "internal": False},
                             headers={"If-Match": '"%d"' % v0})
        self.assert_problem(r, 412)
        after = self.admin_ticket(t["id"])
        self.assertEqual(after["version"], v1)
        self.assertNotIn("second", [m["body"] for m in after["messages"]])
        self.assertEqual(self.event_count(), before_events)
        # Customer route too.
        r = self.ann.post("/v1/tickets/%s/messages" % t["id"], {"body": "third"},
                          headers={"If-Match": '"%d"' % v0})
        self.assert_problem(r, 412)
        # A future version is stale too.
        r = self.agent7.post("/admin/v1/tickets/%s/priority" % t["id"], {"priority": "low"},
                             headers={"If-Match": '"%d"' % (v1 + 50)})
        self.assert_problem(r, 412)
        self.assertEqual(self.admin_ticket(t["id"])["version"], v1)
        self.assertEqual(self.event_count(), before_events)
        # The current version passes.
        r = self.command(self.agent7, "/admin/v1/tickets/%s/priority" % t["id"], {"priority": "low"},
                         headers={"If-Match": '"%d"' % v1})
        self.assertEqual(r.header("ETag"), '"%d"' % (v1 + 1))

    # --- lists ---

    def test_undecodable_cursor_400(self):
        for client, path in ((self.agent7, "/admin/v1/tickets"), (self.ann, "/v1/tickets"),
                             (self.admin, "/admin/v1/tenants"), (self.admin, "/admin/v1/agents")):
            for cursor in ("garbage!!", "%%%", "not a cursor"):
                with self.subTest(path=path, cursor=cursor):
                    r = client.get(path + "?cursor=" + urllib.parse.quote(cursor, safe=""))
                    self.assert_problem(r, 400)

    def test_unknown_sort_422(self):
        for sort in ("bogus", "-bogus", "subject", "--created"):
            with self.subTest(sort=sort):
                self.assert_problem(self.agent7.get("/admin/v1/tickets?sort=" + sort), 422)

    def test_problem_on_404_has_all_fields(self):
        r = self.agent7.get("/admin/v1/tickets/definitely-missing")
        b = self.assert_problem(r, 404)
        self.assertEqual(b["status"], 404)


if __name__ == "__main__":
    unittest.main()
