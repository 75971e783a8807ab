"""SLA engine end to end: a tenant policy with targets of a few seconds;
a warning comes first, then the breach and the system's escalation; a reply
in time prevents the breach; waiting on the customer pauses the resolution
clock; the views, the queue and the metrics show it all."""

import unittest

from harness import ServerTestCase
from sla_support import (automation_idle, ms, of_type, put_sla, ticket_events, wait_for)

# Targets in seconds. Warnings come at 80%.
POLICIES = {
    "urgent": {"first_response_s": 10, "resolution_s": 3600},
    "medium": {"first_response_s": 5, "resolution_s": 12},
    "high": {"first_response_s": 3600, "resolution_s": 8},
    "low": {"first_response_s": 3600, "resolution_s": 3600},
}


class SlaTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.admin.post("/admin/v1/tenants", {"slug": "fast", "name": "Fast"})
        assert r.status == 201, r
        r = cls.admin.put("/admin/v1/tenants/fast/sla", {"policies": POLICIES})
        assert r.status == 200, r
        _, tok = cls.create_token("customer", "fast",
                                  {"id": "u-fay", "email": "fay@fast.test", "name": "Fay"})
        cls.fay = cls.server.client(tok)

    def breach_of(self, ticket_id, target):
        found = of_type(ticket_events(self, ticket_id), "SlaBreached", target)
        return found[0] if found else None

    def test_warning_comes_first_then_breach_and_escalation(self):
        t = self.open_ticket(self.fay, subject="Site down", priority="urgent")
        due = t["sla"]["first_response_due"]
        self.assertEqual(ms(due) - ms(t["created_at"]), 10000)
        self.assertFalse(t["sla"]["first_response_breached"])
        self.assertFalse(t["sla"]["paused"])

        breach = wait_for(self, "the first-response breach",
                          lambda: self.breach_of(t["id"], "first_response"))
        events = ticket_events(self, t["id"])
        warnings = of_type(events, "SlaWarning", "first_response")
        self.assertEqual(len(warnings), 1, events)
        warning = warnings[0]
        # The warning came at 80% of the target, before the breach.
        self.assertLess(warning["position"], breach["position"])
        self.assertEqual(warning["data"]["due_at"], due)
        self.assertGreaterEqual(ms(warning["occurred_at"]), ms(t["created_at"]) + 8000)
        self.assertLess(ms(warning["occurred_at"]), ms(due))
        # The breach names the instant it fell due and came no earlier.
        self.assertEqual(breach["data"]["due_at"], due)
        self.assertGreaterEqual(ms(breach["occurred_at"]), ms(due))
        # The system escalated the ticket one level, in the same append.
        escalations = of_type(events, "TicketEscalated")
        self.assertEqual(len(escalations), 1, events)
        self.assertEqual(escalations[0]["position"], breach["position"] + 1)
        self.assertEqual(escalations[0]["data"]["level"], 1)
        for e in (warning, breach, escalations[0]):
            self.assertEqual(e["actor"], {"id": "system", "role": "system"}, e)

        view = self.admin_ticket(t["id"])
        self.assertTrue(view["sla"]["first_response_breached"])
        self.assertFalse(view["sla"]["resolution_breached"])
        self.assertEqual(view["escalation_level"], 1)
        self.assertEqual(self.fay.get("/v1/tickets/" + t["id"]).body["sla"],
                         view["sla"])

        # The queue filters on breaches.
        breached = self.list_all(self.admin, "/admin/v1/tickets?tenant=fast&breached=true")
        self.assertIn(t["id"], [i["id"] for i in breached])
        self.assertTrue(all(i["sla"]["first_response_breached"] or i["sla"]["resolution_breached"]
                            for i in breached))
        unbreached = self.list_all(self.admin, "/admin/v1/tickets?tenant=fast&breached=false")
        self.assertNotIn(t["id"], [i["id"] for i in unbreached])

        # A late reply does not count the target twice.
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"],
                     {"body": "Sorry for the wait", "internal": False})
        r = self.admin.get("/admin/v1/metrics?tenant=fast&min_position=%d" %
                           self.anon.get("/healthz").body["log_position"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["sla"]["urgent"], {"met": 0, "breached": 1, "compliance": 0}, r)
        # Nothing more is recorded for that target.
        wait_for(self, "the automation to be idle", lambda: automation_idle(self))
        self.assertEqual(len(of_type(ticket_events(self, t["id"]), "SlaBreached")), 1)

    def test_a_reply_in_time_prevents_the_breach(self):
        t = self.open_ticket(self.fay, subject="Question", priority="medium")
        self.command(self.agent8, "/admin/v1/tickets/%s/messages" % t["id"],
                     {"body": "Looking into it", "internal": False})
        # The resolution target (12 s) falls due after the first response
        # target (5 s): once its breach is recorded, a first-response breach
        # would have been recorded before it.
        resolution = wait_for(self, "the resolution breach",
                              lambda: self.breach_of(t["id"], "resolution"))
        events = ticket_events(self, t["id"])
        self.assertEqual(of_type(events, "SlaBreached", "first_response"), [], events)
        self.assertEqual(of_type(events, "SlaWarning", "first_response"), [], events)
        self.assertEqual(len(of_type(events, "SlaWarning", "resolution")), 1, events)
        self.assertEqual(resolution["data"]["due_at"], t["sla"]["resolution_due"])
        view = self.admin_ticket(t["id"])
        self.assertFalse(view["sla"]["first_response_breached"])
        self.assertTrue(view["sla"]["resolution_breached"])
        r = self.admin.get("/admin/v1/metrics?tenant=fast&min_position=%d" %
                           self.anon.get("/healthz").body["log_position"])
        self.assertEqual(r.body["sla"]["medium"], {"met": 1, "breached": 1, "compliance": 0.5}, r)

    def test_waiting_on_the_customer_pauses_the_resolution_clock(self):
        control = self.open_ticket(self.fay, subject="Control", priority="high")
        t = self.open_ticket(self.fay, subject="Needs info", priority="high")
        r = self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"],
                         {"status": "waiting_on_customer"})
        self.assertTrue(r.body["sla"]["paused"])
        self.assertIsNone(r.body["sla"]["resolution_due"])
        self.assertIsNotNone(r.body["sla"]["first_response_due"])  # that clock never pauses

        # The control ticket's resolution (8 s) breaches; the paused one not.
        wait_for(self, "the control ticket's breach",
                 lambda: self.breach_of(control["id"], "resolution"))
        wait_for(self, "the automation to be idle", lambda: automation_idle(self))
        events = ticket_events(self, t["id"])
        self.assertEqual(of_type(events, "SlaBreached"), [], events)
        self.assertEqual(of_type(events, "SlaWarning"), [], events)
        queued = [i for i in self.list_all(self.admin, "/admin/v1/tickets?tenant=fast&status=waiting_on_customer")
                  if i["id"] == t["id"]]
        self.assertEqual(len(queued), 1)
        self.assertTrue(queued[0]["sla"]["paused"])
        self.assertIsNone(queued[0]["sla"]["resolution_due"])

        # The customer answers: the clock runs again with what was left.
        r = self.command(self.fay, "/v1/tickets/%s/messages" % t["id"], {"body": "Here it is"})
        self.assertEqual(r.body["status"], "open")
        self.assertFalse(r.body["sla"]["paused"])
        changes = of_type(ticket_events(self, t["id"]), "StatusChanged")
        paused_at = ms(changes[0]["occurred_at"])
        resumed_at = ms(changes[1]["occurred_at"])
        used = paused_at - ms(t["created_at"])
        new_due = r.body["sla"]["resolution_due"]
        self.assertEqual(ms(new_due), resumed_at + 8000 - used)
        self.assertGreater(ms(new_due), ms(t["sla"]["resolution_due"]))
        breach = wait_for(self, "the resumed clock's breach",
                          lambda: self.breach_of(t["id"], "resolution"))
        self.assertEqual(breach["data"]["due_at"], new_due)

    def test_the_queue_sorts_by_the_soonest_unmet_due(self):
        a = self.open_ticket(self.fay, subject="Sort a", priority="low")   # due in 1 h
        b = self.open_ticket(self.fay, subject="Sort b", priority="high")  # due in 8 s
        items = self.list_all(self.admin, "/admin/v1/tickets?tenant=fast&sort=due")

        def due(i):
            dues = []
            if i["first_response_at"] is None and i["sla"]["first_response_due"]:
                dues.append(ms(i["sla"]["first_response_due"]))
            if i["status"] not in ("resolved", "closed") and i["sla"]["resolution_due"]:
                dues.append(ms(i["sla"]["resolution_due"]))
            return min(dues) if dues else float("inf")

        keys = [due(i) for i in items]
        self.assertEqual(keys, sorted(keys))
        ids = [i["id"] for i in items]
        self.assertLess(ids.index(b["id"]), ids.index(a["id"]))


if __name__ == "__main__":
    unittest.main()
