"""Authentication and role rules."""

import unittest

from harness import ServerTestCase, ADMIN_TOKEN


class AuthTest(ServerTestCase):

    def test_missing_token_401(self):
        for method, path, body in [("GET", "/v1/tickets", None),
                                   ("POST", "/v1/tickets", {"subject": "s", "description": "d"}),
                                   ("GET", "/admin/v1/tickets", None),
                                   ("GET", "/admin/v1/events", None),
                                   ("POST", "/admin/v1/tenants", {"slug": "x1", "name": "X"})]:
            with self.subTest(method=method, path=path):
                r = self.anon.request(method, path, body)
                self.assert_problem(r, 401)

    def test_unknown_token_401(self):
        r = self.anon.get("/v1/tickets", token="not-a-real-token")
        self.assert_problem(r, 401)
        r = self.anon.get("/admin/v1/tickets", token="not-a-real-token")
        self.assert_problem(r, 401)

    def test_malformed_authorization_401(self):
        for value in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", self.tokens["ann"]):
            with self.subTest(value=value):
                r = self.anon.get("/v1/tickets", headers={"Authorization": value})
                self.assert_problem(r, 401)

    def test_agent_and_admin_forbidden_on_customer_api(self):
        t = self.open_ticket(self.ann)
        for who in (self.agent7, self.admin):
            for method, path, body in [
                    ("GET", "/v1/tickets", None),
                    ("POST", "/v1/tickets", {"subject": "s", "description": "d"}),
                    ("GET", "/v1/tickets/" + t["id"], None),
                    ("POST", "/v1/tickets/%s/messages" % t["id"], {"body": "x"}),
                    ("POST", "/v1/tickets/%s/close" % t["id"], None),
                    ("POST", "/v1/tickets/%s/satisfaction" % t["id"], {"rating": 5})]:
                with self.subTest(token=who.token[:12], method=method, path=path):
                    self.assert_problem(who.request(method, path, body), 403)
        self.assertEqual(self.admin_ticket(t["id"])["version"], t["version"])

    def test_customers_forbidden_on_admin_api(self):
        t = self.open_ticket(self.ann)
        for who in (self.ann, self.carol):
            for method, path, body in [
                    ("GET", "/admin/v1/tickets", None),
                    ("GET", "/admin/v1/tickets/" + t["id"], None),
                    ("POST", "/admin/v1/tickets", {"tenant": "acme", "requester": {
                        "email": "x@acme.test", "name": "X"}, "subject": "s", "description": "d"}),
                    ("POST", "/admin/v1/tickets/%s/messages" % t["id"], {"body": "x", "internal": False}),
                    ("POST", "/admin/v1/tickets/%s/assign" % t["id"], {"assignee": "agent-7"}),
                    ("POST", "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"}),
                    ("GET", "/admin/v1/tickets/%s/history" % t["id"], None),
                    ("GET", "/admin/v1/metrics", None),
                    ("GET", "/admin/v1/agents", None),
                    ("GET", "/admin/v1/events", None),
                    ("GET", "/admin/v1/tenants", None),
                    ("POST", "/admin/v1/tenants", {"slug": "evil", "name": "Evil"}),
                    ("POST", "/admin/v1/tokens", {"role": "admin", "user": {
                        "id": "x", "email": "x@x.test", "name": "X"}}),
                    ("DELETE", "/admin/v1/tokens/" + self.token_ids["bob"], None),
                    ("POST", "/admin/v1/projections/queue/rebuild", None)]:
                with self.subTest(token=who.token[:12], method=method, path=path):
                    self.assert_problem(who.request(method, path, body), 403)
        self.assertEqual(self.admin_ticket(t["id"])["version"], t["version"])
        self.assertEqual(self.bob.get("/v1/tickets").status, 200)

    def test_admin_only_routes_forbidden_for_agent(self):
        for method, path, body in [
                ("POST", "/admin/v1/tenants", {"slug": "agentco", "name": "AgentCo"}),
                ("PUT", "/admin/v1/tenants/acme/sla", {"policies": {"urgent": {
                    "first_response_s": 60, "resolution_s": 120}}}),
                ("POST", "/admin/v1/tokens", {"role": "admin", "user": {
                    "id": "x", "email": "x@x.test", "name": "X"}}),
                ("DELETE", "/admin/v1/tokens/" + self.token_ids["bob"], None),
                ("POST", "/admin/v1/projections/queue/rebuild", None)]:
            with self.subTest(method=method, path=path):
                self.assert_problem(self.agent7.request(method, path, body), 403)
        self.assertEqual(self.bob.get("/v1/tickets").status, 200, "bob's token must survive")

    def test_revoked_token_401_at_once(self):
        tid, tok = self.create_token("customer", "acme",
                                     {"id": "u-rev", "email": "rev@acme.test", "name": "Rev"})
        c = self.server.client(tok)
        self.assertEqual(c.get("/v1/tickets").status, 200)
        r = self.admin.delete("/admin/v1/tokens/" + tid)
        self.assertEqual(r.status, 204, r)
        self.assertEqual(r.raw, b"")
        self.assert_problem(c.get("/v1/tickets"), 401)
        self.assert_problem(c.post("/v1/tickets", {"subject": "s", "description": "d"}), 401)

    def test_revoked_agent_token_401(self):
        tid, tok = self.create_token("agent", None,
                                     {"id": "agent-x", "email": "ax@support.test", "name": "X"})
        c = self.server.client(tok)
        self.assertEqual(c.get("/admin/v1/tickets").status, 200)
        self.assertEqual(self.admin.delete("/admin/v1/tokens/" + tid).status, 204)
        self.assert_problem(c.get("/admin/v1/tickets"), 401)

    def test_customer_sees_only_own_tickets(self):
        mine = self.open_ticket(self.ann, subject="Ann's")
        bobs = self.open_ticket(self.bob, subject="Bob's")
        ann_ids = {i["id"] for i in self.list_all(self.ann, "/v1/tickets")}
        self.assertIn(mine["id"], ann_ids)
        self.assertNotIn(bobs["id"], ann_ids)
        for i in self.list_all(self.ann, "/v1/tickets"):
            self.assertEqual(i["requester"]["email"], "ann@acme.test")
        r = self.ann.get("/v1/tickets/" + bobs["id"])
        self.assert_problem(r, 404)
        for path, body in [("/messages", {"body": "x"}), ("/close", None),
                           ("/satisfaction", {"rating": 1})]:
            with self.subTest(path=path):
                self.assert_problem(self.ann.post("/v1/tickets/" + bobs["id"] + path, body), 404)
        self.assertEqual(self.admin_ticket(bobs["id"])["version"], bobs["version"])

    def test_customer_admin_sees_whole_tenant(self):
        a = self.open_ticket(self.ann, subject="For carol A")
        b = self.open_ticket(self.bob, subject="For carol B")
        g = self.open_ticket(self.gus, subject="Other tenant")
        ids = {i["id"] for i in self.list_all(self.carol, "/v1/tickets")}
        self.assertTrue({a["id"], b["id"]} <= ids)
        self.assertNotIn(g["id"], ids)
        for i in self.list_all(self.carol, "/v1/tickets"):
            self.assertEqual(i["tenant"], "acme")
        self.assertEqual(self.carol.get("/v1/tickets/" + b["id"]).status, 200)
        r = self.command(self.carol, "/v1/tickets/%s/messages" % b["id"], {"body": "from carol"})
        self.assertEqual(r.body["messages"][-1]["author"]["id"], "u-carol")
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % b["id"], {"status": "resolved"})
        self.command(self.carol, "/v1/tickets/%s/close" % b["id"])
        self.command(self.carol, "/v1/tickets/%s/satisfaction" % b["id"], {"rating": 4})

    def test_bootstrap_admin_token(self):
        r = self.anon.get("/admin/v1/tenants", token=ADMIN_TOKEN)
        self.assertEqual(r.status, 200, r)


if __name__ == "__main__":
    unittest.main()
