// Routes, redirects and links (src/router.ts; each role's home: test/access.test.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import { emailLinkFromHash, internalTarget, matchRoute, safeNext, ticketPath } from "../src/router.js";

test("paths name screens", () => {
  assert.deepEqual(matchRoute("/"), { name: "home" });
  assert.deepEqual(matchRoute("/sign-in"), { name: "signIn" });
  assert.deepEqual(matchRoute("/portal"), { name: "portal" });
  assert.deepEqual(matchRoute("/portal/"), { name: "portal" }, "a trailing slash is the same page");
  assert.deepEqual(matchRoute("/portal/new"), { name: "portalNew" });
  assert.deepEqual(matchRoute("/portal/tickets/acme-42"), { name: "portalTicket", key: "acme-42" });
  assert.deepEqual(matchRoute("/queue"), { name: "queue" });
  assert.deepEqual(matchRoute("/tickets/acme-7"), { name: "ticket", key: "acme-7" });
  assert.deepEqual(matchRoute("/tickets/a%20b"), { name: "ticket", key: "a b" });
  assert.deepEqual(matchRoute("/tickets/acme-7/history"), { name: "ticketHistory", key: "acme-7" });
  assert.deepEqual(matchRoute("/tickets/acme-7/history/"), { name: "ticketHistory", key: "acme-7" });
});

test("anything else is not found", () => {
  const paths = ["/nope", "/tickets", "/tickets/acme-1/events", "/tickets//history", "/portal/tickets/", "/tickets/%E0%A4%A", "/Queue"];
  for (const path of paths) {
    assert.deepEqual(matchRoute(path), { name: "notFound" }, path);
  }
});

test("ticket pages per audience", () => {
  assert.equal(ticketPath("acme-42", true), "/portal/tickets/acme-42");
  assert.equal(ticketPath("acme-42", false), "/tickets/acme-42");
  assert.equal(ticketPath("a/b", false), "/tickets/a%2Fb");
});

test("after sign-in, ?next= leads only to this origin", () => {
  assert.equal(safeNext("/tickets/acme-1?x=1"), "/tickets/acme-1?x=1");
  for (const bad of [null, "", "https://evil.test/", "//evil.test/x", "/\\evil.test", "queue"]) {
    assert.equal(safeNext(bad), null, String(bad));
  }
});

test("clicks on same-origin links stay in the console; fragments and other sites do not", () => {
  const here = { origin: "https://help.test", pathname: "/queue", search: "?status=open" };
  assert.equal(internalTarget("https://help.test/tickets/acme-1", here), "/tickets/acme-1");
  assert.equal(internalTarget("/queue?status=closed", here), "/queue?status=closed");
  assert.equal(internalTarget("https://other.test/queue", here), null);
  assert.equal(internalTarget("#main", here), null, "a fragment of this page is the browser's");
  assert.equal(internalTarget("mailto:ann@acme.test", here), null);
});

test("emailed links in the sign-in page's fragment", () => {
  assert.deepEqual(emailLinkFromHash("#purpose=magic_link&token=T1"), { purpose: "magic_link", token: "T1" });
  assert.deepEqual(emailLinkFromHash("#purpose=reset&token=a%2Bb"), { purpose: "reset", token: "a+b" });
  assert.deepEqual(emailLinkFromHash("#token=T&purpose=invitation"), { purpose: "invitation", token: "T" });
  assert.equal(emailLinkFromHash("#purpose=reset"), null);
  assert.equal(emailLinkFromHash("#purpose=other&token=T"), null);
  assert.equal(emailLinkFromHash(""), null);
});
