"""ticketctl's surface: help on every subcommand, exit codes, token create
and demo (checked against the real ticketd), rebuild, progress bars."""

import unittest

from ctl import TempDirCase, ctl, ctl_json

COMMANDS = ["history", "verify", "status", "rebuild", "export", "import", "token", "demo", "backup", "restore"]


class CliTest(TempDirCase):

    def test_help_and_usage_errors(self):
        top = ctl(None, "--help").stdout
        for name in COMMANDS:
            self.assertIn(name, top)
            out = ctl(None, name, "--help").stdout
            self.assertTrue(out.startswith("usage: ticketctl"), out)
            self.assertIn(name, out)
        self.assertIn("ticketd must not be running", ctl(None, "token", "--help").stdout)
        ctl(None, expect=2)
        ctl(None, "frobnicate", expect=2)
        ctl(None, "--bogus", "verify", expect=2)
        data = self.path("d")
        ctl(data, "export", "--nope", expect=2)
        ctl(data, "token", "create", "--role", "wizard", "--user", "u", expect=2)
        ctl(data, "token", "create", "--role", "customer", "--user", "u", expect=2)  # no tenant
        ctl(data, "token", "create", "--role", "agent", "--tenant", "acme", "--user", "u", expect=2)
        ctl(data, "demo", "--tickets", "0", expect=2)

    def test_demo_and_offline_tokens_work_against_ticketd(self):
        data = self.path("data")
        report = ctl_json(data, "demo", "--tenants", 3, "--tickets", 50)
        self.assertEqual(report["tenants_created"], 3)
        self.assertEqual(report["tickets"], 50)  # follow-ups included: M in total
        self.assertGreater(report["events"], report["tickets"])
        self.assertEqual(ctl_json(data, "verify")["head"], report["last_position"])
        # A second run with another seed adds tickets to the same tenants.
        again = ctl_json(data, "demo", "--tenants", 3, "--tickets", 10, "--seed", 2)
        self.assertEqual(again["tenants_created"], 0)
        ctl(data, "demo", "--tenants", 3, "--tickets", 10, "--seed", 2, expect=3)  # seed used

        admin_token = ctl(data, "token", "create", "--role", "admin", "--user", "root").stdout.strip()
        self.assertTrue(admin_token.startswith("tkd_"), admin_token)
        created = ctl_json(data, "token", "create", "--role", "customer_admin", "--tenant", "globex",
                           "--user", "c-globex-1", "--email", "user1@globex.test", "--name", "C1")
        self.assertEqual(set(created), {"id", "token"})
        ctl(data, "token", "create", "--role", "customer", "--tenant", "nowhere", "--user", "u", expect=1)

        server, _ = self.start_server(data, "--checkpoint-interval", "0")
        admin = server.client(admin_token)
        tenants = admin.get("/admin/v1/tenants").body["items"]
        self.assertEqual([t["slug"] for t in tenants], ["acme", "globex", "initech"])
        mine = server.client(created["token"]).get("/v1/tickets?limit=500")
        self.assertEqual(mine.status, 200, mine)
        self.assertTrue(mine.body["items"])
        self.assertTrue(all(t["tenant"] == "globex" for t in mine.body["items"]))
        # Writing commands refuse to run beside the server (RocksDB's lock).
        p = ctl(data, "token", "create", "--role", "admin", "--user", "x", expect=3)
        self.assertIn("running", p.stderr)
        ctl(data, "rebuild", expect=3)
        # Reading ones work.
        ctl(data, "verify")

    def test_rebuild_with_progress(self):
        data = self.path("data")
        ctl(data, "demo", "--tenants", 2, "--tickets", 200)
        head = ctl_json(data, "verify")["head"]
        p = ctl(data, "--progress", "rebuild")
        self.assertIn("rebuilt queue up to position %d" % head, p.stdout)
        self.assertIn("events/s", p.stderr)
        self.assertIn("ETA", p.stderr)
        self.assertIn("%d/%d" % (head, head), p.stderr)
        one = ctl_json(data, "rebuild", "--projection", "metrics")
        self.assertEqual([x["name"] for x in one["projections"]], ["metrics"])
        ctl(data, "rebuild", "--projection", "nope", expect=2)
        # Progress bars are silent when stderr is not a terminal.
        self.assertNotIn("ETA", ctl(data, "verify").stderr)
        self.assertIn("ETA", ctl(data, "--progress", "verify").stderr)


if __name__ == "__main__":
    unittest.main()
