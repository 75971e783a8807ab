"""A tenant's logo: uploaded by its admins (PUT /admin/v1/tenants/{slug}/logo,
the image as the body, its type read from the bytes: PNG, JPEG, GIF or WebP
only, at most 256 KiB), served to anyone (GET /v1/tenants/{slug}/logo) with
long caching and safe headers, shown in the tenant's mail under the public
URL and its customers' portal (GET /v1/tenant), removed, and rebuilt from the
log after a restart. Its bytes are a blob; the log holds only their hash,
type and size."""

import hashlib
import os
import struct
import zlib

from smtp_sink import MailTestCase

PUBLIC_URL = "https://help.acme.test"


def png(width, height, rgba=(15, 118, 110, 255), pad=0):
    """A whole PNG of one colour; `pad` bytes more in a tEXt chunk."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + bytes(rgba) * width for _ in range(height))
    text = chunk(b"tEXt", b"Comment\x00" + b"x" * (pad - 20)) if pad else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + text + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


LOGO = png(96, 32)
GIF = (b"GIF89a" + struct.pack("<HH", 5, 4) + b"\x80\x00\x00\x00\x00\x00\xff\xff\xff"
       b"\x2c\x00\x00\x00\x00" + struct.pack("<HH", 5, 4) + b"\x00\x02\x02\x44\x01\x00\x3b")
# A JPEG's start, a JFIF segment and a baseline frame header of 7 x 6.
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xc0\x00\x0b\x08\x00\x06\x00\x07\x01\x01\x11\x00\xff\xd9")
# A lossless WebP header of 9 x 8.
_VP8L = b"\x2f" + struct.pack("<I", (9 - 1) | (8 - 1) << 14) + b"\x00" * 5
WEBP = b"RIFF" + struct.pack("<I", 12 + len(_VP8L)) + b"WEBPVP8L" + struct.pack("<I", len(_VP8L)) + _VP8L
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32">'
       b'<script>alert(document.cookie)</script><rect width="96" height="32"/></svg>\n')
TEXT = b"Acme, the logo in words\n"


class TenantLogoTest(MailTestCase):
    mail_args = ("--public-url", PUBLIC_URL)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name, slug in (("tara", "acme"), ("gil", "globex")):
            r = cls.admin.post("/admin/v1/tokens", {
                "role": "tenant_admin", "scope": [slug],
                "user": {"id": name, "email": name + "@support.test", "name": name.title()}})
            assert r.status == 201, r
            setattr(cls, name, cls.server.client(r.body["token"]))

    def put_logo(self, client, slug, data, content_type="image/png"):
        return client.put("/admin/v1/tenants/%s/logo" % slug, data,
                          headers={"Content-Type": content_type})

    def set_logo(self, slug, data):
        r = self.put_logo(self.admin, slug, data)
        self.assertEqual(r.status, 200, r)
        return r.body["logo"]

    def remove_logo(self, slug):
        r = self.admin.delete("/admin/v1/tenants/%s/logo" % slug)
        self.assertIn(r.status, (200, 404), r)

    def blob_path(self, sha):
        return os.path.join(self.server.data_dir, "blobs", "sha256", sha[:2], sha)

    def logo_events(self):
        return [e for e in self.all_events() if e["type"].startswith("TenantLogo")]

    def test_an_admin_uploads_anyone_fetches_and_it_is_removed(self):
        sha = hashlib.sha256(LOGO).hexdigest()
        before = len(self.logo_events())
        r = self.put_logo(self.tara, "acme", LOGO)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["slug"], "acme")
        self.assertEqual(r.body["logo"], {"sha256": sha, "type": "image/png", "size": len(LOGO),
                                          "url": "/v1/tenants/acme/logo?v=" + sha[:12]})
        self.assertEqual(self.admin.get("/admin/v1/tenants/acme").body["logo"], r.body["logo"])
        # The bytes are a blob; the event names them and carries nothing else.
        with open(self.blob_path(sha), "rb") as f:
            self.assertEqual(f.read(), LOGO)
        events = self.logo_events()[before:]
        self.assertEqual([e["type"] for e in events], ["TenantLogoSet"])
        self.assertEqual(events[0]["stream"], "tenants")
        self.assertEqual(events[0]["tenant"], "acme")
        self.assertEqual(events[0]["actor"]["id"], "tara")
        self.assertEqual(events[0]["data"], {"slug": "acme", "sha256": sha, "type": "image/png",
                                             "size": len(LOGO)})

        # Anyone fetches it: no credential, cached a day, typed from its bytes.
        got = self.anon.get(r.body["logo"]["url"])
        self.assertEqual(got.status, 200, got)
        self.assertEqual(got.raw, LOGO)
        self.assertEqual(got.header("Content-Type"), "image/png")
        self.assertEqual(got.header("Cache-Control"), "public, max-age=86400")
        self.assertEqual(got.header("ETag"), '"%s"' % sha)
        self.assertEqual(got.header("X-Content-Type-Options"), "nosniff")
        self.assertTrue(got.header("Content-Security-Policy").startswith("default-src 'none'"),
                        got.header("Content-Security-Policy"))
        self.assertEqual(self.anon.get("/v1/tenants/acme/logo").raw, LOGO)  # without ?v= too
        again = self.anon.get("/v1/tenants/acme/logo", headers={"If-None-Match": '"%s"' % sha})
        self.assertEqual(again.status, 304, again)
        self.assertEqual(again.raw, b"")
        self.assertEqual(again.header("ETag"), '"%s"' % sha)
        stale = self.anon.get("/v1/tenants/acme/logo", headers={"If-None-Match": '"%s"' % ("0" * 64)})
        self.assertEqual(stale.status, 200)

        # Removed: the name alone again; a second removal finds none.
        gone = self.tara.delete("/admin/v1/tenants/acme/logo")
        self.assertEqual(gone.status, 200, gone)
        self.assertIsNone(gone.body["logo"])
        self.assertEqual([e["type"] for e in self.logo_events()[before:]],
                         ["TenantLogoSet", "TenantLogoRemoved"])
        missing = self.anon.get("/v1/tenants/acme/logo")
        self.assertEqual(self.assert_problem(missing, 404)["detail"], "the tenant has no logo")
        # No tenant answers as no logo: the route tells nothing else.
        self.assertEqual(self.anon.get("/v1/tenants/no-such/logo").body, missing.body)
        self.assertEqual(self.assert_problem(self.tara.delete("/admin/v1/tenants/acme/logo"),
                                             404)["detail"], "the tenant has no logo")

    def test_the_type_is_read_from_the_bytes_and_only_four_pass(self):
        # Named as a PNG, but script or words: refused, naming what they are.
        for data, detected in ((SVG, "image/svg+xml"), (TEXT, "text/plain")):
            with self.subTest(detected=detected):
                r = self.put_logo(self.tara, "acme", data, content_type="image/png")
                body = self.assert_problem(r, 415, "unsupported_media_type")
                self.assertIn(detected, body["detail"])
                self.assertIn("PNG, JPEG, GIF or WebP", body["detail"])
        # An image sent as anything is what its bytes say.
        for data, media in ((LOGO, "image/png"), (GIF, "image/gif"), (JPEG, "image/jpeg"),
                            (WEBP, "image/webp")):
            with self.subTest(media=media):
                r = self.put_logo(self.tara, "acme", data, content_type="application/octet-stream")
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.body["logo"]["type"], media)
                got = self.anon.get(r.body["logo"]["url"])
                self.assertEqual((got.header("Content-Type"), got.raw), (media, data))
        # An image whose header gives no size is no whole image; nor is a
        # canvas over 4096 pixels a side.
        self.assert_validation(self.put_logo(self.tara, "acme", LOGO[:20]), "logo")
        huge = (LOGO[:16] + struct.pack(">II", 5000, 32) + LOGO[24:])
        b = self.assert_validation(self.put_logo(self.tara, "acme", huge), "logo")
        self.assertIn("4096", b["errors"][0]["message"])
        self.assert_validation(self.put_logo(self.tara, "acme", b""), "logo")
        self.assertEqual(self.anon.get("/v1/tenants/acme/logo").raw, WEBP, "the last one stays")
        self.remove_logo("acme")

    def test_at_most_256_kib(self):
        exact = png(4, 4, pad=256 * 1024 - len(png(4, 4)))
        self.assertEqual(len(exact), 256 * 1024)
        self.assertEqual(self.put_logo(self.tara, "acme", exact).status, 200)
        over = png(4, 4, pad=300 * 1024)
        body = self.assert_problem(self.put_logo(self.tara, "acme", over), 413, "body_too_large")
        self.assertIn("256 KiB", body["detail"])
        self.assertEqual(self.anon.get("/v1/tenants/acme/logo").raw, exact)
        self.remove_logo("acme")

    def test_only_the_tenants_admins_and_never_another_tenants(self):
        # Another tenant's admin finds acme as missing as an unknown tenant.
        for method in ("PUT", "DELETE"):
            with self.subTest(method=method):
                other = self.gil.request(method, "/admin/v1/tenants/acme/logo",
                                         LOGO if method == "PUT" else None,
                                         headers={"Content-Type": "image/png"})
                unknown = self.gil.request(method, "/admin/v1/tenants/no-such/logo",
                                           LOGO if method == "PUT" else None,
                                           headers={"Content-Type": "image/png"})
                self.assert_problem(other, 404)
                self.assertEqual(other.body, unknown.body)
        self.assertEqual(self.anon.get("/v1/tenants/acme/logo").status, 404, "nothing was set")
        # Agents and customers may not; without a credential it is 401.
        for client in (self.agent7, self.ann, self.carol):
            self.assert_problem(self.put_logo(client, "acme", LOGO), 403)
            self.assert_problem(client.delete("/admin/v1/tenants/acme/logo"), 403)
        self.assert_problem(self.put_logo(self.anon, "acme", LOGO), 401)
        # globex's own admin, and the platform admin anywhere.
        self.assertEqual(self.put_logo(self.gil, "globex", GIF).status, 200)
        self.assertEqual(self.put_logo(self.admin, "globex", LOGO).status, 200)
        self.assertEqual(self.anon.get("/v1/tenants/globex/logo").raw, LOGO)
        self.assertEqual(self.anon.get("/v1/tenants/acme/logo").status, 404)
        self.remove_logo("globex")

    def test_customers_see_their_tenants_name_and_logo(self):
        # What the portal's header reads: the logo only when there is one.
        self.assertEqual(self.ann.get("/v1/tenant").body, {"slug": "acme", "name": "Acme",
                                                           "logo": None})
        logo = self.set_logo("acme", LOGO)
        self.assertEqual(self.carol.get("/v1/tenant").body["logo"], logo)
        self.assertEqual(self.gus.get("/v1/tenant").body, {"slug": "globex", "name": "Globex",
                                                           "logo": None})
        self.assert_problem(self.agent7.get("/v1/tenant"), 403)
        self.remove_logo("acme")

    def test_mail_shows_the_logo_under_the_public_url(self):
        logo = self.set_logo("acme", LOGO)
        t = self.open_ticket(self.ann, subject="Logo in the mail", description="Show me")
        mails = self.wait_mail(lambda m: "ann@acme.test" in m["To"] and t["key"] in m["Subject"])
        html = mails[0].get_body(preferencelist=("html",)).get_content()
        img = '<img src="%s/v1/tenants/acme/logo?v=%s" alt="Acme" height="32"' % (
            PUBLIC_URL, logo["sha256"][:12])
        self.assertIn(img, html)
        self.assertIn(">Acme</span>", html, "the name stays as text")
        self.assertLess(html.index(img), html.index(">Acme</span>"))
        text = mails[0].get_body(preferencelist=("plain",)).get_content()
        self.assertNotIn("/logo?v=", text)
        # The URL in the mail is what anyone can fetch (the path under it).
        self.assertEqual(self.anon.get(logo["url"]).raw, LOGO)
        # globex has none: its mail's header is the name alone.
        g = self.open_ticket(self.gus, subject="No logo here", description="Plain")
        plain = self.wait_mail(lambda m: "gus@globex.test" in m["To"] and g["key"] in m["Subject"])
        self.assertNotIn("<img", plain[0].get_body(preferencelist=("html",)).get_content())
        self.remove_logo("acme")

    def test_the_logo_survives_a_restart(self):
        sha = self.set_logo("acme", GIF)["sha256"]
        self.server.restart()
        # The directory is folded from the log again: the logo is there.
        tenant = self.admin.get("/admin/v1/tenants/acme").body
        self.assertEqual(tenant["logo"]["sha256"], sha)
        got = self.anon.get("/v1/tenants/acme/logo")
        self.assertEqual((got.status, got.header("Content-Type"), got.raw), (200, "image/gif", GIF))
        self.remove_logo("acme")
        self.server.restart()
        self.assertIsNone(self.admin.get("/admin/v1/tenants/acme").body["logo"])
        self.assertEqual(self.anon.get("/v1/tenants/acme/logo").status, 404)


if __name__ == "__main__":
    import unittest
    unittest.main()
