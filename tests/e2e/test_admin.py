"""Admin routes: tenants, tokens, SLA policies, projection rebuilds."""

import calendar
import json
import os
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

from harness import ServerTestCase, ADMIN_TOKEN


def parse_time(s):
    """RFC 3339 UTC with milliseconds -> epoch seconds (float)."""
    base, ms = s[:-1].split(".")
    return calendar.timegm(time.strptime(base, "%Y-%m-%dT%H:%M:%S")) + int(ms) / 1000.0


class TenantsTest(ServerTestCase):

    def test_create_tenant(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "umbrella", "name": "Umbrella Corp"})
        self.assertEqual(r.status, 201, r)
        if isinstance(r.body, dict):  # the body is not fixed by API.md
            self.assertEqual(r.body.get("slug"), "umbrella", r)
        slugs = [i["slug"] for i in self.list_all(self.admin, "/admin/v1/tenants")]
        self.assertIn("umbrella", slugs)
        # The new tenant can be used at once.
        _, tok = self.create_token("customer", "umbrella",
                                   {"id": "u-alice", "email": "alice@umbrella.test", "name": "Alice"})
        t = self.open_ticket(self.server.client(tok))
        self.assertEqual(t["key"], "umbrella-1")

    def test_duplicate_tenant_409(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme again"})
        self.assert_problem(r, 409)
        acme = [i for i in self.list_all(self.admin, "/admin/v1/tenants") if i["slug"] == "acme"]
        self.assertEqual(len(acme), 1)
        self.assertEqual(acme[0]["name"], "Acme")

    def test_same_tenant_created_at_once_is_created_once(self):
        # Eight admins send the same new tenant together: one 201, seven 409,
        # and one TenantCreated in the log.
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(
                lambda i: self.server.client(ADMIN_TOKEN).post(
                    "/admin/v1/tenants", {"slug": "hydra", "name": "Hydra %d" % i}),
                range(8)))
        self.assertEqual(sorted(r.status for r in answers), [201] + [409] * 7, answers)
        created, after = [], 0
        while True:
            page = self.admin.get("/admin/v1/events?limit=500&after=%d" % after).body
            created += [e for e in page["items"]
                        if e["type"] == "TenantCreated" and e["data"]["slug"] == "hydra"]
            if not page["items"]:
                break
            after = page["next_after"]
        self.assertEqual(len(created), 1, created)

    def test_invalid_tenant_422(self):
        for body, field in [({"name": "No slug"}, "slug"), ({"slug": "noname"}, "name"),
                            ({"slug": 5, "name": "x"}, "slug"),
                            ({"slug": "Bad Slug!", "name": "x"}, "slug"),
                            ({"slug": "", "name": "x"}, "slug")]:
            with self.subTest(body=body):
                self.assert_validation(self.admin.post("/admin/v1/tenants", body), field)

    def test_sla_policy_changes_due_times(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "slaco", "name": "SLA Co"})
        self.assertEqual(r.status, 201, r)
        r = self.admin.put("/admin/v1/tenants/slaco/sla",
                           {"policies": {"urgent": {"first_response_s": 600, "resolution_s": 1800}}})
        self.assertEqual(r.status, 200, r)
        _, tok = self.create_token("customer", "slaco",
                                   {"id": "u-s", "email": "s@slaco.test", "name": "S"})
        c = self.server.client(tok)
        urgent = self.open_ticket(c, priority="urgent")
        created = parse_time(urgent["created_at"])
        self.assertAlmostEqual(parse_time(urgent["sla"]["first_response_due"]) - created, 600, delta=1)
        self.assertAlmostEqual(parse_time(urgent["sla"]["resolution_due"]) - created, 1800, delta=1)
        # Priorities left out keep their (default) targets: medium 24 h / 72 h.
        medium = self.open_ticket(c, priority="medium")
        created = parse_time(medium["created_at"])
        self.assertAlmostEqual(parse_time(medium["sla"]["first_response_due"]) - created,
                               24 * 3600, delta=1)
        self.assertAlmostEqual(parse_time(medium["sla"]["resolution_due"]) - created,
                               72 * 3600, delta=1)

    def test_default_sla(self):
        t = self.open_ticket(self.ann, priority="high")
        created = parse_time(t["created_at"])
        self.assertAlmostEqual(parse_time(t["sla"]["first_response_due"]) - created, 4 * 3600, delta=1)
        self.assertAlmostEqual(parse_time(t["sla"]["resolution_due"]) - created, 24 * 3600, delta=1)

    def test_sla_unknown_tenant_404(self):
        r = self.admin.put("/admin/v1/tenants/nosuch/sla",
                           {"policies": {"urgent": {"first_response_s": 60, "resolution_s": 120}}})
        self.assert_problem(r, 404)

    def test_sla_invalid_422(self):
        for body in ({"policies": {"urgent": {"first_response_s": "soon", "resolution_s": 120}}},
                     {"policies": {"urgent": {"first_response_s": -5, "resolution_s": 120}}},
                     {"policies": {"whenever": {"first_response_s": 60, "resolution_s": 120}}},
                     {"policies": "fast"}):
            with self.subTest(body=body):
                self.assert_validation(self.admin.put("/admin/v1/tenants/acme/sla", body), "policies")


