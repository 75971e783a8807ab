// Admission of connections: the per-address cap, the global cap, the reserve
// and the high-water mark, without sockets.

#include "api/http/connection_limits.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

using Admission = ConnectionLimits::Admission;
namespace ip = boost::asio::ip;

ip::address addr(const char* text) { return ip::make_address(text); }

ServerOptions small(std::size_t max, std::size_t per_address, std::size_t reserve) {
  ServerOptions options;
  options.max_connections = max;
  options.max_connections_per_address = per_address;
  options.reserve_connections = reserve;
  return options;
}

BOOST_AUTO_TEST_SUITE(connection_limits_test)

BOOST_AUTO_TEST_CASE(an_address_at_its_cap_is_refused_while_others_are_admitted) {
  ConnectionLimits limits(small(10, 2, 0));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRefusedAddress));
  BOOST_TEST((limits.admit(addr("10.0.0.2")) == Admission::kRegular));
  // Releasing one gives the address its place back; a refusal held none.
  limits.release(addr("10.0.0.1"), Admission::kRegular);
  limits.release(addr("10.0.0.1"), Admission::kRefusedAddress);
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRegular));
  const auto c = limits.counts();
  BOOST_TEST(c.regular == 3u);
  BOOST_TEST(c.addresses == 2u);
  BOOST_TEST(c.busiest_address == 2u);
  BOOST_TEST(c.refused_address == 1u);
}

BOOST_AUTO_TEST_CASE(an_ipv4_mapped_address_counts_as_its_ipv4_address) {
  ConnectionLimits limits(small(10, 1, 0));
  BOOST_TEST((limits.admit(addr("::ffff:192.0.2.7")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("192.0.2.7")) == Admission::kRefusedAddress));
  limits.release(addr("192.0.2.7"), Admission::kRegular);
  BOOST_TEST(limits.counts().addresses == 0u);
  BOOST_TEST((limits.admit(addr("::ffff:192.0.2.7")) == Admission::kRegular));
  // A real IPv6 address is its own.
  BOOST_TEST((limits.admit(addr("2001:db8::7")) == Admission::kRegular));
  BOOST_TEST(ConnectionLimits::normalize(addr("::ffff:192.0.2.7")) == addr("192.0.2.7"));
}

BOOST_AUTO_TEST_CASE(over_the_global_cap_the_reserve_takes_a_few_then_all_are_refused) {
  ConnectionLimits limits(small(2, 10, 1));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("10.0.0.2")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("10.0.0.3")) == Admission::kReserve));
  BOOST_TEST((limits.admit(addr("10.0.0.4")) == Admission::kRefusedCapacity));
  limits.release(addr("10.0.0.3"), Admission::kReserve);
  BOOST_TEST((limits.admit(addr("10.0.0.4")) == Admission::kReserve));
  const auto c = limits.counts();
  BOOST_TEST(c.regular == 2u);
  BOOST_TEST(c.reserve == 1u);
  BOOST_TEST(c.refused_capacity == 1u);
}

BOOST_AUTO_TEST_CASE(an_address_at_its_cap_cannot_take_the_reserve) {
  ConnectionLimits limits(small(2, 2, 4));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRegular));
  BOOST_TEST((limits.admit(addr("10.0.0.1")) == Admission::kRefusedAddress));
  BOOST_TEST((limits.admit(addr("10.0.0.2")) == Admission::kReserve));
}

BOOST_AUTO_TEST_CASE(defaults_give_an_address_an_eighth_and_pressure_starts_at_seven_eighths) {
  ConnectionLimits defaults{ServerOptions{}};
  BOOST_TEST(defaults.per_address_cap() == 512u);
  BOOST_TEST(defaults.high_water() == 3584u);
  ConnectionLimits limits(small(16, 0, 0));
  BOOST_TEST(limits.per_address_cap() == 2u);
  BOOST_TEST(limits.high_water() == 14u);
  for (int i = 0; i < 13; ++i) {
    const std::string address = "10.0.1." + std::to_string(i);
    BOOST_TEST((limits.admit(addr(address.c_str())) == Admission::kRegular));
  }
  BOOST_TEST(!limits.under_pressure());
  BOOST_TEST((limits.admit(addr("10.0.2.1")) == Admission::kRegular));
  BOOST_TEST(limits.under_pressure());
  limits.release(addr("10.0.2.1"), Admission::kRegular);
  BOOST_TEST(!limits.under_pressure());
}

BOOST_AUTO_TEST_CASE(refusals_say_why_in_a_short_503_with_retry_after) {
  const Response address = connection_refused_response(Admission::kRefusedAddress);
  BOOST_TEST(address.result_int() == 503u);
  BOOST_TEST(address[http::field::retry_after] == "1");
  BOOST_TEST(address[http::field::content_type] == "application/problem+json");
  BOOST_TEST(address.body().find("\"too_many_connections\"") != std::string::npos);
  BOOST_TEST(!address.keep_alive());
  const Response capacity = connection_refused_response(Admission::kRefusedCapacity);
  BOOST_TEST(capacity.body().find("\"overloaded\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
