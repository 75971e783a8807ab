"""The web console as ticketd serves it (--console DIR): index.html for
every page path the API does not use, with a strict Content-Security-Policy;
content-hashed files under /assets/ cached for a year, gzip when the client
takes it; the API's own 404s and 405s unchanged. The console here is a small
directory of this test's own, so the test does not depend on the npm build
(web/e2e/ tests the real one in a browser)."""

import gzip
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import ADMIN_TOKEN, Server, binary_path

INDEX = (b'<!doctype html><html lang="en"><head><title>ticketd</title>'
         b'<link rel="stylesheet" href="/assets/app-5D2A.css"></head>'
         b'<body><script type="module" src="/assets/app-9F3C.js"></script></body></html>')
SCRIPT = b"console.log('ticketd');\n" * 200


def make_console(root):
    os.makedirs(os.path.join(root, "assets"))
    with open(os.path.join(root, "index.html"), "wb") as f:
        f.write(INDEX)
    with open(os.path.join(root, "index.html.gz"), "wb") as f:
        f.write(gzip.compress(INDEX))
    with open(os.path.join(root, "assets", "app-9F3C.js"), "wb") as f:
        f.write(SCRIPT)
    with open(os.path.join(root, "assets", "app-9F3C.js.gz"), "wb") as f:
        f.write(gzip.compress(SCRIPT))
    with open(os.path.join(root, "assets", "app-5D2A.css"), "wb") as f:
        f.write(b"body{margin:0}")


class ConsoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ticketd-console-")
        make_console(cls.dir)
        cls.server = Server()
        try:
            cls.server.start(extra_args=["--console", cls.dir])
        except BaseException:
            cls.server.cleanup()
            raise
        cls.anon = cls.server.client(None)
        cls.admin = cls.server.client(ADMIN_TOKEN)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()
            shutil.rmtree(cls.dir, ignore_errors=True)

    def test_every_page_path_is_the_console_with_a_strict_policy(self):
        for path in ("/", "/sign-in", "/queue?status=open", "/tickets/acme-1", "/portal/new",
                     "/admin/tenants/acme"):
            with self.subTest(path=path):
                r = self.anon.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.raw, INDEX)
                self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
                self.assertEqual(r.header("Cache-Control"), "no-cache")
                csp = r.header("Content-Security-Policy")
                for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'",
                                  "frame-ancestors 'none'", "base-uri 'none'"):
                    self.assertIn(directive, csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertEqual(r.header("X-Frame-Options"), "DENY")
                self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")

    def test_assets_are_cached_for_a_year_and_gzipped_for_who_takes_it(self):
        r = self.anon.get("/assets/app-9F3C.js")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.raw, SCRIPT)
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "public, max-age=31536000, immutable")
        self.assertIsNone(r.header("Content-Encoding"))
        self.assertEqual(r.header("Vary"), "Accept-Encoding")
        z = self.anon.get("/assets/app-9F3C.js", headers={"Accept-Encoding": "br, gzip;q=0.8"})
        self.assertEqual(z.header("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(z.raw), SCRIPT)
        self.assertLess(len(z.raw), len(SCRIPT) // 10)
        refused = self.anon.get("/assets/app-9F3C.js", headers={"Accept-Encoding": "gzip;q=0"})
        self.assertIsNone(refused.header("Content-Encoding"))
        self.assertEqual(refused.raw, SCRIPT)
        css = self.anon.get("/assets/app-5D2A.css", headers={"Accept-Encoding": "gzip"})
        self.assertIsNone(css.header("Content-Encoding"))  # no .gz sibling: as it is
        self.assertEqual(css.header("Content-Type"), "text/css; charset=utf-8")

    def test_no_file_outside_the_console_and_no_unknown_asset(self):
        for path in ("/assets/app-0000.js", "/assets/../index.html", "/assets/%2e%2e/index.html",
                     "/assets/app-9F3C.js.gz", "/assets/"):
            with self.subTest(path=path):
                r = self.anon.get(path)
                self.assertEqual(r.status, 404, r)
                self.assertEqual(r.body["code"], "not_found")

    def test_the_api_keeps_its_own_answers(self):
        for path in ("/v1/nothing", "/admin/v1/nothing", "/auth/nothing", "/v1", "/admin", "/admin/v1"):
            with self.subTest(path=path):
                r = self.anon.get(path)
                self.assertEqual(r.status, 404, r)
                self.assertTrue(r.content_type.startswith("application/problem+json"), r)
        self.assertEqual(self.anon.get("/healthz").status, 200)
        self.assertEqual(self.admin.get("/admin/v1/tenants").status, 200)
        # A method the console does not serve, as the API's routes answer.
        r = self.anon.post("/queue", {})
        self.assertEqual(r.status, 405, r)
        self.assertEqual(r.header("Allow"), "GET")

    def test_a_missing_console_stops_the_start(self):
        empty = tempfile.mkdtemp(prefix="ticketd-console-empty-")
        data = tempfile.mkdtemp(prefix="ticketd-console-data-")
        try:
            run = subprocess.run([binary_path(), "--data", data, "--listen", "127.0.0.1:0",
                                  "--console", empty], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=30)
            self.assertEqual(run.returncode, 1)
            self.assertIn(b"index.html", run.stderr)
            self.assertIn(b"web_console", run.stderr)
        finally:
            shutil.rmtree(empty, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