class TokensTest(ServerTestCase):

    def test_token_create_shape(self):
        r = self.admin.post("/admin/v1/tokens", {"role": "customer", "tenant": "acme", "user": {
            "id": "u-dan", "email": "dan@acme.test", "name": "Dan"}})
        self.assertEqual(r.status, 201, r)
        self.assertIsInstance(r.body["id"], str)
        self.assertIsInstance(r.body["token"], str)
        self.assertNotEqual(r.body["id"], r.body["token"])
        self.assertGreaterEqual(len(r.body["token"]), 16)
        c = self.server.client(r.body["token"])
        t = self.open_ticket(c)
        self.assertEqual(t["requester"], {"id": "u-dan", "email": "dan@acme.test", "name": "Dan"})
        # The token id is not a token.
        self.assert_problem(self.anon.get("/v1/tickets", token=r.body["id"]), 401)

    def test_every_role(self):
        for role, tenant, path in (("customer", "acme", "/v1/tickets"),
                                   ("customer_admin", "acme", "/v1/tickets"),
                                   ("agent", None, "/admin/v1/tickets"),
                                   ("admin", None, "/admin/v1/tenants")):
            with self.subTest(role=role):
                _, tok = self.create_token(role, tenant, {"id": "u-" + role, "name": role,
                                                          "email": role + "@x.test"})
                self.assertEqual(self.anon.get(path, token=tok).status, 200)
        # A created admin token may create tenants.
        _, tok = self.create_token("admin", None, {"id": "u-adm2", "name": "A2", "email": "a2@x.test"})
        r = self.anon.post("/admin/v1/tenants", {"slug": "viaadmin", "name": "Via"}, token=tok)
        self.assertEqual(r.status, 201, r)

    def test_invalid_token_requests_422(self):
        user = {"id": "u-q", "email": "q@acme.test", "name": "Q"}
        for body, field in [({"role": "superuser", "tenant": "acme", "user": user}, "role"),
                            ({"role": "customer", "user": user}, "tenant"),
                            ({"role": "customer", "tenant": "acme"}, "user"),
                            ({"role": 1, "tenant": "acme", "user": user}, "role"),
                            ({"role": "system", "user": user}, "role"),
                            ({"role": "customer", "tenant": "nowhere", "user": user}, "tenant"),
                            ({"role": "agent", "tenant": "acme", "user": user}, "tenant"),
                            ({"role": "customer", "tenant": "acme",
                              "user": {"id": "u-q", "email": "not-an-email", "name": "Q"}}, "user.email"),
                            ({"role": "agent", "user": {"id": "u q", "name": "Q"}}, "user.id")]:
            with self.subTest(body=body):
                self.assert_validation(self.admin.post("/admin/v1/tokens", body), field)

    def test_delete_unknown_token_404(self):
        self.assert_problem(self.admin.delete("/admin/v1/tokens/no-such-token-id"), 404)

    def test_revoke_one_token_keeps_others(self):
        tid1, tok1 = self.create_token("customer", "acme", {"id": "u-r", "email": "r@acme.test", "name": "R"})
        _, tok2 = self.create_token("customer", "acme", {"id": "u-r", "email": "r@acme.test", "name": "R"})
        self.assertEqual(self.admin.delete("/admin/v1/tokens/" + tid1).status, 204)
        self.assert_problem(self.anon.get("/v1/tickets", token=tok1), 401)
        self.assertEqual(self.anon.get("/v1/tickets", token=tok2).status, 200)

    def test_list_pages_by_id_without_secrets_and_leaves_revoked_out(self):
        issued = {}
        for n in range(3):
            tid, tok = self.create_token("customer", "acme", {
                "id": "u-l%d" % n, "email": "l%d@acme.test" % n, "name": "L%d" % n})
            issued[tid] = tok
        staff_id, _ = self.create_token("agent", None, {"id": "u-lagent", "name": "Lee"})
        revoked = next(iter(issued))
        self.assertEqual(self.admin.delete("/admin/v1/tokens/" + revoked).status, 204)
        seen = self.list_all(self.admin, "/admin/v1/tokens?limit=1")
        ids = [t["id"] for t in seen]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(ids), len(set(ids)))
        self.assertNotIn(revoked, ids)
        for tid in list(issued)[1:] + [staff_id]:
            self.assertIn(tid, ids)
        by_id = {t["id"]: t for t in seen}
        self.assertEqual(by_id[staff_id]["holder"], {"id": "u-lagent", "email": "", "name": "Lee"})
        self.assertEqual(by_id[staff_id]["scope"], [])
        self.assertIsNone(by_id[staff_id]["tenant"])
        one = by_id[list(issued)[1]]
        self.assertEqual((one["role"], one["tenant"]), ("customer", "acme"))
        # Never a secret: no field holds one.
        text = repr(seen)
        for tok in issued.values():
            self.assertNotIn(tok, text)
        # A role filter.
        agents = self.list_all(self.admin, "/admin/v1/tokens?role=agent&limit=2")
        self.assertTrue(agents and all(t["role"] == "agent" for t in agents), agents)
        self.assertIn(staff_id, [t["id"] for t in agents])
        self.assert_validation(self.admin.get("/admin/v1/tokens?role=superuser"), "role")
        self.assert_validation(self.admin.get("/admin/v1/tokens?role=system"), "role")
        # A cursor of another listing is refused.
        tenants = self.admin.get("/admin/v1/tenants?limit=1").body
        self.assert_problem(self.admin.get("/admin/v1/tokens?cursor=" + tenants["next_cursor"]), 400)


