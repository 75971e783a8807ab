"""Files in email: a customer's mail, sent over real SMTP (Debian's aiosmtpd
on loopback) and handed by the gateway to POST /admin/v1/inbound/email, has
its attachments, inline images and forwarded messages become the message's
files, through the upload limits; ticketd's own mail attaches a message's
public files under a size threshold and links the rest; history, events and
webhooks name the files with their download path, never their bytes."""

import email
import email.policy
import hashlib
import os
import smtplib
import time
import unittest
from email.message import EmailMessage

from smtp_sink import MailTestCase
from test_attachments import PNG, upload

MAIL_DOMAIN = "help.test"
PUBLIC_URL = "https://help.acme.test"
MAX_FILE = 300_000      # --attachment-max-bytes
ATTACH_MAX = 100_000    # --mail-attach-max-bytes
MAIL_MAX = 2_000_000    # --mail-max-bytes


def text_of(msg):
    return msg.get_body(preferencelist=("plain",)).get_content()


def html_of(msg):
    return msg.get_body(preferencelist=("html",)).get_content()


class EmailFilesTest(MailTestCase):
    mail_from = "Acme Support <support@%s>" % MAIL_DOMAIN
    mail_args = ("--public-url", PUBLIC_URL + "/",
                 "--attachment-max-bytes", str(MAX_FILE),
                 "--mail-attach-max-bytes", str(ATTACH_MAX),
                 "--mail-max-bytes", str(MAIL_MAX),
                 "--notify-retry-ms", "100", "--notify-retry-max-ms", "300")

    def through_smtp(self, msg):
        """The customer's mail client sends `msg`; the gateway posts the raw
        message as the mail server stored it."""
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as s:
            s.send_message(msg)
        stored = self.wait_mail(lambda m: m["Message-ID"] == msg["Message-ID"])[0]
        raw = stored.as_bytes(policy=email.policy.SMTP)
        return raw, self.admin.post("/admin/v1/inbound/email", raw,
                                    headers={"Content-Type": "message/rfc822"})

    def customer_mail(self, subject, text=None, sender="Ann <ann@acme.test>"):
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = "support+acme@%s" % MAIL_DOMAIN
        msg["Subject"] = subject
        msg["Message-ID"] = "<%s@mail.acme.test>" % os.urandom(6).hex()
        if text is not None:
            msg.set_content(text)
        return msg

    def download(self, url, client=None):
        r = (client or self.admin).get(url)
        self.assertEqual(r.status, 200, r)
        return r.raw

    def test_inbound_files_through_the_upload_limits(self):
        log = os.urandom(50_000)
        big = os.urandom(MAX_FILE + 1000)
        msg = self.customer_mail("Printer error", "The printer shows this, log attached.")
        # An HTML body with an inline image (no file name), as mail clients send it.
        msg.add_alternative("<p>The printer shows this:</p><img src=\"cid:shot@ann\">", subtype="html")
        msg.get_payload()[1].add_related(PNG, maintype="image", subtype="png", cid="<shot@ann>")
        msg.add_attachment(log, maintype="application", subtype="octet-stream", filename="printer.log")
        msg.add_attachment(big, maintype="application", subtype="octet-stream", filename="dump.bin")
        forwarded = EmailMessage()
        forwarded["From"] = "vendor@printers.test"
        forwarded["Subject"] = "Firmware notice"
        forwarded.set_content("Update to 2.1")
        msg.add_attachment(forwarded)
        raw, r = self.through_smtp(msg)
        self.assertEqual(r.status, 201, r)
        first = r.body["messages"][0]
        files = {f["name"]: f for f in first["attachments"]}
        self.assertEqual(sorted(files), ["Firmware notice.eml", "image.png", "printer.log"])
        self.assertEqual(files["image.png"]["type"], "image/png")
        self.assertEqual(files["printer.log"]["size"], len(log))
        self.assertEqual(files["printer.log"]["sha256"], hashlib.sha256(log).hexdigest())
        # The answer shows the ticket as its requester sees it: Ann's own files.
        self.assertEqual(self.download(files["printer.log"]["url"], self.ann), log)
        self.assertEqual(self.download(files["image.png"]["url"], self.ann), PNG)
        self.assertIn(b"Update to 2.1", self.download(files["Firmware notice.eml"]["url"], self.ann))
        # The file over the limit is left out, and the message says so; the
        # words are kept.
        self.assertTrue(first["body"].startswith("The printer shows this, log attached."), first["body"])
        self.assertIn("[Not attached: dump.bin (", first["body"])
        self.assertIn("a file may be at most", first["body"])
        # Staff download them under /admin/v1.
        self.assertEqual(self.download("/admin" + files["printer.log"]["url"]), log)
        # The gateway delivering the same mail again appends and stores nothing new.
        again = self.admin.post("/admin/v1/inbound/email", raw, headers={"Content-Type": "message/rfc822"})
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.body, r.body)
        self.assertEqual(len(self.admin_ticket(r.body["id"])["messages"]), 1)

        # A reply that is only a photo (no words) is a message with a file.
        reply = self.customer_mail("Re: [%s] Printer error" % r.body["key"])
        reply.add_attachment(PNG, maintype="image", subtype="png", filename="photo.png")
        _, answered = self.through_smtp(reply)
        self.assertEqual(answered.status, 200, answered)
        last = answered.body["messages"][-1]
        self.assertEqual(last["body"], "")
        self.assertEqual([f["name"] for f in last["attachments"]], ["photo.png"])

    def test_mail_has_its_own_size_limit(self):
        # Over --body-limit (1 MiB) but within --mail-max-bytes: read.
        msg = self.customer_mail("Photos", "Three photos of the damage.")
        for i in range(3):
            msg.add_attachment(PNG + os.urandom(280_000), maintype="image", subtype="png",
                               filename="photo%d.png" % i)
        raw = msg.as_bytes(policy=email.policy.SMTP)
        self.assertGreater(len(raw), 1 << 20)
        r = self.admin.post("/admin/v1/inbound/email", raw, headers={"Content-Type": "message/rfc822"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(len(r.body["messages"][0]["attachments"]), 3)
        # Over it: refused whole, by its length before it is read.
        msg.add_attachment(os.urandom(MAIL_MAX), maintype="application", subtype="octet-stream",
                           filename="huge.bin")
        r = self.admin.post("/admin/v1/inbound/email", msg.as_bytes(policy=email.policy.SMTP),
                            headers={"Content-Type": "message/rfc822"})
        self.assert_problem(r, 413, "body_too_large")
        self.assertIn("a mail may be at most", r.body["detail"])

    def test_words_longer_than_a_message_are_cut_never_lost(self):
        # 100 KB of new words (a pasted log), over the 64 KiB a message holds.
        lines = ["%05d Grüße from the printer log, line %d of many" % (i, i) for i in range(2000)]
        words = "\n".join(lines)
        self.assertGreater(len(words.encode()), 64 * 1024)
        msg = self.customer_mail("Long log", words)
        r = self.admin.post("/admin/v1/inbound/email", msg.as_bytes(policy=email.policy.SMTP),
                            headers={"Content-Type": "message/rfc822"})
        self.assertEqual(r.status, 201, r)
        first = r.body["messages"][0]
        body = first["body"]
        self.assertLessEqual(len(body.encode()), 64 * 1024)
        self.assertTrue(body.endswith("the whole of it is in its original (message.eml)."), body[-200:])
        # Cut at a line's end: every line kept is whole, in order.
        kept = body.split("\n\n[...]")[0].split("\n")
        self.assertGreater(len(kept), 1000)
        self.assertEqual(kept, lines[:len(kept)])
        # The rest is in the original, which staff download.
        staff_view = self.admin_ticket(r.body["id"])["messages"][0]
        original = email.message_from_bytes(self.download(staff_view["original"]["url"]),
                                            policy=email.policy.default)
        self.assertEqual(original.get_content().replace("\r\n", "\n").rstrip("\n"), words)
        # A reply of one long line, two bytes a character: cut between characters.
        reply = self.customer_mail("Re: [%s] Long log" % r.body["key"], "é" * 40_000)
        answered = self.admin.post("/admin/v1/inbound/email", reply.as_bytes(policy=email.policy.SMTP),
                                   headers={"Content-Type": "message/rfc822"})
        self.assertEqual(answered.status, 200, answered)
        cut, _ = answered.body["messages"][-1]["body"].split("\n\n[...] The mail goes on")
        self.assertEqual(cut, "é" * len(cut))
        self.assertGreater(len(cut), 30_000)

    def test_inbound_files_of_a_type_the_tenant_refuses(self):
        r = self.admin.put("/admin/v1/tenants/globex/settings", {"attachment_types": ["image/*"]})
        self.assertEqual(r.status, 200, r)
        self.addCleanup(self.admin.put, "/admin/v1/tenants/globex/settings", {"attachment_types": []})
        msg = self.customer_mail("Invoice", "See attached.", sender="gus@globex.test")
        msg.replace_header("To", "support+globex@%s" % MAIL_DOMAIN)
        msg.add_attachment(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
                           maintype="application", subtype="pdf", filename="invoice.pdf")
        msg.add_attachment(PNG, maintype="image", subtype="png", filename="logo.png")
        _, r = self.through_smtp(msg)
        self.assertEqual(r.status, 201, r)
        first = r.body["messages"][0]
        self.assertEqual([f["name"] for f in first["attachments"]], ["logo.png"])
        self.assertIn("[Not attached: invoice.pdf", first["body"])
        self.assertIn("does not accept files of type application/pdf", first["body"])

    def test_outbound_mail_attaches_small_files_and_links_the_rest(self):
        t = self.open_ticket(self.ann, subject="Need the manual")
        small = b"Step 1: unplug it.\n" * 100
        large = os.urandom(ATTACH_MAX + 5000)
        secret = b"internal only " + os.urandom(8).hex().encode()
        ids = [upload(self.agent7, data, name=name, tenant="acme").body["id"]
               for name, data in (("manual.txt", small), ("firmware.bin", large), ("notes.txt", secret))]
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"],
                     {"body": "Our analysis", "internal": True, "attachments": [ids[2]]})
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t["id"],
                     {"body": "Here is the manual", "attachments": ids[:2]})
        mail = self.wait_mail(lambda m: "ann@acme.test" in m["To"]
                              and "Here is the manual" in text_of(m))[0]
        self.assertEqual(mail.get_content_type(), "multipart/mixed")
        attached = {a.get_filename(): a.get_payload(decode=True) for a in mail.iter_attachments()}
        self.assertEqual(attached, {"manual.txt": small})
        link = "%s/v1/tickets/%s/attachments/%s" % (PUBLIC_URL, t["id"], ids[1])
        self.assertIn(link, text_of(mail))
        self.assertIn('href="%s"' % link, html_of(mail))
        self.assertIn("manual.txt", html_of(mail))
        # The queued notification names the file it attaches, never its bytes.
        queued = [e["data"] for e in self.all_events() if e["type"] == "NotificationQueued"
                  and e["data"].get("ticket_id") == t["id"] and e["data"].get("attachments")]
        self.assertEqual([[a["name"] for a in q["attachments"]] for q in queued], [["manual.txt"]])
        # The internal note's file reaches no mail.
        time.sleep(0.5)
        for m in self.smtp.messages():
            self.assertNotIn(secret, m.as_bytes())
            self.assertNotIn("notes.txt", m.as_string())

    def test_history_and_events_name_files_with_their_path(self):
        t = self.open_ticket(self.ann, subject="Screenshot")
        att = upload(self.ann, PNG, name="screen.png").body["id"]
        self.command(self.ann, "/v1/tickets/%s/messages" % t["id"], {"body": "", "attachments": [att]})
        history = self.admin.get("/admin/v1/tickets/%s/history" % t["id"])
        self.assertEqual(history.status, 200, history)
        posted = [e for e in history.body["events"] if e["type"] == "MessagePosted"
                  and e["data"].get("attachments")]
        self.assertEqual(len(posted), 1)
        url = "/admin/v1/tickets/%s/attachments/%s" % (t["id"], att)
        self.assertEqual([f["url"] for f in posted[0]["attachments"]], [url])
        self.assertNotIn("url", posted[0]["data"]["attachments"][0], "data stays what the hash covers")
        self.assertEqual(self.download(url), PNG)
        listed = [e for e in self.all_events() if e["event_id"] == posted[0]["event_id"]]
        self.assertEqual(listed[0]["attachments"], posted[0]["attachments"])


if __name__ == "__main__":
    unittest.main()
