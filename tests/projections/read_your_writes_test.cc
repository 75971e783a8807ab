// Read-your-writes: a query can wait until a view has applied a position,
// blocking with a deadline or with a callback; either wakes when the
// position is applied and gives up at its deadline otherwise.
#include <boost/test/unit_test.hpp>
#include <future>

#include "command_driver.h"
#include "projection_test_support.h"

namespace ticketd::projections::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Appends until the log head reaches `position`.
void append_until(CommandDriver& driver, eventstore::EventStore& store, std::uint64_t position) {
  while (store.head() < position) driver.step();
}

BOOST_AUTO_TEST_SUITE(read_your_writes_test)

BOOST_AUTO_TEST_CASE(a_blocking_wait_returns_once_the_position_is_applied) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto projections = open_projections(*store, dir.views());
  CommandDriver driver(*store, 3);
  for (int i = 0; i < 50; ++i) driver.step();
  const std::uint64_t written = store->head();
  // Far deadline: only the applier can make it return true.
  BOOST_TEST(projections->queue().wait_for(written, Clock::now() + std::chrono::seconds(60)));
  BOOST_TEST(projections->queue().projector().position() >= written);
  const TicketPage page = ok(projections->queue().query(QueueQuery{}));
  BOOST_TEST(page.position >= written);
  BOOST_TEST(projections->tenant().wait_for(written, Clock::now() + std::chrono::seconds(60)));
  BOOST_TEST(projections->metrics().wait_for(written, Clock::now() + std::chrono::seconds(60)));

  // A wait from another thread wakes when a later append is applied.
  const std::uint64_t next = store->head() + 1;
  auto waiter = std::async(std::launch::async, [&] {
    return projections->queue().wait_for(next, Clock::now() + std::chrono::seconds(60));
  });
  append_until(driver, *store, next);
  BOOST_TEST(waiter.get());
}

BOOST_AUTO_TEST_CASE(a_blocking_wait_times_out_for_a_position_never_written) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto projections = open_projections(*store, dir.views());
  CommandDriver driver(*store, 4);
  for (int i = 0; i < 10; ++i) driver.step();
  BOOST_TEST(!projections->queue().wait_for(store->head() + 1000,
                                            Clock::now() + std::chrono::milliseconds(30)));
}

BOOST_AUTO_TEST_CASE(an_async_wait_calls_back_when_applied_or_at_its_deadline) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto projections = open_projections(*store, dir.views());
  CommandDriver driver(*store, 5);
  for (int i = 0; i < 20; ++i) driver.step();
  const auto far = Clock::now() + std::chrono::seconds(60);

  // Already applied: the callback runs inline with true.
  BOOST_REQUIRE(projections->runtime().wait_until_applied(store->head(), far));
  bool inline_called = false;
  projections->queue().async_wait(store->head(), far,
                                  [&](bool applied) { inline_called = applied; });
  BOOST_TEST(inline_called);

  // Not yet written: nothing happens until it is applied.
  std::promise<bool> applied;
  const std::uint64_t next = store->head() + 5;
  projections->tenant().async_wait(next, far, [&](bool ok) { applied.set_value(ok); });
  auto applied_future = applied.get_future();
  BOOST_TEST(
      (applied_future.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout));
  append_until(driver, *store, next);
  BOOST_REQUIRE((applied_future.wait_for(std::chrono::seconds(60)) == std::future_status::ready));
  BOOST_TEST(applied_future.get());
  BOOST_TEST(projections->tenant().projector().position() >= next);

  // Never written: the applier's timer fails it at the deadline.
  std::promise<bool> expired;
  projections->metrics().async_wait(store->head() + 1000,
                                    Clock::now() + std::chrono::milliseconds(20),
                                    [&](bool ok) { expired.set_value(ok); });
  auto expired_future = expired.get_future();
  BOOST_REQUIRE((expired_future.wait_for(std::chrono::seconds(60)) == std::future_status::ready));
  BOOST_TEST(!expired_future.get());

  // Stopping fails what is still pending.
  std::promise<bool> stopped;
  projections->queue().async_wait(store->head() + 1000, far,
                                  [&](bool ok) { stopped.set_value(ok); });
  projections->stop();
  auto stopped_future = stopped.get_future();
  BOOST_REQUIRE((stopped_future.wait_for(std::chrono::seconds(60)) == std::future_status::ready));
  BOOST_TEST(!stopped_future.get());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections::testing