class AuditTest(ServerTestCase):
    """Two tests restart the server (a new port): each test makes its own
    clients."""

    def setUp(self):
        self.admin = self.server.client(ADMIN_TOKEN)
        self.ann = self.server.client(self.tokens["ann"])

    def restart(self):
        self.server.restart()
        self.setUp()

    def wait_for_verification(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            v = self.admin.get("/admin/v1/audit").body["verification"]
            if v["state"] != "running":
                return v
            time.sleep(0.05)
        self.fail("the verification did not finish in 30 s")

    def test_verification_walks_the_whole_log(self):
        self.open_ticket(self.ann)
        before = self.admin.get("/admin/v1/audit")
        self.assertEqual(before.status, 200, before)
        self.assertEqual(before.body["verification"]["state"], "never")
        self.assertIsNone(before.body["verification"]["started_at"])
        r = self.admin.post("/admin/v1/audit/verify", None)
        self.assertEqual(r.status, 202, r)
        self.assertIn(r.body["state"], ("running", "passed"))
        v = self.wait_for_verification()
        head = self.admin.get("/healthz").body["log_position"]
        self.assertEqual(v["state"], "passed", v)
        self.assertGreaterEqual(v["checked"], 1)
        self.assertLessEqual(v["checked"], head)
        self.assertEqual(v["checked"], v["head"])
        self.assertRegex(v["head_hash"], "^[0-9a-f]{64}$")
        self.assertIsNone(v["problem"])
        self.assertIsNotNone(v["finished_at"])
        self.assertEqual(v["requested_by"], "bootstrap-admin")

    def test_checkpoints_are_listed_checked_and_signed(self):
        self.open_ticket(self.ann)
        # ticketd writes one when it starts (if the log has events) and on
        # stop; a restart makes one that covers the seeded events.
        self.restart()
        body = self.admin.get("/admin/v1/audit").body
        self.assertGreaterEqual(body["checkpoint_count"], 1, body)
        self.assertRegex(body["signing_key"]["fingerprint"], "^[0-9a-f]{64}$")
        self.assertIn("BEGIN PUBLIC KEY", body["signing_key"]["public_key"])
        newest = body["checkpoints"][0]
        positions = [c["position"] for c in body["checkpoints"]]
        self.assertEqual(positions, sorted(positions, reverse=True))
        self.assertTrue(newest["signature_valid"], newest)
        self.assertTrue(newest["agrees_with_log"], newest)
        self.assertEqual(newest["key"], body["signing_key"]["fingerprint"])
        self.assertIsNone(newest["problem"])
        self.assertLessEqual(newest["position"], body["head"])

    def test_a_tampered_checkpoint_is_shown_as_such(self):
        self.open_ticket(self.ann)
        self.restart()
        newest = self.admin.get("/admin/v1/audit").body["checkpoints"][0]
        path = os.path.join(self.server.data_dir, "checkpoints", "%d.json" % newest["position"])
        with open(path) as f:
            doc = json.load(f)
        doc["hash"] = "0" * 64
        with open(path, "w") as f:
            json.dump(doc, f)
        shown = self.admin.get("/admin/v1/audit").body["checkpoints"][0]
        self.assertEqual(shown["position"], newest["position"])
        self.assertFalse(shown["signature_valid"], shown)
        self.assertFalse(shown["agrees_with_log"], shown)
        self.assertIn("hashes to", shown["problem"])


class ProjectionsTest(ServerTestCase):

    def test_rebuild_202_and_same_answers(self):
        for i in range(3):
            t = self.open_ticket(self.ann, subject="rebuild %d" % i)
            self.command(self.agent7, "/admin/v1/tickets/%s/assign" % t["id"], {"assignee": "agent-7"})
        before = self.list_all(self.agent7, "/admin/v1/tickets")
        metrics_before = self.agent7.get("/admin/v1/metrics").body
        health = self.anon.get("/healthz").body
        names = list(health["projections"])
        self.assertTrue(names, health)
        for name in names:
            with self.subTest(projection=name):
                r = self.admin.post("/admin/v1/projections/%s/rebuild" % name)
                self.assertEqual(r.status, 202, r)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            h = self.anon.get("/healthz").body
            if all(v >= h["log_position"] for v in h["projections"].values()):
                break
            time.sleep(0.1)
        else:
            self.fail("projections did not catch up: %r" % h)
        self.assertEqual(self.list_all(self.agent7, "/admin/v1/tickets"), before)
        self.assertEqual(self.agent7.get("/admin/v1/metrics").body, metrics_before)

    def test_rebuild_unknown_projection_404(self):
        self.assert_problem(self.admin.post("/admin/v1/projections/no_such_view/rebuild"), 404)


if __name__ == "__main__":
    unittest.main()
