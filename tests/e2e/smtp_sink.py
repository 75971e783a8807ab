"""An SMTP server for the e2e tests: Debian's aiosmtpd on loopback (run
with /usr/bin/python3, whose packages have it), storing every message in a
Maildir."""

import email
import email.policy
import mailbox
import os
import shutil
import socket
import subprocess
import tempfile
import time

from harness import free_port  # noqa: F401  (the tests take it from here too)

SYSTEM_PYTHON = "/usr/bin/python3"


class SmtpServer:
    """aiosmtpd storing every message in a Maildir."""

    def __init__(self, port):
        self.port = port
        self.dir = tempfile.mkdtemp(prefix="ticketd-e2e-maildir-")
        self.maildir = os.path.join(self.dir, "Maildir")
        self.proc = subprocess.Popen(
            [SYSTEM_PYTHON, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:%d" % port,
             "-c", "aiosmtpd.handlers.Mailbox", self.maildir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("aiosmtpd did not start")

    def messages(self):
        if not os.path.isdir(self.maildir):
            return []
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        out = []
        for key in box.keys():
            with box.get_file(key) as f:
                out.append(email.message_from_binary_file(f, policy=email.policy.default))
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
