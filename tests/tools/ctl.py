"""Helpers of the ticketctl tests: run the real binaries on temporary data
directories. Standard library only; the e2e harness starts ticketd."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import harness  # noqa: E402  (Server, Client, ADMIN_TOKEN)

BUILD = os.path.normpath(os.path.join(HERE, "..", "..", "build"))
CTL = os.environ.get("TICKETCTL_BIN") or os.path.join(BUILD, "tools", "ticketctl")
TAMPER = os.environ.get("TAMPER_BIN") or os.path.join(BUILD, "tests", "tools", "ticketd_tamper")


def ctl(data, *args, expect=0, stdin=None, timeout=120):
    """Runs `ticketctl --data DATA ARGS...`; asserts the exit code (unless
    expect is None) and returns the CompletedProcess (text)."""
    cmd = [CTL] + (["--data", data] if data is not None else []) + [str(a) for a in args]
    p = subprocess.run(cmd, capture_output=True, text=True, input=stdin, timeout=timeout)
    if expect is not None and p.returncode != expect:
        raise AssertionError("%s exited %d, expected %d\nstdout:\n%s\nstderr:\n%s"
                             % (" ".join(cmd), p.returncode, expect, p.stdout[-4000:], p.stderr[-4000:]))
    return p


def ctl_json(data, *args, expect=0):
    return json.loads(ctl(data, "--json", *args, expect=expect).stdout)


def tamper(data, *args):
    subprocess.run([TAMPER, os.path.join(data, "log")] + [str(a) for a in args], check=True)


class TempDirCase(unittest.TestCase):
    """A fresh temporary directory per test (self.tmp); path() joins into it."""

    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ticketctl-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def start_server(self, data, *extra_args):
        """ticketd on `data` (written offline by the tools), once its views have
        caught up with the log: until then list and metrics reads answer 503
        not_ready while the views are built."""
        server = harness.Server()
        server.start(data_dir=data, extra_args=extra_args)
        self.addCleanup(server.cleanup)
        admin = server.client(harness.ADMIN_TOKEN)
        deadline = time.time() + 60
        while True:
            health = admin.get("/healthz").body
            if all(p >= health["log_position"] for p in health["projections"].values()):
                return server, admin
            self.assertLess(time.time(), deadline, "the views did not catch up: %r" % health)
            time.sleep(0.05)

    def events_via_http(self, admin):
        items, after = [], 0
        while True:
            r = admin.get("/admin/v1/events?after=%d&limit=500" % after)
            self.assertEqual(r.status, 200, r)
            if not r.body["items"]:
                return items
            items.extend(r.body["items"])
            after = r.body["next_after"]
