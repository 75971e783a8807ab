"""Signed checkpoints: ticketd writes DATA/checkpoints/<position>.json signed
with its Ed25519 key; ticketctl verify --checkpoint proves the log up to that
position is the signed one, and catches forged files, wrong keys and a
re-hashed rewrite of history that plain verify cannot see."""

import glob
import json
import os
import stat
import time
import unittest

from ctl import TempDirCase, ctl, ctl_json, tamper
import wal_damage  # noqa: E402  (tests/e2e, which ctl puts on the path)


class CheckpointTest(TempDirCase):

    def open_tickets(self, admin, n):
        pos = 0
        for i in range(n):
            r = admin.post("/admin/v1/tickets", {"tenant": "acme", "requester": {"email": "a@acme.test", "name": "A"},
                                                 "subject": "t%d" % i, "description": "d"})
            self.assertEqual(r.status, 201, r)
            pos = int(r.header("X-Log-Position"))
        return pos

    def checkpoints(self, data):
        files = glob.glob(os.path.join(data, "checkpoints", "*.json"))
        return sorted(files, key=lambda f: int(os.path.basename(f)[:-5]))

    def wait_for_checkpoint(self, data, position):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            files = self.checkpoints(data)
            if files and int(os.path.basename(files[-1])[:-5]) >= position:
                return files[-1]
            time.sleep(0.1)
        self.fail("no checkpoint at %d in %r" % (position, self.checkpoints(data)))

    def test_checkpoints_are_signed_and_prove_the_prefix(self):
        data = self.path("data")
        server, admin = self.start_server(data, "--checkpoint-interval", "1")
        self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
        first_pos = self.open_tickets(admin, 5)
        first = self.wait_for_checkpoint(data, first_pos)
        # The key: private 0600, public beside it.
        private = os.path.join(data, "keys", "checkpoint-ed25519.pem")
        public = os.path.join(data, "keys", "checkpoint-ed25519.pub.pem")
        self.assertEqual(stat.S_IMODE(os.stat(private).st_mode), 0o600)
        self.assertIn("BEGIN PUBLIC KEY", open(public).read())
        cp = json.load(open(first))
        self.assertEqual(set(cp), {"position", "hash", "time", "key", "signature"})
        self.assertEqual(os.path.basename(first), "%d.json" % cp["position"])
        # Verifiable while the server runs (read-only, no lock).
        report = ctl_json(data, "verify", "--checkpoint", first)
        self.assertTrue(report["ok"] and report["checkpoint"]["matches"], report)
        self.assertTrue(report["checkpoint"]["signature_valid"], report)
        # More history; on SIGTERM a last checkpoint of the final head.
        last_pos = self.open_tickets(admin, 5)
        server.stop()
        last = self.checkpoints(data)[-1]
        self.assertEqual(json.load(open(last))["position"], last_pos)
        out = ctl(data, "verify", "--checkpoint", last, "--public-key", public).stdout
        self.assertIn("signature valid", out)

        # A forged file: the signature no longer matches.
        forged = dict(cp, hash="0" * 64)
        forged_file = self.path("forged.json")
        json.dump(forged, open(forged_file, "w"))
        report = ctl_json(data, "verify", "--checkpoint", forged_file, expect=1)
        self.assertFalse(report["checkpoint"]["signature_valid"], report)
        self.assertTrue(report["intact"], report)
        # Another server's key does not verify this server's checkpoints.
        other, _ = self.start_server(self.path("other"), "--checkpoint-interval", "1")
        other.stop()
        other_key = os.path.join(self.path("other"), "keys", "checkpoint-ed25519.pub.pem")
        ctl(data, "verify", "--checkpoint", first, "--public-key", other_key, expect=1)

        # Rewriting history after the first checkpoint's position leaves it valid...
        tamper(data, "rewrite", cp["position"] + 1)
        ctl(data, "verify", "--checkpoint", first)
        # ...but the later checkpoint catches it -- and plain verify checks
        # the newest one in DATA/checkpoints, the chain being self-consistent,
        p = ctl(data, "verify", "--checkpoint", last, expect=1)
        self.assertIn("rewritten", p.stdout)
        report = ctl_json(data, "verify", expect=1)
        self.assertTrue(report["intact"], report)
        self.assertEqual(report["checkpoint"]["file"], last)
        self.assertFalse(report["checkpoint"]["matches"], report)
        self.assertIn("checkpoint %s: FAILED" % last, ctl(data, "verify", expect=1).stdout)
        # and a rewrite before the first checkpoint is caught by it.
        tamper(data, "rewrite", 2)
        self.assertTrue(ctl_json(data, "verify", expect=1)["intact"])
        report = ctl_json(data, "verify", "--checkpoint", first, expect=1)
        self.assertTrue(report["checkpoint"]["signature_valid"], report)
        self.assertFalse(report["checkpoint"]["matches"], report)

    def test_a_log_cut_short_is_damage_against_the_newest_signed_checkpoint(self):
        # A write-ahead log cut at a record boundary: RocksDB opens a shorter
        # log that is intact in itself; only the checkpoint ticketd signed
        # on shutdown remembers the acknowledged head.
        data = self.path("data")
        server, admin = self.start_server(data, "--checkpoint-interval", "1")
        self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
        head = self.open_tickets(admin, 40)
        server.stop()
        newest = self.checkpoints(data)[-1]
        self.assertEqual(json.load(open(newest))["position"], head)
        intact = ctl_json(data, "verify")
        self.assertTrue(intact["ok"] and intact["checkpoint"]["matches"], intact)
        self.assertTrue(intact["checkpoint"]["signature_checked"], intact)

        wal_damage.truncate(os.path.join(data, "log"), 0.5)
        report = ctl_json(data, "verify", expect=1)
        self.assertTrue(report["intact"], report)
        self.assertLess(report["head"], head)
        self.assertFalse(report["ok"], report)
        self.assertEqual(report["checkpoint"]["file"], newest)
        self.assertIn("the log ends at position %d, before the checkpoint's %d: history was truncated"
                      % (report["head"], head), report["checkpoint"]["problem"])
        self.assertIn("FAILED", ctl(data, "verify", expect=1).stdout)
        # Without the public key the truncation still shows; the output says
        # that the signature went unchecked.
        os.rename(os.path.join(data, "keys", "checkpoint-ed25519.pub.pem"), self.path("pub.pem"))
        report = ctl_json(data, "verify", expect=1)
        self.assertFalse(report["checkpoint"]["signature_checked"], report)
        self.assertFalse(report["checkpoint"]["matches"], report)

    def test_key_survives_restarts_and_interval_zero_writes_nothing(self):
        data = self.path("data")
        server, admin = self.start_server(data, "--checkpoint-interval", "1")
        self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
        first = json.load(open(self.wait_for_checkpoint(data, 1)))
        server.restart()
        self.open_tickets(server.client(admin.token), 1)
        server.stop()
        last = json.load(open(self.checkpoints(data)[-1]))
        self.assertGreater(last["position"], first["position"])
        self.assertEqual(last["key"], first["key"])

        quiet = self.path("quiet")
        server, admin = self.start_server(quiet, "--checkpoint-interval", "0")
        self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
        server.stop()
        self.assertEqual(self.checkpoints(quiet), [])

    def test_bad_checkpoint_arguments(self):
        data = self.path("data")
        ctl(data, "demo", "--tenants", 1, "--tickets", 3)
        ctl(data, "verify", "--checkpoint", self.path("missing.json"), expect=2)
        junk = self.path("junk.json")
        open(junk, "w").write('{"position": 1}')
        ctl(data, "verify", "--checkpoint", junk, expect=2)
        ctl(data, "verify", "--public-key", junk, expect=2)


if __name__ == "__main__":
    unittest.main()
