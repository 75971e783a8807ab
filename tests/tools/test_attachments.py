"""ticketctl and the attachments' blobs (DATA/blobs): verify reads every blob
an event names and reports each missing or altered one; backup/restore and
export/import --blobs carry the blobs with the log, checked against their
hashes. The store is written by the real ticketd through its upload routes."""

import hashlib
import json
import os
import shutil
import tempfile
import unittest

from ctl import TempDirCase, ctl, ctl_json
import harness  # noqa: E402  (tests/e2e, which ctl puts on the path)

# 3 MiB and a bit: more than one read buffer of ticketctl's blob reader.
BIG = bytes((i * 7919 + i // 251) % 256 for i in range(3 * 1024 * 1024 + 17))
SMALL = b"hello blobs\n"


def upload(admin, name, content):
    r = admin.post("/admin/v1/attachments?tenant=acme&name=" + name, content,
                   headers={"Content-Type": "application/octet-stream"})
    if r.status != 201:
        raise AssertionError("upload %s: %r" % (name, r))
    return r.body


def build_store(data):
    """Two tickets of tenant acme with three attachments over two blobs (two
    uploads of the same bytes), the first merged into the second, so that
    MessagePosted and MergeReceived both name them."""
    server = harness.Server()
    try:
        server.start(data_dir=data, extra_args=("--checkpoint-interval", "0"))
        admin = server.client(harness.ADMIN_TOKEN)

        def ok(r, status=(200, 201)):
            if r.status not in status:
                raise AssertionError(repr(r))
            return r.body

        ok(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}))
        notes, big, again = (upload(admin, "notes.txt", SMALL), upload(admin, "big.bin", BIG),
                             upload(admin, "again.txt", SMALL))
        requester = {"email": "ann@acme.test", "name": "Ann"}
        first = ok(admin.post("/admin/v1/tickets", {
            "tenant": "acme", "requester": requester, "subject": "With files",
            "description": "see attached", "attachments": [notes["id"]]}))
        ok(admin.post("/admin/v1/tickets/%s/messages" % first["id"],
                      {"body": "", "internal": False, "attachments": [big["id"]]}))
        ok(admin.post("/admin/v1/tickets/%s/messages" % first["id"],
                      {"body": "same bytes", "internal": True, "attachments": [again["id"]]}))
        second = ok(admin.post("/admin/v1/tickets", {
            "tenant": "acme", "requester": requester, "subject": "Target", "description": "x"}))
        ok(admin.post("/admin/v1/tickets/%s/merge" % first["id"], {"into": second["id"]}))
        server.stop()
    finally:
        server.cleanup()
    return {"notes": notes, "big": big, "again": again}


def blob_file(root, sha):
    return os.path.join(root, "sha256", sha[:2], sha)


def read(path):
    with open(path, "rb") as f:
        return f.read()


