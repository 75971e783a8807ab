"""Webhooks: subscriptions, signed deliveries in order per ticket,
retries with backoff, a delivery log, dead letters, and a receiver that is
down across a ticketd restart still receiving everything."""

import hashlib
import hmac
import http.server
import json
import os
import stat
import threading
import time
import unittest

from harness import ServerTestCase, free_port
from sla_support import ms

SECRET = "whsec-e2e-0123456789abcdef"
# The receivers listen on loopback, which the outbound policy refuses unless
# the operator allows it (test_outbound_policy.py tests the refusals).
ALLOW_LOOPBACK = ("--outbound-allow", "127.0.0.1")
FAST_RETRIES = ("--notify-retry-ms", "100", "--notify-retry-max-ms", "400",
                "--notify-attempts", "60", "--webhook-timeout-ms", "2000") + ALLOW_LOOPBACK
# The notification machinery's own events, and token events, are never
# delivered to "*".
NOT_DELIVERED = ("Notification", "Webhook", "Token")


class Receiver:
    """A loopback HTTP receiver that answers 503 to the first `fail_first`
    requests and 204 afterwards, recording every request."""

    def __init__(self, fail_first=0, port=0):
        self.lock = threading.Lock()
        self.requests = []  # (status answered, headers dict, body bytes)
        self.fail_first = fail_first
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    status = 503 if len(receiver.requests) < receiver.fail_first else 204
                    receiver.requests.append((status, dict(self.headers.items()), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d/hook" % self.port

    def accepted(self):
        with self.lock:
            return [(h, b) for s, h, b in self.requests if s == 204]

    def failed(self):
        with self.lock:
            return [r for r in self.requests if r[0] != 204]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class WebhookChecks:
    """Assertions shared by the webhook test classes."""

    def expected_events(self, after_position, tenant=None):
        return [e for e in self.all_events(after_position)
                if not e["type"].startswith(NOT_DELIVERED)
                and (tenant is None or e["tenant"] == tenant)]

    def wait_for_deliveries(self, receiver, expected, timeout=30):
        want = {e["event_id"] for e in expected}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = {json.loads(b)["event_id"] for _, b in receiver.accepted()}
            if want <= got:
                return
            time.sleep(0.1)
        got = {json.loads(b)["event_id"] for _, b in receiver.accepted()}
        self.fail("missing deliveries: %r" % sorted(want - got))

    def check_deliveries(self, receiver, expected, secret, exactly_once=True):
        by_id = {e["event_id"]: e for e in expected}
        first_seen = []
        delivery_of_event = {}
        for headers, body in receiver.accepted():
            self.assertEqual(headers.get("Content-Type"), "application/json")
            sig = headers.get("X-Ticketd-Signature", "")
            parts = dict(p.split("=", 1) for p in sig.split(","))
            self.assertEqual(set(parts), {"t", "v1"}, sig)
            want = hmac.new(secret.encode(), parts["t"].encode() + b"." + body,
                            hashlib.sha256).hexdigest()
            self.assertTrue(hmac.compare_digest(parts["v1"], want), "bad signature %s" % sig)
            envelope = json.loads(body)
            # Signed when sent: after the event, and not from another day
            # (the server's times, not this test's clock).
            signed_ms = int(parts["t"]) * 1000
            occurred_ms = ms(envelope["occurred_at"])
            self.assertTrue(occurred_ms - 1000 <= signed_ms <= occurred_ms + 300000, (sig, envelope))
            delivery = headers.get("X-Ticketd-Delivery")
            self.assertTrue(delivery)
            # The same delivery id always carries the same event (receivers
            # de-duplicate by it), and an event has one delivery id.
            self.assertEqual(delivery_of_event.setdefault(envelope["event_id"], delivery), delivery)
            self.assertIn(envelope["event_id"], by_id, "unexpected event %r" % envelope)
            self.assertEqual(envelope, by_id[envelope["event_id"]])
            self.assertEqual(headers.get("X-Ticketd-Event"), envelope["type"])
            if envelope["event_id"] not in [e["event_id"] for e in first_seen]:
                first_seen.append(envelope)
        if exactly_once:
            self.assertEqual(len(receiver.accepted()), len(expected))
        # In order per ticket (per stream): versions rise in arrival order.
        last = {}
        for env in first_seen:
            self.assertGreater(env["version"], last.get(env["stream"], 0),
                               "out of order on %s" % env["stream"])
            last[env["stream"]] = env["version"]

    def make_activity(self, client):
        t1 = self.open_ticket(client, subject="Hook one")
        t2 = self.open_ticket(client, subject="Hook two")
        for i in range(3):
            self.command(self.agent7, "/admin/v1/tickets/%s/messages" % t1["id"],
                         {"body": "reply %d" % i, "internal": i == 1})
            self.command(self.agent7, "/admin/v1/tickets/%s/priority" % t2["id"],
                         {"priority": ["high", "low", "urgent"][i]})
        self.command(self.agent7, "/admin/v1/tickets/%s/assign" % t1["id"], {"assignee": "agent-7"})
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t1["id"], {"status": "resolved"})
        return t1, t2

    def create_hook(self, url, events=("*",), tenant="acme", secret=SECRET):
        body = {"url": url, "events": list(events), "secret": secret}
        if tenant:
            body["tenant"] = tenant
        r = self.admin.post("/admin/v1/webhooks", body)
        self.assertEqual(r.status, 201, r)
        return r.body

    def head_position(self):
        return self.anon.get("/healthz").body["log_position"]


class WebhookDeliveryTest(ServerTestCase, WebhookChecks):
    server_args = FAST_RETRIES

    def test_signed_ordered_complete_despite_failures(self):
        receiver = Receiver(fail_first=5)
        self.addCleanup(receiver.close)
        hook = self.create_hook(receiver.url)
        self.assertTrue(hook["id"].startswith("wh_"))
        self.assertNotIn("secret", hook)
        self.assertEqual(hook["secret_fingerprint"],
                         hashlib.sha256(SECRET.encode()).hexdigest()[:16])
        self.assertEqual(hook["tenant"], "acme")
        listed = self.list_all(self.admin, "/admin/v1/webhooks")
        self.assertIn(hook["id"], [h["id"] for h in listed])
        start = self.head_position()

        self.make_activity(self.ann)
        self.open_ticket(self.gus, subject="Other tenant, not delivered")
        expected = self.expected_events(start, tenant="acme")
        self.assertGreater(len(expected), 10)
        self.wait_for_deliveries(receiver, expected)
        time.sleep(0.5)  # nothing more arrives
        self.check_deliveries(receiver, expected, SECRET)
        self.assertEqual(len(receiver.failed()), 5)
        # Internal notes are events too and go to webhooks (admin systems).
        self.assertIn("MessagePosted", [e["type"] for e in expected])

        # The delivery log: every delivery delivered, the failures recorded.
        log = self.list_all(self.admin, "/admin/v1/webhooks/%s/deliveries" % hook["id"], limit=7)
        self.assertEqual(sorted(d["event_id"] for d in log), sorted(e["event_id"] for e in expected))
        self.assertTrue(all(d["status"] == "delivered" for d in log), log)
        failed_attempts = [a for d in log for a in d["attempts"] if a["outcome"] == "failed"]
        self.assertEqual(len(failed_attempts), 5, log)
        self.assertTrue(all(a["status"] == 503 and a["error"] for a in failed_attempts))
        self.assertTrue(all(d["recipient"] == receiver.url for d in log))
        # The audit trail in the log itself.
        events = [e for e in self.all_events(start) if e["stream"] == "webhook-" + hook["id"]]
        types = [e["type"] for e in events]
        self.assertEqual(types.count("NotificationAttempted"), 5)
        self.assertEqual(types.count("NotificationDelivered"), len(expected))
        queued = [e for e in events if e["type"] == "NotificationQueued"]
        self.assertEqual(len(queued), len(expected))
        self.assertTrue(all(e["stream"] == "webhook-" + hook["id"] for e in queued))

    def test_event_type_filter_and_secret_kept_out_of_the_log(self):
        receiver = Receiver()
        self.addCleanup(receiver.close)
        secret = "another-secret-" + os.urandom(8).hex()
        hook = self.create_hook(receiver.url, events=["StatusChanged"], tenant=None, secret=secret)
        self.assertIsNone(hook["tenant"])
        start = self.head_position()
        t = self.open_ticket(self.gus, subject="Filtered")
        self.command(self.agent7, "/admin/v1/tickets/%s/status" % t["id"], {"status": "on_hold"})
        expected = [e for e in self.all_events(start) if e["type"] == "StatusChanged"]
        self.assertEqual(len(expected), 1)
        self.wait_for_deliveries(receiver, expected)
        time.sleep(0.3)
        self.check_deliveries(receiver, expected, secret)
        # The secret is in the key file (0600), never in the log.
        key_file = os.path.join(self.server.data_dir, "keys", "webhooks.json")
        self.assertEqual(stat.S_IMODE(os.stat(key_file).st_mode), 0o600)
        with open(key_file) as f:
            self.assertEqual(json.load(f)[hook["id"]], secret)
        everything = json.dumps(self.all_events())
        self.assertNotIn(secret, everything)
        self.assertIn(hook["secret_fingerprint"], everything)

    def test_validation_permissions_and_delete(self):
        r = self.admin.post("/admin/v1/webhooks", {"url": "ftp://x", "events": ["Nope"],
                                                   "secret": "short", "tenant": "nosuch"})
        self.assert_validation(r, "tenant")
        r = self.admin.post("/admin/v1/webhooks", {"url": "ftp://x", "events": ["Nope"], "secret": "short"})
        self.assert_validation(r, "url", "events", "secret")
        r = self.admin.post("/admin/v1/webhooks", {"url": "http://127.0.0.1:9/x", "secret": SECRET})
        self.assert_validation(r, "events")
        self.assert_problem(self.agent7.post("/admin/v1/webhooks", {"url": "http://127.0.0.1:9/x",
                                                                    "events": ["*"], "secret": SECRET}), 403)
        self.assert_problem(self.agent7.get("/admin/v1/webhooks"), 403)
        self.assert_problem(self.anon.get("/admin/v1/webhooks"), 401)
        hook = self.create_hook("http://127.0.0.1:9/x")
        self.assertEqual(self.admin.delete("/admin/v1/webhooks/" + hook["id"]).status, 204)
        self.assert_problem(self.admin.delete("/admin/v1/webhooks/" + hook["id"]), 404)
        self.assertNotIn(hook["id"], [h["id"] for h in self.list_all(self.admin, "/admin/v1/webhooks")])
        self.assert_problem(self.admin.get("/admin/v1/webhooks/wh_nosuch/deliveries"), 404)
        r = self.admin.get("/admin/v1/webhooks/%s/deliveries" % hook["id"])
        self.assertEqual(r.status, 200, r)
        types = [e["type"] for e in self.all_events()]
        self.assertIn("WebhookCreated", types)
        self.assertIn("WebhookDeleted", types)


class WebhookDeadLetterTest(ServerTestCase, WebhookChecks):
    server_args = ("--notify-retry-ms", "50", "--notify-retry-max-ms", "100",
                   "--notify-attempts", "3", "--webhook-timeout-ms", "1000") + ALLOW_LOOPBACK

    def test_dead_lettered_after_the_last_attempt(self):
        hook = self.create_hook("http://127.0.0.1:%d/down" % free_port(), events=["TicketOpened"])
        self.open_ticket(self.ann, subject="Nobody listens")
        deadline = time.monotonic() + 20
        log = []
        while time.monotonic() < deadline:
            log = self.admin.get("/admin/v1/webhooks/%s/deliveries" % hook["id"]).body["items"]
            if log and log[0]["status"] == "dead_lettered":
                break
            time.sleep(0.1)
        self.assertEqual(len(log), 1, log)
        self.assertEqual(log[0]["status"], "dead_lettered", log)
        self.assertEqual([a["attempt"] for a in log[0]["attempts"]], [1, 2, 3])
        self.assertEqual([a["outcome"] for a in log[0]["attempts"]], ["failed", "failed", "dead_lettered"])
        self.assertIsNone(log[0]["next_attempt_at"])
        types = [e["type"] for e in self.all_events()]
        self.assertEqual(types.count("NotificationDeadLettered"), 1)


class WebhookReceiverDownAcrossRestartTest(ServerTestCase, WebhookChecks):
    server_args = FAST_RETRIES

    def test_receiver_down_then_back_after_restart_gets_everything(self):
        port = free_port()
        hook = self.create_hook("http://127.0.0.1:%d/hook" % port)
        start = self.head_position()
        self.make_activity(self.ann)
        # Wait until deliveries have failed a few times, then restart mid-retry.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if sum(e["type"] == "NotificationAttempted" for e in self.all_events(start)) >= 4:
                break
            time.sleep(0.1)
        self.server.restart()
        self.make_activity(self.carol)  # more while it is still down
        time.sleep(0.5)
        receiver = Receiver(port=port)
        self.addCleanup(receiver.close)
        expected = self.expected_events(start, tenant="acme")
        self.wait_for_deliveries(receiver, expected)
        time.sleep(0.5)
        # At least once: a send cut by the restart may come twice, with the
        # same delivery id; everything arrives, in order per ticket.
        self.check_deliveries(receiver, expected, SECRET, exactly_once=False)
        log = self.list_all(self.admin, "/admin/v1/webhooks/%s/deliveries" % hook["id"])
        self.assertEqual(len(log), len(expected))
        self.assertTrue(all(d["status"] == "delivered" for d in log))
        queued = [e for e in self.all_events(start) if e["type"] == "NotificationQueued"
                  and e["stream"] == "webhook-" + hook["id"]]
        self.assertEqual(len(queued), len(expected), "a restart must not queue twice")


if __name__ == "__main__":
    unittest.main()
