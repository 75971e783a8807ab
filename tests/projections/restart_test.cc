// Checkpoints: a restarted runtime resumes from its checkpoints instead of
// replaying the log, and a version bump rebuilds a projector from 0 while
// the old model keeps serving, then swaps.
#include <boost/test/unit_test.hpp>
#include <functional>
#include <future>

#include "command_driver.h"
#include "naive_views.h"
#include "projection_test_support.h"
#include "view_checks.h"

namespace ticketd::projections::testing {
namespace {

BOOST_AUTO_TEST_SUITE(restart_test)

BOOST_AUTO_TEST_CASE(views_resume_from_their_checkpoints_and_match_a_rebuild) {
  TempDir dir;
  auto store = open_store(dir.log());
  CommandDriver driver(*store, 7);
  for (int i = 0; i < 600; ++i) driver.step();
  std::uint64_t first_head = 0;
  {
    auto projections = open_projections(*store, dir.views());
    await_caught_up(*projections, *store);
    first_head = store->head();
    projections->stop();
  }
  for (int i = 0; i < 400; ++i) driver.step();
  const std::uint64_t head = store->head();
  BOOST_REQUIRE_GT(head, first_head);

  auto restarted = open_projections(*store, dir.views());
  // Right after start, before applying anything new, each view serves the
  // state it checkpointed.
  for (const ProjectorStatus& s : restarted->runtime().status()) {
    BOOST_TEST(s.ready);
    BOOST_TEST(!s.rebuilding);
    BOOST_TEST(s.position >= first_head);
  }
  await_caught_up(*restarted, *store);
  for (const ProjectorStatus& s : restarted->runtime().status()) {
    BOOST_TEST_CONTEXT(s.name) {
      // Only the tail was applied: ticket events after the checkpoint.
      BOOST_TEST(s.events_applied > 0u);
      BOOST_TEST(s.events_applied == head - first_head);
      BOOST_TEST(s.position == head);
    }
  }
  const NaiveViews naive(*store);
  check_views(*restarted, naive, driver);
  auto rebuilt = open_projections(*store, dir.path() / "rebuilt");
  await_caught_up(*rebuilt, *store);
  for (const ProjectorStatus& s : rebuilt->runtime().status())
    BOOST_TEST(s.events_applied > head - first_head);
  check_views(*rebuilt, naive, driver);
}

BOOST_AUTO_TEST_CASE(a_version_bump_rebuilds_while_the_old_model_serves_then_swaps) {
  TempDir dir;
  auto store = open_store(dir.log());
  CommandDriver driver(*store, 11);
  for (int i = 0; i < 500; ++i) driver.step();
  {
    auto projections = open_projections(*store, dir.views());
    await_caught_up(*projections, *store);
  }
  const std::uint64_t checkpointed = store->head();

  // The bumped queue is rebuilt by the worker, which the test holds just
  // before the hand-over: meanwhile the old model must serve and follow.
  std::promise<void> reached;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Projections::Options options = small_batches();
  options.queue_version = kQueueProjectionVersion + 1;
  options.runtime.before_handover = [&reached, released] {
    reached.set_value();
    released.wait();
  };
  // Release the worker also when a check below fails, or joining it at
  // the end of the test would wait forever.
  bool released_once = false;
  auto release_worker = [&] {
    if (!released_once) release.set_value();
    released_once = true;
  };
  struct ReleaseOnExit {
    std::function<void()> f;
    ~ReleaseOnExit() { f(); }
  };
  auto bumped = open_projections(*store, dir.views(), options);
  const ReleaseOnExit guard{release_worker};
  reached.get_future().wait();
  const ProjectorStatus held = bumped->runtime().status()[0];
  BOOST_TEST(held.name == std::string(kQueueProjection));
  BOOST_TEST(held.ready);  // the old model serves
  BOOST_TEST(held.serving_version == kQueueProjectionVersion);
  BOOST_TEST(held.version == kQueueProjectionVersion + 1);
  BOOST_TEST(held.rebuilding);
  for (int i = 0; i < 100; ++i) driver.step();
  await_caught_up(*bumped, *store);  // the old model keeps following the log
  BOOST_TEST(bumped->runtime().status()[0].serving_version == kQueueProjectionVersion);
  check_queue(bumped->queue(), NaiveViews(*store), driver);
  release_worker();

  await_rebuilt(*bumped);
  await_caught_up(*bumped, *store);
  const ProjectorStatus after = bumped->runtime().status()[0];
  BOOST_TEST(after.serving_version == kQueueProjectionVersion + 1);
  BOOST_TEST(after.events_applied > 0u);  // replayed from 0, not loaded
  BOOST_TEST(after.position == store->head());
  const NaiveViews naive(*store);
  check_queue(bumped->queue(), naive, driver);
  // The other projectors were loaded and only applied the new tail.
  BOOST_TEST(bumped->runtime().status()[1].events_applied == store->head() - checkpointed);
  BOOST_TEST(bumped->runtime().status()[1].serving_version == kTenantProjectionVersion);

  // The swap is durable: reopening with the new version loads it.
  bumped.reset();
  auto again = open_projections(*store, dir.views(), options);
  const ProjectorStatus reopened = again->runtime().status()[0];
  BOOST_TEST(reopened.ready);
  BOOST_TEST(!reopened.rebuilding);
  BOOST_TEST(reopened.serving_version == kQueueProjectionVersion + 1);
  BOOST_TEST(reopened.events_applied == 0u);
  check_queue(again->queue(), naive, driver);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections::testing
