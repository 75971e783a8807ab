#include "api/http/rate_limiter.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(rate_limiter_test)

BOOST_AUTO_TEST_CASE(a_caller_gets_its_burst_then_waits_for_the_refill) {
  // Given a limit of 2/s with a burst of 4
  RateLimiter limiter(2, 4);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  std::uint32_t retry = 0;
  // When the caller sends 4 requests at once, then a fifth
  for (int i = 0; i < 4; ++i) BOOST_TEST(limiter.allow("ann", t0, retry));
  // Then the fifth is refused, with a retry after one second
  BOOST_TEST(!limiter.allow("ann", t0, retry));
  BOOST_TEST(retry == 1u);
  // And half a second later one more request is allowed, but not two
  BOOST_TEST(limiter.allow("ann", t0 + 500ms, retry));
  BOOST_TEST(!limiter.allow("ann", t0 + 500ms, retry));
}

BOOST_AUTO_TEST_CASE(callers_have_their_own_buckets) {
  RateLimiter limiter(1, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  std::uint32_t retry = 0;
  BOOST_TEST(limiter.allow("ann", t0, retry));
  BOOST_TEST(!limiter.allow("ann", t0, retry));
  BOOST_TEST(limiter.allow("bob", t0, retry));
}

BOOST_AUTO_TEST_CASE(a_rate_of_zero_allows_everything) {
  RateLimiter limiter(0, 0);
  std::uint32_t retry = 0;
  for (int i = 0; i < 1000; ++i) BOOST_TEST(limiter.allow("ann", RateLimiter::Clock::now(), retry));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
