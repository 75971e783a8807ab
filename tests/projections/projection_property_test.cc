// Property: for a random history of valid and invalid commands (decided
// against state folded from the store, appended through the real store),
// every live view answers every query exactly as a naive fold of the log
// does, and so does a view rebuilt from position 0.
#include <boost/test/unit_test.hpp>

#include "command_driver.h"
#include "naive_views.h"
#include "projection_test_support.h"
#include "view_checks.h"

namespace ticketd::projections::testing {
namespace {

BOOST_AUTO_TEST_SUITE(projection_property_test)

BOOST_AUTO_TEST_CASE(live_and_rebuilt_views_equal_a_naive_fold_of_random_commands) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto live = open_projections(*store, dir.views());
  CommandDriver driver(*store, 20260302);

  // Half the history, checked while the views follow the log live.
  for (int i = 0; i < 1500; ++i) driver.step();
  await_caught_up(*live, *store);
  check_views(*live, NaiveViews(*store), driver);

  for (int i = 0; i < 1500; ++i) driver.step();
  await_caught_up(*live, *store);
  const NaiveViews naive(*store);
  BOOST_TEST_MESSAGE("commands accepted " << driver.accepted() << ", rejected " << driver.rejected()
                                          << ", events " << store->head() << ", tickets "
                                          << naive.tickets().size());
  // The history must hold both kinds and enough of everything to mean something.
  BOOST_REQUIRE_GT(driver.accepted(), 1500u);
  BOOST_REQUIRE_GT(driver.rejected(), 300u);
  BOOST_REQUIRE_GT(naive.tickets().size(), 200u);
  // ... including the commands that reach a second ticket: merges and
  // customers' replies to closed tickets.
  std::size_t merged = 0;
  std::size_t follow_ups = 0;
  for (const NaiveTicket& t : naive.tickets()) {
    merged += t.state.merged_into ? 1 : 0;
    follow_ups += t.state.follow_up_of ? 1 : 0;
  }
  BOOST_TEST_MESSAGE("merged " << merged << ", follow-ups " << follow_ups);
  BOOST_REQUIRE_GT(merged, 5u);
  BOOST_REQUIRE_GT(follow_ups, 5u);
  check_views(*live, naive, driver);

  // Rebuilt from position 0 into a projection store of its own: the worker
  // builds in bulk mode, then hands over to the applier.
  auto rebuilt = open_projections(*store, dir.path() / "rebuilt");
  await_caught_up(*rebuilt, *store);
  for (const ProjectorStatus& s : rebuilt->runtime().status()) {
    BOOST_TEST(s.events_applied > 0u);
    BOOST_TEST(s.position == store->head());
  }
  check_views(*rebuilt, naive, driver);

  // And rebuilt in place: the live projections replay from 0 and swap.
  for (std::string_view name : {kQueueProjection, kTenantProjection, kMetricsProjection}) {
    BOOST_REQUIRE(live->runtime().rebuild(name).has_value());
  }
  await_rebuilt(*live);
  await_caught_up(*live, *store);
  check_views(*live, naive, driver);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections::testing
