// projection_bench's query cases; see projection_bench_queries.h.
#include "benchmarks/projection_bench_queries.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ticketd::bench {
namespace {

namespace pj = ticketd::projections;
namespace dm = ticketd::domain;
using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "projection_bench: %s\n", message.c_str());
  std::exit(1);
}

template <class T>
T must(pj::QueryResult<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message);
  return std::move(*r);
}

std::string tenant_slug(int i) {
  // As tools/demo_history.cc names them.
  static constexpr std::string_view kNames[] = {
      "acme",   "globex",  "initech",   "umbrella", "hooli",  "stark",    "wayne", "wonka",
      "tyrell", "soylent", "cyberdyne", "aperture", "oscorp", "vandelay", "dunder"};
  constexpr int n = static_cast<int>(std::size(kNames));
  std::string slug(kNames[i % n]);
  if (i >= n) slug += std::to_string(i / n + 1);
  return slug;
}

}  // namespace

Latency time_queries(const QueryCase& c) {
  const int iterations = c.iterations;
  const auto& query = c.run;
  for (int i = 0; i < std::min(iterations, 50); ++i) query(i);  // warm-up
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(iterations));
  std::size_t items = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    items += query(i);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return {percentile(us, 50), percentile(us, 99), static_cast<double>(items) / iterations};
}

std::vector<QueryCase> query_cases(pj::Projections& p, int tenants, int agents, int iterations) {
  std::vector<QueryCase> cases;
  const int n = iterations;
  // Every agent and tenant in turn (tenant sizes are skewed, so pages vary).
  const auto agent = [agents](int i) { return "agent-" + std::to_string(i % agents + 1); };
  const auto tenant = [tenants](int i) { return tenant_slug(i % tenants); };
  auto queue = [&p, n](std::string label, std::function<void(pj::QueueQuery&, int)> fill) {
    return QueryCase{std::move(label), n, [&p, fill](int i) {
                       pj::QueueQuery q;
                       fill(q, i);
                       return must(p.queue().query(q), "queue query").items.size();
                     }};
  };
  for (const char* sort : {"-created", "priority", "due"}) {
    const std::string s = sort;
    const std::string tail = " sort=" + s + " limit=50";
    cases.push_back(queue("queue (no filter)" + tail, [s](pj::QueueQuery& q, int) { q.sort = s; }));
    cases.push_back(queue("queue status=open" + tail, [s](pj::QueueQuery& q, int) {
      q.sort = s;
      q.status = dm::Status::kOpen;
    }));
    cases.push_back(queue("queue assignee=X" + tail, [s, agent](pj::QueueQuery& q, int i) {
      q.sort = s;
      q.assignee = agent(i);
    }));
    cases.push_back(queue("queue tenant=T" + tail, [s, tenant](pj::QueueQuery& q, int i) {
      q.sort = s;
      q.tenant = tenant(i);
    }));
    cases.push_back(queue("queue unassigned" + tail, [s](pj::QueueQuery& q, int) {
      q.sort = s;
      q.unassigned = true;
    }));
    cases.push_back(queue("queue breached=true" + tail, [s](pj::QueueQuery& q, int) {
      q.sort = s;
      q.breached = true;
    }));
    cases.push_back(queue("queue q=word" + tail, [s](pj::QueueQuery& q, int i) {
      static const char* kWords[] = {"invoice",   "password", "export",
                                     "dashboard", "webhooks", "sso"};
      q.sort = s;
      q.q = kWords[i % 6];
    }));
    cases.push_back(
        queue("queue tenant+priority=high+tag=vip" + tail, [s, tenant](pj::QueueQuery& q, int i) {
          q.sort = s;
          q.tenant = tenant(i);
          q.priority = dm::Priority::kHigh;
          q.tag = "vip";
        }));
    cases.push_back(queue("queue tenant+status=open+priority=high" + tail,
                          [s, tenant](pj::QueueQuery& q, int i) {
                            q.sort = s;
                            q.tenant = tenant(i);
                            q.status = dm::Status::kOpen;
                            q.priority = dm::Priority::kHigh;
                          }));
    cases.push_back(
        queue("queue assignee+breached=true" + tail, [s, agent](pj::QueueQuery& q, int i) {
          q.sort = s;
          q.assignee = agent(i);
          q.breached = true;
        }));
  }
  const auto tenant_caller = [tenants](int i, bool admin) {
    const std::string slug = tenant_slug(i % tenants);
    const std::string n = admin ? "1" : std::to_string(i % 24 + 2);
    return dm::Actor{"c-" + slug + "-" + n, admin ? dm::Role::kCustomerAdmin : dm::Role::kCustomer,
                     slug, "user" + n + "@" + slug + ".test", "Customer " + n};
  };
  cases.push_back(QueryCase{"tenant customer_admin limit=50", n, [&p, tenant_caller](int i) {
                              pj::TenantQuery q;
                              q.caller = tenant_caller(i, true);
                              return must(p.tenant().query(q), "tenant query").items.size();
                            }});
  cases.push_back(
      QueryCase{"tenant customer_admin status=open limit=50", n, [&p, tenant_caller](int i) {
                  pj::TenantQuery q;
                  q.caller = tenant_caller(i, true);
                  q.status = dm::Status::kOpen;
                  return must(p.tenant().query(q), "tenant query").items.size();
                }});
  cases.push_back(
      QueryCase{"tenant customer (own tickets) limit=50", n, [&p, tenant_caller](int i) {
                  pj::TenantQuery q;
                  q.caller = tenant_caller(i, false);
                  return must(p.tenant().query(q), "tenant query").items.size();
                }});
  // Page 5 of a filtered queue, following cursors made outside the timing.
  for (const char* sort : {"-created", "due"}) {
    std::vector<std::string> cursors;
    pj::QueueQuery q;
    q.status = dm::Status::kOpen;
    q.sort = sort;
    for (int page = 1; page < 5; ++page) {
      auto answer = must(p.queue().query(q), "queue query");
      if (!answer.next_cursor) break;
      q.cursor = *answer.next_cursor;
      cursors.push_back(q.cursor);
    }
    if (cursors.size() < 4) continue;
    const std::string s = sort;
    cases.push_back(QueryCase{"queue status=open sort=" + s + " limit=50, page 5 (cursor)", n,
                              [&p, s, cursor = cursors.back()](int) {
                                pj::QueueQuery q;
                                q.status = dm::Status::kOpen;
                                q.sort = s;
                                q.cursor = cursor;
                                return must(p.queue().query(q), "queue query").items.size();
                              }});
  }
  // Metrics reports cost O(tickets in scope) by design (metrics_model.h).
  const int m = metrics_iterations(iterations);
  cases.push_back(QueryCase{"metrics report (one tenant)", m, [&p, tenant](int i) {
                              pj::MetricsQuery q;
                              q.tenant = tenant(i);
                              return static_cast<std::size_t>(
                                  must(p.metrics().report(q), "metrics").by_status[0] > 0);
                            }});
  cases.push_back(QueryCase{"metrics report (all tenants)", m, [&p](int) {
                              return static_cast<std::size_t>(
                                  must(p.metrics().report({}), "metrics").by_status[0] > 0);
                            }});
  cases.push_back(QueryCase{"metrics agents limit=50", m, [&p](int) {
                              return must(p.metrics().agents({}), "agents").items.size();
                            }});
  return cases;
}

double percentile(const std::vector<double>& sorted, double p) {
  const auto rank =
      static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace ticketd::bench
