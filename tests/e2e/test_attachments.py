"""Attachments: uploads (raw and multipart, streamed), references from
messages, downloads with safe headers and ranges, limits, access that
follows the message, and what a crash mid-upload leaves."""

import hashlib
import os
import socket
import time
import unittest

from harness import ServerTestCase, raw_request

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def upload(client, data, name="file.bin", tenant=None, content_type="application/octet-stream",
           headers=None):
    path = "/v1/attachments" if tenant is None else "/admin/v1/attachments?tenant=" + tenant
    path += ("&" if "?" in path else "?") + "name=" + name
    hdrs = {"Content-Type": content_type}
    hdrs.update(headers or {})
    return client.post(path, data, headers=hdrs)


def multipart(fields, boundary="----ticketd-test-7MA4YWxkTrZu0gW"):
    """A multipart/form-data body: fields is a list of (name, filename, bytes)."""
    out = b""
    for name, filename, data in fields:
        out += b"--" + boundary.encode() + b"\r\n"
        disposition = 'form-data; name="%s"' % name
        if filename is not None:
            disposition += '; filename="%s"' % filename
        out += b"Content-Disposition: " + disposition.encode() + b"\r\n"
        out += b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return out, "multipart/form-data; boundary=" + boundary


class AttachmentTest(ServerTestCase):

    def blobs(self):
        root = os.path.join(self.server.data_dir, "blobs", "sha256")
        return sorted(f for _, _, files in os.walk(root) for f in files)

    def temp_files(self):
        return os.listdir(os.path.join(self.server.data_dir, "blobs", "tmp"))

    def test_raw_upload_reference_and_download(self):
        data = b"line one\nline two\n" * 1000
        r = upload(self.ann, data, name="notes.txt", content_type="image/png")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["size"], len(data))
        self.assertEqual(r.body["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(r.body["type"], "text/plain", "detected, not the client's claim")
        self.assertEqual(r.body["name"], "notes.txt")
        # Or named by Content-Disposition, as RFC 6266 and 8187 write it.
        named = self.ann.post("/v1/attachments", b"x", headers={
            "Content-Type": "text/plain",
            "Content-Disposition": "attachment; filename=plain.txt; filename*=UTF-8''r%C3%A9sum%C3%A9.txt"})
        self.assertEqual(named.body["name"], "r\u00e9sum\u00e9.txt")
        self.assertTrue(r.body["id"].startswith("att_"))
        ticket = self.open_ticket(self.ann, subject="With a file")
        posted = self.command(self.ann, "/v1/tickets/%s/messages" % ticket["id"],
                              {"body": "See the file", "attachments": [r.body["id"]]})
        files = posted.body["messages"][-1]["attachments"]
        self.assertEqual([f["id"] for f in files], [r.body["id"]])
        self.assertEqual(files[0]["url"], "/v1/tickets/%s/attachments/%s" % (ticket["id"], r.body["id"]))
        got = self.ann.get(files[0]["url"])
        self.assertEqual(got.status, 200)
        self.assertEqual(got.raw, data)
        self.assertEqual(got.header("Content-Type"), "text/plain")
        self.assertTrue(got.header("Content-Disposition").startswith("attachment;"))
        self.assertEqual(got.header("X-Content-Type-Options"), "nosniff")
        self.assertIn("sandbox", got.header("Content-Security-Policy"))
        # Staff see it under /admin/v1.
        staff = self.admin_ticket(ticket["id"])["messages"][-1]["attachments"][0]
        self.assertTrue(staff["url"].startswith("/admin/v1/tickets/"))
        self.assertEqual(self.agent7.get(staff["url"]).raw, data)
        # The log carries the metadata, never the bytes.
        events = [e for e in self.all_events() if e["type"] == "MessagePosted"
                  and e["data"].get("attachments")]
        self.assertTrue(any(a["sha256"] == r.body["sha256"] for e in events
                            for a in e["data"]["attachments"]))

    def test_multipart_upload_and_files_alone(self):
        data = os.urandom(300 * 1024)
        body, ctype = multipart([("note", None, b"ignored"), ("file", "../../etc/photo.bin", data)])
        r = self.ann.post("/v1/attachments", body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["name"], "photo.bin", "the path is cut off")
        self.assertEqual(r.body["sha256"], hashlib.sha256(data).hexdigest())
        # A new ticket with a file and no words.
        t = self.ann.post("/v1/tickets", {"subject": "Screenshot", "attachments": [r.body["id"]]})
        self.assertEqual(t.status, 201, t)
        self.assertEqual(t.body["messages"][0]["attachments"][0]["size"], len(data))
        # A form without a file part.
        body, ctype = multipart([("note", None, b"x")])
        self.assert_validation(self.ann.post("/v1/attachments", body, headers={"Content-Type": ctype}),
                               "file")
        # A form cut before its closing delimiter stores nothing.
        body, ctype = multipart([("file", "a.bin", b"abc")])
        r = self.ann.post("/v1/attachments", body[:-10], headers={"Content-Type": ctype})
        self.assert_problem(r, 400, "incomplete_body")

    def test_same_file_twice_is_stored_once(self):
        data = os.urandom(64 * 1024)
        before = self.blobs()
        a = upload(self.ann, data, name="a.bin")
        b = upload(self.bob, data, name="b.bin")
        self.assertEqual((a.status, b.status), (201, 201))
        self.assertNotEqual(a.body["id"], b.body["id"])
        self.assertEqual(a.body["sha256"], b.body["sha256"])
        self.assertEqual(len(self.blobs()), len(before) + 1)
        self.assertEqual(self.temp_files(), [])

    def test_lying_content_type_is_served_as_an_attachment(self):
        r = upload(self.ann, HTML, name="cute-cat.png", content_type="image/png")
        self.assertEqual(r.body["type"], "text/html")
        t = self.ann.post("/v1/tickets", {"subject": "Look", "description": "cat",
                                          "attachments": [r.body["id"]]})
        url = t.body["messages"][0]["attachments"][0]["url"]
        got = self.ann.get(url)
        self.assertEqual(got.header("Content-Type"), "text/html")
        self.assertTrue(got.header("Content-Disposition").startswith("attachment;"))
        self.assertEqual(got.header("X-Content-Type-Options"), "nosniff")
        self.assertIn("sandbox", got.header("Content-Security-Policy"))
        # A real PNG is shown inline.
        p = upload(self.ann, PNG, name="real.png")
        self.assertEqual(p.body["type"], "image/png")
        t = self.ann.post("/v1/tickets", {"subject": "Img", "description": "png",
                                          "attachments": [p.body["id"]]})
        got = self.ann.get(t.body["messages"][0]["attachments"][0]["url"])
        self.assertTrue(got.header("Content-Disposition").startswith("inline;"))

    def test_range_requests(self):
        data = bytes(range(256)) * 4096
        r = upload(self.ann, data, name="big.bin")
        t = self.ann.post("/v1/tickets", {"subject": "Ranges", "description": "x",
                                          "attachments": [r.body["id"]]})
        url = t.body["messages"][0]["attachments"][0]["url"]
        part = self.ann.get(url, headers={"Range": "bytes=1000-1999"})
        self.assertEqual(part.status, 206)
        self.assertEqual(part.raw, data[1000:2000])
        self.assertEqual(part.header("Content-Range"), "bytes 1000-1999/%d" % len(data))
        tail = self.ann.get(url, headers={"Range": "bytes=-10"})
        self.assertEqual(tail.raw, data[-10:])
        self.assertEqual(self.ann.get(url, headers={"Range": "bytes=%d-" % len(data)}).status, 416)
        self.assertEqual(self.ann.get(url).header("ETag"), '"%s"' % r.body["sha256"])

    def test_access_follows_the_message(self):
        pub = upload(self.ann, b"public bytes", name="pub.txt")
        t = self.ann.post("/v1/tickets", {"subject": "Mine", "description": "x",
                                          "attachments": [pub.body["id"]]})
        tid = t.body["id"]
        url = t.body["messages"][0]["attachments"][0]["url"]
        # Another customer of the tenant, and one of another tenant: 404.
        self.assert_problem(self.bob.get(url), 404)
        self.assert_problem(self.gus.get(url), 404)
        # An internal note's file never reaches the customer.
        note_file = upload(self.agent7, b"internal only", name="secret.txt", tenant="acme")
        self.assertEqual(note_file.status, 201, note_file)
        self.command(self.agent7, "/admin/v1/tickets/%s/messages" % tid,
                     {"body": "internal", "internal": True, "attachments": [note_file.body["id"]]})
        mine = self.ann.get("/v1/tickets/" + tid).body
        self.assertNotIn(note_file.body["id"], str(mine))
        self.assert_problem(self.ann.get("/v1/tickets/%s/attachments/%s" % (tid, note_file.body["id"])), 404)
        staff_url = "/admin/v1/tickets/%s/attachments/%s" % (tid, note_file.body["id"])
        self.assertEqual(self.agent7.get(staff_url).raw, b"internal only")
        # Customers have no staff route.
        self.assert_problem(self.ann.get(staff_url), 403)

    def test_references_are_checked(self):
        t = self.open_ticket(self.ann)
        path = "/v1/tickets/%s/messages" % t["id"]
        # Another person's upload, and an unknown id, are the same 422.
        bobs = upload(self.bob, b"bob's", name="b.txt")
        self.assert_validation(self.ann.post(path, {"body": "x", "attachments": [bobs.body["id"]]}),
                               "attachments[0]")
        self.assert_validation(self.ann.post(path, {"body": "x", "attachments": ["att_nope"]}),
                               "attachments[0]")
        # More than ten.
        ids = [upload(self.ann, b"%d" % i, name="n.txt").body["id"] for i in range(11)]
        self.assert_validation(self.ann.post(path, {"body": "x", "attachments": ids}), "attachments")
        # A file uploaded for another tenant cannot go on this ticket.
        other = upload(self.agent7, b"globex file", name="g.txt", tenant="globex")
        r = self.agent7.post("/admin/v1/tickets/%s/messages" % t["id"],
                             {"body": "x", "attachments": [other.body["id"]]})
        self.assert_validation(r, "attachments[0]")
        # ... and, refused, it can still go where it belongs.
        g = self.open_ticket(self.gus)
        ok = self.agent7.post("/admin/v1/tickets/%s/messages" % g["id"],
                              {"body": "x", "attachments": [other.body["id"]]})
        self.assertEqual(ok.status, 200, ok)
        # Staff must say which tenant a file is for.
        self.assert_validation(self.agent7.post("/admin/v1/attachments?name=a", b"x",
                                                headers={"Content-Type": "text/plain"}), "tenant")

    def test_tenant_restricts_types(self):
        r = self.admin.put("/admin/v1/tenants/globex/settings", {"attachment_types": ["image/*", "application/pdf"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["settings"]["attachment_types"], ["application/pdf", "image/*"])
        try:
            self.assert_problem(upload(self.gus, b"plain text", name="a.txt"), 422,
                                "attachment_type_not_allowed")
            self.assertEqual(upload(self.gus, PNG, name="a.png").status, 201)
            self.assert_validation(self.admin.put("/admin/v1/tenants/globex/settings",
                                                  {"attachment_types": ["not a type"]}),
                                   "attachment_types[0]")
        finally:
            self.admin.put("/admin/v1/tenants/globex/settings", {"attachment_types": []})

    def test_truncated_upload_stores_nothing(self):
        before = self.blobs()
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        sock.sendall(("POST /v1/attachments?name=cut.bin HTTP/1.1\r\nHost: x\r\n"
                      "Authorization: Bearer %s\r\nContent-Length: 200000\r\n\r\n" % self.tokens["ann"]).encode())
        sock.sendall(os.urandom(50000))
        sock.close()
        # The server answers the cut body 400 (to nobody); then nothing is left.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
                "cut.bin" in line and '"status":400' in line
                for line in self.server.stderr_text().splitlines()):
            time.sleep(0.05)
        self.assertEqual(self.temp_files(), [])
        self.assertEqual(self.blobs(), before)
        # A body longer than it said is cut at the length: the rest is the next request.
        r = raw_request(self.server.port,
                        "POST /v1/attachments?name=x HTTP/1.1\r\nHost: x\r\n"
                        "Authorization: Bearer %s\r\nContent-Length: 5\r\nConnection: close" % self.tokens["ann"],
                        b"hello")
        self.assertEqual(r.status, 201)


class AttachmentLimitTest(ServerTestCase):
    server_args = ("--attachment-max-bytes", "100000", "--attachment-quota-mb", "1",
                   "--attachment-ttl-seconds", "1")

    def test_per_file_limit_by_length_and_by_chunks(self):
        r = upload(self.ann, os.urandom(100001), name="big.bin")
        self.assert_problem(r, 413, "attachment_too_large")
        self.assertIn("100000", r.body["detail"])
        self.assertEqual(upload(self.ann, os.urandom(100000), name="ok.bin").status, 201)
        # Chunked: no length to go by; refused once it passes the limit.
        chunk = os.urandom(50000)
        body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(3)) + b"0\r\n\r\n"
        r = raw_request(self.server.port,
                        "POST /v1/attachments?name=c.bin HTTP/1.1\r\nHost: x\r\n"
                        "Authorization: Bearer %s\r\nTransfer-Encoding: chunked" % self.tokens["ann"], body)
        self.assertEqual(r.status, 413)
        # Expect: 100-continue with a length over the limit: refused before the body.
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        try:
            sock.sendall(("POST /v1/attachments?name=e.bin HTTP/1.1\r\nHost: x\r\n"
                          "Authorization: Bearer %s\r\nContent-Length: 5000000\r\n"
                          "Expect: 100-continue\r\n\r\n" % self.tokens["ann"]).encode())
            self.assertTrue(sock.recv(200).startswith(b"HTTP/1.1 413"))
        finally:
            sock.close()

    def test_quota_and_collection_of_unreferenced_uploads(self):
        ids = []
        for _ in range(10):
            r = upload(self.gus, os.urandom(100000), name="q.bin")
            self.assertEqual(r.status, 201, r)
            ids.append(r.body["id"])
        over = upload(self.gus, os.urandom(100000), name="q.bin")
        self.assert_problem(over, 413, "attachment_quota_exceeded")
        # Nobody referenced them: after the ttl they go, and the quota frees.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if upload(self.gus, os.urandom(100000), name="later.bin").status == 201:
                break
            time.sleep(0.3)
        else:
            self.fail("the unreferenced uploads were never collected")
        t = self.open_ticket(self.gus)
        self.assert_validation(self.gus.post("/v1/tickets/%s/messages" % t["id"],
                                             {"body": "x", "attachments": [ids[0]]}), "attachments[0]")


class AttachmentCrashTest(ServerTestCase):

    def test_kill_during_upload_leaves_nothing_half(self):
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        sock.sendall(("POST /v1/attachments?name=half.bin HTTP/1.1\r\nHost: x\r\n"
                      "Authorization: Bearer %s\r\nContent-Length: 4000000\r\n\r\n" % self.tokens["ann"]).encode())
        sock.sendall(os.urandom(2000000))
        tmp = os.path.join(self.server.data_dir, "blobs", "tmp")
        deadline = time.monotonic() + 5
        while not os.listdir(tmp) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(os.listdir(tmp), "the upload is being written")
        self.server.crash_restart()
        sock.close()
        self.assertEqual(os.listdir(tmp), [], "the half file is gone after the restart")
        root = os.path.join(self.server.data_dir, "blobs", "sha256")
        self.assertEqual([f for _, _, fs in os.walk(root) for f in fs], [])
        # And the server works on: a whole upload, referenced, downloads.
        r = upload(self.ann, b"after the crash", name="a.txt")
        t = self.ann.post("/v1/tickets", {"subject": "After", "description": "x",
                                          "attachments": [r.body["id"]]})
        self.assertEqual(self.ann.get(t.body["messages"][0]["attachments"][0]["url"]).raw,
                         b"after the crash")


if __name__ == "__main__":
    unittest.main()
