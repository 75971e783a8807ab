"""A due instant that passes while ticketd is down: the breach is recorded
on start, with the instant it fell due, exactly once -- also across a
second restart."""

import unittest

from harness import ServerTestCase
from sla_support import automation_idle, ms, of_type, ticket_events, wait_for, wait_until_ms


class SlaRestartTest(ServerTestCase):

    def test_a_breach_that_fell_due_while_down_is_recorded_once(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "sleepy", "name": "Sleepy"})
        self.assertEqual(r.status, 201, r)
        r = self.admin.put("/admin/v1/tenants/sleepy/sla",
                           {"policies": {"medium": {"first_response_s": 12, "resolution_s": 3600}}})
        self.assertEqual(r.status, 200, r)
        t = self.agent_open(self.agent7, "sleepy",
                            {"email": "sam@sleepy.test", "name": "Sam"}, subject="Overnight")
        due = t["sla"]["first_response_due"]
        # The target is 12 s away and stopping takes at most the harness's
        # 10 s, so the breach falls due while the server is down (the wait
        # below only waits; nothing is decided by the test's clock).
        self.assertEqual(of_type(ticket_events(self, t["id"]), "SlaBreached"), [])
        self.server.stop()
        wait_until_ms(ms(due) + 500)

        self.server.restart()
        breach = wait_for(self, "the breach after the restart",
                          lambda: of_type(ticket_events(self, t["id"]), "SlaBreached"))
        self.assertEqual(len(breach), 1, breach)
        self.assertEqual(breach[0]["data"], {"target": "first_response", "due_at": due})
        self.assertGreater(ms(breach[0]["occurred_at"]), ms(due))
        self.assertEqual(breach[0]["actor"], {"id": "system", "role": "system"})
        # A warning found only after its target fell due is not recorded:
        # the breach says more.
        self.assertEqual(of_type(ticket_events(self, t["id"]), "SlaWarning"), [])
        wait_for(self, "the automation to be idle", lambda: automation_idle(self))
        before = ticket_events(self, t["id"])

        for _ in range(2):
            self.server.restart()
            wait_for(self, "the automation to be idle", lambda: automation_idle(self))
            self.assertEqual(ticket_events(self, t["id"]), before)
        view = self.admin_ticket(t["id"])
        self.assertTrue(view["sla"]["first_response_breached"])
        self.assertEqual(view["escalation_level"], 1)


if __name__ == "__main__":
    unittest.main()
