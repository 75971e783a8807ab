"""Inbound mail's sender, judged by the receiving server ticketd trusts
(--mail-authserv-id): a forged reply (DMARC failed there) is held as an
internal note, never added as the requester's, until an agent accepts it;
a forged pass from another host is ignored; a passing one is the
requester's reply; an unverified mail opens no ticket in a customer's
name."""

import os
import unittest

from harness import ServerTestCase

TRUSTED = "mx.help.test"


class MailTrustTest(ServerTestCase):
    server_args = ("--mail-authserv-id", TRUSTED)

    def mail(self, subject, body, auth=(), sender="Ann <ann@acme.test>"):
        headers = "".join("Authentication-Results: %s\r\n" % a for a in auth)
        raw = ("%sFrom: %s\r\nTo: support+acme@help.test\r\nSubject: %s\r\n"
               "Message-ID: <%s@mail.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
               % (headers, sender, subject, os.urandom(6).hex(), body))
        return self.admin.post("/admin/v1/inbound/email", raw.encode(),
                               headers={"Content-Type": "message/rfc822"})

    def customer_view(self, ticket_id):
        r = self.ann.get("/v1/tickets/" + ticket_id)
        self.assertEqual(r.status, 200, r)
        return r.body

    def test_a_forged_reply_is_held_not_added_as_the_requesters(self):
        t = self.open_ticket(self.ann, subject="Refund")
        r = self.mail("Re: [%s] Refund" % t["key"], "Please send the refund to IBAN XX00 EVIL",
                      auth=["%s; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail "
                            "header.from=acme.test" % TRUSTED])
        self.assertEqual(r.status, 200, r)
        held = self.admin_ticket(t["id"])["messages"][-1]
        self.assertTrue(held["internal"])
        self.assertNotEqual(held["author"]["role"], "customer")
        self.assertEqual(held["held"], {"email": "ann@acme.test", "name": "Ann",
                                        "reason": "dmarc=fail (%s)" % TRUSTED, "accepted_as": None})
        self.assertEqual(held["body"], "Please send the refund to IBAN XX00 EVIL")
        # Ann never sees it, and her ticket shows no reply of hers.
        mine = self.customer_view(t["id"])
        self.assertEqual(len(mine["messages"]), 1)
        self.assertNotIn("EVIL", str(mine))

    def test_a_pass_from_another_host_is_ignored(self):
        t = self.open_ticket(self.ann, subject="Invoice")
        r = self.mail("Re: [%s] Invoice" % t["key"], "Looks fine",
                      auth=["evil.example; dmarc=pass header.from=acme.test"])
        self.assertEqual(r.status, 200, r)
        last = self.admin_ticket(t["id"])["messages"][-1]
        self.assertTrue(last["internal"])
        self.assertIn("no Authentication-Results from %s" % TRUSTED, last["held"]["reason"])

    def held(self, ticket, body, name="held.txt", file=b"held file"):
        """A reply by mail to `ticket` with a file, from Ann, that failed DMARC."""
        raw = ("Authentication-Results: %s; dmarc=fail\r\nFrom: Ann <ann@acme.test>\r\n"
               "To: support+acme@help.test\r\nSubject: Re: [%s] x\r\n"
               "Message-ID: <%s@mail.test>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
               "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
               "--b\r\nContent-Type: text/plain\r\n"
               "Content-Disposition: attachment; filename=%s\r\n\r\n%s\r\n--b--\r\n"
               % (TRUSTED, ticket["key"], os.urandom(6).hex(), body, name, file.decode()))
        r = self.admin.post("/admin/v1/inbound/email", raw.encode(),
                            headers={"Content-Type": "message/rfc822"})
        self.assertEqual(r.status, 200, r)
        note = self.admin_ticket(ticket["id"])["messages"][-1]
        self.assertIn("held", note)
        return note

    def test_an_agent_accepts_a_held_mail_as_the_requesters_reply(self):
        t = self.open_ticket(self.ann, subject="Replacement")
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "resolved"})
        note = self.held(t, "The new one is broken too")
        self.assertEqual(len(note["attachments"]), 1)
        # Held: Ann sees neither the words nor the file, and nothing reopened.
        self.assertEqual(len(self.customer_view(t["id"])["messages"]), 1)
        self.assertEqual(self.admin_ticket(t["id"])["status"], "resolved")
        file_id = note["attachments"][0]["id"]
        self.assert_problem(self.ann.get("/v1/tickets/%s/attachments/%s" % (t["id"], file_id)), 404)

        accept = "/admin/v1/tickets/%s/messages/%s/accept" % (t["id"], note["id"])
        r = self.agent7.post(accept)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["status"], "open")  # as Ann's own reply would
        reply = r.body["messages"][-1]
        self.assertEqual(reply["author"], {"id": "u-ann", "name": "Ann", "role": "customer"})
        self.assertFalse(reply["internal"])
        self.assertEqual(reply["body"], "The new one is broken too")
        self.assertEqual(reply["accepted_from"], note["id"])
        self.assertEqual([a["id"] for a in reply["attachments"]], [file_id])
        self.assertEqual(r.body["messages"][-2]["held"]["accepted_as"], reply["id"])
        # Ann now has her reply and its file, and no word of the note.
        mine = self.customer_view(t["id"])
        self.assertEqual(mine["messages"][-1]["body"], "The new one is broken too")
        self.assertNotIn("accepted_from", mine["messages"][-1])
        self.assertNotIn(note["id"], str(mine))
        got = self.ann.get("/v1/tickets/%s/attachments/%s" % (t["id"], file_id))
        self.assertEqual((got.status, got.raw), (200, b"held file"), got)
        # Who accepted it is in the log: the agent, posting Ann's words.
        posted = [e for e in self.all_events() if e["type"] == "MessagePosted"
                  and e["data"]["message_id"] == reply["id"]][0]
        self.assertEqual(posted["actor"]["id"], "agent-7")
        self.assertEqual(posted["data"]["accepted_from"], note["id"])

        # Once only; an unknown id, or a note that was never held, is 404.
        self.assert_problem(self.agent7.post(accept), 409, "conflict")
        self.assert_problem(self.agent7.post(accept.replace(note["id"], "m-none")), 404)
        self.assert_problem(self.agent7.post(
            "/admin/v1/tickets/%s/messages/%s/accept" % (t["id"], mine["messages"][0]["id"])), 404)

    def test_accepting_checks_the_version_and_the_ticket(self):
        t = self.open_ticket(self.ann, subject="Versions")
        note = self.held(t, "Version check")
        accept = "/admin/v1/tickets/%s/messages/%s/accept" % (t["id"], note["id"])
        stale = self.agent7.post(accept, {}, headers={"If-Match": '"1"'})
        self.assert_problem(stale, 412)
        self.assert_problem(self.ann.post(accept), 403)
        self.assert_problem(self.agent7.post(accept.replace(t["id"], "acme-99999")), 404)
        self.assert_problem(self.agent7.post(accept, [1]), 422)

    def test_a_passing_reply_is_the_requesters(self):
        t = self.open_ticket(self.ann, subject="Printer")
        r = self.mail("Re: [%s] Printer" % t["key"], "It works now, thanks",
                      auth=["%s; spf=pass; dkim=pass header.d=acme.test; dmarc=pass" % TRUSTED,
                            "evil.example; dmarc=fail"])
        self.assertEqual(r.status, 200, r)
        last = self.customer_view(t["id"])["messages"][-1]
        self.assertFalse(last["internal"])
        self.assertEqual(last["author"]["role"], "customer")
        self.assertEqual(last["body"], "It works now, thanks")

    def test_a_tenant_may_open_a_ticket_of_its_own_instead(self):
        r = self.admin.put("/admin/v1/tenants/acme/settings", {"unverified_mail": "open_ticket"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["settings"]["unverified_mail"], "open_ticket")
        self.addCleanup(self.admin.put, "/admin/v1/tenants/acme/settings", {"unverified_mail": "hold"})
        self.assert_validation(self.admin.put("/admin/v1/tenants/acme/settings",
                                              {"unverified_mail": "drop"}), "unverified_mail")
        t = self.open_ticket(self.ann, subject="Delivery")
        r = self.mail("Re: [%s] Delivery" % t["key"], "Ship it to my new address",
                      auth=["%s; dmarc=fail" % TRUSTED])
        self.assertEqual(r.status, 201, r)
        own = r.body
        self.assertNotEqual(own["id"], t["id"])
        self.assertEqual(own["requester"]["email"], "ann@acme.test")
        first = self.admin_ticket(own["id"])["messages"][0]
        # The address's ticket, opened by the gateway: not Ann's account's.
        self.assertEqual(first["author"]["id"], "ann@acme.test")
        self.assertEqual(own["requester"]["id"], "")
        opened = [e for e in self.all_events() if e["type"] == "TicketOpened"
                  and e["stream"] == "ticket-" + own["id"]]
        self.assertEqual(opened[0]["actor"]["role"], "admin")
        self.assertTrue(first["body"].startswith("Unverified sender: this mail claims to be from "
                                                 "Ann <ann@acme.test> but could not be verified "
                                                 "(dmarc=fail (%s)); it answers %s." % (TRUSTED, t["key"])),
                        first["body"])
        self.assertIn("Ship it to my new address", first["body"])
        # Nothing was added to Ann's ticket.
        self.assertEqual(len(self.admin_ticket(t["id"])["messages"]), 1)
        # A new-ticket mail too.
        r = self.mail("Something else", "Hello", auth=["%s; spf=pass" % TRUSTED])
        self.assertEqual(r.status, 201, r)
        self.assertIn("spf=pass dkim=none", self.admin_ticket(r.body["id"])["messages"][0]["body"])

    def test_unverified_mail_opens_no_ticket(self):
        r = self.mail("New problem", "Open a ticket for me",
                      auth=["%s; dmarc=fail header.from=acme.test" % TRUSTED])
        self.assert_problem(r, 403, "sender_not_requester")
        self.assertIn("could not be verified", r.body["detail"])
        ok = self.mail("New problem", "Open a ticket for me",
                       auth=["%s; dmarc=pass header.from=acme.test" % TRUSTED])
        self.assertEqual(ok.status, 201, ok)
        self.assertEqual(ok.body["requester"]["email"], "ann@acme.test")


if __name__ == "__main__":
    unittest.main()
