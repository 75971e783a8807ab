"""ticketctl verify on a store written by the real event store (ticketctl
demo), then edited behind its back: each kind of damage is caught, with the
first bad position and exit code 1."""

import os
import subprocess
import unittest

from ctl import TAMPER, TempDirCase, ctl, ctl_json, tamper
import wal_damage  # noqa: E402  (tests/e2e, which ctl puts on the path)


class VerifyTest(TempDirCase):

    def make_store(self):
        data = self.path("data")
        ctl(data, "demo", "--tenants", 2, "--tickets", 60)
        report = ctl_json(data, "verify")
        self.assertTrue(report["ok"], report)
        self.assertGreater(report["head"], 100)
        return data, report

    def test_intact_store_reports_head_and_hash(self):
        data, report = self.make_store()
        self.assertEqual(report["events"], report["head"])
        self.assertRegex(report["head_hash"], r"^[0-9a-f]{64}$")
        self.assertIsNone(report["first_bad_position"])
        text = ctl(data, "verify").stdout
        self.assertIn("intact: %d events, head %d, hash %s" % (report["events"], report["head"],
                                                                report["head_hash"]), text)

    def assert_damaged_at(self, data, position):
        report = ctl_json(data, "verify", expect=1)
        self.assertFalse(report["ok"], report)
        self.assertEqual(report["first_bad_position"], position, report)
        self.assertTrue(report["problem"], report)
        text = ctl(data, "verify", expect=1).stdout
        self.assertIn("DAMAGED at position %d" % position, text)

    def test_an_edited_byte_is_caught(self):
        data, _ = self.make_store()
        tamper(data, "flip", 50)
        self.assert_damaged_at(data, 50)

    def test_a_deleted_record_is_caught(self):
        data, _ = self.make_store()
        tamper(data, "delete", 77)
        self.assert_damaged_at(data, 77)

    def test_swapped_records_are_caught(self):
        data, _ = self.make_store()
        tamper(data, "swap", 40, 41)
        self.assert_damaged_at(data, 40)

    def test_a_rehashed_forgery_passes_verify_but_not_a_checkpoint(self):
        # Rewriting a record and re-hashing everything after it keeps the
        # chain self-consistent: only an external anchor (a signed
        # checkpoint, test_checkpoint.py) or a remembered head hash shows it.
        data, before = self.make_store()
        tamper(data, "rewrite", 30)
        after = ctl_json(data, "verify")
        self.assertTrue(after["ok"], after)
        self.assertEqual(after["head"], before["head"])
        self.assertNotEqual(after["head_hash"], before["head_hash"])

    def test_a_flipped_byte_in_the_write_ahead_log_is_damage(self):
        # RocksDB's point-in-time recovery used to open this log at the
        # record before the damage, and verify called the shorter log intact.
        data, before = self.make_store()
        wal_damage.flip_byte(os.path.join(data, "log"), 0.5)
        report = ctl_json(data, "verify", expect=1)
        self.assertFalse(report["ok"] or report["intact"], report)
        self.assertIn("write-ahead log", report["problem"])
        self.assertIn("checksum mismatch", report["problem"])
        self.assertLess(report["recoverable_head"], before["head"])
        text = ctl(data, "verify", expect=1).stdout
        self.assertIn("DAMAGED: the write-ahead log (%s) has a damaged record"
                      % os.path.join(data, "log", "*.log"), text)
        self.assertIn("--accept-log-loss %d" % report["recoverable_head"], text)

    def test_a_checksum_mismatch_in_a_table_file_is_damage_that_names_the_file(self):
        data, before = self.make_store()
        table = subprocess.run([TAMPER, os.path.join(data, "log"), "flip-table"], check=True,
                               capture_output=True, text=True).stdout.strip()
        report = ctl_json(data, "verify", expect=1)
        self.assertFalse(report["ok"], report)
        self.assertIn("checksum mismatch", report["problem"])
        self.assertIn(os.path.basename(table), report["problem"])
        self.assertGreaterEqual(report["first_bad_position"], 1)
        self.assertLessEqual(report["first_bad_position"], before["head"])
        text = ctl(data, "verify", expect=1).stdout
        self.assertIn("DAMAGED at position %d: the log cannot be read after position %d"
                      % (report["first_bad_position"], report["first_bad_position"] - 1), text)

    def test_missing_store_is_a_store_error(self):
        p = ctl(self.path("nothing"), "verify", expect=3)
        self.assertIn("no event log", p.stderr)


if __name__ == "__main__":
    unittest.main()
