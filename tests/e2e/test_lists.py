"""Queue and list endpoints: filters, sorts, paging, read-your-writes."""

import json
import threading
import time
import unittest
import urllib.parse

from harness import ServerTestCase, TIME_RE

PRIORITY_RANK = {"urgent": 0, "high": 1, "medium": 2, "low": 3}


class QueueTest(ServerTestCase):
    """A fixed data set; tests only read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.build_data()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _post(cls, client, path, body=None, expect=200):
        r = client.post(path, body)
        if r.status != expect:
            raise AssertionError("setup %s %r: %r" % (path, body, r))
        return r.body

    @classmethod
    def build_data(cls):
        p = cls._post
        specs = [
            # (client, subject, category, priority)
            (cls.ann, "Printer jam on floor 3", "technical", "high"),
            (cls.bob, "Invoice is wrong", "billing", "low"),
            (cls.ann, "Cannot reset password", "account", "urgent"),
            (cls.bob, "Printer driver missing", "technical", "medium"),
            (cls.gus, "Billing address change", "billing", "medium"),
            (cls.gus, "App crashes on start", "bug", "urgent"),
            (cls.ann, "Feature: dark mode", "feature_request", "low"),
        ]
        cls.t = []
        for client, subject, category, priority in specs:
            cls.t.append(p(client, "/v1/tickets", {"subject": subject, "description": "d",
                                                   "category": category, "priority": priority},
                           expect=201))
            time.sleep(0.003)  # distinct created_at milliseconds
        a = lambda i: "/admin/v1/tickets/%s" % cls.t[i]["id"]  # noqa: E731
        p(cls.agent7, a(0) + "/assign", {"assignee": "agent-7"})
        p(cls.agent7, a(0) + "/tags", {"add": ["vip"], "remove": []})
        p(cls.agent7, a(2) + "/assign", {"assignee": "agent-8"})
        p(cls.agent7, a(2) + "/escalate", {"reason": "locked out CEO"})
        p(cls.agent7, a(3) + "/status", {"status": "resolved"})
        p(cls.agent7, a(4) + "/tags", {"add": ["vip", "refund"], "remove": []})
        p(cls.agent7, a(4) + "/status", {"status": "waiting_on_customer"})
        p(cls.agent7, a(5) + "/assign", {"assignee": "agent-7"})
        p(cls.agent7, a(5) + "/status", {"status": "on_hold"})
        p(cls.agent7, a(6) + "/messages", {"body": "noted", "internal": True})
        # Current states, as the detail endpoint reports them.
        cls.states = {}
        for t in cls.t:
            r = cls.admin.get("/admin/v1/tickets/" + t["id"])
            if r.status != 200:
                raise AssertionError(r)
            cls.states[t["id"]] = r.body

    def ids(self, path, client=None):
        return [i["id"] for i in self.list_all(client or self.agent7, path)]

    def expect(self, pred):
        return {tid for tid, s in self.states.items() if pred(s)}

    def test_shape_and_items(self):
        r = self.agent7.get("/admin/v1/tickets")
        items = self.assert_list_shape(r)
        self.assertEqual(len(items), len(self.t))
        self.assertIsNone(r.body["next_cursor"])
        for i in items:
            self.assertNotIn("messages", i)
            s = self.states[i["id"]]
            for k in ("key", "tenant", "subject", "status", "priority", "category", "assignee",
                      "escalation_level", "message_count", "version", "created_at", "updated_at"):
                self.assertEqual(i[k], s[k], (k, i))
            self.assertEqual(sorted(i["tags"]), sorted(s["tags"]))

    def test_filters(self):
        cases = {
            "status=open": lambda s: s["status"] == "open",
            "status=in_progress": lambda s: s["status"] == "in_progress",
            "status=resolved": lambda s: s["status"] == "resolved",
            "status=on_hold": lambda s: s["status"] == "on_hold",
            "status=waiting_on_customer": lambda s: s["status"] == "waiting_on_customer",
            "priority=urgent": lambda s: s["priority"] == "urgent",
            "priority=low": lambda s: s["priority"] == "low",
            "tenant=acme": lambda s: s["tenant"] == "acme",
            "tenant=globex": lambda s: s["tenant"] == "globex",
            "assignee=agent-7": lambda s: s["assignee"] == "agent-7",
            "assignee=agent-8": lambda s: s["assignee"] == "agent-8",
            "assignee=none": lambda s: s["assignee"] is None,
            "category=billing": lambda s: s["category"] == "billing",
            "category=technical": lambda s: s["category"] == "technical",
            "tag=vip": lambda s: "vip" in s["tags"],
            "tag=refund": lambda s: "refund" in s["tags"],
            "escalated=true": lambda s: s["escalation_level"] > 0,
            "escalated=false": lambda s: s["escalation_level"] == 0,
            "q=printer": lambda s: "printer" in s["subject"].lower(),
            "q=Billing": lambda s: "billing" in s["subject"].lower(),
            "status=open&tenant=acme": lambda s: s["status"] == "open" and s["tenant"] == "acme",
            "priority=urgent&assignee=agent-7":
                lambda s: s["priority"] == "urgent" and s["assignee"] == "agent-7",
            "tenant=globex&tag=vip": lambda s: s["tenant"] == "globex" and "vip" in s["tags"],
            "tenant=nosuchtenant": lambda s: False,
        }
        for query, pred in cases.items():
            with self.subTest(query=query):
                got = self.ids("/admin/v1/tickets?" + query)
                self.assertEqual(len(got), len(set(got)), "duplicates")
                self.assertEqual(set(got), self.expect(pred))
        # Sanity: the data set makes every filter non-trivial.
        self.assertEqual(len(self.expect(lambda s: s["status"] == "in_progress")), 2)
        self.assertEqual(len(self.expect(lambda s: s["assignee"] is None)), 4)

    def test_sorts(self):
        def ordered(path):
            return self.list_all(self.agent7, path)

        default = ordered("/admin/v1/tickets")
        created = ordered("/admin/v1/tickets?sort=created")
        self.assertEqual([i["id"] for i in created], [t["id"] for t in self.t])
        rev = ordered("/admin/v1/tickets?sort=-created")
        self.assertEqual([i["id"] for i in rev], [t["id"] for t in reversed(self.t)])
        self.assertEqual([i["id"] for i in default], [i["id"] for i in rev], "default is -created")
        upd = ordered("/admin/v1/tickets?sort=updated")
        stamps = [i["updated_at"] for i in upd]
        self.assertEqual(stamps, sorted(stamps))
        upd_rev = ordered("/admin/v1/tickets?sort=-updated")
        stamps = [i["updated_at"] for i in upd_rev]
        self.assertEqual(stamps, sorted(stamps, reverse=True))
        pri = ordered("/admin/v1/tickets?sort=priority")
        ranks = [PRIORITY_RANK[i["priority"]] for i in pri]
        self.assertEqual(ranks, sorted(ranks), "urgent first")
        pri_rev = ordered("/admin/v1/tickets?sort=-priority")
        ranks = [PRIORITY_RANK[i["priority"]] for i in pri_rev]
        self.assertEqual(ranks, sorted(ranks, reverse=True))
        due = ordered("/admin/v1/tickets?sort=due")
        self.assertEqual({i["id"] for i in due}, set(self.states))
        self.assertEqual(len(due), len(self.states))

    def test_paging_with_cursor(self):
        for query in ("", "sort=created", "sort=priority", "sort=-updated", "status=open",
                      "sort=due"):
            with self.subTest(query=query):
                path = "/admin/v1/tickets" + ("?" + query if query else "")
                whole = [i["id"] for i in self.list_all(self.agent7, path)]
                for limit in (1, 2, 3):
                    paged = [i["id"] for i in self.list_all(self.agent7, path, limit=limit)]
                    self.assertEqual(paged, whole, "limit=%d" % limit)

    def test_limit_pages(self):
        r = self.agent7.get("/admin/v1/tickets?limit=3")
        items = self.assert_list_shape(r)
        self.assertEqual(len(items), 3)
        self.assertIsInstance(r.body["next_cursor"], str)
        r2 = self.agent7.get("/admin/v1/tickets?limit=3&cursor=" +
                             urllib.parse.quote(r.body["next_cursor"], safe=""))
        items2 = self.assert_list_shape(r2)
        self.assertEqual(len(items2), 3)
        self.assertFalse({i["id"] for i in items} & {i["id"] for i in items2})
        r = self.agent7.get("/admin/v1/tickets?limit=1000")
        self.assertEqual(len(self.assert_list_shape(r)), len(self.t))
        self.assertIsNone(r.body["next_cursor"])

    def test_customer_lists(self):
        ann = self.list_all(self.ann, "/v1/tickets")
        expected = [t["id"] for t in reversed(self.t) if t["requester"]["id"] == "u-ann"]
        self.assertEqual([i["id"] for i in ann], expected, "own tickets, newest first")
        for i in ann:
            self.assertNotIn("messages", i)
        # The internal note on ticket 6 is not counted for the customer.
        t6 = [i for i in ann if i["id"] == self.t[6]["id"]][0]
        self.assertEqual(t6["message_count"], 1)
        carol = [i["id"] for i in self.list_all(self.carol, "/v1/tickets")]
        self.assertEqual(carol, [t["id"] for t in reversed(self.t) if t["tenant"] == "acme"])
        gina = [i["id"] for i in self.list_all(self.gina, "/v1/tickets")]
        self.assertEqual(gina, [t["id"] for t in reversed(self.t) if t["tenant"] == "globex"])
        # status filter and paging.
        res = [i["id"] for i in self.list_all(self.carol, "/v1/tickets?status=resolved")]
        self.assertEqual(res, [self.t[3]["id"]])
        self.assertEqual([i["id"] for i in self.list_all(self.carol, "/v1/tickets", limit=1)], carol)

    def test_tenants_list(self):
        items = self.list_all(self.admin, "/admin/v1/tenants")
        slugs = {i["slug"]: i for i in items}
        self.assertEqual(set(slugs), {"acme", "globex"})
        self.assertEqual(slugs["acme"]["name"], "Acme")
        self.assertEqual([i["slug"] for i in self.list_all(self.admin, "/admin/v1/tenants", limit=1)],
                         [i["slug"] for i in items])
        self.assert_list_shape(self.agent7.get("/admin/v1/tenants"))

    def test_agents_list(self):
        r = self.agent7.get("/admin/v1/agents")
        items = self.assert_list_shape(r)
        self.assertIn("agent-7", json.dumps(items))
        self.assertIn("agent-8", json.dumps(items))
        for i in items:
            self.assertIsInstance(i, dict)
        # Each agent by the name their token holder goes by.
        names = {i["agent"]: i["name"] for i in items}
        self.assertEqual(names["agent-7"], "Agent Seven")
        self.assertEqual(names["agent-8"], "Agent Eight")

    def test_metrics_shape(self):
        r = self.agent7.get("/admin/v1/metrics")
        self.assertEqual(r.status, 200, r)
        m = r.body
        for k in ("tickets", "daily", "first_response_s", "resolution_s", "sla", "satisfaction"):
            self.assertIn(k, m)
        for k in ("by_status", "by_priority", "by_category", "by_tenant"):
            self.assertIsInstance(m["tickets"][k], dict)
        self.assertEqual(m["tickets"]["by_tenant"].get("acme"), 5)
        self.assertEqual(m["tickets"]["by_tenant"].get("globex"), 2)
        self.assertEqual(sum(m["tickets"]["by_status"].values()), 7)
        self.assertEqual(m["tickets"]["by_status"].get("in_progress"), 2)
        self.assertEqual(m["tickets"]["by_priority"].get("urgent"), 2)
        self.assertEqual(m["tickets"]["by_category"].get("billing"), 2)
        self.assertIsInstance(m["daily"], list)
        self.assertTrue(m["daily"])
        for d in m["daily"]:
            self.assertRegex(d["date"], r"^\d{4}-\d{2}-\d{2}$")
            self.assertIsInstance(d["created"], int)
            self.assertIsInstance(d["resolved"], int)
        self.assertEqual(sum(d["created"] for d in m["daily"]), 7)
        self.assertEqual(sum(d["resolved"] for d in m["daily"]), 1)
        for k in ("first_response_s", "resolution_s"):
            self.assertEqual(set(m[k]) >= {"count", "p50", "p90", "p99"}, True, m[k])
        self.assertEqual(m["resolution_s"]["count"], 1)
        self.assertIsInstance(m["sla"], dict)
        for pri, v in m["sla"].items():
            self.assertIn(pri, PRIORITY_RANK)
            self.assertTrue({"met", "breached", "compliance"} <= set(v), v)
        self.assertEqual(set(m["satisfaction"]) >= {"count", "average"}, True)
        self.assertEqual(m["satisfaction"]["count"], 0)
        # tenant filter
        r = self.agent7.get("/admin/v1/metrics?tenant=globex")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sum(r.body["tickets"]["by_status"].values()), 2)
        # from/to: a window in the past holds nothing; from as a date works.
        r = self.agent7.get("/admin/v1/metrics?from=2000-01-01&to=2000-01-02T00:00:00.000Z")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sum(d["created"] for d in r.body["daily"]), 0)


class ReadYourWritesTest(ServerTestCase):

    def test_min_position_makes_write_visible(self):
        for n in range(5):
            subject = "ryw-unique-%d-%d" % (n, time.monotonic_ns())
            r = self.agent7.post("/admin/v1/tickets", {
                "tenant": "acme", "requester": {"email": "ann@acme.test", "name": "Ann"},
                "subject": subject, "description": "d"})
            self.assertEqual(r.status, 201, r)
            pos = self.assert_command_headers(r)
            tid = r.body["id"]
            lst = self.agent7.get("/admin/v1/tickets?q=%s&min_position=%d" % (subject, pos))
            self.assertEqual([i["id"] for i in self.assert_list_shape(lst)], [tid])
            mine = self.ann.get("/v1/tickets?min_position=%d" % pos)
            self.assertIn(tid, [i["id"] for i in self.assert_list_shape(mine)])
            r = self.agent7.post("/admin/v1/tickets/%s/status" % tid, {"status": "resolved"})
            self.assertEqual(r.status, 200, r)
            pos2 = int(r.header("X-Log-Position"))
            self.assertGreater(pos2, pos)
            lst = self.agent7.get("/admin/v1/tickets?status=resolved&q=%s&min_position=%d"
                                  % (subject, pos2))
            self.assertEqual([i["id"] for i in self.assert_list_shape(lst)], [tid])
            d = self.ann.get("/v1/tickets/%s?min_position=%d" % (tid, pos2))
            self.assertEqual(d.status, 200, d)
            self.assertEqual(d.body["status"], "resolved")
            self.assertEqual(d.body["version"], r.body["version"])
            m = self.agent7.get("/admin/v1/metrics?min_position=%d" % pos2)
            self.assertEqual(m.status, 200, m)
            self.assertEqual(m.body["tickets"]["by_status"].get("resolved"), n + 1)
            h = self.agent7.get("/admin/v1/tickets/%s/history?min_position=%d" % (tid, pos2))
            self.assertEqual(h.status, 200, h)
            self.assertEqual(h.body["ticket"]["status"], "resolved")

    def test_min_position_beyond_log_503(self):
        h = self.anon.get("/healthz")
        far = h.body["log_position"] + 1000
        for client, path in ((self.agent7, "/admin/v1/tickets"), (self.ann, "/v1/tickets"),
                             (self.agent7, "/admin/v1/metrics")):
            with self.subTest(path=path):
                r = client.get("%s?min_position=%d" % (path, far))
                self.assert_problem(r, 503)
                self.assertIsNotNone(r.header("Retry-After"), "503 without Retry-After")


class LimitClampTest(ServerTestCase):
    """limit above 500 is clamped to 500; default limit is 50."""

    def test_limit_clamped_to_500(self):
        errors = []
        lock = threading.Lock()
        clients = [self.ann, self.bob, self.carol, self.ann]

        def worker(k):
            for j in range(127):
                rr = clients[k % 4].post("/v1/tickets", {"subject": "bulk %d-%d" % (k, j),
                                                         "description": "d"})
                if rr.status != 201:
                    with lock:
                        errors.append(rr)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(errors[:3], [])
        total = 4 * 127
        r = self.agent7.get("/admin/v1/tickets?limit=1000")
        items = self.assert_list_shape(r)
        self.assertEqual(len(items), 500)
        self.assertIsInstance(r.body["next_cursor"], str)
        r2 = self.agent7.get("/admin/v1/tickets?limit=1000&cursor=" +
                             urllib.parse.quote(r.body["next_cursor"], safe=""))
        self.assertEqual(len(self.assert_list_shape(r2)), total - 500)
        self.assertIsNone(r2.body["next_cursor"])
        r = self.agent7.get("/admin/v1/tickets")
        self.assertEqual(len(self.assert_list_shape(r)), 50, "default limit is 50")
        r = self.carol.get("/v1/tickets?limit=100000")
        self.assertEqual(len(self.assert_list_shape(r)), 500)
        self.assertEqual(len(self.list_all(self.agent7, "/admin/v1/tickets", limit=500)), total)


if __name__ == "__main__":
    unittest.main()
