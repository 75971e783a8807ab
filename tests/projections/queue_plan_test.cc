// The queue's query plans on a log big enough for their shortcuts: many
// blocks of slots (the enumeration skips blocks that cannot hold a page
// item), sparse filters (an agent's tickets, a tenant's) and dense ones,
// every sort, deep paging with cursors. Every page equals the naive fold
// of the log.
#include <boost/test/unit_test.hpp>

#include "naive_views.h"
#include "projection_test_support.h"
#include "tools/demo_history.h"
#include "view_checks.h"

namespace ticketd::projections::testing {
namespace {

BOOST_AUTO_TEST_SUITE(queue_plan_test)

BOOST_AUTO_TEST_CASE(every_plan_pages_like_a_naive_fold_of_a_demo_log) {
  TempDir dir;
  auto store = open_store(dir.log());
  tools::DemoOptions demo;
  demo.seed = 7;
  demo.tenants = 6;
  demo.tickets = 4000;  // four blocks of 1024 slots
  demo.agents = 40;
  auto report = tools::generate_demo_history(*store, demo);
  BOOST_REQUIRE(report.has_value());
  auto views = open_projections(*store, dir.views());
  await_caught_up(*views, *store);
  const NaiveViews naive(*store);

  std::vector<QueueQuery> filters(1);
  for (int a = 1; a <= 40; a += 3) {
    filters.emplace_back().assignee = "agent-" + std::to_string(a);
  }
  for (const tools::DemoTenant& t : tools::demo_tenants(demo.tenants)) {
    filters.emplace_back().tenant = t.slug;
  }
  for (int s = 0; s < 6; ++s) filters.emplace_back().status = static_cast<domain::Status>(s);
  filters.emplace_back().breached = true;
  filters.emplace_back().escalated = true;
  static const char* kSorts[] = {"-created", "created", "-updated", "updated",
                                 "due",      "-due",    "priority", "-priority"};
  static const std::int64_t kLimits[] = {50, 7, 500, 1};
  std::size_t n = 0;
  for (QueueQuery q : filters) {
    for (const char* sort : kSorts) {
      q.sort = sort;
      // A limit of 1 pages through thousands of pages: only for sparse filters.
      std::int64_t limit = kLimits[n++ % std::size(kLimits)];
      if (limit == 1 && !q.assignee) limit = 13;
      check_queue_query(views->queue(), naive, q, limit);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections::testing
