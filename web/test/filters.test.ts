// Filters in the URL and back (src/filters.ts): a filtered queue is a link.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  portalStatusFromSearch,
  portalStatusToSearch,
  queueFiltersFromSearch,
  queueFiltersToSearch,
  queueQuery,
  withQueueFilter,
} from "../src/filters.js";

test("a query string names the queue's filters", () => {
  assert.deepEqual(queueFiltersFromSearch("?status=open&priority=urgent&tenant=acme&assignee=none&q=log+in&sort=due"), {
    status: "open",
    priority: "urgent",
    tenant: "acme",
    assignee: "none",
    q: "log in",
    sort: "due",
  });
  assert.deepEqual(queueFiltersFromSearch(""), {});
  assert.deepEqual(queueFiltersFromSearch("status=waiting_on_customer"), { status: "waiting_on_customer" });
});

test("category, tag, escalation and breach are filters too, sent to the API as it takes them", () => {
  const filters = queueFiltersFromSearch("?category=billing&tag=vip&escalated=true&breached=false");
  assert.deepEqual(filters, { category: "billing", tag: "vip", escalated: "true", breached: "false" });
  assert.equal(queueFiltersToSearch(filters), "?category=billing&tag=vip&escalated=true&breached=false");
  assert.deepEqual(queueQuery(filters), { category: "billing", tag: "vip", escalated: true, breached: false });
  assert.deepEqual(queueFiltersFromSearch("?category=gossip&escalated=yes&breached=1&tag=%20"), {});
  assert.deepEqual(withQueueFilter(filters, "breached", ""), { category: "billing", tag: "vip", escalated: "true" });
});

test("values the API does not take are dropped, not sent", () => {
  assert.deepEqual(queueFiltersFromSearch("?status=reopened&priority=asap&sort=random&tenant=%20%20&q="), {});
  assert.deepEqual(queueFiltersFromSearch("?unknown=1&tenant=acme"), { tenant: "acme" });
});

test("filters make one URL, in a fixed order, without the empty ones", () => {
  assert.equal(queueFiltersToSearch({}), "");
  const search = queueFiltersToSearch({ sort: "-due", q: "vat 3%", status: "open" });
  assert.equal(search, "?status=open&q=vat+3%25&sort=-due");
  assert.equal(queueFiltersToSearch({ tenant: " ", assignee: "agent-7" }), "?assignee=agent-7");
});

test("URL -> filters -> URL is the same link", () => {
  for (const search of ["", "?status=on_hold", "?priority=high&tenant=globex&assignee=none&q=printer&sort=-priority"]) {
    assert.equal(queueFiltersToSearch(queueFiltersFromSearch(search)), search);
  }
});

test("changing one filter keeps the others; an empty value removes it", () => {
  const filters = queueFiltersFromSearch("?status=open&tenant=acme");
  assert.deepEqual(withQueueFilter(filters, "priority", "high"), { status: "open", priority: "high", tenant: "acme" });
  assert.deepEqual(withQueueFilter(filters, "status", ""), { tenant: "acme" });
  assert.deepEqual(withQueueFilter(filters, "status", "bogus"), { tenant: "acme" });
  assert.deepEqual(filters, { status: "open", tenant: "acme" }, "the original is left alone");
});

test("the queue's API query: the filters, a cursor and a page size", () => {
  assert.deepEqual(queueQuery({ status: "open", q: "vat" }, { cursor: "c2", limit: 120 }), {
    status: "open",
    q: "vat",
    cursor: "c2",
    limit: 120,
  });
  assert.deepEqual(queueQuery({}), {});
});

test("the portal's status filter", () => {
  assert.equal(portalStatusFromSearch("?status=resolved"), "resolved");
  assert.equal(portalStatusFromSearch("?status=nope"), null);
  assert.equal(portalStatusFromSearch(""), null);
  assert.equal(portalStatusToSearch("open"), "?status=open");
  assert.equal(portalStatusToSearch(null), "");
});
