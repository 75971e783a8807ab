"""Every route against every role and scope: two tenants, A (acme) and B
(globex), each with tickets; tokens for a customer and a customer_admin of
A, an agent scoped to A, a tenant_admin of A, a platform agent and the
platform admin. The routes come from /openapi.json, so a route added
without a row in TABLE fails here; each row says which roles may call the
route (403 for the others), the status of a call on A's resource, and what a
call on B's resource answers (404 exactly like a missing one for a scoped
caller, as for a platform one otherwise). Lists never show anything of B to
a caller scoped to A."""

import json
import unittest

from harness import ServerTestCase, SseStream, normalize_404

A, B = "acme", "globex"
CUSTOMER, CADMIN, AGENT_A, TADMIN_A, AGENT, ADMIN = (
    "customer", "customer_admin", "agent_a", "tenant_admin_a", "agent", "admin")
ROLES = (CUSTOMER, CADMIN, AGENT_A, TADMIN_A, AGENT, ADMIN)
CUSTOMERS = {CUSTOMER, CADMIN}
STAFF = {AGENT_A, TADMIN_A, AGENT, ADMIN}
PLATFORM_STAFF = {AGENT, ADMIN}
TENANT_ADMINS = {TADMIN_A, ADMIN}
PLATFORM_ADMIN = {ADMIN}
ANYONE = set(ROLES)
SCOPED = {AGENT_A, TADMIN_A}
# The wire roles /openapi.json lists (x-roles) for each set of callers.
WIRE = {CUSTOMER: "customer", CADMIN: "customer_admin", AGENT_A: "agent",
        TADMIN_A: "tenant_admin", AGENT: "agent", ADMIN: "admin"}
SECRET = "whsec-e2e-0123456789abcdef"
# A 1 x 1 PNG: a tenant's logo.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")
# The receiving server whose Authentication-Results ticketd believes.
TRUSTED = "mx.matrix.test"