class AttachmentBlobsTest(TempDirCase):

    @classmethod
    def setUpClass(cls):
        cls.fixture = tempfile.mkdtemp(prefix="ticketctl-attachments-")
        cls.uploads = build_store(os.path.join(cls.fixture, "data"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.fixture, True)

    def setUp(self):
        super().setUp()
        self.data = self.path("data")
        shutil.copytree(os.path.join(self.fixture, "data"), self.data)
        self.blobs = os.path.join(self.data, "blobs")
        self.small_sha = hashlib.sha256(SMALL).hexdigest()
        self.big_sha = hashlib.sha256(BIG).hexdigest()
        self.assertEqual(self.uploads["notes"]["sha256"], self.small_sha)
        self.assertEqual(self.uploads["again"]["sha256"], self.small_sha)
        self.assertEqual(self.uploads["big"]["sha256"], self.big_sha)
        # Every attachment the log names, from the events themselves:
        # (stream, position, id, sha256).
        self.refs = []
        for line in ctl(self.data, "export").stdout.splitlines():
            e = json.loads(line)
            messages = [e["data"]] if e["type"] == "MessagePosted" else []
            if e["type"] == "MergeReceived":
                messages = e["data"]["messages"]
            for m in messages:
                for a in m.get("attachments", []):
                    self.refs.append((e["stream"], e["position"], a["id"], a["sha256"]))
        # Three uploads, each named once on the merged ticket and once more
        # in the MergeReceived that copies its messages.
        self.assertEqual(len(self.refs), 6, self.refs)

    def refs_of(self, sha):
        return sorted((s, p, i) for s, p, i, h in self.refs if h == sha)

    def assert_all_good(self, data):
        report = ctl_json(data, "verify")
        self.assertTrue(report["ok"], report)
        self.assertEqual(report["attachments"], {
            "ok": True, "referenced": 6, "blobs": 2, "missing": 0, "damaged": 0,
            "problems": [], "undecodable": []})
        self.assertIn("attachments: 6 referenced, 2 distinct blobs, all present and matching",
                      ctl(data, "verify").stdout)

    def test_verify_passes_with_attachments(self):
        self.assert_all_good(self.data)
        self.assertEqual(ctl_json(self.data, "status")["attachments"]["blobs"], 2)

    def test_a_deleted_blob_is_reported_missing(self):
        os.remove(blob_file(self.blobs, self.big_sha))
        report = ctl_json(self.data, "verify", expect=1)
        self.assertFalse(report["ok"])
        self.assertTrue(report["intact"])  # the log itself is fine
        att = report["attachments"]
        self.assertEqual((att["missing"], att["damaged"]), (1, 0))
        self.assertEqual(sorted((p["stream"], p["position"], p["attachment_id"]) for p in att["problems"]),
                         self.refs_of(self.big_sha))
        self.assertTrue(all(p["problem"] == "missing" and p["sha256"] == self.big_sha
                            for p in att["problems"]), att)
        text = ctl(self.data, "verify", expect=1).stdout
        for stream, position, att_id in self.refs_of(self.big_sha):
            self.assertIn("attachment %s (%s, position %d): missing" % (att_id, stream, position), text)
        self.assertIn("attachments: 6 referenced, 2 distinct blobs: 1 missing, 0 damaged", text)
        ctl(self.data, "status", expect=1)

    def test_a_modified_blob_is_reported(self):
        # The same size, one byte different: only the hash tells.
        path = blob_file(self.blobs, self.small_sha)
        content = bytearray(read(path))
        content[3] ^= 0x20
        with open(path, "wb") as f:
            f.write(content)
        report = ctl_json(self.data, "verify", expect=1)
        att = report["attachments"]
        self.assertEqual((att["missing"], att["damaged"]), (0, 1))
        self.assertEqual(sorted((p["stream"], p["position"], p["attachment_id"]) for p in att["problems"]),
                         self.refs_of(self.small_sha))
        self.assertTrue(all(p["problem"] == "wrong_content" for p in att["problems"]), att)
        text = ctl(self.data, "verify", expect=1).stdout
        self.assertIn("wrong content: %s" % path, text)
        self.assertIn("0 missing, 1 damaged", text)

    def test_backup_and_restore_carry_the_blobs(self):
        backups = self.path("backups")
        taken = ctl_json(self.data, "backup", backups)
        self.assertEqual(taken["blobs"], {"referenced": 2, "copied": 2, "missing": 0, "damaged": 0})
        for sha, content in ((self.small_sha, SMALL), (self.big_sha, BIG)):
            self.assertEqual(read(blob_file(os.path.join(backups, "blobs"), sha)), content)
        # Content-addressed: a second backup finds them there.
        self.assertEqual(ctl_json(self.data, "backup", backups)["blobs"]["copied"], 0)

        restored = self.path("restored")
        got = ctl_json(restored, "restore", backups)
        self.assertEqual(got["blobs"]["copied"], 2)
        for sha, content in ((self.small_sha, SMALL), (self.big_sha, BIG)):
            self.assertEqual(read(blob_file(os.path.join(restored, "blobs"), sha)), content)
        self.assert_all_good(restored)
        # The restored store serves the file.
        server, admin = self.start_server(restored, "--checkpoint-interval", "0")
        stream = self.refs_of(self.big_sha)[-1][0]
        ticket = admin.get("/admin/v1/tickets/" + stream[len("ticket-"):]).body
        urls = [a["url"] for m in ticket["messages"] for a in m["attachments"]
                if a["sha256"] == self.big_sha]
        self.assertTrue(urls, ticket)
        r = admin.get(urls[0])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.raw, BIG)
        server.stop()

    def test_restore_refuses_a_backup_without_its_blobs(self):
        backups = self.path("backups")
        ctl(self.data, "backup", backups)
        os.remove(blob_file(os.path.join(backups, "blobs"), self.big_sha))
        target = self.path("restored")
        p = ctl(target, "restore", backups, expect=1)
        self.assertIn("1 missing", p.stderr)
        self.assertIn("--allow-missing-blobs", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(target, "log")))
        # The blob that was there is not left behind by the refused restore.
        self.assertFalse(os.path.exists(blob_file(os.path.join(target, "blobs"), self.small_sha)))
        # A data directory that still holds the blob needs nothing from the backup.
        os.makedirs(os.path.dirname(blob_file(os.path.join(target, "blobs"), self.big_sha)))
        shutil.copy(blob_file(self.blobs, self.big_sha), blob_file(os.path.join(target, "blobs"), self.big_sha))
        ctl(target, "restore", backups)
        self.assert_all_good(target)
        # Or the log alone, when asked: verify then names what is missing.
        alone = self.path("alone")
        ctl(alone, "restore", backups, "--allow-missing-blobs")
        self.assertEqual(ctl_json(alone, "verify", expect=1)["attachments"]["missing"], 1)

    def test_backup_of_a_store_missing_a_blob_fails_but_keeps_the_log(self):
        os.remove(blob_file(self.blobs, self.small_sha))
        backups = self.path("backups")
        p = ctl(self.data, "backup", backups, expect=1)
        self.assertIn("missing", p.stderr)
        self.assertEqual(len(ctl_json(self.data, "backups", backups)), 1)
        self.assertEqual(read(blob_file(os.path.join(backups, "blobs"), self.big_sha)), BIG)

    def test_export_and_import_with_blobs(self):
        export, carried = self.path("log.jsonl"), self.path("carried")
        out = ctl_json(self.data, "export", "--out", export, "--blobs", carried)
        self.assertEqual(out["blobs"], {"referenced": 2, "copied": 2, "missing": 0, "damaged": 0})
        self.assertEqual(read(blob_file(carried, self.big_sha)), BIG)
        target = self.path("imported")
        ctl(target, "import", export, "--blobs", carried)
        self.assert_all_good(target)
        self.assertEqual(ctl(target, "export").stdout, read(export).decode("utf-8"))
        # Only what the exported events name: a filter without them, nothing.
        none = self.path("none")
        ctl(self.data, "export", "--type", "TicketOpened", "--out", self.path("opened.jsonl"),
            "--blobs", none)
        self.assertFalse(os.path.exists(os.path.join(none, "sha256", self.big_sha[:2])))

    def test_import_refuses_a_missing_or_altered_blob(self):
        export, carried = self.path("log.jsonl"), self.path("carried")
        ctl(self.data, "export", "--out", export, "--blobs", carried)
        os.remove(blob_file(carried, self.big_sha))
        target = self.path("c")
        p = ctl(target, "import", export, "--blobs", carried, expect=1)
        self.assertIn("nothing was imported", p.stderr)
        for stream, position, att_id in self.refs_of(self.big_sha):
            self.assertIn("attachment %s (%s, position %d): missing" % (att_id, stream, position), p.stderr)
        self.assertEqual(ctl_json(target, "verify")["head"], 0)
        self.assertFalse(os.path.exists(blob_file(os.path.join(target, "blobs"), self.small_sha)))
        # Altered: the right name, other bytes.
        with open(blob_file(carried, self.big_sha), "wb") as f:
            f.write(BIG[:-1] + b"!")
        p = ctl(target, "import", export, "--blobs", carried, expect=1)
        self.assertIn("wrong content", p.stderr)
        self.assertEqual(ctl_json(target, "verify")["head"], 0)
        ctl(target, "import", "-", "--blobs", carried, expect=2, stdin="")

    def test_import_without_blobs_warns_and_verify_reports_them(self):
        export = self.path("log.jsonl")
        ctl(self.data, "export", "--out", export)
        target = self.path("bare")
        p = ctl(target, "import", export)
        self.assertIn("warning", p.stderr)
        self.assertIn("--blobs", p.stderr)
        report = ctl_json(target, "verify", expect=1)
        self.assertTrue(report["intact"])
        self.assertEqual(report["attachments"]["missing"], 2)
        self.assertEqual(len(report["attachments"]["problems"]), 6)



