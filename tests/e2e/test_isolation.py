"""Tenant isolation: a ticket the caller may not see answers exactly like a
missing one, on every ticket route, by id and by key."""

import unittest

from harness import ServerTestCase, normalize_404


def fake_like(ident):
    """An identifier of the same shape as `ident` that names no ticket."""
    last = ident[-1]
    if last.isdigit():
        repl = "7" if last != "7" else "3"
    elif last.isalpha():
        repl = ("b" if last != "b" else "c") if last.islower() else ("B" if last != "B" else "C")
    else:
        repl = "0"
    return ident[:-1] + repl


ROUTES = [
    ("GET", "/v1/tickets/%s", None),
    ("POST", "/v1/tickets/%s/messages", {"body": "cross tenant"}),
    ("POST", "/v1/tickets/%s/close", None),
    ("POST", "/v1/tickets/%s/satisfaction", {"rating": 1}),
]


class IsolationTest(ServerTestCase):

    def setUp(self):
        # One open and one resolved acme ticket, so that close/satisfaction
        # would be allowed on the latter if the caller could see it.
        self.open_t = self.open_ticket(self.ann, subject="Acme secret", description="acme-only")
        self.res_t = self.open_ticket(self.ann, subject="Acme resolved")
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % self.res_t["id"],
                     {"status": "resolved"})
        self.versions = {t["id"]: self.admin_ticket(t["id"])["version"]
                         for t in (self.open_t, self.res_t)}

    def tearDown(self):
        for tid, v in self.versions.items():
            self.assertEqual(self.admin_ticket(tid)["version"], v, "nothing may be appended")

    def check_hidden(self, client, ticket):
        missing_key = "%s-%d" % (ticket["tenant"], 99999)
        for ident, missing in ((ticket["id"], fake_like(ticket["id"])), (ticket["key"], missing_key)):
            for method, path, body in ROUTES:
                with self.subTest(ident=ident, method=method, path=path):
                    hidden = client.request(method, path % ident, body)
                    absent = client.request(method, path % missing, body)
                    self.assert_problem(absent, 404)
                    self.assert_problem(hidden, 404)
                    self.assertEqual(hidden.content_type, absent.content_type)
                    self.assertEqual(normalize_404(hidden.body, ident),
                                     normalize_404(absent.body, missing))
                    self.assertNotIn("Acme secret", hidden.raw.decode())

    def test_other_tenant_customer(self):
        for t in (self.open_t, self.res_t):
            self.check_hidden(self.gus, t)

    def test_other_tenant_customer_admin(self):
        for t in (self.open_t, self.res_t):
            self.check_hidden(self.gina, t)

    def test_same_tenant_other_customer(self):
        for t in (self.open_t, self.res_t):
            self.check_hidden(self.bob, t)

    def test_other_tenant_lists_do_not_show(self):
        for client in (self.gus, self.gina):
            items = self.list_all(client, "/v1/tickets")
            ids = {i["id"] for i in items}
            self.assertNotIn(self.open_t["id"], ids)
            self.assertNotIn(self.res_t["id"], ids)
            self.assertTrue(all(i["tenant"] == "globex" for i in items), items)

    def test_same_key_number_in_both_tenants(self):
        # globex has its own numbering: globex-N is gus's ticket, acme-N is not his.
        g = self.open_ticket(self.gus, subject="Globex one")
        r = self.gus.get("/v1/tickets/" + g["key"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["id"], g["id"])
        acme_same_number = "acme-%d" % g["number"]
        self.assert_problem(self.gus.get("/v1/tickets/" + acme_same_number), 404)

    def test_admin_routes_see_all_tenants(self):
        for client in (self.agent7, self.admin):
            r = client.get("/admin/v1/tickets/" + self.open_t["key"])
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.body["id"], self.open_t["id"])

    def test_admin_missing_ticket_404(self):
        for method, path, body in [
                ("GET", "/admin/v1/tickets/%s", None),
                ("POST", "/admin/v1/tickets/%s/messages", {"body": "x", "internal": False}),
                ("POST", "/admin/v1/tickets/%s/assign", {"assignee": "agent-7"}),
                ("POST", "/admin/v1/tickets/%s/status", {"status": "resolved"}),
                ("POST", "/admin/v1/tickets/%s/priority", {"priority": "high"}),
                ("POST", "/admin/v1/tickets/%s/category", {"category": "billing"}),
                ("POST", "/admin/v1/tickets/%s/escalate", {"reason": "r"}),
                ("POST", "/admin/v1/tickets/%s/tags", {"add": ["a"], "remove": []}),
                ("POST", "/admin/v1/tickets/%s/merge", {"into": self.open_t["id"]}),
                ("GET", "/admin/v1/tickets/%s/history", None)]:
            for ident in (fake_like(self.open_t["id"]), "acme-99999", "nosuch-1"):
                with self.subTest(path=path, ident=ident):
                    self.assert_problem(self.agent7.request(method, path % ident, body), 404)


if __name__ == "__main__":
    unittest.main()