# (method, path) -> (roles allowed, status on A, target kind)
# Target kinds: "ticket" ({id} is a ticket of A or B), "tenant" ({slug}),
# "webhook" ({id} is a webhook of A or B), "open" (the body names A or B),
# "list" (answers A's things only to a scoped caller), "none" (the platform's).
TABLE = {
    ("POST", "/v1/tickets"): (CUSTOMERS, 201, "none"),
    ("GET", "/v1/tickets"): (CUSTOMERS, 200, "list"),
    ("GET", "/v1/tickets/{id}"): (CUSTOMERS, 200, "ticket"),
    ("POST", "/v1/tickets/{id}/messages"): (CUSTOMERS, 200, "ticket"),
    ("POST", "/v1/tickets/{id}/close"): (CUSTOMERS, 200, "ticket"),
    ("POST", "/v1/tickets/{id}/satisfaction"): (CUSTOMERS, 200, "ticket"),
    ("POST", "/admin/v1/tickets"): (STAFF, 201, "open"),
    ("GET", "/admin/v1/tickets"): (STAFF, 200, "list"),
    ("GET", "/admin/v1/tickets/{id}"): (STAFF, 200, "ticket"),
    ("GET", "/admin/v1/tickets/{id}/history"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/messages"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/messages/{message}/accept"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/assign"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/status"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/priority"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/category"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/escalate"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/tags"): (STAFF, 200, "ticket"),
    ("POST", "/admin/v1/tickets/{id}/merge"): (STAFF, 200, "ticket"),
    ("POST", "/v1/attachments"): (CUSTOMERS, 201, "none"),
    ("POST", "/admin/v1/attachments"): (STAFF, 201, "none"),
    ("GET", "/v1/tickets/{id}/attachments/{attachment}"): (CUSTOMERS, 200, "ticket"),
    ("GET", "/admin/v1/tickets/{id}/attachments/{attachment}"): (STAFF, 200, "ticket"),
    ("GET", "/admin/v1/metrics"): (STAFF, 200, "list"),
    ("GET", "/admin/v1/agents"): (PLATFORM_STAFF, 200, "none"),
    ("GET", "/admin/v1/agents/{id}"): (PLATFORM_STAFF, 200, "none"),
    ("PUT", "/admin/v1/agents/{id}"): (PLATFORM_ADMIN, 200, "none"),
    ("GET", "/admin/v1/automation"): (PLATFORM_STAFF, 200, "none"),
    ("GET", "/admin/v1/events"): (STAFF, 200, "list"),
    ("GET", "/admin/v1/events/stream"): (STAFF, 200, "list"),
    ("GET", "/v1/events/stream"): (CUSTOMERS, 200, "list"),
    ("POST", "/admin/v1/tenants"): (PLATFORM_ADMIN, 201, "none"),
    ("GET", "/admin/v1/tenants"): (STAFF, 200, "list"),
    ("GET", "/admin/v1/tenants/{slug}"): (STAFF, 200, "tenant"),
    ("PUT", "/admin/v1/tenants/{slug}/sla"): (TENANT_ADMINS, 200, "tenant"),
    ("PUT", "/admin/v1/tenants/{slug}/settings"): (TENANT_ADMINS, 200, "tenant"),
    ("PUT", "/admin/v1/tenants/{slug}/logo"): (TENANT_ADMINS, 200, "tenant"),
    ("DELETE", "/admin/v1/tenants/{slug}/logo"): (TENANT_ADMINS, 200, "tenant"),
    # A tenant's logo is public: mail clients fetch it (tests/e2e/test_tenant_logo.py).
    ("GET", "/v1/tenants/{slug}/logo"): (None, 200, "none"),
    ("GET", "/v1/tenant"): (CUSTOMERS, 200, "none"),
    ("POST", "/admin/v1/tokens"): (PLATFORM_ADMIN, 201, "none"),
    ("GET", "/admin/v1/tokens"): (PLATFORM_ADMIN, 200, "none"),
    ("GET", "/admin/v1/audit"): (PLATFORM_ADMIN, 200, "none"),
    ("POST", "/admin/v1/audit/verify"): (PLATFORM_ADMIN, 202, "none"),
    ("DELETE", "/admin/v1/tokens/{id}"): (PLATFORM_ADMIN, 204, "none"),
    ("POST", "/admin/v1/projections/{name}/rebuild"): (PLATFORM_ADMIN, 202, "none"),
    ("POST", "/admin/v1/inbound/email"): (PLATFORM_ADMIN, 201, "none"),
    ("POST", "/admin/v1/webhooks"): (TENANT_ADMINS, 201, "open"),
    ("GET", "/admin/v1/webhooks"): (TENANT_ADMINS, 200, "list"),
    ("DELETE", "/admin/v1/webhooks/{id}"): (TENANT_ADMINS, 204, "webhook"),
    ("GET", "/admin/v1/webhooks/{id}/deliveries"): (TENANT_ADMINS, 200, "webhook"),
    ("POST", "/admin/v1/accounts"): (TENANT_ADMINS, 201, "open"),
    ("GET", "/admin/v1/accounts"): (TENANT_ADMINS, 200, "list"),
    ("GET", "/admin/v1/accounts/{id}"): (TENANT_ADMINS, 200, "account"),
    ("PATCH", "/admin/v1/accounts/{id}"): (TENANT_ADMINS, 200, "account"),
    ("POST", "/admin/v1/accounts/{id}/disable"): (TENANT_ADMINS, 200, "account"),
    ("POST", "/admin/v1/accounts/{id}/enable"): (TENANT_ADMINS, 200, "account"),
    ("POST", "/admin/v1/accounts/{id}/revoke-sessions"): (TENANT_ADMINS, 200, "account"),
    ("POST", "/admin/v1/accounts/{id}/invitation"): (TENANT_ADMINS, 201, "account"),
    # Signing in needs no credential (tests/e2e/test_people.py tries them).
    ("POST", "/auth/sign-in"): (None, 200, "none"),
    ("POST", "/auth/magic-link"): (None, 202, "none"),
    ("POST", "/auth/magic-link/redeem"): (None, 200, "none"),
    ("POST", "/auth/password-reset"): (None, 202, "none"),
    ("POST", "/auth/password-reset/redeem"): (None, 200, "none"),
    ("POST", "/auth/invitation/accept"): (None, 200, "none"),
    # One's own: every role. The matrix's callers are machine tokens, which
    # belong to no account: they have no sessions, password or personal
    # tokens (404), but a session-less sign-out is fine.
    ("GET", "/auth/me"): (ANYONE, 200, "none"),
    ("POST", "/auth/sign-out"): (ANYONE, 204, "none"),
    ("GET", "/auth/sessions"): (ANYONE, 404, "none"),
    ("DELETE", "/auth/sessions"): (ANYONE, 404, "none"),
    ("DELETE", "/auth/sessions/{id}"): (ANYONE, 404, "none"),
    ("POST", "/auth/password"): (ANYONE, 404, "none"),
    ("PATCH", "/auth/me"): (ANYONE, 404, "none"),
    ("POST", "/auth/tokens"): (ANYONE, 404, "none"),
    ("GET", "/auth/tokens"): (ANYONE, 404, "none"),
    ("DELETE", "/auth/tokens/{id}"): (ANYONE, 404, "none"),
    # Alert preferences are staff's own (a token holder's too); the
    # unsubscribe link's token is its only authority (none here: 404).
    ("GET", "/auth/notifications"): (STAFF, 200, "none"),
    ("PUT", "/auth/notifications"): (STAFF, 200, "none"),
    ("GET", "/v1/unsubscribe"): (None, 404, "none"),
    ("POST", "/v1/unsubscribe"): (None, 404, "none"),
    ("GET", "/healthz"): (None, 200, "none"),
    ("GET", "/metrics"): (None, 200, "none"),
    ("GET", "/openapi.json"): (None, 200, "none"),
}