class MailOriginalTest(TempDirCase):
    """A mail keeps the message as it came (a blob its MessagePosted names as
    `original`): verify counts it, and reports it when it goes missing."""

    def test_the_original_mail_is_a_blob_verify_checks(self):
        data = self.path("data")
        server = harness.Server()
        try:
            server.start(data_dir=data)
            admin = server.client(harness.ADMIN_TOKEN)
            self.assertEqual(admin.post("/admin/v1/tenants", {"slug": "acme", "name": "Acme"}).status, 201)
            r = admin.post("/admin/v1/tokens", {"role": "customer", "tenant": "acme",
                                                 "user": {"id": "u-ann", "email": "ann@acme.test"}})
            self.assertEqual(r.status, 201, r)
            raw = (b"From: Ann <ann@acme.test>\r\nTo: support+acme@help.test\r\n"
                   b"Subject: By mail\r\nMessage-ID: <orig-1@acme.test>\r\n\r\nHello\r\n")
            r = admin.post("/admin/v1/inbound/email", raw, headers={"Content-Type": "message/rfc822"})
            self.assertEqual(r.status, 201, r)
            server.stop()
        finally:
            server.cleanup()
        report = ctl_json(data, "verify")
        self.assertEqual((report["attachments"]["referenced"], report["attachments"]["blobs"]), (1, 1))
        os.remove(blob_file(os.path.join(data, "blobs"), hashlib.sha256(raw).hexdigest()))
        att = ctl_json(data, "verify", expect=1)["attachments"]
        self.assertEqual(att["missing"], 1, att)
        self.assertTrue(att["problems"][0]["attachment_id"].startswith("att_"), att)

if __name__ == "__main__":
    unittest.main()
