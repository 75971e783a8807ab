"""Operational endpoints: /healthz, /metrics, /openapi.json."""

import re
import unittest

from harness import ServerTestCase

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
