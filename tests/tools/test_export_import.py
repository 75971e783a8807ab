"""ticketctl export and import on the demo log: the JSONL lines are the
envelopes GET /admin/v1/events serves, filters and CSV agree with them, and
re-importing into a fresh store and rebuilding gives the same log (hash for
hash) and the same answers from every view."""

import csv
import json
import os
import time
import unittest
import urllib.parse

from ctl import TempDirCase, ctl, ctl_json

EXTRA = ("correlation_id", "schema_version")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class ExportImportTest(TempDirCase):

    def setUp(self):
        super().setUp()
        self.data = self.path("a")
        # Simulated time starts tomorrow, so a ticketd started on the store
        # finds nothing overdue and appends nothing of its own (its SLA
        # engine acts on what is overdue by the wall clock).
        tomorrow = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(time.time() + 2 * 86400))
        ctl(self.data, "demo", "--tenants", 3, "--tickets", 300, "--start", tomorrow)
        self.head = ctl_json(self.data, "verify")
        self.export = self.path("log.jsonl")
        out = ctl(self.data, "export", "--out", self.export).stdout
        self.assertIn("exported %d events" % self.head["head"], out)
        self.lines = read_jsonl(self.export)

    def test_jsonl_is_the_api_envelopes(self):
        self.assertEqual([l["position"] for l in self.lines], list(range(1, self.head["head"] + 1)))
        self.assertEqual(self.lines[-1]["hash"], self.head["head_hash"])
        _, admin = self.start_server(self.data, "--checkpoint-interval", "0")
        served = self.events_via_http(admin)
        self.assertEqual(len(served), len(self.lines))  # and ticketd appended nothing
        for line, item in zip(self.lines, served):
            self.assertEqual({k: v for k, v in line.items() if k not in EXTRA}, item)
        # Internal notes stay in: this is the admin's (auditor's) export.
        self.assertTrue(any(l["type"] == "MessagePosted" and l["data"]["internal"] for l in self.lines))
        # Standard output by default, the same bytes as --out.
        with open(self.export, encoding="utf-8") as f:
            self.assertEqual(ctl(self.data, "export").stdout, f.read())

    def test_filters_and_csv(self):
        acme = [json.loads(l) for l in ctl(self.data, "export", "--tenant", "acme").stdout.splitlines()]
        self.assertEqual(acme, [l for l in self.lines if l["tenant"] == "acme"])
        self.assertTrue(acme)
        kinds = [json.loads(l) for l in
                 ctl(self.data, "export", "--type", "TicketOpened,SlaBreached").stdout.splitlines()]
        self.assertEqual(kinds, [l for l in self.lines if l["type"] in ("TicketOpened", "SlaBreached")])
        self.assertEqual({l["type"] for l in kinds}, {"TicketOpened", "SlaBreached"})
        window = [json.loads(l) for l in ctl(self.data, "export", "--from", 10, "--to", 20).stdout.splitlines()]
        self.assertEqual([l["position"] for l in window], list(range(10, 20)))
        cut = self.lines[len(self.lines) // 2]["occurred_at"]
        later = [json.loads(l) for l in ctl(self.data, "export", "--from", cut).stdout.splitlines()]
        self.assertEqual(later, [l for l in self.lines if l["occurred_at"] >= cut])
        earlier = [json.loads(l) for l in ctl(self.data, "export", "--to", cut).stdout.splitlines()]
        self.assertEqual(len(earlier) + len(later), len(self.lines))
        ctl(self.data, "export", "--format", "xml", expect=2)
        ctl(self.data, "export", "--from", "last tuesday", expect=2)

        rows = list(csv.DictReader(ctl(self.data, "export", "--format", "csv").stdout.splitlines()))
        self.assertEqual(len(rows), len(self.lines))
        for row, line in zip(rows, self.lines):
            self.assertEqual(int(row["position"]), line["position"])
            self.assertEqual(row["type"], line["type"])
            self.assertEqual(row["actor_id"], line["actor"]["id"])
            self.assertEqual(row["occurred_at"], line["occurred_at"])
            self.assertEqual(json.loads(row["data"]), line["data"])
            self.assertEqual(row["hash"], line["hash"])

    def test_import_rebuild_gives_identical_log_and_views(self):
        b = self.path("b")
        report = ctl_json(b, "import", self.export)
        self.assertEqual(report["head"], self.head["head"])
        self.assertEqual(report["head_hash"], self.head["head_hash"])
        self.assertEqual(ctl_json(b, "verify")["head_hash"], self.head["head_hash"])
        # Byte-identical export of the imported store.
        with open(self.export, encoding="utf-8") as f:
            self.assertEqual(ctl(b, "export").stdout, f.read())
        # Views: B rebuilt offline by ticketctl, A built by the server on start.
        rebuilt = ctl_json(b, "--progress", "rebuild")
        self.assertEqual({p["name"] for p in rebuilt["projections"]}, {"queue", "tenant", "metrics"})
        self.assertTrue(all(p["position"] == self.head["head"] for p in rebuilt["projections"]))
        answers = []
        for data in (self.data, b):
            server, admin = self.start_server(data, "--checkpoint-interval", "0")
            r = admin.post("/admin/v1/tokens", {"role": "customer_admin", "tenant": "acme",
                                                "user": {"id": "c-acme-1", "email": "user1@acme.test",
                                                         "name": "Customer 1"}})
            self.assertEqual(r.status, 201, r)
            customer = server.client(r.body["token"])
            answers.append(self.view_answers(admin, customer))
            server.stop()
        self.assertTrue(answers[0]["queue"])
        self.assertEqual(answers[0], answers[1])
        # A new ticket continues the numbering on the imported store.
        server, admin = self.start_server(b, "--checkpoint-interval", "0")
        count = sum(1 for l in self.lines if l["type"] == "TicketOpened" and l["tenant"] == "globex")
        r = admin.post("/admin/v1/tickets", {"tenant": "globex", "requester": {"email": "x@globex.test", "name": "X"},
                                             "subject": "After import", "description": "new"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["number"], count + 1)

    def view_answers(self, admin, customer):
        mp = "min_position=%d" % self.head["head"]

        def all_pages(client, path):
            items, cursor = [], None
            while True:
                url = path + ("&" if "?" in path else "?") + mp + "&limit=500"
                if cursor:
                    url += "&cursor=" + urllib.parse.quote(cursor, safe="")
                r = client.get(url, consistent=False)
                self.assertEqual(r.status, 200, r)
                items.extend(r.body["items"])
                cursor = r.body["next_cursor"]
                if cursor is None:
                    return items

        return {
            "queue": all_pages(admin, "/admin/v1/tickets?sort=created"),
            "queue_breached": all_pages(admin, "/admin/v1/tickets?breached=true&sort=-updated"),
            "queue_acme_due": all_pages(admin, "/admin/v1/tickets?tenant=acme&sort=due"),
            "tenant": all_pages(customer, "/v1/tickets"),
            "agents": all_pages(admin, "/admin/v1/agents"),
            "metrics": admin.get("/admin/v1/metrics?" + mp, consistent=False).body,
            "metrics_acme": admin.get("/admin/v1/metrics?tenant=acme&" + mp, consistent=False).body,
        }

    def test_import_refuses_what_it_cannot_reproduce(self):
        # A tampered line: nothing from it on is appended.
        lines = open(self.export, encoding="utf-8").read().splitlines()
        bad = json.loads(lines[9])
        bad["data"]["tampered"] = True
        lines[9] = json.dumps(bad, separators=(",", ":"))
        forged = self.path("forged.jsonl")
        with open(forged, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        p = ctl(self.path("c"), "import", forged, expect=1)
        self.assertIn("line 10", p.stderr)
        self.assertIn("hash", p.stderr)
        self.assertEqual(ctl_json(self.path("c"), "verify")["head"], 9)
        # A filtered export has gaps.
        filtered = self.path("opened.jsonl")
        ctl(self.data, "export", "--type", "TicketOpened", "--out", filtered)
        p = ctl(self.path("d"), "import", filtered, expect=1)
        self.assertIn("without gaps", p.stderr)
        # Importing twice into the same store would duplicate history.
        ctl(self.path("e"), "import", self.export)
        self.assertIn("position 1 where", ctl(self.path("e"), "import", self.export, expect=1).stderr)
        # Standard input works too.
        with open(self.export, encoding="utf-8") as f:
            ctl(self.path("f"), "import", "-", stdin=f.read())
        self.assertEqual(ctl_json(self.path("f"), "verify")["head_hash"], self.head["head_hash"])


if __name__ == "__main__":
    unittest.main()
