"""People: invitations, password sign-in, cookie sessions with CSRF, single
-use links (sign-in, reset), lockout, no user enumeration, session and
account revocation, personal tokens -- with the real SMTP sink -- and no
secret anywhere in the data directory or the exported log."""

import json
import os
import re
import subprocess
import time
import unittest
import urllib.parse

from smtp_sink import MailTestCase

STRONG = "correct horse battery staple"
# Long enough that the sign-ins between the lock and the check (argon2id each,
# on a loaded 2-core CI machine) cannot outlast it.
LOCK_MS = 6000


def text_of(msg):
    return msg.get_body(preferencelist=("plain",)).get_content()


def link_token(msg):
    """The purpose and token of the link in a sign-in email's text."""
    text = msg.get_body(preferencelist=("plain",)).get_content()
    m = re.search(r"/sign-in(?:\?next=[^#\s]*)?#purpose=(\w+)&token=([A-Za-z0-9_-]+)", text)
    return (m.group(1), m.group(2)) if m else (None, None)


class PeopleTest(MailTestCase):
    mail_from = "Help <help@people.test>"
    mail_args = ("--public-url", "https://help.people.test",
                 "--sign-in-free-failures", "3", "--sign-in-lock-ms", str(LOCK_MS),
                 "--sign-in-link-seconds", "3")

    @classmethod
    def setUpClass(cls):
        cls.secrets = []  # every password, token and link secret used
        super().setUpClass()

    # --- helpers ---

    def mail_to(self, address, purpose, seen=0, timeout=15):
        """The (seen+1)-th mail to `address` carrying a `purpose` link: its token."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.smtp.messages() if address in m["To"]]
            links = [link_token(m) for m in found]
            links = [t for p, t in links if p == purpose]
            if len(links) > seen:
                # Maildir order is not arrival order: the one not seen before.
                token = [t for t in links if t not in self.secrets][0]
                self.secrets.append(token)
                return token
            time.sleep(0.05)
        self.fail("no %s mail to %s" % (purpose, address))

    def cookie_client(self, signed_in):
        """A client that sends the session cookie (and CSRF token on changes)."""
        cookie = signed_in.header("Set-Cookie")
        secret = re.match(r"ticketd_session=([^;]+)", cookie).group(1)
        self.secrets.append(secret)
        return Browser(self, secret, signed_in.body["csrf_token"])

    def invite(self, by, email, role, **extra):
        body = {"email": email, "name": "New Person", "role": role}
        body.update(extra)
        r = by.post("/admin/v1/accounts", body)
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.body["invitation_sent"], r)
        return r.body["account"]

    def accept(self, email, password=STRONG, seen=0):
        token = self.mail_to(email, "invitation", seen)
        r = self.anon.post("/auth/invitation/accept", {"token": token, "password": password})
        self.assertEqual(r.status, 200, r)
        self.secrets.append(password)
        return r

    def sign_in(self, email, password=STRONG, tenant=None, expect=200):
        body = {"email": email, "password": password}
        if tenant:
            body["tenant"] = tenant
        r = self.anon.post("/auth/sign-in", body)
        self.assertEqual(r.status, expect, r)
        return r

    # --- tests ---

    def test_invitation_accept_and_password_sign_in(self):
        account = self.invite(self.admin, "ida@support.test", "agent")
        self.assertEqual(account["status"], "invited")
        token = self.mail_to("ida@support.test", "invitation")
        # A weak password is refused and the link still works.
        for weak in ("short", "passwordpassword123", "aaaaaaaaaaaaaaaaaaaa", "ida@support.test"):
            r = self.anon.post("/auth/invitation/accept", {"token": token, "password": weak})
            self.assert_validation(r, "password")
        r = self.anon.post("/auth/invitation/accept",
                           {"token": token, "password": STRONG, "name": "Ida Agent"})
        self.assertEqual(r.status, 200, r)
        self.secrets.append(STRONG)
        cookie = r.header("Set-Cookie")
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Lax", cookie)
        self.assertEqual(r.body["account"]["status"], "active")
        self.assertEqual(r.body["account"]["name"], "Ida Agent")
        # Used once.
        again = self.anon.post("/auth/invitation/accept", {"token": token, "password": STRONG})
        self.assert_validation(again, "token")
        browser = self.cookie_client(self.sign_in("IDA@support.test"))
        me = browser.get("/auth/me")
        self.assertEqual(me.status, 200, me)
        self.assertEqual(me.body["actor"]["role"], "agent")
        self.assertEqual(me.body["account"]["id"], account["id"])
        self.assertEqual(me.body["csrf_token"], browser.csrf)
        # The agent works the queue with the session.
        self.assertEqual(browser.get("/admin/v1/tickets").status, 200)

    def test_csrf_token_required_for_changes_by_cookie(self):
        self.invite(self.admin, "cy@support.test", "agent")
        self.accept("cy@support.test")
        browser = self.cookie_client(self.sign_in("cy@support.test"))
        ticket = {"tenant": "acme", "requester": {"email": "ann@acme.test", "name": "Ann"},
                  "subject": "Phone call", "description": "Called in"}
        no_token = browser.post("/admin/v1/tickets", ticket, csrf=None)
        self.assert_problem(no_token, 403, "csrf_token_invalid")
        wrong = browser.post("/admin/v1/tickets", ticket, csrf="0" * 64)
        self.assert_problem(wrong, 403, "csrf_token_invalid")
        self.assertEqual(browser.post("/admin/v1/tickets", ticket).status, 201)
        # A bearer token needs none.
        self.assertEqual(self.agent7.post("/admin/v1/tickets", ticket).status, 201)

    def test_unknown_and_known_email_answer_alike(self):
        self.invite(self.admin, "kim@support.test", "agent")
        self.accept("kim@support.test")
        known = self.sign_in("kim@support.test", "wrong password entirely!", expect=401)
        unknown = self.sign_in("nobody@support.test", "wrong password entirely!", expect=401)
        self.assertEqual(known.body, unknown.body)
        self.assertEqual(known.body["code"], "invalid_credentials")
        # Both cost one argon2id hash (credentials_test counts them): timing the
        # answers here would test the machine's noise, not the code.
        # Links: the same 202 for a known and an unknown address.
        r1 = self.anon.post("/auth/password-reset", {"email": "kim3@support.test"})
        r2 = self.anon.post("/auth/password-reset", {"email": "nobody3@support.test"})
        self.assertEqual((r1.status, r1.body), (r2.status, r2.body))
        self.assertEqual(r1.status, 202)

    def test_lockout_and_its_expiry(self):
        self.invite(self.admin, "lou@support.test", "agent")
        self.accept("lou@support.test")
        for _ in range(3):
            self.sign_in("lou@support.test", "not the password at all", expect=401)
            self.sign_in("ghost@support.test", "not the password at all", expect=401)
        self.sign_in("lou@support.test", "not the password at all", expect=401)  # locks
        self.sign_in("ghost@support.test", "not the password at all", expect=401)
        locked = self.sign_in("lou@support.test", STRONG, expect=429)  # even the right one
        self.assert_problem(locked, 429, "sign_in_locked")
        self.assertTrue(locked.header("Retry-After"))
        ghost = self.sign_in("ghost@support.test", STRONG, expect=429)
        self.assertEqual(locked.body, ghost.body)
        time.sleep(LOCK_MS / 1000 + 0.3)
        self.sign_in("lou@support.test", STRONG)
        events = self.admin.get("/admin/v1/events?limit=500&type=SignInLocked").body["items"]
        self.assertTrue(any(e["type"] == "SignInLocked" and e["data"]["email"] == "lou@support.test"
                            for e in events), events)

    def test_reset_link_single_use_and_ends_other_sessions(self):
        self.invite(self.admin, "rita@support.test", "agent")
        self.accept("rita@support.test")
        old = self.cookie_client(self.sign_in("rita@support.test"))
        self.assertEqual(old.get("/auth/me").status, 200)
        r = self.anon.post("/auth/password-reset", {"email": "rita@support.test"})
        self.assertEqual(r.status, 202, r)
        token = self.mail_to("rita@support.test", "reset")
        new_password = "a new and long passphrase"
        r = self.anon.post("/auth/password-reset/redeem", {"token": token, "password": new_password})
        self.assertEqual(r.status, 200, r)
        self.secrets.append(new_password)
        fresh = self.cookie_client(r)
        self.assertEqual(old.get("/auth/me").status, 401)
        self.assertEqual(fresh.get("/auth/me").status, 200)
        again = self.anon.post("/auth/password-reset/redeem",
                               {"token": token, "password": new_password})
        self.assert_validation(again, "token")
        self.sign_in("rita@support.test", STRONG, expect=401)
        self.sign_in("rita@support.test", new_password)

    def test_magic_link_makes_the_earlier_requester_an_account(self):
        # Dora wrote in before she had an account.
        opened = self.agent_open(self.agent7, "acme", {"email": "dora@acme.test", "name": "Dora"},
                                 subject="Printer on fire")
        r = self.anon.post("/auth/magic-link", {"email": "dora@acme.test", "tenant": "acme"})
        self.assertEqual(r.status, 202, r)
        token = self.mail_to("dora@acme.test", "magic_link")
        r = self.anon.post("/auth/magic-link/redeem", {"token": token})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["account"]["role"], "customer")
        dora = self.cookie_client(r)
        mine = dora.get("/v1/tickets")
        self.assertEqual(mine.status, 200, mine)
        self.assertEqual([t["id"] for t in mine.body["items"]], [opened["id"]])
        self.assertEqual(dora.post("/v1/tickets/%s/messages" % opened["id"],
                                   {"body": "Still smoking"}).status, 200)
        # Single use.
        again = self.anon.post("/auth/magic-link/redeem", {"token": token})
        self.assert_validation(again, "token")
        # Expired (the server gives links 3 s here).
        self.anon.post("/auth/magic-link", {"email": "dora@acme.test", "tenant": "acme"})
        late = self.mail_to("dora@acme.test", "magic_link", seen=1)
        time.sleep(3.3)
        expired = self.anon.post("/auth/magic-link/redeem", {"token": late})
        self.assert_validation(expired, "token")
        # Asked from the page a ticket mail linked to, the link opens it again;
        # a `next` that could lead elsewhere is refused.
        page = "/portal/tickets/" + opened["key"]
        r = self.anon.post("/auth/magic-link", {"email": "dora@acme.test", "tenant": "acme",
                                                "next": page})
        self.assertEqual(r.status, 202, r)
        back = self.mail_to("dora@acme.test", "magic_link", seen=2)
        mailed = [m for m in self.smtp.messages() if back in text_of(m)][0]
        self.assertIn("https://help.people.test/sign-in?next=%s#purpose=magic_link&token=%s"
                      % (page, back), text_of(mailed))
        for bad in ("//evil.test/x", "https://evil.test", "/a/../b", "/x?y=1", "/" + "a" * 300):
            r = self.anon.post("/auth/magic-link", {"email": "dora@acme.test", "tenant": "acme",
                                                    "next": bad})
            self.assert_validation(r, "next")
        # Another tenant's Dora is somebody else.
        self.anon.post("/auth/magic-link", {"email": "nobody@acme.test"})  # staff: none
        time.sleep(0.3)
        self.assertFalse([m for m in self.smtp.messages() if "nobody@acme.test" in m["To"]])

    def test_session_revoke_takes_effect_on_next_request(self):
        self.invite(self.admin, "sam@support.test", "agent")
        self.accept("sam@support.test")
        first = self.cookie_client(self.sign_in("sam@support.test"))
        second = self.cookie_client(self.sign_in("sam@support.test"))
        sessions = second.get("/auth/sessions").body["items"]
        self.assertEqual(len(sessions), 3)  # the invitation's too
        first_id = first.get("/auth/me").body["session"]["id"]
        self.assertEqual(second.delete("/auth/sessions/" + first_id).status, 204)
        self.assertEqual(first.get("/auth/me").status, 401)
        self.assertEqual(second.get("/auth/me").status, 200)
        self.assertEqual(second.post("/auth/sign-out").status, 204)
        self.assertEqual(second.get("/auth/me").status, 401)

    def test_disable_and_role_change_end_sessions(self):
        account = self.invite(self.admin, "dan@support.test", "agent")
        self.accept("dan@support.test")
        dan = self.cookie_client(self.sign_in("dan@support.test"))
        personal = dan.post("/auth/tokens")
        self.assertEqual(personal.status, 201, personal)
        self.secrets.append(personal.body["token"])
        machine = self.server.client(personal.body["token"])
        self.assertEqual(machine.get("/admin/v1/tickets").status, 200)
        # A role change: the old session ends, the token acts as the new role.
        r = self.admin.request("PATCH", "/admin/v1/accounts/" + account["id"],
                               {"role": "tenant_admin", "scope": ["acme"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(dan.get("/auth/me").status, 401)
        self.assertEqual(machine.get("/auth/me").body["actor"]["role"], "tenant_admin")
        r = self.admin.post("/admin/v1/accounts/%s/disable" % account["id"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(machine.get("/admin/v1/tickets").status, 401)
        self.sign_in("dan@support.test", expect=401)

    def test_tenant_admin_manages_only_its_tenant(self):
        self.invite(self.admin, "tia@acme.test", "tenant_admin", scope=["acme"])
        self.accept("tia@acme.test")
        tia = self.cookie_client(self.sign_in("tia@acme.test"))
        self.invite(tia, "acme-agent@support.test", "agent", scope=["acme"])
        # Another tenant reads as no tenant at all; platform roles are not hers to give.
        for body, status in (({"role": "agent", "scope": ["globex"]}, 422),
                             ({"role": "customer", "tenant": "globex"}, 422),
                             ({"role": "agent"}, 403),  # platform-wide
                             ({"role": "admin"}, 403)):
            body.update({"email": "x-%s@support.test" % body["role"], "name": "X"})
            self.assertEqual(tia.post("/admin/v1/accounts", body).status, status, body)
        listed = tia.get("/admin/v1/accounts").body["items"]
        self.assertTrue(listed)
        for a in listed:
            self.assertTrue(a["tenant"] == "acme" or a["scope"] and set(a["scope"]) <= {"acme"}, a)
        platform = [a for a in self.admin.get("/admin/v1/accounts?limit=500").body["items"]
                    if a["role"] == "agent" and not a["scope"]]
        self.assertEqual(tia.get("/admin/v1/accounts/" + platform[0]["id"]).status, 404)
        self.assertEqual(self.agent7.get("/admin/v1/accounts").status, 403)
        self.assertEqual(self.ann.get("/admin/v1/accounts").status, 403)

    def mails_to(self, address, subject_part, timeout=15):
        """The mails to `address` whose subject contains `subject_part`, once there is one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.smtp.messages()
                     if address in m["To"] and subject_part in str(m["Subject"])]
            if found:
                return found
            time.sleep(0.05)
        self.fail("no mail to %s about %r" % (address, subject_part))

    def test_own_mail_language_and_staff_accounts_get_alerts(self):
        # An agent who signs in (no API token) hears of new tickets, in the
        # language she chose; a customer's mail is in hers, not the tenant's.
        self.invite(self.admin, "lena@support.test", "agent", scope=["acme"])
        self.accept("lena@support.test")
        lena = self.cookie_client(self.sign_in("lena@support.test"))
        self.invite(self.admin, "kim@acme.test", "customer", tenant="acme")
        self.accept("kim@acme.test")
        kim = self.cookie_client(self.sign_in("kim@acme.test", tenant="acme"))
        for who in (lena, kim):
            self.assertEqual(who.get("/auth/me").body["account"]["language"], "")
            self.assert_validation(who.request("PATCH", "/auth/me", {"language": "fr"}), "language")
            r = who.request("PATCH", "/auth/me", {"language": "de"})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.body["language"], "de")
        # Only name and language are one's own: a role in the body is no change.
        r = kim.request("PATCH", "/auth/me", {"role": "admin"})
        self.assertEqual((r.status, r.body["role"]), (200, "customer"), r)
        self.assertEqual(kim.request("PATCH", "/auth/me", {"language": "de"}, csrf=None).status, 403)
        opened = kim.post("/v1/tickets", {"subject": "Drucker brennt", "description": "Hilfe"})
        self.assertEqual(opened.status, 201, opened)
        key = opened.body["key"]
        confirmation = self.mails_to("kim@acme.test", key)[0]
        self.assertIn("wir haben Ihre Anfrage", text_of(confirmation))
        alert = self.mails_to("lena@support.test", key)[0]
        self.assertIn("Neues Ticket", str(alert["Subject"]))
        # Back to the default: the tenant's language (English) again.
        self.assertEqual(kim.request("PATCH", "/auth/me", {"language": ""}).body["language"], "")
        again = kim.post("/v1/tickets", {"subject": "Second", "description": "Still burning"})
        mail = self.mails_to("kim@acme.test", again.body["key"])[0]
        self.assertIn("we received your request", text_of(mail))
        # A disabled agent hears nothing more.
        lena_id = lena.get("/auth/me").body["account"]["id"]
        self.assertEqual(self.admin.post("/admin/v1/accounts/%s/disable" % lena_id).status, 200)
        third = self.ann.post("/v1/tickets", {"subject": "Third", "description": "x"}).body["key"]
        self.mails_to("ann@acme.test", third)
        time.sleep(1)
        self.assertFalse([m for m in self.smtp.messages()
                          if "lena@support.test" in m["To"] and third in str(m["Subject"])])

    def test_zz_no_secret_in_the_log_or_on_disk(self):
        self.assertGreaterEqual(len(self.secrets), 10, self.secrets)
        ctl = os.environ.get("TICKETCTL_BIN")
        self.assertTrue(ctl and os.path.exists(ctl), "TICKETCTL_BIN")
        exported = subprocess.run([ctl, "--data", self.server.data_dir, "export"],
                                  capture_output=True, check=True).stdout
        self.assertIn(b"SignedIn", exported)
        self.assertIn(b"PasswordSet", exported)
        stderr = self.server.stderr_text().encode()
        files = []
        for root, _, names in os.walk(self.server.data_dir):
            for n in names:
                with open(os.path.join(root, n), "rb") as f:
                    files.append((n, f.read()))
        for secret in self.secrets:
            s = secret.encode()
            for form in (s, urllib.parse.quote(secret).encode(), json.dumps(secret)[1:-1].encode()):
                self.assertNotIn(form, exported, secret)
                self.assertNotIn(form, stderr, secret)
                for name, data in files:
                    self.assertNotIn(form, data, "%s in %s" % (secret, name))


class Browser:
    """Requests as a browser with a session cookie makes them."""

    def __init__(self, test, secret, csrf):
        self.client = test.server.client(None)
        self.secret = secret
        self.csrf = csrf

    def request(self, method, path, body=None, csrf="default"):
        headers = {"Cookie": "theme=dark; ticketd_session=%s" % self.secret}
        token = self.csrf if csrf == "default" else csrf
        if method != "GET" and token is not None:
            headers["X-CSRF-Token"] = token
        return self.client.request(method, path, body, token=None, headers=headers)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None, csrf="default"):
        return self.request("POST", path, body, csrf)

    def delete(self, path):
        return self.request("DELETE", path)


if __name__ == "__main__":
    unittest.main()
