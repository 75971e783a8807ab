"""Staff alert preferences end to end: GET/PUT /auth/notifications, `off`
sends nothing of that kind (and changes nothing for the customer's mail),
`digest` collects alerts into one mail per period (--digest-period-seconds,
short here) that survives a SIGKILL in between and holds only the tenants
a scoped member reaches (turning a kind off drops that kind's alerts not
yet mailed, and a member whose token is revoked gets none), and every staff
alert carries List-Unsubscribe
whose one-click POST (/v1/unsubscribe) turns that kind off; a forged token
is refused, and no token is in the exported log.

Run: TICKETD_BIN=build/api/ticketd python3 -m unittest -v test_notification_prefs
"""

import json
import os
import re
import subprocess
import time
import unittest
import urllib.parse

from smtp_sink import MailTestCase

PUBLIC_URL = "https://help.acme.test"
PERIOD_S = 8
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def to_addr(msg):
    return msg["To"].addresses[0].addr_spec if msg["To"].addresses else ""


def text_of(msg):
    return msg.get_body(preferencelist=("plain",)).get_content()


class NotificationPrefsTest(MailTestCase):
    mail_args = ("--public-url", PUBLIC_URL, "--digest-period-seconds", str(PERIOD_S),
                 "--notify-retry-ms", "100", "--notify-retry-max-ms", "300")

    def staff(self, user_id, scope=None):
        """An agent of its own (platform-wide, or within `scope`), so each
        test's preferences are its own."""
        body = {"role": "agent", "user": {"id": user_id, "email": user_id + "@support.test",
                                          "name": user_id.title()}}
        if scope:
            body["scope"] = scope
        r = self.admin.post("/admin/v1/tokens", body)
        self.assertEqual(r.status, 201, r)
        return self.server.client(r.body["token"])

    def exported_log(self):
        """The whole log as `ticketctl export` writes it."""
        ctl = os.environ.get("TICKETCTL_BIN")
        self.assertTrue(ctl and os.path.exists(ctl), "TICKETCTL_BIN")
        return subprocess.run([ctl, "--data", self.server.data_dir, "export"],
                              capture_output=True, check=True).stdout

    def set_prefs(self, client, kinds, expect=200):
        r = client.put("/auth/notifications", {"kinds": kinds})
        self.assertEqual(r.status, expect, r)
        return r

    def queued(self, source_ids, email):
        """The NotificationQueued events for `email` caused by these events."""
        return [e["data"] for e in self.all_events()
                if e["type"] == "NotificationQueued" and e["data"].get("source_event_id") in source_ids
                and e["data"].get("to", {}).get("email") == email]

    def ticket_event_ids(self, tid):
        return {e["event_id"] for e in self.all_events() if e["stream"] == "ticket-" + tid}

    def test_defaults_validation_and_who_may(self):
        me = self.staff("agent-val")
        r = me.get("/auth/notifications")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["staff_id"], "agent-val")
        self.assertEqual(r.body["digest_period_seconds"], PERIOD_S)
        self.assertEqual(set(r.body["kinds"].values()), {"immediately"})
        self.assert_validation(me.put("/auth/notifications", {"kinds": {"sla_warning": "weekly"}}),
                               "kinds.sla_warning")
        self.assert_validation(me.put("/auth/notifications", {"kinds": {"mentions": "off"}}),
                               "kinds.mentions")
        self.assert_validation(me.put("/auth/notifications", {}), "kinds")
        r = self.set_prefs(me, {"sla_breached": "digest"})
        self.assertEqual(r.body["kinds"]["sla_breached"], "digest")
        self.assertEqual(r.body["kinds"]["new_ticket"], "immediately")
        self.assertEqual(me.get("/auth/notifications").body["kinds"]["sla_breached"], "digest")
        self.assert_problem(self.ann.get("/auth/notifications"), 403)
        changed = [e for e in self.all_events() if e["type"] == "AlertPreferencesChanged"
                   and e["data"]["staff"] == "agent-val"]
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed[0]["data"]["via"], "api")

    def test_off_sends_nothing_of_that_kind(self):
        me = self.staff("agent-off")
        self.set_prefs(me, {k: "off" for k in ("new_ticket", "assigned", "customer_reply",
                                               "sla_warning", "sla_breached")})
        t = self.open_ticket(self.ann, subject="Nobody off hears this")
        # agent-7 still hears of it: its alert was decided with agent-off's;
        # and the customer's own mail is no staff alert, which `off` never stops.
        self.wait_mail(lambda m: to_addr(m) == "a7@support.test"
                       and "Nobody off hears this" in m["Subject"])
        self.wait_mail(lambda m: to_addr(m) == "ann@acme.test"
                       and "Nobody off hears this" in m["Subject"])
        # Assigned to them by another: still nothing; the customer hears of the reply.
        self.command(self.agent7, "/admin/v1/tickets/%s/assign" % t["id"],
                     {"assignee": "agent-off"})
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"],
                     {"body": "We are on it", "internal": False})
        self.wait_mail(lambda m: to_addr(m) == "ann@acme.test" and "We are on it" in text_of(m))
        self.assertEqual(self.queued(self.ticket_event_ids(t["id"]), "agent-off@support.test"), [])
        self.assertFalse([m for m in self.smtp.messages()
                          if to_addr(m) == "agent-off@support.test"])

    def digests_queued(self, email):
        return [e["data"] for e in self.all_events() if e["type"] == "NotificationQueued"
                and e["data"].get("kind") == "digest" and e["data"]["to"]["email"] == email]

    def test_digest_is_one_mail_per_period_across_a_crash(self):
        me = self.staff("agent-dig")
        self.set_prefs(me, {"new_ticket": "digest"})
        # Scoped to globex: acme's tickets never reach its digest.
        glob = self.staff("agent-glob", scope=["globex"])
        self.set_prefs(glob, {"new_ticket": "digest"})
        # Start early in a period, so the crash falls before its end.
        while time.time() % PERIOD_S > 1.0:
            time.sleep(0.05)
        a = self.open_ticket(self.ann, subject="Digest item one")
        b = self.open_ticket(self.bob, subject="Digest item two")
        g = self.open_ticket(self.gus, subject="Digest item globex")
        sources = (self.ticket_event_ids(a["id"]) | self.ticket_event_ids(b["id"])
                   | self.ticket_event_ids(g["id"]))
        deadline = time.monotonic() + 20
        while len([q for q in self.queued(sources, "agent-dig@support.test")
                   if q["channel"] == "digest"]) < 3:
            self.assertLess(time.monotonic(), deadline, "the alerts were not collected")
            time.sleep(0.1)
        # The period has not ended: nothing was mailed, no digest decided.
        self.assertEqual(self.digests_queued("agent-dig@support.test"), [])
        self.assertFalse([m for m in self.smtp.messages()
                          if to_addr(m) == "agent-dig@support.test"])
        self.server.crash_restart()
        digests = self.wait_mail(lambda m: to_addr(m) == "agent-dig@support.test",
                                 timeout=PERIOD_S * 3)
        self.assertEqual(len(digests), 1)
        body = text_of(digests[0])
        for t in (a, b, g):
            self.assertIn(t["key"], body)
        self.assertIn(PUBLIC_URL + "/tickets/" + a["key"], body)
        self.assertIn("3 alerts", digests[0]["Subject"])
        self.assertTrue(digests[0]["List-Unsubscribe"].startswith("<" + PUBLIC_URL))
        glob_digest = self.wait_mail(lambda m: to_addr(m) == "agent-glob@support.test")
        self.assertIn(g["key"], text_of(glob_digest[0]))
        self.assertIn("1 alert", glob_digest[0]["Subject"])
        for t in (a, b):
            self.assertNotIn(t["key"], text_of(glob_digest[0]))
            self.assertNotIn(t["key"], glob_digest[0].get_body(("html",)).get_content())
        # A whole period later there is still one mail, and no alert went alone.
        time.sleep(PERIOD_S + 2)
        for who, items in (("agent-dig@support.test", 3), ("agent-glob@support.test", 1)):
            self.assertEqual(len([m for m in self.smtp.messages() if to_addr(m) == who]), 1, who)
            queued = self.digests_queued(who)
            self.assertEqual(len(queued), 1, who)
            self.assertEqual(len(queued[0]["items"]), items, who)

    def test_turning_a_kind_off_drops_what_the_digest_collected(self):
        me = self.staff("agent-drop")
        self.set_prefs(me, {"new_ticket": "digest", "assigned": "digest"})
        while time.time() % PERIOD_S > 1.0:
            time.sleep(0.05)
        t = self.open_ticket(self.ann, subject="Collected then dropped")
        self.command(self.agent7, "/admin/v1/tickets/%s/assign" % t["id"],
                     {"assignee": "agent-drop"})
        sources = self.ticket_event_ids(t["id"])
        deadline = time.monotonic() + 20
        while len([q for q in self.queued(sources, "agent-drop@support.test")
                   if q["channel"] == "digest"]) < 2:
            self.assertLess(time.monotonic(), deadline, "the alerts were not collected")
            time.sleep(0.1)
        # Before the period ends the member turns new tickets off: the alert
        # already collected goes too; the assignment stays in the digest.
        self.set_prefs(me, {"new_ticket": "off", "assigned": "digest"})
        self.assertEqual(self.digests_queued("agent-drop@support.test"), [])
        digest = self.wait_mail(lambda m: to_addr(m) == "agent-drop@support.test",
                                timeout=PERIOD_S * 3)[0]
        self.assertIn("1 alert", digest["Subject"])
        queued = self.digests_queued("agent-drop@support.test")
        self.assertEqual(len(queued), 1)
        self.assertEqual(len(queued[0]["items"]), 1)
        # After a restart the log is folded again: the dropped alert stays
        # dropped and nothing more is mailed.
        self.server.crash_restart()
        time.sleep(PERIOD_S + 2)
        self.assertEqual(len(self.digests_queued("agent-drop@support.test")), 1)
        self.assertEqual(len([m for m in self.smtp.messages()
                              if to_addr(m) == "agent-drop@support.test"]), 1)

    def test_a_member_who_left_gets_no_digest(self):
        r = self.admin.post("/admin/v1/tokens", {"role": "agent", "user": {
            "id": "agent-left", "email": "agent-left@support.test", "name": "Left"}})
        self.assertEqual(r.status, 201, r)
        me = self.server.client(r.body["token"])
        self.set_prefs(me, {"new_ticket": "digest"})
        stays = self.staff("agent-stays")
        self.set_prefs(stays, {"new_ticket": "digest"})
        while time.time() % PERIOD_S > 1.0:
            time.sleep(0.05)
        t = self.open_ticket(self.ann, subject="Collected for one who leaves")
        sources = self.ticket_event_ids(t["id"])
        deadline = time.monotonic() + 20
        while not (self.queued(sources, "agent-left@support.test")
                   and self.queued(sources, "agent-stays@support.test")):
            self.assertLess(time.monotonic(), deadline, "the alerts were not collected")
            time.sleep(0.1)
        # Their token is revoked before the period ends: what was collected
        # for them is never mailed (ticket subjects to one who left).
        self.assertIn(self.admin.delete("/admin/v1/tokens/" + r.body["id"]).status, (200, 204))
        self.wait_mail(lambda m: to_addr(m) == "agent-stays@support.test", timeout=PERIOD_S * 3)
        self.server.crash_restart()
        time.sleep(PERIOD_S + 2)
        self.assertEqual(self.digests_queued("agent-left@support.test"), [])
        self.assertFalse([m for m in self.smtp.messages()
                          if to_addr(m) == "agent-left@support.test"])

    def test_one_click_unsubscribe_turns_the_kind_off(self):
        me = self.staff("agent-unsub")
        self.open_ticket(self.ann, subject="Unsubscribe me")
        mail = self.wait_mail(lambda m: to_addr(m) == "agent-unsub@support.test"
                              and "Unsubscribe me" in m["Subject"])[0]
        self.assertEqual(mail["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        link = mail["List-Unsubscribe"].strip("<>")
        self.assertTrue(link.startswith(PUBLIC_URL + "/v1/unsubscribe?token="), link)
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]
        path = "/v1/unsubscribe?token=" + urllib.parse.quote(token)
        # Forged: another kind with the same signature, a changed signature.
        forged_kind = "assigned" + token[token.index("."):]
        for bad in (forged_kind, token[:-1] + ("0" if token[-1] != "0" else "1"), ""):
            r = self.anon.post("/v1/unsubscribe?token=" + urllib.parse.quote(bad),
                               "List-Unsubscribe=One-Click", headers=FORM)
            self.assert_problem(r, 404)
        self.assert_problem(self.anon.get("/v1/unsubscribe?token=nope"), 404)
        page = self.anon.get(path)
        self.assertEqual(page.status, 200, page)
        self.assertIn("text/html", page.header("Content-Type"))
        html = page.raw.decode("utf-8")
        self.assertIn('method="post"', html)
        self.assertNotIn("<script", html)
        self.assert_validation(self.anon.post(path, "hello=1", headers=FORM), "List-Unsubscribe")
        r = self.anon.post(path, "List-Unsubscribe=One-Click", headers=FORM)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(me.get("/auth/notifications").body["kinds"]["new_ticket"], "off")
        changed = [e for e in self.all_events() if e["type"] == "AlertPreferencesChanged"
                   and e["data"]["staff"] == "agent-unsub"]
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed[0]["actor"]["id"], "agent-unsub")
        self.assertEqual(changed[0]["data"]["via"], "unsubscribe")
        # Neither the token nor its signature is in the log (as the API
        # shows it, and as ticketctl exports it) nor in the server's output.
        signature = token.split(".")[-1]
        self.assertNotIn(signature, json.dumps(self.all_events()))
        exported = self.exported_log()
        self.assertIn(b"AlertPreferencesChanged", exported)
        self.assertNotIn(signature.encode(), exported)
        self.assertNotIn(signature, self.server.stderr_text())
        # The page is a plain form under a policy that runs no script.
        csp = page.header("Content-Security-Policy")
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("script-src", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIsNone(re.search(r"\son[a-z]+\s*=", html, re.I), html)
        self.assertNotIn("style=", html)
        # A repeat changes nothing; the next new ticket does not reach them.
        self.assertEqual(self.anon.post(path, "List-Unsubscribe=One-Click", headers=FORM).status, 200)
        t = self.open_ticket(self.ann, subject="After unsubscribing")
        self.wait_mail(lambda m: to_addr(m) == "a7@support.test"
                       and "After unsubscribing" in m["Subject"])
        self.assertEqual(self.queued(self.ticket_event_ids(t["id"]), "agent-unsub@support.test"), [])


if __name__ == "__main__":
    unittest.main()
