"""ticketctl backup and restore: backups taken while ticketd appends are
consistent snapshots, restores are verified against the head the backup
recorded, and damaged backups or occupied targets are refused."""

import glob
import os
import threading
import unittest

from ctl import TempDirCase, ctl, ctl_json


class BackupTest(TempDirCase):

    def test_online_backup_while_ticketd_appends_restores_a_consistent_prefix(self):
        data, backups = self.path("live"), self.path("backups")
        server, admin = self.start_server(data, "--checkpoint-interval", "0")
        self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
        stop = threading.Event()
        failures = []

        def writer():
            n = 0
            while not stop.is_set():
                r = admin.post("/admin/v1/tickets", {
                    "tenant": "acme", "requester": {"email": "w@acme.test", "name": "W"},
                    "subject": "load %d" % n, "description": "x"})
                if r.status != 201:
                    failures.append(r)
                n += 1

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            taken = []
            for _ in range(3):
                taken.append(ctl_json(data, "backup", backups))
        finally:
            stop.set()
            thread.join()
        self.assertEqual(failures, [])
        self.assertEqual([b["backup_id"] for b in taken], [1, 2, 3])
        self.assertTrue(all(b["head"] > 0 for b in taken))
        # The listing shows each backup as it was written, oldest first.
        listed = ctl_json(data, "backups", backups)
        fields = ("backup_id", "head", "head_hash", "size_bytes", "timestamp")
        self.assertEqual([tuple(b[f] for f in fields) for b in listed],
                         [tuple(b[f] for f in fields) for b in taken])
        self.assertTrue(all(b["taken_at"].endswith("Z") for b in listed), listed)
        text = ctl(data, "backups", backups).stdout.splitlines()
        self.assertEqual(len(text), 3, text)
        self.assertIn(taken[-1]["head_hash"], text[-1])
        ctl(data, "backups", data, expect=3)  # a data directory is not a backup directory
        ctl(data, "backups", self.path("nowhere"), expect=2)
        server.stop()
        original = ctl(data, "export").stdout.splitlines()
        self.assertGreater(len(original), taken[-1]["head"])  # the writer went on after the last backup

        for b in (taken[0], taken[-1]):
            target = self.path("restored-%d" % b["backup_id"])
            got = ctl_json(target, "restore", backups, "--backup-id", b["backup_id"])
            self.assertEqual((got["head"], got["head_hash"]), (b["head"], b["head_hash"]))
            report = ctl_json(target, "verify")
            self.assertTrue(report["ok"], report)
            self.assertEqual((report["head"], report["head_hash"]), (b["head"], b["head_hash"]))
            # Exactly the original log up to that head.
            self.assertEqual(ctl(target, "export").stdout.splitlines(), original[:b["head"]])
        # Without --backup-id: the latest.
        latest = ctl_json(self.path("latest"), "restore", backups)
        self.assertEqual(latest["backup_id"], 3)
        # The restored store serves.
        server, admin = self.start_server(self.path("latest"), "--checkpoint-interval", "0")
        self.assertEqual(len(self.events_via_http(admin)), taken[-1]["head"])

    def test_restore_refuses_occupied_targets_and_damaged_backups(self):
        data, backups = self.path("data"), self.path("backups")
        ctl(data, "demo", "--tenants", 2, "--tickets", 40)
        ctl(data, "backup", backups)
        # An existing log is never overwritten.
        p = ctl(data, "restore", backups, expect=2)
        self.assertIn("exists", p.stderr)
        ctl(self.path("x"), "restore", backups, "--backup-id", 7, expect=2)
        # Stale views of another log are dropped on restore.
        target = self.path("fresh")
        os.makedirs(os.path.join(target, "projections"))
        ctl(target, "restore", backups)
        self.assertFalse(os.path.exists(os.path.join(target, "projections")))
        # A flipped byte in a backed-up file fails the checksum check.
        files = [f for f in glob.glob(os.path.join(backups, "**", "*.sst"), recursive=True)]
        self.assertTrue(files)
        for f in files:
            with open(f, "r+b") as fh:
                fh.seek(os.path.getsize(f) // 2)
                byte = fh.read(1)
                fh.seek(-1, os.SEEK_CUR)
                fh.write(bytes([byte[0] ^ 0xFF]))
        damaged = self.path("damaged")
        p = ctl(damaged, "restore", backups, expect=3)
        self.assertIn("backup", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(damaged, "log")))

    def test_not_a_backup_directory(self):
        os.makedirs(self.path("empty"))
        ctl(self.path("data"), "restore", self.path("empty"), expect=3)
        ctl(self.path("nothing"), "backup", self.path("b"), expect=3)


if __name__ == "__main__":
    unittest.main()
