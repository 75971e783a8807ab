// The outbound policy: which addresses are internal (IPv4, IPv6, IPv4
// inside IPv6), how URLs are read (libcurl's parser), the operator's
// allowance, and that a name is judged by every address it resolves to.

#include "api/notifications/outbound_policy.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

namespace ip = boost::asio::ip;

bool internal(std::string_view text) {
  return internal_address(ip::make_address(std::string(text))).has_value();
}

BOOST_AUTO_TEST_SUITE(outbound_policy_test)

BOOST_AUTO_TEST_CASE(internal_addresses_of_both_families) {
  for (const char* a : {"127.0.0.1",
                        "127.255.0.9",
                        "10.1.2.3",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.0.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "0.0.0.0",
                        "0.1.2.3",
                        "224.0.0.251",
                        "239.1.1.1",
                        "240.0.0.1",
                        "255.255.255.255",
                        "192.0.2.1",
                        "198.18.0.1",
                        "198.51.100.7",
                        "203.0.113.9",
                        "192.0.0.8",
                        "::",
                        "::1",
                        "::ffff:127.0.0.1",
                        "::ffff:169.254.169.254",
                        "::ffff:10.0.0.1",
                        "::127.0.0.1",
                        "64:ff9b::7f00:1",
                        "2002:7f00:1::",
                        "fc00::1",
                        "fd12:3456::1",
                        "fe80::1",
                        "fec0::1",
                        "ff02::1",
                        "2001:db8::1",
                        "2001::1",
                        "100::1"}) {
    BOOST_TEST(internal(a), a);
  }
  for (const char* a :
       {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
        "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::"}) {
    BOOST_TEST(!internal(a), a);
  }
  BOOST_TEST(*internal_address(ip::make_address("::ffff:127.0.0.1")) == "loopback, inside IPv6");
}

BOOST_AUTO_TEST_CASE(urls_are_read_as_the_client_reads_them) {
  auto u = OutboundPolicy::parse("https://Hooks.Example.com/x?y=1");
  BOOST_TEST_REQUIRE(u.has_value());
  BOOST_TEST(u->scheme == "https");
  BOOST_TEST(u->host == "hooks.example.com");
  BOOST_TEST(u->port == 443);
  BOOST_TEST(!u->literal);
  auto v6 = OutboundPolicy::parse("http://[::1]:8080/");
  BOOST_TEST_REQUIRE(v6.has_value());
  BOOST_TEST(v6->host == "::1");
  BOOST_TEST(v6->port == 8080);
  BOOST_TEST(v6->literal);
  for (const char* bad : {"ftp://example.com/", "file:///etc/passwd", "gopher://x/", "http://",
                          "not a url", "http://[fe80::1%25eth0]/"}) {
    auto refused = OutboundPolicy::parse(bad);
    BOOST_TEST_REQUIRE(!refused.has_value(), bad);
    BOOST_TEST(refused.error().fields.at(0).field == "url");
  }
}

BOOST_AUTO_TEST_CASE(a_name_is_judged_by_every_address_it_resolves_to) {
  const OutboundPolicy policy;
  auto url = OutboundPolicy::parse("http://hooks.example.com/").value();
  const auto public_one = ip::make_address("93.184.216.34");
  BOOST_TEST(policy.choose(url, {public_one}).value() == public_one);
  // One inside among public ones: refused (a rebinding answer may pick it).
  auto mixed = policy.choose(url, {public_one, ip::make_address("10.0.0.5")});
  BOOST_TEST_REQUIRE(!mixed.has_value());
  BOOST_TEST(mixed.error().fields.at(0).message.find("10.0.0.5") != std::string::npos);
  BOOST_TEST(!policy.choose(url, {}).has_value());  // resolves nowhere
  // The resolver step itself: localhost is loopback.
  auto local = policy.resolve("http://localhost:9/");
  BOOST_TEST_REQUIRE(!local.has_value());
  BOOST_TEST(local.error().message.find("loopback") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_operator_allows_named_destinations_only) {
  const OutboundPolicy policy({"127.0.0.1:8099", "Hooks.Internal", "[::1]"});
  const auto loopback = ip::make_address("127.0.0.1");
  BOOST_TEST(policy.choose(OutboundPolicy::parse("http://127.0.0.1:8099/").value(), {loopback})
                 .has_value());
  BOOST_TEST(!policy.choose(OutboundPolicy::parse("http://127.0.0.1:8098/").value(), {loopback})
                  .has_value());
  BOOST_TEST(policy.allows(OutboundPolicy::parse("https://hooks.internal/x").value()));
  BOOST_TEST(policy.allows(OutboundPolicy::parse("http://[::1]:1234/").value()));
  BOOST_TEST(!policy.allows(OutboundPolicy::parse("http://hooks.internal.evil.test/").value()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
