#include "view_checks.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "domain/json_writer.h"
#include "projection_test_support.h"
#include "projections/summary_json.h"

namespace ticketd::projections::testing {
namespace {

template <class Page>
void check_page_shape(const Page& page, std::int64_t limit, bool last) {
  BOOST_REQUIRE_LE(page.items.size(),
                   static_cast<std::size_t>(std::min<std::int64_t>(limit, kMaxPageLimit)));
  if (!last)
    BOOST_REQUIRE_EQUAL(page.items.size(),
                        static_cast<std::size_t>(std::min<std::int64_t>(limit, kMaxPageLimit)));
}

}  // namespace

std::string describe(const QueueQuery& q) {
  std::ostringstream out;
  if (q.status) out << " status=" << domain::to_string(*q.status);
  if (q.priority) out << " priority=" << domain::to_string(*q.priority);
  if (q.tenant) out << " tenant=" << *q.tenant;
  if (q.assignee) out << " assignee=" << *q.assignee;
  if (q.unassigned) out << " assignee=none";
  if (q.category) out << " category=" << domain::to_string(*q.category);
  if (q.tag) out << " tag=" << *q.tag;
  if (q.escalated) out << " escalated=" << *q.escalated;
  if (q.breached) out << " breached=" << *q.breached;
  if (!q.q.empty()) out << " q=" << q.q;
  for (const std::string& t : q.scope) out << " scope:" << t;
  out << " sort=" << q.sort << " limit=" << q.limit.value_or(0);
  return out.str();
}

std::vector<QueueQuery> queue_filters(const CommandDriver& driver) {
  std::vector<QueueQuery> out(1);
  auto with = [&](auto set) {
    QueueQuery q;
    set(q);
    out.push_back(q);
  };
  for (int s = 0; s < 6; ++s)
    with([&](QueueQuery& q) { q.status = static_cast<domain::Status>(s); });
  for (int p = 0; p < 4; ++p)
    with([&](QueueQuery& q) { q.priority = static_cast<domain::Priority>(p); });
  for (int c = 0; c < 6; c += 2)
    with([&](QueueQuery& q) { q.category = static_cast<domain::Category>(c); });
  for (const std::string& t : driver.tenants()) with([&](QueueQuery& q) { q.tenant = t; });
  with([](QueueQuery& q) { q.tenant = "nope"; });
  for (const domain::Actor& a : driver.agents()) with([&](QueueQuery& q) { q.assignee = a.id; });
  with([](QueueQuery& q) { q.assignee = "agent-404"; });
  with([](QueueQuery& q) { q.unassigned = true; });
  for (const char* tag : {"vip", "VIP", "mobile", "api", "nosuch"})
    with([&](QueueQuery& q) { q.tag = tag; });
  for (bool b : {true, false}) {
    with([&](QueueQuery& q) { q.escalated = b; });
    with([&](QueueQuery& q) { q.breached = b; });
  }
  for (const char* text : {"log", "LOGIN", "in fail", "invoice", "ün", "zzz", "  "}) {
    with([&](QueueQuery& q) { q.q = text; });
  }
  with([&](QueueQuery& q) {
    q.tenant = driver.tenants()[0];
    q.status = domain::Status::kOpen;
  });
  with([](QueueQuery& q) {
    q.status = domain::Status::kOpen;
    q.unassigned = true;
  });
  with([](QueueQuery& q) {
    q.status = domain::Status::kClosed;
    q.breached = true;
  });
  with([](QueueQuery& q) {
    q.tag = "vip";
    q.escalated = false;
  });
  with([&](QueueQuery& q) {
    q.q = "log";
    q.tenant = driver.tenants()[1];
  });
  with([&](QueueQuery& q) {
    q.assignee = driver.agents()[0].id;
    q.status = domain::Status::kInProgress;
    q.priority = domain::Priority::kHigh;
  });
  with([](QueueQuery& q) {
    q.category = domain::Category::kGeneral;
    q.breached = false;
    q.escalated = true;
  });
  // A caller's scope: one tenant, several, with filters, with a tenant in
  // and out of it, with tenants that have no tickets.
  const std::vector<std::string>& t = driver.tenants();  // sorted
  with([&](QueueQuery& q) { q.scope = {t[1]}; });
  with([&](QueueQuery& q) { q.scope = {t[0], t[2]}; });
  with([&](QueueQuery& q) { q.scope = {t[0], t[1], "nope"}; });
  with([](QueueQuery& q) { q.scope = {"nope"}; });
  with([&](QueueQuery& q) {
    q.scope = {t[0], t[2]};
    q.tenant = t[1];
  });
  with([&](QueueQuery& q) {
    q.scope = {t[0], t[2]};
    q.tenant = t[2];
  });
  with([&](QueueQuery& q) {
    q.scope = {t[0], t[1]};
    q.status = domain::Status::kOpen;
  });
  with([&](QueueQuery& q) {
    q.scope = {t[1], t[2]};
    q.q = "log";
  });
  with([&](QueueQuery& q) {
    q.scope = {t[0], t[2]};
    q.assignee = driver.agents()[0].id;
  });
  return out;
}

// Every item of a listing, page by page: `fetch(query)` answers one page;
// each page is checked for its shape and the cursor followed to the end.
template <class Item, class Query, class Fetch>
std::vector<Item> collect_pages(Query query, std::int64_t limit, Fetch fetch) {
  std::vector<Item> items;
  query.limit = limit;
  for (int pages = 0;; ++pages) {
    BOOST_REQUIRE_LT(pages, 100000);
    auto page = ok(fetch(query));
    check_page_shape(page, limit, !page.next_cursor.has_value());
    items.insert(items.end(), page.items.begin(), page.items.end());
    if (!page.next_cursor) return items;
    query.cursor = *page.next_cursor;
  }
}

// `view`'s page of `query` as values, after checking that the JSON form
// the HTTP layer serves (query_json, through the summary cache) is that
// page written out -- twice, so the second answer comes from the cache.
template <class View, class Query>
QueryResult<TicketPage> page_and_json(const View& view, const Query& query) {
  QueryResult<TicketPage> page = view.query(query);
  for (int round = 0; round < 2; ++round) {
    // The second round also checks that the array goes after what the
    // caller passed.
    const std::string opening = round == 0 ? "" : "{\"items\":";
    const QueryResult<TicketPageJson> json = view.query_json(query, opening);
    BOOST_REQUIRE_EQUAL(json.has_value(), page.has_value());
    if (!page) continue;
    std::string expected = opening;
    domain::JsonWriter w(expected);
    w.begin_array();
    for (const TicketSummary& item : page->items) write_ticket_summary(w, item);
    w.end_array();
    BOOST_REQUIRE_EQUAL(json->items, expected);
    BOOST_REQUIRE(json->next_cursor == page->next_cursor);
  }
  return page;
}

std::vector<TicketSummary> all_pages(const QueueView& view, QueueQuery query, std::int64_t limit) {
  return collect_pages<TicketSummary>(std::move(query), limit,
                                      [&](const QueueQuery& q) { return page_and_json(view, q); });
}

std::vector<TicketSummary> all_pages(const TenantView& view, TenantQuery query,
                                     std::int64_t limit) {
  return collect_pages<TicketSummary>(std::move(query), limit,
                                      [&](const TenantQuery& q) { return page_and_json(view, q); });
}

std::vector<AgentWorkload> all_pages(const MetricsView& view, AgentsQuery query,
                                     std::int64_t limit) {
  return collect_pages<AgentWorkload>(std::move(query), limit,
                                      [&](const AgentsQuery& q) { return view.agents(q); });
}

void check_queue_query(const QueueView& view, const NaiveViews& naive, const QueueQuery& q,
                       std::int64_t limit) {
  const std::vector<TicketSummary> expected =
      naive.queue(q, *parse_queue_sort(q.sort.empty() ? "-created" : q.sort));
  const std::vector<TicketSummary> got = all_pages(view, q, limit);
  BOOST_TEST_CONTEXT("queue" << describe(q) << " limit " << limit) {
    BOOST_REQUIRE_EQUAL(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      BOOST_REQUIRE_MESSAGE(got[i] == expected[i], "item " << i << ": got " << got[i].id
                                                           << " expected " << expected[i].id);
    }
  }
}

void check_queue(const QueueView& view, const NaiveViews& naive, const CommandDriver& driver) {
  static const char* kSorts[] = {"created",  "-created",  "updated", "-updated",
                                 "priority", "-priority", "due",     "-due"};
  static const std::int64_t kLimits[] = {3, 50, 7, 1000, 2, 13};
  std::size_t n = 0;
  for (QueueQuery q : queue_filters(driver)) {
    for (const char* sort : kSorts) {
      q.sort = sort;
      check_queue_query(view, naive, q, kLimits[n++ % std::size(kLimits)]);
    }
  }
  // The default sort is -created and the default limit 50.
  QueueQuery plain;
  const TicketPage first = ok(view.query(plain));
  const std::vector<TicketSummary> newest =
      naive.queue(plain, QueueSort{QueueSortKey::kCreated, true});
  BOOST_REQUIRE_EQUAL(first.items.size(), std::min<std::size_t>(50, newest.size()));
  for (std::size_t i = 0; i < first.items.size(); ++i) BOOST_REQUIRE(first.items[i] == newest[i]);
}

std::vector<domain::Actor> customer_callers(const CommandDriver& driver) {
  std::vector<domain::Actor> callers = driver.customers();
  const domain::Actor& ann = driver.customers()[0];
  domain::Actor shouting = ann;  // same email in capitals, unknown id
  shouting.id = "someone-else";
  for (char& c : shouting.email) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  callers.push_back(shouting);
  domain::Actor id_only = ann;
  id_only.email.clear();
  callers.push_back(id_only);
  domain::Actor stranger = ann;  // Ann's id and email, but logged in to another tenant
  stranger.tenant = driver.tenants()[1];
  callers.push_back(stranger);
  domain::Actor nobody{"nobody", domain::Role::kCustomer, driver.tenants()[2], "nobody@x.test",
                       "N"};
  callers.push_back(nobody);
  domain::Actor ghost_admin{"g", domain::Role::kCustomerAdmin, "ghost-tenant", "g@g.test", "G"};
  callers.push_back(ghost_admin);
  return callers;
}

void check_tenant(const TenantView& view, const NaiveViews& naive, const CommandDriver& driver) {
  std::size_t n = 0;
  for (const domain::Actor& caller : customer_callers(driver)) {
    for (int s = -1; s < 6; ++s) {
      TenantQuery q;
      q.caller = caller;
      if (s >= 0) q.status = static_cast<domain::Status>(s);
      const std::int64_t limit = std::array<std::int64_t, 4>{1, 4, 50, 9}[n++ % 4];
      const std::vector<TicketSummary> expected = naive.tenant(q);
      const std::vector<TicketSummary> got = all_pages(view, q, limit);
      BOOST_TEST_CONTEXT("tenant view for " << caller.id << "@" << caller.tenant << " status "
                                            << s) {
        BOOST_REQUIRE_EQUAL(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) BOOST_REQUIRE(got[i] == expected[i]);
      }
    }
  }
}

void check_metrics(const MetricsView& view, const NaiveViews& naive, const CommandDriver& driver) {
  std::vector<domain::Instant> created;
  for (const NaiveTicket& t : naive.tickets()) {
    if (t.state.exists) created.push_back(t.state.created_at);
  }
  std::sort(created.begin(), created.end());
  BOOST_REQUIRE(!created.empty());
  const domain::Instant q1 = created[created.size() / 4];
  const domain::Instant q3 = created[created.size() * 3 / 4];
  const domain::Instant midnight = std::chrono::floor<std::chrono::days>(q3);
  using Range = std::pair<std::optional<domain::Instant>, std::optional<domain::Instant>>;
  const Range ranges[] = {{},       {q1, std::nullopt}, {std::nullopt, q3},
                          {q1, q3}, {midnight, q3},     {q3, q3}};
  std::vector<std::optional<std::string>> tenants{std::nullopt, std::string("nope")};
  for (const std::string& t : driver.tenants()) tenants.emplace_back(t);
  for (const auto& tenant : tenants) {
    for (const auto& [from, to] : ranges) {
      const std::vector<std::vector<std::string>> scopes = {
          {}, {driver.tenants()[0]}, {driver.tenants()[0], driver.tenants()[2]}, {"nope"}};
      for (const std::vector<std::string>& scope : scopes) {
        MetricsQuery q{tenant, from, to, scope};
        MetricsReport got = ok(view.report(q));
        MetricsReport expected = naive.metrics(q);
        expected.position = got.position;
        BOOST_TEST_CONTEXT("metrics tenant " << tenant.value_or("*") << " scope " << scope.size()) {
          BOOST_REQUIRE(got == expected);
        }
      }
    }
  }
  std::size_t n = 0;
  for (const auto& [from, to] : ranges) {
    AgentsQuery q;
    q.from = from;
    q.to = to;
    const std::int64_t limit = std::array<std::int64_t, 3>{1, 2, 500}[n++ % 3];
    const std::vector<AgentWorkload> got = all_pages(view, q, limit);
    BOOST_REQUIRE(got == naive.agents(q));
  }
}

void check_views(Projections& projections, const NaiveViews& naive, const CommandDriver& driver) {
  check_queue(projections.queue(), naive, driver);
  check_tenant(projections.tenant(), naive, driver);
  check_metrics(projections.metrics(), naive, driver);
}

}  // namespace ticketd::projections::testing
