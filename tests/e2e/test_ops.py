"""Operational endpoints: /healthz, /metrics, /openapi.json."""

import json
import re
import subprocess
import unittest

from harness import ServerTestCase, binary_path
from sla_support import wait_for

# Every route of API.md except the webhook routes: (method, path template).
ROUTES = [
    ("POST", "/v1/tickets"), ("GET", "/v1/tickets"), ("GET", "/v1/tickets/{id}"),
    ("POST", "/v1/tickets/{id}/messages"), ("POST", "/v1/tickets/{id}/close"),
    ("POST", "/v1/tickets/{id}/satisfaction"),
    ("POST", "/admin/v1/tickets"), ("GET", "/admin/v1/tickets"), ("GET", "/admin/v1/tickets/{id}"),
    ("POST", "/admin/v1/tickets/{id}/messages"), ("POST", "/admin/v1/tickets/{id}/assign"),
    ("POST", "/admin/v1/tickets/{id}/status"), ("POST", "/admin/v1/tickets/{id}/priority"),
    ("POST", "/admin/v1/tickets/{id}/category"), ("POST", "/admin/v1/tickets/{id}/escalate"),
    ("POST", "/admin/v1/tickets/{id}/tags"), ("POST", "/admin/v1/tickets/{id}/merge"),
    ("GET", "/admin/v1/tickets/{id}/history"), ("GET", "/admin/v1/metrics"),
    ("GET", "/admin/v1/agents"), ("GET", "/admin/v1/events"), ("GET", "/admin/v1/events/stream"),
    ("POST", "/admin/v1/tenants"), ("GET", "/admin/v1/tenants"),
    ("PUT", "/admin/v1/tenants/{slug}/sla"), ("POST", "/admin/v1/tokens"),
    ("DELETE", "/admin/v1/tokens/{id}"), ("POST", "/admin/v1/projections/{name}/rebuild"),
]
OPERATIONAL = [("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/openapi.json")]
EVENT_TYPES = ["TicketOpened", "MessagePosted", "TicketAssigned", "TicketUnassigned",
               "StatusChanged", "PriorityChanged", "CategoryChanged", "TicketEscalated",
               "TagsChanged", "TicketMerged", "SatisfactionRated", "SlaWarning", "SlaBreached"]
PROM_LINE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*'
                       r'(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})?'
                       r'\s+[-+0-9.eEaNInf]+(\s+-?\d+)?$')


