"""The outbound policy: webhooks may not reach internal addresses (loopback,
private, link-local cloud metadata, IPv6 and IPv4-in-IPv6 alike, names that
resolve inside), neither when saved (422 naming url) nor when delivered (a
failed attempt saying why); redirects are not followed; the operator's
--outbound-allow opens one named destination and no other."""

import http.server
import threading
import time
import unittest

from harness import ServerTestCase, free_port

SECRET = "policy-secret-0123456789"


class Redirector:
    """A loopback server answering every POST with a redirect to `location`."""

    def __init__(self, location):
        self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(handler):
                handler.rfile.read(int(handler.headers.get("Content-Length", "0")))
                self.hits.append(handler.path)
                handler.send_response(307)
                handler.send_header("Location", location)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class OutboundPolicyTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        # The inside target a redirect points at, and the one destination
        # the operator allows (a receiver that redirects there).
        from test_webhooks import Receiver
        cls.inside = Receiver()
        cls.redirector = Redirector("http://127.0.0.1:%d/hook" % cls.inside.port)
        cls.allowed = "127.0.0.1:%d" % cls.redirector.port
        cls.server_args = ("--outbound-allow", cls.allowed,
                           "--notify-retry-ms", "100", "--notify-retry-max-ms", "200",
                           "--notify-attempts", "3", "--webhook-timeout-ms", "2000")
        try:
            super().setUpClass()
        except BaseException:
            cls.inside.close()
            cls.redirector.close()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.inside.close()
            cls.redirector.close()

    def create(self, url, client=None):
        return (client or self.admin).post("/admin/v1/webhooks", {
            "url": url, "events": ["TicketOpened"], "tenant": "acme", "secret": SECRET})

    def test_internal_destinations_are_refused_when_saved(self):
        port = free_port()
        for url in ("http://127.0.0.1:%d/hook" % port,           # loopback, another port
                    "http://127.1.2.3/",                          # all of 127/8
                    "http://10.0.0.1/hook",                       # RFC 1918
                    "http://192.168.1.10:8080/",
                    "http://172.16.5.4/",
                    "http://169.254.169.254/latest/meta-data/",   # cloud metadata
                    "http://100.64.0.1/",                         # shared (CGNAT)
                    "http://0.0.0.0:%d/" % port,                  # unspecified
                    "http://[::1]:%d/hook" % port,
                    "http://[::ffff:127.0.0.1]:%d/" % port,       # IPv4-mapped IPv6
                    "http://[::ffff:a9fe:a9fe]/",                 # 169.254.169.254, mapped
                    "http://[fd00::1]/",                          # RFC 4193
                    "http://[fe80::1]/",                          # link-local
                    "http://224.0.0.1/",                          # multicast
                    "http://2130706433:%d/" % port,               # 127.0.0.1 as one number
                    "http://0x7f.1:%d/" % port,                   # and in hex
                    "http://localhost:%d/hook" % port):           # a name that resolves inside
            with self.subTest(url=url):
                r = self.create(url)
                self.assert_validation(r, "url")
        self.assert_validation(self.create("ftp://example.com/x"), "url")
        self.assert_validation(self.create("http:///nohost"), "url")
        # A tenant admin gets the same answer; nothing was saved.
        listed = self.admin.get("/admin/v1/webhooks").body["items"]
        self.assertEqual([h["url"] for h in listed if "127.0.0.1:%d" % port in h["url"]], [])

    def test_the_allowed_destination_works_and_its_redirect_is_not_followed(self):
        hook = self.create("http://%s/redirect" % self.allowed)
        self.assertEqual(hook.status, 201, hook)
        self.addCleanup(self.admin.delete, "/admin/v1/webhooks/" + hook.body["id"])
        self.open_ticket(self.ann, subject="Redirected")
        deadline = time.monotonic() + 20
        attempts = []
        while time.monotonic() < deadline and not attempts:
            log = self.admin.get("/admin/v1/webhooks/%s/deliveries" % hook.body["id"]).body["items"]
            attempts = [a for d in log for a in d["attempts"]]
            time.sleep(0.1)
        self.assertTrue(self.redirector.hits, "the allowed receiver was reached")
        self.assertTrue(attempts, "an attempt was recorded")
        self.assertEqual(attempts[0]["status"], 307)
        time.sleep(0.5)
        self.assertEqual(self.inside.requests, [], "the redirect to loopback was not followed")

    def test_a_destination_refused_at_delivery_is_recorded_as_such(self):
        # Saved while the operator allowed it; then ticketd restarts without
        # the allowance, and the same URL is refused at each attempt.
        hook = self.create("http://%s/later" % self.allowed)
        self.assertEqual(hook.status, 201, hook)
        args = list(self.server.args)
        try:
            self.server.stop()
            self.server.args = [a for a in args if a not in ("--outbound-allow", self.allowed)]
            self.server.restart()
            before = len(self.redirector.hits)
            self.open_ticket(self.ann, subject="After the allowance went")
            deadline = time.monotonic() + 20
            errors = []
            while time.monotonic() < deadline and not errors:
                log = self.admin.get("/admin/v1/webhooks/%s/deliveries" % hook.body["id"]).body["items"]
                errors = [a["error"] for d in log for a in d["attempts"] if a.get("error")]
                time.sleep(0.1)
            self.assertTrue(errors, "a refused attempt was recorded")
            self.assertIn("refused by the outbound policy", errors[0])
            self.assertIn("loopback", errors[0])
            self.assertEqual(len(self.redirector.hits), before, "nothing was sent")
        finally:
            self.server.stop()
            self.server.args = args
            self.server.restart()
            self.admin.delete("/admin/v1/webhooks/" + hook.body["id"])


if __name__ == "__main__":
    unittest.main()