# Bodies of the routes that take one; "{tenant}" is replaced by A or B.
BODIES = {
    ("POST", "/v1/tickets"): {"subject": "Matrix", "description": "from the matrix"},
    ("POST", "/v1/tickets/{id}/messages"): {"body": "a reply"},
    ("POST", "/v1/tickets/{id}/satisfaction"): {"rating": 5},
    ("POST", "/admin/v1/tickets"): {"tenant": "{tenant}", "subject": "Phone",
                                    "description": "called in",
                                    "requester": {"email": "zed@x.test", "name": "Zed"}},
    ("POST", "/admin/v1/tickets/{id}/messages"): {"body": "note", "internal": True},
    ("POST", "/admin/v1/tickets/{id}/assign"): {"assignee": "agent-7"},
    ("POST", "/admin/v1/tickets/{id}/status"): {"status": "on_hold"},
    ("POST", "/admin/v1/tickets/{id}/priority"): {"priority": "urgent"},
    ("POST", "/admin/v1/tickets/{id}/category"): {"category": "bug"},
    ("POST", "/admin/v1/tickets/{id}/escalate"): {"reason": "matrix"},
    ("POST", "/admin/v1/tickets/{id}/tags"): {"add": ["matrix"]},
    ("PUT", "/admin/v1/agents/{id}"): {"available": True},
    ("PUT", "/admin/v1/tenants/{slug}/sla"): {"policies": {"urgent": {"first_response_s": 600,
                                                                      "resolution_s": 7200}}},
    ("PUT", "/admin/v1/tenants/{slug}/settings"): {"auto_close_days": 5},
    ("PUT", "/auth/notifications"): {"kinds": {"new_ticket": "immediately"}},
    ("PATCH", "/auth/me"): {"language": "de"},
    ("PATCH", "/admin/v1/accounts/{id}"): {"name": "Renamed"},
    ("POST", "/admin/v1/webhooks"): {"url": "http://127.0.0.1:9/hook", "events": ["*"],
                                     "tenant": "{tenant}", "secret": SECRET},
}