def template(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


class OpsTest(ServerTestCase):

    def test_healthz(self):
        t = self.open_ticket(self.ann)
        pos = self.command(self.agent7, "/admin/v1/tickets/%s/priority" % t["id"],
                           {"priority": "high"}).header("X-Log-Position")
        r = self.anon.get("/healthz")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.content_type.startswith("application/json"), r)
        self.assertEqual(r.body["status"], "ok")
        self.assertIsInstance(r.body["log_position"], int)
        self.assertGreaterEqual(r.body["log_position"], int(pos))
        self.assertIsInstance(r.body["projections"], dict)
        self.assertTrue(r.body["projections"])
        for name, p in r.body["projections"].items():
            self.assertIsInstance(p, int, name)
            self.assertLessEqual(p, r.body["log_position"])
        # log_position is the last committed position.
        events = self.all_events()
        self.assertEqual(r.body["log_position"], events[-1]["position"])

    def test_metrics_prometheus_text(self):
        self.open_ticket(self.ann)
        r = self.anon.get("/metrics")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.content_type.startswith("text/plain"), r.content_type)
        text = r.body
        self.assertIn("# TYPE ", text)
        names = set()
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            self.assertRegex(line, PROM_LINE)
            names.add(re.split(r"[{\s]", line, maxsplit=1)[0])
        joined = " ".join(names).lower()
        for part in ("request", "append", "batch", "lag"):
            self.assertIn(part, joined, "no %s metric in %s" % (part, sorted(names)))
        self.assertTrue(any(n.endswith("_bucket") or n.endswith("_count") for n in names),
                        "no latency histogram/summary")

    def metric_values(self):
        values = {}
        for line in self.anon.get("/metrics").body.splitlines():
            if line and not line.startswith("#") and "{" not in line:
                name, value = line.split()
                values[name] = float(value)
        return values

    def test_list_pages_are_cached_and_follow_every_change(self):
        t = self.open_ticket(self.ann)
        first = self.agent7.get("/admin/v1/tickets?limit=5").body["items"]
        self.assertEqual(first[0]["id"], t["id"])
        before = self.metric_values()
        self.assertEqual(self.agent7.get("/admin/v1/tickets?limit=5").body["items"], first)
        after = self.metric_values()
        self.assertGreaterEqual(after["ticketd_summary_cache_hits_total"]
                                - before["ticketd_summary_cache_hits_total"], len(first))
        self.assertGreaterEqual(after["ticketd_summary_cache_entries"], len(first))
        self.assertLessEqual(after["ticketd_summary_cache_bytes"],
                             after["ticketd_summary_cache_capacity_bytes"])
        # A change is written out again, in the queue and in the customer's
        # list: no page shows the summary it had before.
        self.command(self.agent7, "/admin/v1/tickets/%s/priority" % t["id"], {"priority": "urgent"})
        changed = self.agent7.get("/admin/v1/tickets?limit=5").body["items"][0]
        self.assertEqual((changed["id"], changed["priority"]), (t["id"], "urgent"))
        self.assertGreater(changed["version"], first[0]["version"])
        mine = [i for i in self.ann.get("/v1/tickets").body["items"] if i["id"] == t["id"]]
        self.assertEqual([i["priority"] for i in mine], ["urgent"])

    def test_metrics_of_caches_automation_and_outbox(self):
        t = self.open_ticket(self.ann)
        before = self.metric_values()
        # A detail read of a ticket a command just cached is a cache hit.
        self.assertEqual(self.agent7.get("/admin/v1/tickets/%s" % t["id"]).status, 200)
        after = self.metric_values()
        self.assertGreater(after["ticketd_state_cache_hits_total"],
                           before["ticketd_state_cache_hits_total"])
        self.assertGreaterEqual(after["ticketd_state_cache_entries"], 1)
        self.assertGreater(after["ticketd_state_cache_bytes"], 0)
        self.assertLessEqual(after["ticketd_state_cache_bytes"],
                             after["ticketd_state_cache_capacity_bytes"])
        self.assertGreater(after["ticketd_store_block_cache_capacity_bytes"], 0)
        self.assertGreater(after["ticketd_store_memtable_bytes"], 0)
        # RocksDB's background work: counts, so whole and never negative.
        for name in ("ticketd_store_flushes_running", "ticketd_store_compactions_running",
                     "ticketd_store_compactions_pending", "ticketd_store_pending_compaction_bytes"):
            self.assertIn(name, after)
            self.assertGreaterEqual(after[name], 0)
            self.assertEqual(after[name], int(after[name]))
        # The open ticket has SLA timers; the automation follows it once it
        # has read the log that far.
        m = wait_for(self, "the automation to read the log", lambda: (
            lambda v: v if v["ticketd_automation_lag"] == 0 and v["ticketd_automation_timers"] else None)(
                self.metric_values()))
        self.assertEqual(m["ticketd_automation_ready"], 1)
        self.assertGreaterEqual(m["ticketd_automation_tickets"], 1)
        self.assertGreaterEqual(m["ticketd_automation_timers"], 1)
        for name in ("ticketd_outbox_lag", "ticketd_outbox_pending",
                     "ticketd_automation_actions_total", "ticketd_automation_failures_total"):
            self.assertIn(name, m)

    def test_openapi_document(self):
        r = self.anon.get("/openapi.json")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.content_type.startswith("application/json"), r)
        doc = r.body
        self.assertEqual(doc.get("openapi"), "3.1.0")
        self.assertIn("info", doc)
        paths = {template(p): ops for p, ops in doc["paths"].items()}
        for method, path in ROUTES:
            with self.subTest(route="%s %s" % (method, path)):
                self.assertIn(template(path), paths, "path not documented")
                self.assertIn(method.lower(), paths[template(path)], "method not documented")

    def test_every_documented_operation_is_routed(self):
        """The other way round from the route table: each operation of the
        served document reaches a handler (never the router's own 404 or
        405), and `ticketd --print-openapi` prints the served document."""
        doc = self.anon.get("/openapi.json").body
        printed = json.loads(subprocess.run(
            [binary_path(), "--print-openapi"], check=True, stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL, timeout=60).stdout)
        self.assertEqual(printed, doc)
        self.assertEqual(doc["servers"], [{"url": "/", "description": "This ticketd"}])
        count = 0
        for path, item in doc["paths"].items():
            concrete = re.sub(r"\{[^}]+\}", "zz-unknown-1", path)
            for method in item:
                count += 1
                with self.subTest(operation="%s %s" % (method, path)):
                    body = None if method in ("get", "delete") else {}
                    r = self.anon.request(method.upper(), concrete, body=body)
                    self.assertNotEqual(r.status, 405, r)
                    if r.status == 404:
                        self.assertNotEqual(r.body.get("detail"), "No such resource.", r)
        self.assertGreaterEqual(count, 64)

    def test_openapi_operational_paths(self):
        doc = self.anon.get("/openapi.json").body
        paths = {template(p): ops for p, ops in doc["paths"].items()}
        for method, path in OPERATIONAL:
            with self.subTest(route=path):
                self.assertIn(path, paths)
                self.assertIn(method.lower(), paths[path])

    def test_openapi_describes_event_types(self):
        text = self.anon.get("/openapi.json").raw.decode()
        for t in EVENT_TYPES:
            with self.subTest(event=t):
                self.assertTrue(t in text, "event type %s not described" % t)

    def test_no_token_needed(self):
        for path in ("/healthz", "/metrics", "/openapi.json"):
            with self.subTest(path=path):
                self.assertEqual(self.anon.get(path).status, 200)


if __name__ == "__main__":
    unittest.main()
