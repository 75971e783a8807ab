"""Automations end to end: tenant settings and agents (events, routes,
validation), auto-close of resolved tickets, and auto-assign round-robin
among available agents below their cap. Every automatic action is an event
by the system."""

import unittest

from harness import ServerTestCase
from sla_support import automation_idle, ms, of_type, ticket_events, wait_for

SYSTEM = {"id": "system", "role": "system"}


class AutomationTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for slug in ("closer", "rr"):
            r = cls.admin.post("/admin/v1/tenants", {"slug": slug, "name": slug.title()})
            assert r.status == 201, r
        _, tok = cls.create_token("customer", "rr",
                                  {"id": "u-rita", "email": "rita@rr.test", "name": "Rita"})
        cls.rita = cls.server.client(tok)

    def put_agent(self, agent_id, available, max_open=None):
        body = {"available": available, "max_open": max_open}
        r = self.admin.put("/admin/v1/agents/" + agent_id, body)
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.body["id"], r.body["available"], r.body["max_open"]),
                         (agent_id, available, max_open), r)
        return r.body

    def assigned(self, ticket_id):
        return wait_for(self, "ticket %s to be assigned" % ticket_id,
                        lambda: self.admin_ticket(ticket_id)["assignee"])

    def test_settings_have_defaults_validate_and_are_events(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "plain", "name": "Plain"})
        self.assertEqual(r.body["settings"], {"auto_close_after_s": 259200, "auto_assign": [],
                                             "attachment_types": [], "unverified_mail": "hold",
                                             "language": "en", "brand_color": ""}, r)
        r = self.admin.put("/admin/v1/tenants/plain/settings", {"auto_close_days": 2})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["settings"]["auto_close_after_s"], 172800)
        # Its mail's language and colour; the rest stays as it was.
        r = self.admin.put("/admin/v1/tenants/plain/settings",
                           {"language": "de", "brand_color": "#0F766E"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.body["settings"]["language"], r.body["settings"]["brand_color"],
                          r.body["settings"]["auto_close_after_s"]), ("de", "#0f766e", 172800))
        for bad in ({"language": "fr"}, {"language": 3}):
            self.assert_validation(self.admin.put("/admin/v1/tenants/plain/settings", bad), "language")
        for bad in ("red", "#12345", "#1234567", "#12345g", "<b>", None):
            self.assert_validation(self.admin.put("/admin/v1/tenants/plain/settings",
                                                  {"brand_color": bad}), "brand_color")
        r = self.admin.put("/admin/v1/tenants/plain/settings", {"brand_color": ""})
        self.assertEqual(r.body["settings"]["brand_color"], "", r)
        self.assert_validation(
            self.admin.put("/admin/v1/tenants/plain/settings",
                           {"auto_close_days": 1, "auto_close_after_s": 5}), "auto_close_days")
        self.assert_validation(
            self.admin.put("/admin/v1/tenants/plain/settings", {"auto_close_after_s": -1}),
            "auto_close_after_s")
        self.assert_validation(
            self.admin.put("/admin/v1/tenants/plain/settings", {"auto_assign": ["nope"]}),
            "auto_assign")
        self.assert_problem(self.admin.put("/admin/v1/tenants/nope/settings", {}), 404)
        self.assert_problem(self.agent7.put("/admin/v1/tenants/plain/settings", {}), 403)
        self.assert_validation(self.admin.put("/admin/v1/agents/x", {"max_open": 2}), "available")
        self.assert_validation(self.admin.put("/admin/v1/agents/x", {"available": True, "max_open": 0}),
                               "max_open")
        self.assert_problem(self.admin.get("/admin/v1/agents/never-configured"), 404)
        changed = [e for e in self.all_events() if e["type"] == "TenantSettingsChanged"]
        self.assertEqual(changed[-1]["stream"], "tenants")
        self.assertEqual(changed[-1]["data"]["slug"], "plain")
        self.assertEqual(changed[-1]["data"]["auto_close_after_s"], 172800)

    def test_resolved_tickets_close_after_the_tenant_span(self):
        r = self.admin.put("/admin/v1/tenants/closer/settings", {"auto_close_after_s": 2})
        self.assertEqual(r.status, 200, r)
        t = self.agent_open(self.agent7, "closer", {"email": "cy@closer.test", "name": "Cy"})
        r = self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        resolved_at = ms(r.body["resolved_at"])
        wait_for(self, "the auto-close",
                 lambda: self.admin_ticket(t["id"])["status"] == "closed")
        closes = [e for e in of_type(ticket_events(self, t["id"]), "StatusChanged")
                  if e["data"]["to"] == "closed"]
        self.assertEqual(len(closes), 1)
        self.assertEqual(closes[0]["actor"], SYSTEM)
        self.assertEqual(closes[0]["data"]["reason"], "auto_close")
        self.assertGreaterEqual(ms(closes[0]["occurred_at"]), resolved_at + 2000)
        view = self.admin_ticket(t["id"])
        self.assertGreaterEqual(ms(view["closed_at"]), resolved_at + 2000)

    def test_auto_assign_round_robin_skips_unavailable_and_capped_agents(self):
        self.put_agent("rr-a", True, 1)
        self.put_agent("rr-b", False)
        self.put_agent("rr-c", True)
        self.assertEqual(self.admin.get("/admin/v1/agents/rr-a").body["max_open"], 1)
        r = self.admin.put("/admin/v1/tenants/rr/settings", {"auto_assign": ["technical", "bug"]})
        self.assertEqual(r.body["settings"]["auto_assign"], ["technical", "bug"], r)

        def open_technical(subject):
            return self.open_ticket(self.rita, subject=subject, category="technical")

        t1 = open_technical("one")
        self.assertEqual(self.assigned(t1["id"]), "rr-a")
        billing = self.open_ticket(self.rita, subject="invoice", category="billing")
        t2 = open_technical("two")       # rr-a is at its cap, rr-b unavailable
        self.assertEqual(self.assigned(t2["id"]), "rr-c")
        t3 = open_technical("three")     # round robin wraps: rr-a capped, rr-b away
        self.assertEqual(self.assigned(t3["id"]), "rr-c")
        # Not an auto-assign category: left alone.
        self.assertIsNone(self.admin_ticket(billing["id"])["assignee"])

        # rr-a resolves its ticket and is below its cap again.
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t1["id"], {"status": "resolved"})
        t4 = open_technical("four")
        self.assertEqual(self.assigned(t4["id"]), "rr-a")
        self.put_agent("rr-b", True)
        t5 = open_technical("five")
        self.assertEqual(self.assigned(t5["id"]), "rr-b")

        # Nobody can take one: it waits, and goes to the first agent back.
        for agent in ("rr-a", "rr-b", "rr-c"):
            self.put_agent(agent, False)
        t6 = open_technical("six")
        wait_for(self, "the automation to be idle", lambda: automation_idle(self))
        self.assertIsNone(self.admin_ticket(t6["id"])["assignee"])
        self.assertEqual(self.admin.get("/admin/v1/automation").body["pending_assign"], 1)
        self.put_agent("rr-c", True)
        self.assertEqual(self.assigned(t6["id"]), "rr-c")

        for t in (t2, t3, t4, t5, t6):
            events = ticket_events(self, t["id"])
            assigns = of_type(events, "TicketAssigned")
            self.assertEqual(len(assigns), 1, events)
            self.assertEqual(assigns[0]["actor"], SYSTEM)
            self.assertEqual(self.admin_ticket(t["id"])["status"], "in_progress")
        self.assertEqual(of_type(ticket_events(self, billing["id"]), "TicketAssigned"), [])

        # The agents' workload shows what auto-assign did.
        r = self.admin.get("/admin/v1/agents?min_position=%d" % self.anon.get("/healthz").body["log_position"])
        workload = {a["agent"]: a["open_assigned"] for a in r.body["items"]}
        self.assertEqual(workload.get("rr-c"), 3, r)
        # ... beside each agent's auto-assign setting as last put (null: never
        # configured).
        settings = {a["agent"]: a["auto_assign"] for a in r.body["items"]}
        self.assertEqual(settings["rr-a"], {"available": False, "max_open": None}, r)
        self.assertEqual(settings["rr-c"], {"available": True, "max_open": None}, r)
        self.put_agent("rr-a", True, 4)
        r = self.admin.get("/admin/v1/agents")
        settings = {a["agent"]: a["auto_assign"] for a in r.body["items"]}
        self.assertEqual(settings["rr-a"], {"available": True, "max_open": 4}, r)
        t = self.open_ticket(self.rita, subject="by hand")
        pos = self.command(self.admin, "/admin/v1/tickets/%s/assign" % t["id"],
                           {"assignee": "rr-unconfigured"}).header("X-Log-Position")
        r = self.admin.get("/admin/v1/agents?min_position=%s" % pos)
        settings = {a["agent"]: a["auto_assign"] for a in r.body["items"]}
        self.assertIsNone(settings["rr-unconfigured"], r)


if __name__ == "__main__":
    unittest.main()
