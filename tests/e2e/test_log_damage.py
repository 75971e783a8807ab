"""A damaged event log through the real server: on a copy of a stopped data
directory whose newest write-ahead log has one flipped byte (or was cut
short), ticketd refuses to start and says what it found and how to restore;
with --accept-log-loss HEAD it continues from the surviving head, records
the loss, rebuilds the views, and tickets opened afterwards are listed."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness
import wal_damage
from sla_support import wait_for

REFUSAL_TIMEOUT_S = 30  # ticketd exits on its own when it refuses


class LogDamageTest(unittest.TestCase):

    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ticketd-e2e-damage-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def start(self, data, *args):
        server = harness.Server()
        self.addCleanup(server.cleanup)
        server.start(data_dir=data, extra_args=("--checkpoint-interval", "1") + args)
        return server, server.client(harness.ADMIN_TOKEN)

    def refused(self, data, *args):
        """Runs ticketd on `data`, expecting it to refuse (exit 3) without
        serving; returns its stderr."""
        p = subprocess.run([harness.binary_path(), "--data", data, "--listen", "127.0.0.1:0"] + list(args),
                           capture_output=True, text=True, timeout=REFUSAL_TIMEOUT_S,
                           env=dict(os.environ, TICKETD_ADMIN_TOKEN=harness.ADMIN_TOKEN))
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertNotIn("listening", p.stdout)
        return p.stderr

    def history(self, tickets=120):
        """A stopped data directory with `tickets` tickets (and replies), all
        acknowledged; returns (data dir, acknowledged head)."""
        data = os.path.join(self.tmp, "data")
        server, admin = self.start(data)
        self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
        for i in range(tickets):
            r = admin.post("/admin/v1/tickets", {"tenant": "acme", "requester": {"email": "c@acme.test", "name": "C"},
                                                 "subject": "before %d" % i, "description": "d"})
            self.assertEqual(r.status, 201, r)
        head = admin.get("/healthz").body["log_position"]
        self.assertEqual(head, admin.positions.max)
        server.stop()  # SIGTERM: a last signed checkpoint of the head
        return data, head

    def copy_of(self, data):
        copy = os.path.join(self.tmp, "copy")
        shutil.copytree(data, copy)
        return copy

    def surviving_head(self, stderr):
        m = re.search(r"--accept-log-loss (\d+)\n", stderr)
        self.assertIsNotNone(m, stderr)
        return int(m.group(1))

    def assert_consistent_after(self, server, admin, surviving):
        # The loss is in the log itself, right after the surviving head...
        events = admin.get("/admin/v1/events?after=%d&limit=10" % surviving).body["items"]
        self.assertEqual([(e["position"], e["type"], e["stream"]) for e in events],
                         [(surviving + 1, "LogLossAccepted", "operations")])
        self.assertEqual(events[0]["data"]["surviving_head"], surviving)
        # ...the views were rebuilt to the log's head, not left beyond it...
        health = wait_for(self, "the views to catch up", lambda: (
            lambda h: h if all(p == h["log_position"] for p in h["projections"].values()) else None)(
                admin.get("/healthz").body))
        self.assertEqual(health["log_position"], surviving + 1)
        # ...and a ticket opened now is listed.
        r = admin.post("/admin/v1/tickets", {"tenant": "acme", "requester": {"email": "c@acme.test", "name": "C"},
                                             "subject": "after the loss", "description": "d"})
        self.assertEqual(r.status, 201, r)
        listed = admin.get("/admin/v1/tickets?limit=200").body["items"]
        self.assertIn(r.body["id"], [t["id"] for t in listed])
        return events[0]

    def test_a_flipped_wal_byte_refuses_to_start_until_the_loss_is_accepted(self):
        data, head = self.history()
        copy = self.copy_of(data)
        wal_damage.flip_byte(os.path.join(copy, "log"), 0.5)

        stderr = self.refused(copy)
        surviving = self.surviving_head(stderr)
        self.assertLess(surviving, head)
        self.assertGreater(surviving, 0)
        self.assertIn("refusing to start", stderr)
        self.assertIn("has lost acknowledged events", stderr)
        self.assertIn("damaged record", stderr)
        self.assertIn("checksum mismatch", stderr)
        self.assertIn("view queue is at position %d, beyond the log's head %d" % (head, surviving), stderr)
        self.assertIn("outbox is at position %d" % head, stderr)
        self.assertIn("checkpoints/%d.json is at position %d" % (head, head), stderr)
        self.assertIn("positions %d..%d) are missing" % (surviving + 1, head), stderr)
        self.assertIn("ticketctl backups", stderr)
        self.assertIn("ticketctl --data %s restore" % copy, stderr)
        line = json.loads([l for l in stderr.splitlines() if l.startswith("{")][-1])
        self.assertEqual((line["log_damage"], line["surviving_head"], line["highest_known_position"]),
                         ("refused", surviving, head))
        # Nothing changed: it refuses again, also a flag naming another head.
        self.assertEqual(self.surviving_head(self.refused(copy)), surviving)
        self.assertIn("--accept-log-loss %d does not match" % (surviving - 1),
                      self.refused(copy, "--accept-log-loss", str(surviving - 1)))

        server, admin = self.start(copy, "--accept-log-loss", str(surviving))
        accepted = [json.loads(l) for l in server.stderr_text().splitlines() if l.startswith('{"time"')
                    and "log_loss_accepted" in l]
        self.assertEqual(len(accepted), 1, server.stderr_text())
        self.assertEqual(accepted[0]["log_loss_accepted"]["surviving_head"], surviving)
        self.assertEqual(accepted[0]["log_loss_accepted"]["highest_known_position"], head)
        event = self.assert_consistent_after(server, admin, surviving)
        self.assertEqual(event["data"]["highest_known_position"], head)
        self.assertIn("checksum mismatch", event["data"]["write_ahead_log_damage"])
        # Every signed checkpoint the log contradicts (the head's, and any
        # other the checkpointer wrote beyond the surviving head, depending
        # on timing) is kept aside for auditors.
        moved = event["data"]["checkpoints_moved"]
        self.assertIn("%d.json" % head, moved)
        self.assertTrue(all(surviving < int(name[:-len(".json")]) <= head for name in moved), moved)
        for name in moved:
            self.assertTrue(os.path.exists(os.path.join(copy, "checkpoints", "lost-at-%d" % surviving, name)))
        # The next start needs no flag: the directory agrees with the log.
        server.restart()
        self.assertEqual(server.client(harness.ADMIN_TOKEN).get("/healthz").status, 200)

    def test_a_log_cut_short_is_refused_on_the_evidence(self):
        # A clean cut at a record boundary: RocksDB sees a shorter log and
        # nothing wrong with it; the views, the outbox and the signed
        # checkpoint remember more.
        data, head = self.history(tickets=60)
        copy = self.copy_of(data)
        wal_damage.truncate(os.path.join(copy, "log"), 0.5)

        stderr = self.refused(copy)
        surviving = self.surviving_head(stderr)
        self.assertLess(surviving, head)
        self.assertNotIn("damaged record", stderr)
        self.assertIn("checkpoints/%d.json is at position %d, beyond the log's head %d" % (head, head, surviving),
                      stderr)

        server, admin = self.start(copy, "--accept-log-loss", str(surviving))
        event = self.assert_consistent_after(server, admin, surviving)
        self.assertIsNone(event["data"]["write_ahead_log_damage"])


if __name__ == "__main__":
    unittest.main()
