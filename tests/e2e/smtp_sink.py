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

from harness import ServerTestCase, free_port

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


def wait_for_mail(test, smtp, predicate, count=1, timeout=20):
    """The mails `smtp` holds that match `predicate`, once there are `count`
    of them; fails `test` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    found = []
    while time.monotonic() < deadline:
        found = [m for m in smtp.messages() if predicate(m)]
        if len(found) >= count:
            return found
        time.sleep(0.1)
    test.fail("expected %d matching mails, got %d: %r"
              % (count, len(found), [(m["To"], m["Subject"]) for m in smtp.messages()]))


class MailTestCase(ServerTestCase):
    """A ServerTestCase whose ticketd mails to an SmtpServer started before
    it: --smtp-url and --mail-from (`mail_from`), then `mail_args`."""

    mail_from = "Support <support@help.test>"
    mail_args = ()

    @classmethod
    def setUpClass(cls):
        cls.smtp_port = free_port()
        cls.smtp = SmtpServer(cls.smtp_port)
        cls.server_args = ("--smtp-url", "smtp://127.0.0.1:%d" % cls.smtp_port,
                           "--mail-from", cls.mail_from) + tuple(cls.mail_args)
        try:
            super().setUpClass()
        except BaseException:
            cls.smtp.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.smtp.stop()
        finally:
            super().tearDownClass()

    def wait_mail(self, predicate, count=1, timeout=20):
        return wait_for_mail(self, self.smtp, predicate, count, timeout)
