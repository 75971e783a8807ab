"""Helpers for the SLA and automation end-to-end tests: RFC 3339 instants,
polling with generous deadlines (never fixed sleeps for outcomes), a ticket's
events, and waiting until the automation thread is idle."""

import datetime
import time

POLL_S = 0.1
DEADLINE_S = 60


def ms(text):
    """Milliseconds since the epoch of an RFC 3339 UTC instant."""
    t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000 + 0.5)


def now_ms():
    return int(time.time() * 1000)


def wait_for(test, what, fn, timeout=DEADLINE_S):
    """Calls fn until it returns something truthy; fails after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            test.fail("timed out after %d s waiting for %s" % (timeout, what))
        time.sleep(POLL_S)


def wait_until_ms(instant_ms):
    """Sleeps until the wall clock has passed instant_ms (for a due instant
    that must pass while the server is down)."""
    while now_ms() <= instant_ms:
        time.sleep(max(0.01, min(0.5, (instant_ms - now_ms()) / 1000.0 + 0.01)))


def ticket_events(test, ticket_id):
    return [e for e in test.all_events() if e["stream"] == "ticket-" + ticket_id]


def of_type(events, type_, target=None):
    return [e for e in events if e["type"] == type_ and
            (target is None or e["data"].get("target") == target)]


def automation_idle(test):
    """True when the automation thread has read the whole log and has no
    timer due: anything it was going to do by now is done."""
    head = test.anon.get("/healthz").body["log_position"]
    r = test.admin.get("/admin/v1/automation")
    test.assertEqual(r.status, 200, r)
    s = r.body
    if not s["ready"] or s["position"] < head:
        return False
    return s["next_at"] is None or ms(s["next_at"]) > ms(s["now"])


def put_sla(test, slug, policies):
    r = test.admin.put("/admin/v1/tenants/%s/sla" % slug, {"policies": policies})
    test.assertEqual(r.status, 200, r)
    return r.body
