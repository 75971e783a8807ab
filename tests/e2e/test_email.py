"""Email: notifications out over real SMTP (Debian's aiosmtpd on
loopback, run with /usr/bin/python3), retried while the SMTP server is down;
inbound replies and new tickets through POST /admin/v1/inbound/email."""

import email
import email.policy
import os
import time
import unittest

from harness import ServerTestCase
from smtp_sink import SmtpServer, free_port, wait_for_mail

MAIL_DOMAIN = "help.test"

def text_of(msg):
    return msg.get_body(preferencelist=("plain",)).get_content()


def html_of(msg):
    return msg.get_body(preferencelist=("html",)).get_content()


PUBLIC_URL = "https://help.acme.test"


class EmailTest(ServerTestCase):
    smtp_port = None

    @classmethod
    def setUpClass(cls):
        # ticketd starts while nothing listens on the SMTP port: the first
        # emails fail and are retried until the server appears.
        cls.smtp_port = free_port()
        cls.server_args = ("--smtp-url", "smtp://127.0.0.1:%d" % cls.smtp_port,
                           "--mail-from", "Acme Support <support@%s>" % MAIL_DOMAIN,
                           "--notify-retry-ms", "100", "--notify-retry-max-ms", "300",
                           "--notify-attempts", "100", "--public-url", PUBLIC_URL)
        super().setUpClass()
        try:
            cls.early = cls.ann.post("/v1/tickets", {"subject": "Before the mail server",
                                                     "description": "Sent while SMTP is down"}).body
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                r = cls.admin.get("/admin/v1/events?limit=500")
                if any(e["type"] == "NotificationAttempted" for e in r.body["items"]):
                    break
                time.sleep(0.1)
            cls.smtp = SmtpServer(cls.smtp_port)
        except BaseException:
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.smtp.stop()
        finally:
            super().tearDownClass()

    def wait_mail(self, predicate, count=1, timeout=20):
        return wait_for_mail(self, self.smtp, predicate, count, timeout)

    def mails_to(self, addr):
        return [m for m in self.smtp.messages() if addr in m["To"]]

    def test_mail_sent_while_smtp_was_down_arrives(self):
        key = self.early["key"]
        mails = self.wait_mail(lambda m: m["Subject"] == "[%s] Before the mail server" % key
                               and "ann@acme.test" in m["To"])
        self.assertEqual(len(mails), 1)
        self.assertIn("Sent while SMTP is down", text_of(mails[0]))
        events = self.all_events()
        attempted = [e for e in events if e["type"] == "NotificationAttempted"]
        self.assertTrue(attempted)
        self.assertTrue(all(e["data"]["error"] for e in attempted))

    def test_lifecycle_emails_threading_and_internal_notes(self):
        t = self.open_ticket(self.ann, subject="Printer jam", description="Paper everywhere")
        key, tid = t["key"], t["id"]
        confirm = self.wait_mail(lambda m: m["Subject"] == "[%s] Printer jam" % key)[0]
        self.assertIn("ann@acme.test", confirm["To"])
        self.assertEqual(confirm["From"], "Acme Support <support@%s>" % MAIL_DOMAIN)
        self.assertEqual(confirm.get_content_type(), "multipart/alternative")
        self.assertIn("Paper everywhere", text_of(confirm))
        self.assertIn("Paper everywhere", html_of(confirm))
        self.assertIn("<b>%s</b>" % key, html_of(confirm))
        # The confirmation starts the requester's thread: later mails refer
        # to its Message-ID, and replies go to the ticket's plus address.
        thread = "<%s@%s>" % (tid, MAIL_DOMAIN)
        self.assertEqual(confirm["Message-ID"], thread)
        self.assertIsNone(confirm["References"])
        self.assertEqual(confirm["Reply-To"], "support+%s@%s" % (key, MAIL_DOMAIN))
        self.assertEqual(confirm["X-Auto-Response-Suppress"], "All")
        self.assertIn("Open the ticket: %s/portal/tickets/%s" % (PUBLIC_URL, key), text_of(confirm))
        self.assertIn('href="%s/portal/tickets/%s"' % (PUBLIC_URL, key), html_of(confirm))
        # Agents are alerted.
        alerts = self.wait_mail(lambda m: m["Subject"] == "[%s] New ticket: Printer jam" % key, count=2)
        self.assertEqual(sorted((m["To"].addresses[0].display_name, m["To"].addresses[0].addr_spec)
                                for m in alerts),
                         [("Agent Eight", "a8@support.test"), ("Agent Seven", "a7@support.test")])
        # The staff's thread is their own, and their link opens the console.
        self.assertEqual({m["Message-ID"] for m in alerts}, {"<%s-staff@%s>" % (tid, MAIL_DOMAIN)})
        self.assertIsNone(alerts[0]["Reply-To"])
        self.assertIn("Open the ticket: %s/tickets/%s" % (PUBLIC_URL, key), text_of(alerts[0]))

        secret_note = "internal-only-" + os.urandom(4).hex()
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % tid,
                     {"body": secret_note, "internal": True})
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % tid,
                     {"body": "Please open tray 2", "internal": False})
        reply = self.wait_mail(lambda m: "Please open tray 2" in text_of(m))[0]
        self.assertIn("ann@acme.test", reply["To"])
        self.assertEqual(reply["In-Reply-To"], thread)
        self.assertEqual(reply["References"], thread)
        self.assertNotEqual(reply["Message-ID"], thread)
        self.assertEqual(reply["Subject"], "[%s] Printer jam" % key)
        self.command(self.agent7, "/admin/v1/tickets/%s/assign" % tid, {"assignee": "agent-8"})
        self.wait_mail(lambda m: m["Subject"] == "[%s] Assigned to you: Printer jam" % key
                       and "a8@support.test" in m["To"])
        self.command(self.agent8, "/admin/v1/tickets/%s/status" % tid, {"status": "resolved"})
        self.wait_mail(lambda m: m["Subject"] == "[%s] Resolved: Printer jam" % key
                       and "ann@acme.test" in m["To"])
        time.sleep(0.5)
        for m in self.smtp.messages():
            self.assertNotIn(secret_note, m.as_string())
        # The agent who assigned himself gets no email about it; nobody gets
        # the internal note; the audit trail names recipients.
        queued = [e["data"] for e in self.all_events() if e["type"] == "NotificationQueued"
                  and e["data"].get("ticket_id") == tid]
        kinds = sorted((q["kind"], q["to"]["email"]) for q in queued)
        self.assertEqual(kinds, [("agent_reply", "ann@acme.test"),
                                 ("assigned", "a8@support.test"),
                                 ("new_ticket_alert", "a7@support.test"),
                                 ("new_ticket_alert", "a8@support.test"),
                                 ("resolved", "ann@acme.test"),
                                 ("ticket_opened", "ann@acme.test")])
        delivered = {e["data"]["id"] for e in self.all_events() if e["type"] == "NotificationDelivered"}
        self.assertTrue({q["id"] for q in queued} <= delivered)

        # Ann answers the reply by email, quoting it: a customer reply that
        # reopens the ticket, with the quote stripped, mailed to the assignee.
        raw = ("From: Ann <ann@acme.test>\r\nTo: support+acme@%s\r\n"
               "Subject: Re: [%s] Printer jam\r\nMessage-ID: <ann-1-%s@mail.acme.test>\r\n"
               "In-Reply-To: %s\r\nReferences: %s %s\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n"
               "Tray 2 was empty, thanks!\r\n\r\nOn Mon, Support <support@%s> wrote:\r\n"
               "> Please open tray 2\r\n" % (MAIL_DOMAIN, key, os.urandom(4).hex(), reply["Message-ID"],
                                              thread, reply["Message-ID"], MAIL_DOMAIN))
        r = self.admin.post("/admin/v1/inbound/email", raw, headers={"Content-Type": "message/rfc822"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["id"], tid)
        self.assertEqual(r.body["status"], "open")
        self.assertEqual(r.body["messages"][-1]["body"], "Tray 2 was empty, thanks!")
        self.assertEqual(r.body["messages"][-1]["author"]["role"], "customer")
        # Nothing is cut away: the quoted history is kept below the words,
        # and the mail itself, which staff download and customers cannot.
        self.assertEqual(r.body["messages"][-1]["quoted"],
                         "On Mon, Support <support@%s> wrote:\n> Please open tray 2" % MAIL_DOMAIN)
        self.assertNotIn("original", r.body["messages"][-1])  # answered as Ann sees it
        original = self.admin_ticket(tid)["messages"][-1]["original"]
        got = self.agent8.get(original["url"])
        self.assertEqual((got.status, got.raw), (200, raw.encode()), got)
        self.assertEqual(original["size"], len(raw.encode()))
        self.assertTrue(got.headers["Content-Type"].startswith("message/rfc822"), got)
        mine = self.ann.get("/v1/tickets/" + tid).body["messages"][-1]
        self.assertNotIn("original", mine)
        self.assertEqual(mine["quoted"], r.body["messages"][-1]["quoted"])
        att = original["url"].rsplit("/", 1)[1]
        self.assert_problem(self.ann.get("/v1/tickets/%s/attachments/%s" % (tid, att)), 404)
        self.wait_mail(lambda m: m["Subject"] == "[%s] Customer reply: Printer jam" % key
                       and "a8@support.test" in m["To"] and "Tray 2 was empty" in text_of(m))
        # The same message delivered twice by the gateway is one reply.
        before = self.admin_ticket(tid)
        again = self.admin.post("/admin/v1/inbound/email", raw, headers={"Content-Type": "message/rfc822"})
        self.assertEqual(again.status, 200, again)
        self.assertEqual(again.body, r.body)
        self.assertEqual(self.admin_ticket(tid), before)

    def test_a_reply_to_the_plus_address_alone_finds_its_ticket(self):
        t = self.open_ticket(self.ann, subject="Scanner", description="It scans blank pages")
        key = t["key"]
        confirm = self.wait_mail(lambda m: m["Subject"] == "[%s] Scanner" % key)[0]
        # A client that keeps neither the threading headers nor the subject.
        raw = ("From: Ann <ann@acme.test>\r\nTo: %s\r\nSubject: scanner again\r\n"
               "Message-ID: <plus-%s@mail.acme.test>\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\nStill blank.\r\n"
               % (confirm["Reply-To"], os.urandom(4).hex()))
        r = self.admin.post("/admin/v1/inbound/email", raw, headers={"Content-Type": "message/rfc822"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["id"], t["id"])
        self.assertEqual(r.body["messages"][-1]["body"], "Still blank.")

    def test_an_sla_breach_mail_names_the_target_and_the_level_it_caused(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "fast", "name": "Fast"})
        self.assertEqual(r.status, 201, r)
        r = self.admin.put("/admin/v1/tenants/fast/sla", {
            "policies": {"urgent": {"first_response_s": 2, "resolution_s": 3600}},
            "business_hours": {"time_zone": "Europe/Berlin",
                               "weekly": [[{"start_minute": 0, "end_minute": 1440}]] * 7}})
        self.assertEqual(r.status, 200, r)
        _, tok = self.create_token("customer", "fast",
                                   {"id": "u-fay", "email": "fay@fast.test", "name": "Fay"})
        t = self.open_ticket(self.server.client(tok), subject="Site down", priority="urgent")
        self.command(self.admin, "/admin/v1/tickets/%s/escalate" % t["id"], {"reason": "VIP"})
        key = t["key"]
        breach = self.wait_mail(lambda m: m["Subject"] == "[%s] First response overdue: Site down"
                                % key, count=2)[0]
        text = text_of(breach)
        # Escalated to 1 by hand, then to 2 by the breach: the mail says 2.
        self.assertIn("The ticket is now at escalation level 2.", text)
        self.assertIn("The first response target of ticket %s" % key, text)
        self.assertRegex(text, r"was due \w{3} \d{2} \w{3} \d{4}, \d{2}:\d{2} CES?T, ")
        self.assertIn("Requester Fay (fay@fast.test), assignee nobody.", text)
        self.assertIn("Open the ticket: %s/tickets/%s" % (PUBLIC_URL, key), text)
        self.assertEqual(self.admin_ticket(t["id"])["escalation_level"], 2)
        warning = self.wait_mail(lambda m: m["Subject"].startswith("[%s] First response due in " % key),
                                 count=2)[0]
        self.assertIn("is due", text_of(warning))

    def test_a_tenant_writes_its_mail_in_its_language_and_colour(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "hilfe", "name": "Hilfe & Co"})
        self.assertEqual(r.status, 201, r)
        r = self.admin.put("/admin/v1/tenants/hilfe/settings",
                           {"language": "de", "brand_color": "#0f766e"})
        self.assertEqual(r.status, 200, r)
        _, tok = self.create_token("customer", "hilfe",
                                   {"id": "u-dora", "email": "dora@hilfe.test", "name": "Dora Groß"})
        t = self.open_ticket(self.server.client(tok), subject="Drucker brennt",
                             description="Bitte schnell!")
        confirm = self.wait_mail(lambda m: m["Subject"].startswith("[%s]" % t["key"])
                                 and "dora@hilfe.test" in m["To"])[0]
        html = html_of(confirm)
        self.assertIn('<html lang="de"', html)
        self.assertIn("#0f766e", html)
        self.assertIn("Hilfe &amp; Co", html)
        self.assertIn("Hallo Dora Groß", text_of(confirm))
        self.assertIn("Bitte schnell!", text_of(confirm))
        # The line replies are cut at is the same in every language.
        self.assertIn("##- Please type your reply above this line -##", text_of(confirm))

    def test_agent_opened_ticket_mails_the_requester_once(self):
        # The confirmation carries the description; it must not come a second
        # time as an "agent reply" (the description is the ticket's first
        # message, posted by the agent who opened it).
        description = "Called about the VPN " + os.urandom(4).hex()
        t = self.agent_open(self.agent7, "acme", {"email": "bob@acme.test", "name": "Bob"},
                            subject="Phone: VPN down", description=description)
        self.wait_mail(lambda m: m["Subject"] == "[%s] Phone: VPN down" % t["key"]
                       and "bob@acme.test" in m["To"])
        # The outbox decides in log order: once a later reply is mailed, the
        # description's event has been decided too.
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"],
                     {"body": "We are on it", "internal": False})
        self.wait_mail(lambda m: "We are on it" in text_of(m) and "bob@acme.test" in m["To"])
        queued = [e["data"] for e in self.all_events() if e["type"] == "NotificationQueued"
                  and e["data"].get("ticket_id") == t["id"]]
        to_bob = sorted(q["kind"] for q in queued if q["to"]["email"] == "bob@acme.test")
        self.assertEqual(to_bob, ["agent_reply", "ticket_opened"])
        # The reply shows the description again below it, as history; as
        # the new message it comes once.
        with_description = [m for m in self.mails_to("bob@acme.test")
                            if description in text_of(m).split("Earlier in this conversation:")[0]]
        self.assertEqual(len(with_description), 1, [m["Subject"] for m in with_description])

    def post_mail(self, sender, to, subject, body, extra=""):
        raw = ("From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@mail.test>\r\n%s"
               "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
               % (sender, to, subject, os.urandom(6).hex(), extra, body))
        return self.admin.post("/admin/v1/inbound/email", raw.encode("utf-8"),
                               headers={"Content-Type": "message/rfc822"})

    def test_inbound_new_ticket_and_subject_key(self):
        r = self.post_mail("Bob <BOB@acme.test>", "support+acme@%s" % MAIL_DOMAIN,
                           "Fwd: Re: Scanner übel", "It smokes.\n-- \nBob, Acme IT")
        self.assertEqual(r.status, 201, r)
        t = r.body
        self.assertEqual(t["tenant"], "acme")
        self.assertEqual(t["subject"], "Scanner übel")
        self.assertEqual(t["requester"]["email"], "bob@acme.test")
        self.assertEqual(t["messages"][0]["body"], "It smokes.")
        self.assertTrue(r.header("Location").endswith(t["id"]))
        # Bob sees it as his own ticket.
        self.assertEqual(self.bob.get("/v1/tickets/" + t["id"]).status, 200)
        self.wait_mail(lambda m: m["Subject"] == "[%s] Scanner übel" % t["key"] and "bob@acme.test" in m["To"])
        # A reply found only by the key in its subject.
        r = self.post_mail("bob@acme.test", "acme@%s" % MAIL_DOMAIN, "Re: [%s] Scanner" % t["key"],
                           "Now it is fine.\n> old text")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["id"], t["id"])
        self.assertEqual(r.body["messages"][-1]["body"], "Now it is fine.")

    def test_inbound_refusals(self):
        t = self.open_ticket(self.ann, subject="Mine")
        # Somebody else replying to Ann's ticket.
        r = self.post_mail("bob@acme.test", "support+acme@%s" % MAIL_DOMAIN, "Re: [%s] Mine" % t["key"], "hi")
        self.assert_problem(r, 403, "sender_not_requester")
        r = self.post_mail("mallory@evil.test", "support+acme@%s" % MAIL_DOMAIN, "Re: Mine", "hi",
                           extra="In-Reply-To: <%s-em1@%s>\r\n" % (t["id"], MAIL_DOMAIN))
        self.assert_problem(r, 403, "sender_not_requester")
        # A customer of another tenant, and a stranger, cannot open tickets.
        self.assert_problem(self.post_mail("gus@globex.test", "support+acme@%s" % MAIL_DOMAIN, "Hi", "x"),
                            403, "sender_not_requester")
        self.assert_problem(self.post_mail("who@nowhere.test", "support+acme@%s" % MAIL_DOMAIN, "Hi", "x"),
                            403, "sender_not_requester")
        self.assert_problem(self.post_mail("ann@acme.test", "nobody@%s" % MAIL_DOMAIN, "Hi", "x"),
                            422, "unknown_recipient")
        self.assert_problem(self.post_mail("ann@acme.test", "support+acme@%s" % MAIL_DOMAIN, "Hi",
                                           "> only quoted"), 422, "validation")
        self.assert_problem(self.post_mail("ann@acme.test", "support+acme@%s" % MAIL_DOMAIN, "Away",
                                           "I am on holiday", extra="Auto-Submitted: auto-replied\r\n"),
                            422, "auto_submitted")
        self.assert_problem(self.admin.post("/admin/v1/inbound/email", {"x": 1}), 415)
        self.assert_problem(self.agent7.post("/admin/v1/inbound/email", "From: a@b\r\n\r\nx",
                                             headers={"Content-Type": "message/rfc822"}), 403)
        self.assertEqual(len(self.admin_ticket(t["id"])["messages"]), 1)


class NoSmtpTest(ServerTestCase):
    """Without --smtp-url nothing is queued for email."""

    def test_no_email_without_smtp_url(self):
        t = self.open_ticket(self.ann, subject="Quiet")
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"], {"body": "hello"})
        time.sleep(0.5)
        self.assertFalse([e for e in self.all_events() if e["type"].startswith("Notification")])


if __name__ == "__main__":
    unittest.main()