def fill(body, tenant):
    if isinstance(body, dict):
        return {k: fill(v, tenant) for k, v in body.items()}
    return tenant if body == "{tenant}" else body


class RoleMatrixTest(ServerTestCase):
    # The webhooks it creates name a loopback port (never delivered to).
    server_args = ("--outbound-allow", "127.0.0.1:9", "--mail-authserv-id", TRUSTED)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.callers = {CUSTOMER: cls.ann, CADMIN: cls.carol, AGENT: cls.agent7, ADMIN: cls.admin}
        for name, role, user in ((AGENT_A, "agent", "agent-a"),
                                 (TADMIN_A, "tenant_admin", "tadmin-a")):
            r = cls.admin.post("/admin/v1/tokens", {
                "role": role, "scope": [A],
                "user": {"id": user, "email": user + "@support.test", "name": user}})
            assert r.status == 201 and r.body["scope"] == [A], r
            cls.callers[name] = cls.server.client(r.body["token"])
        # Each tenant has tickets (and an internal note) before any route is tried.
        for client, tenant in ((cls.ann, A), (cls.gus, B)):
            for n in range(3):
                r = client.post("/v1/tickets", {"subject": "Seed %s %d" % (tenant, n),
                                                "description": "seed"})
                assert r.status == 201, r
                r = cls.admin.post("/admin/v1/tickets/%s/messages" % r.body["id"],
                                   {"body": "secret of " + tenant, "internal": True})
                assert r.status == 200, r
        r = cls.admin.put("/admin/v1/agents/agent-7", {"available": True})
        assert r.status == 200, r

    # --- fixtures

    def ticket(self, tenant, status=None):
        """A fresh ticket of `tenant` opened by its customer (ann or gus)."""
        t = self.open_ticket(self.ann if tenant == A else self.gus, subject="Matrix " + tenant)
        if status == "resolved":
            self.command(self.admin, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        return t

    def webhook(self, tenant):
        r = self.admin.post("/admin/v1/webhooks", {"url": "http://127.0.0.1:9/h", "events": ["*"],
                                                   "tenant": tenant, "secret": SECRET})
        self.assertEqual(r.status, 201, r)
        return r.body["id"]

    def account(self, tenant, disabled=False):
        """A fresh invited customer account of `tenant`."""
        self._acc = getattr(self, "_acc", 0) + 1
        r = self.admin.post("/admin/v1/accounts", {"email": "acc%d@%s.test" % (self._acc, tenant),
                                                   "role": "customer", "tenant": tenant})
        self.assertEqual(r.status, 201, r)
        if disabled:
            d = self.admin.post("/admin/v1/accounts/%s/disable" % r.body["account"]["id"])
            self.assertEqual(d.status, 200, d)
        return r.body["account"]["id"]

    def held_mail(self, ticket, tenant):
        """The id of a reply by mail to `ticket` whose sender failed DMARC."""
        sender = "Ann <ann@acme.test>" if tenant == A else "Gus <gus@globex.test>"
        raw = ("Authentication-Results: %s; dmarc=fail\r\nFrom: %s\r\nTo: support@help.test\r\n"
               "Subject: Re: [%s] Matrix\r\nMessage-ID: <held-%s@matrix.test>\r\n\r\n"
               "Held words\r\n" % (TRUSTED, sender, ticket["key"], ticket["id"])).encode()
        r = self.admin.post("/admin/v1/inbound/email", raw,
                            headers={"Content-Type": "message/rfc822"})
        self.assertEqual(r.status, 200, r)
        held = self.admin_ticket(ticket["id"])["messages"][-1]
        self.assertIn("held", held)
        return held["id"]

    def target(self, method, pattern, tenant):
        """The path and body of one call of the route on `tenant`'s resource."""
        path = pattern
        body = fill(BODIES.get((method, pattern)), tenant)
        if "{id}" in pattern and pattern.startswith(("/v1/tickets", "/admin/v1/tickets")):
            resolved = pattern.endswith(("/close", "/satisfaction"))
            t = self.ticket(tenant, "resolved" if resolved else None)
            path = pattern.replace("{id}", t["key"] if tenant == B else t["id"])
            if pattern.endswith("/merge"):
                body = {"into": self.ticket(tenant)["id"]}
            if "{attachment}" in pattern:  # a public reply's file on that ticket
                up = self.admin.post("/admin/v1/attachments?tenant=%s&name=m.txt" % tenant,
                                     b"matrix file", headers={"Content-Type": "text/plain"})
                self.admin.post("/admin/v1/tickets/%s/messages" % t["id"],
                                {"body": "a file", "attachments": [up.body["id"]]})
                path = path.replace("{attachment}", up.body["id"])
            if "{message}" in pattern:  # a reply by mail held on that ticket
                path = path.replace("{message}", self.held_mail(t, tenant))
        elif pattern in ("/v1/attachments", "/admin/v1/attachments"):
            path += ("?tenant=%s&" % tenant if pattern.startswith("/admin") else "?") + "name=m.txt"
            body = b"matrix upload"
        elif pattern == "/admin/v1/tenants/{slug}/logo":
            body = PNG
            if method == "DELETE":  # there is one to remove
                r = self.admin.put("/admin/v1/tenants/%s/logo" % tenant, PNG,
                                   headers={"Content-Type": "image/png"})
                self.assertIn(r.status, (200, 404), r)  # 404: no such tenant
                body = None
        elif pattern.startswith("/admin/v1/accounts/{id}"):
            path = pattern.replace("{id}", self.account(tenant, pattern.endswith("/enable")))
        elif pattern == "/admin/v1/accounts":
            self._acc = getattr(self, "_acc", 0) + 1
            body = {"email": "new%d@x.test" % self._acc, "role": "customer", "tenant": tenant}
        elif pattern.startswith("/admin/v1/webhooks/{id}"):
            path = pattern.replace("{id}", self.webhook(tenant))
        elif pattern == "/admin/v1/tokens/{id}":
            r = self.admin.post("/admin/v1/tokens", {"role": "agent", "user": {"id": "throwaway"}})
            path = pattern.replace("{id}", r.body["id"])
        elif pattern == "/admin/v1/tenants" and method == "POST":
            self._n = getattr(self, "_n", 0) + 1
            body = {"slug": "matrix-%d" % self._n, "name": "Matrix"}
        elif pattern == "/admin/v1/tokens" and method == "POST":
            body = {"role": "customer", "tenant": tenant,
                    "user": {"id": "u-m", "email": "m@%s.test" % tenant, "name": "M"}}
        elif pattern == "/admin/v1/inbound/email":
            self._mail = getattr(self, "_mail", 0) + 1
            body = ("Authentication-Results: %s; dmarc=pass\r\n" % TRUSTED +
                    "From: Ann <ann@acme.test>\r\nTo: support+acme@help.test\r\n"
                    "Subject: By mail %d\r\nMessage-ID: <matrix-%d@acme.test>\r\n\r\n"
                    "Hello by mail\r\n" % (self._mail, self._mail)).encode()
        path = path.replace("{slug}", tenant).replace("{id}", "agent-7")
        path = path.replace("{name}", "queue")
        return path, body

    def call(self, client, method, path, body):
        headers = None
        if path == "/admin/v1/inbound/email":
            headers = {"Content-Type": "message/rfc822"}
        if "/attachments?" in path:
            headers = {"Content-Type": "application/octet-stream"}
        if path.endswith("/logo") and method == "PUT":
            headers = {"Content-Type": "image/png"}
        if path.endswith("/events/stream"):
            with SseStream(client.port, path, client.token, timeout=5) as s:
                return s.status, s
        return client.request(method, path, body, headers=headers), None

    # --- the matrix

    def routes(self):
        r = self.anon.get("/openapi.json")
        self.assertEqual(r.status, 200, r)
        out = {}
        for path, ops in r.body["paths"].items():
            for method, op in ops.items():
                out[(method.upper(), path)] = op
        return out

    def test_every_route_has_a_row_and_openapi_names_its_roles(self):
        routes = self.routes()
        self.assertEqual(sorted(set(routes) - set(TABLE)), [], "routes missing from TABLE")
        self.assertEqual(sorted(set(TABLE) - set(routes)), [], "rows for no route")
        for key, op in routes.items():
            allowed, _, _ = TABLE[key]
            with self.subTest(route=key):
                if allowed is None:
                    self.assertNotIn("x-roles", op)
                    continue
                self.assertEqual(sorted(op["x-roles"]), sorted({WIRE[r] for r in allowed}))
                self.assertEqual(op["x-platform-only"], allowed in (PLATFORM_STAFF, PLATFORM_ADMIN))

    def test_every_role_on_every_route(self):
        for (method, pattern), (allowed, ok, kind) in sorted(TABLE.items()):
            if allowed is None:
                continue
            for role in ROLES:
                client = self.callers[role]
                with self.subTest(route=(method, pattern), role=role):
                    path, body = self.target(method, pattern, A)
                    r, stream = self.call(client, method, path, body)
                    status = r if stream else r.status
                    if role not in allowed:
                        self.assertEqual(status, 403, r)
                        if not stream:
                            self.assert_problem(r, 403)
                        continue
                    self.assertEqual(status, ok, r)
                    if kind in ("ticket", "tenant", "webhook", "account", "open"):
                        self.check_other_tenant(client, role, method, pattern, kind, ok)
                    if kind == "list":
                        self.check_list(client, role, method, path, r, stream)

    def check_other_tenant(self, client, role, method, pattern, kind, ok):
        path, body = self.target(method, pattern, B)
        r = client.request(method, path, body)
        scoped_out = role in SCOPED or role in CUSTOMERS
        if not scoped_out:
            self.assertEqual(r.status, ok, r)
            return
        if kind == "open":  # a tenant out of scope answers as an unknown one
            self.assert_validation(r, "tenant")
            unknown = client.request(method, path, self.target(method, pattern, "no-such")[1]
                                     if pattern == "/admin/v1/accounts"
                                     else fill(BODIES[(method, pattern)], "no-such"))
            self.assertEqual(r.body, unknown.body)
            return
        self.assert_problem(r, 404)
        missing = path.replace("globex-", "globex-9999").replace("/" + B, "/no-such")
        if kind in ("webhook", "account"):
            missing = path.replace(path.split("/")[4], "wh_missing" if kind == "webhook" else "acc_0")
        absent = client.request(method, missing, body)
        self.assert_problem(absent, 404)
        if kind == "ticket":
            ident = path.split("/")[4 if path.startswith("/admin") else 3]
            self.assertEqual(normalize_404(r.body, ident),
                             normalize_404(absent.body, missing.split("/")[4 if path.startswith(
                                 "/admin") else 3]))
        else:
            self.assertEqual(r.body, absent.body)

    def check_list(self, client, role, method, path, r, stream):
        """A caller scoped to A (or a customer of A) sees nothing of B."""
        if role not in SCOPED and role not in CUSTOMERS:
            return
        if stream is not None:
            with SseStream(client.port, path, client.token, timeout=5) as s:
                seen = s.events(10000, timeout=2)
            self.assertTrue(seen, "a scoped stream still sends its tenant's events")
            if path == "/v1/events/stream":
                # Which tickets changed, each one the customer may read.
                for ev in seen:
                    self.assertEqual(ev["event"], "ticket", ev)
                    ticket = json.loads(ev["data"])["ticket_id"]
                    self.assertEqual(client.get("/v1/tickets/" + ticket).status, 200, ev)
                return
            for ev in seen:
                self.assertIn('"tenant":"acme"', ev["data"].replace(" ", ""), ev)
                self.assertIn('"stream":"ticket-', ev["data"].replace(" ", ""), ev)
            return
        text = r.raw.decode()
        self.assertNotIn("globex", text, path)
        if path == "/admin/v1/events":
            self.assertTrue(r.body["items"])
            self.assertTrue(all(e["tenant"] == A and e["stream"].startswith("ticket-")
                                for e in r.body["items"]))
            self.assertGreater(r.body["next_after"], 0)
        if path == "/admin/v1/tickets":
            self.assertTrue(r.body["items"])
            other = client.get("/admin/v1/tickets?tenant=" + B)
            self.assertEqual(other.status, 200, other)
            self.assertEqual(other.body["items"], [])
        if path == "/admin/v1/metrics":
            other = client.get("/admin/v1/metrics?tenant=" + B)
            unknown = client.get("/admin/v1/metrics?tenant=no-such")
            self.assertEqual(other.status, 200, other)
            self.assertEqual(other.body, unknown.body)
        if path == "/admin/v1/tenants":
            self.assertEqual([t["slug"] for t in r.body["items"]], [A])
        if path == "/admin/v1/webhooks":
            self.assertTrue(all(h["tenant"] == A for h in r.body["items"]))


class TokenScopeTest(ServerTestCase):

    def test_scope_is_checked_and_shown(self):
        user = {"id": "u-s", "email": "s@support.test", "name": "S"}
        for body in ({"role": "agent", "scope": ["no-such"], "user": user},
                     {"role": "customer", "tenant": A, "scope": [A],
                      "user": {"id": "c", "email": "c@acme.test"}},
                     {"role": "tenant_admin", "user": user},
                     {"role": "tenant_admin", "scope": [], "user": user}):
            with self.subTest(body=body):
                self.assert_validation(self.admin.post("/admin/v1/tokens", body), "scope")
        r = self.admin.post("/admin/v1/tokens", {"role": "agent", "scope": [B, A, A], "user": user})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["scope"], [A, B])
        r = self.admin.post("/admin/v1/tokens", {"role": "agent", "user": user})
        self.assertEqual(r.body["scope"], [])
        self.assertNotIn("scope", self.admin.post("/admin/v1/tokens", {
            "role": "customer", "tenant": A, "user": {"id": "c", "email": "c@acme.test"}}).body)

    def test_a_scoped_admin_is_no_platform_admin(self):
        r = self.admin.post("/admin/v1/tokens", {"role": "admin", "scope": [A],
                                                 "user": {"id": "sa", "name": "SA"}})
        scoped = self.server.client(r.body["token"])
        self.assert_problem(scoped.post("/admin/v1/tokens", {"role": "admin", "user": {"id": "x"}}),
                            403)
        self.assert_problem(scoped.post("/admin/v1/tenants", {"slug": "x", "name": "X"}), 403)
        self.assertEqual(scoped.get("/admin/v1/tenants/" + A).status, 200)
        self.assert_problem(scoped.get("/admin/v1/tenants/" + B), 404)

    def test_revoking_a_scoped_token_ends_its_stream(self):
        r = self.admin.post("/admin/v1/tokens", {"role": "agent", "scope": [A],
                                                 "user": {"id": "sx", "name": "SX"}})
        token, tid = r.body["token"], r.body["id"]
        with SseStream(self.server.port, "/admin/v1/events/stream", token, timeout=5) as s:
            self.assertEqual(s.status, 200)
            t = self.open_ticket(self.ann)
            seen = s.events(2, timeout=5)  # TicketOpened, MessagePosted
            self.assertEqual([e["event"] for e in seen], ["TicketOpened", "MessagePosted"])
            self.assertIn(t["id"], seen[0]["data"])
            self.assertEqual(self.admin.delete("/admin/v1/tokens/" + tid).status, 204)
            self.open_ticket(self.ann)
            self.assertIsNone(s.next_event(timeout=3))


if __name__ == "__main__":
    unittest.main()
