"""A disk that stops taking writes while ticketd runs.

ticketd runs under a file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored):
once the event log's write-ahead file reaches it, the kernel refuses every
further write with EFBIG, as a full disk refuses them with ENOSPC. The
limit is filled with SLA updates that carry long holiday lists. A request
whose append fails must answer 500 problem+json with a correlation id -- not
409 -- and the failure must be logged on stderr as one JSON line with that
id, the route and what failed, which the answer itself does not say.
"""

import datetime
import json
import os
import resource
import signal
import time
import unittest

from harness import ADMIN_TOKEN, Server

# Big enough for start-up (RocksDB's manifests and options files, the
# projections, checkpoints, the access log), small enough to be filled in a
# few requests.
FILE_SIZE_LIMIT = 2 << 20
HOLIDAYS = 15000  # ~200 KB of event data per SLA update
ROUNDS = 40       # far more than the limit allows


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def big_policy(round_no):
    start = datetime.date(1900 + round_no, 1, 1)
    holidays = [(start + datetime.timedelta(days=i)).isoformat() for i in range(HOLIDAYS)]
    weekday = [{"start_minute": 540, "end_minute": 1020}]
    return {"business_hours": {"time_zone": "UTC", "weekly": [weekday] * 5 + [[], []],
                               "holidays": holidays}}


class StoreFailureTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        try:
            cls.server.start(preexec_fn=limit_file_size)
        except BaseException:
            cls.server.cleanup()
            raise
        cls.admin = cls.server.client(ADMIN_TOKEN)

    @classmethod
    def tearDownClass(cls):
        try:
            # What a failed write leaves of shutdown is not this test's subject.
            cls.server.stop(expect_code=None)
        finally:
            cls.server.cleanup()

    def log_lines(self):
        with open(self.server._stderr_path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        out = []
        for line in text.splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def logged(self, correlation_id, timeout=5):
        """The stderr JSON line naming correlation_id (the access log writes
        at least every 200 ms)."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.log_lines():
                if isinstance(line, dict) and line.get("correlation_id") == correlation_id:
                    return line
            if time.monotonic() > deadline:
                self.fail("no log line with correlation id %s in:\n%s"
                          % (correlation_id, self.server.stderr_text()))
            time.sleep(0.05)

    def assert_internal(self, r, route):
        self.assertEqual(r.status, 500, r)
        self.assertTrue(r.content_type.startswith("application/problem+json"), r)
        b = r.body
        self.assertEqual(b["code"], "internal", r)
        self.assertEqual(b["status"], 500, r)
        cid = b.get("correlation_id")
        self.assertRegex(cid or "", r"^[0-9a-f]{32}$", r)
        self.assertEqual(r.header("X-Correlation-Id"), cid, r)
        # What failed is in the log, not in the answer.
        self.assertNotIn("File too large", r.raw.decode("utf-8"), r)
        self.assertNotIn(self.server.data_dir, r.raw.decode("utf-8"), r)
        line = self.logged(cid)
        self.assertEqual(line.get("route"), route, line)
        self.assertEqual(line.get("status"), 500, line)
        self.assertIn("event store failed", line.get("error", ""), line)
        return cid

    def test_a_failed_append_answers_500_and_is_logged(self):
        r = self.admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"})
        self.assertEqual(r.status, 201, r)
        failed = None
        for round_no in range(ROUNDS):
            r = self.admin.put("/admin/v1/tenants/acme/sla", big_policy(round_no))
            if r.status != 200:
                failed = r
                break
        self.assertIsNotNone(failed, "the file-size limit never made an append fail")
        first = self.assert_internal(failed, "/admin/v1/tenants/{slug}/sla")

        # The store takes no more writes: creating a tenant fails the same
        # way (ticketd answered 409 "conflict" here, and logged nothing).
        r = self.admin.post("/admin/v1/tenants", {"slug": "globex", "name": "Globex"})
        second = self.assert_internal(r, "/admin/v1/tenants")
        self.assertNotEqual(first, second)

        # Reads still work, and the tenant that failed does not exist.
        r = self.admin.get("/admin/v1/tenants")
        self.assertEqual(r.status, 200, r)
        self.assertEqual([t["slug"] for t in r.body["items"]], ["acme"], r)


if __name__ == "__main__":
    unittest.main()
