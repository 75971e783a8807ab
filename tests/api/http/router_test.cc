#include "api/http/router.h"

#include <boost/test/unit_test.hpp>
#include <boost/url/parse.hpp>

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(router_test)

BOOST_AUTO_TEST_CASE(malformed_queries_are_named_by_their_parameter) {
  BOOST_TEST(!malformed_query_parameter("status=open&q=a%20b&limit=5"));
  BOOST_TEST(!malformed_query_parameter(""));
  BOOST_TEST(!malformed_query_parameter("a=&=b&&c"));
  BOOST_TEST(malformed_query_parameter("status=bogus&x=%zz").value_or("?") == "x");
  BOOST_TEST(malformed_query_parameter("q=abc%").value_or("?") == "q");
  BOOST_TEST(malformed_query_parameter("q=abc%4").value_or("?") == "q");
  BOOST_TEST(malformed_query_parameter("na%6De=%G0").value_or("?") == "name");
  BOOST_TEST(malformed_query_parameter("q=a b").value_or("?") == "q");
}

BOOST_AUTO_TEST_CASE(a_query_is_malformed_exactly_when_the_url_parser_refuses_it) {
  // query_param() reads parameters with Boost.URL, which drops every one of
  // them when the target does not parse: the router must refuse exactly
  // those targets, so that no parameter is ever silently ignored.
  for (int c = 1; c < 256; ++c) {
    for (const std::string& query : {"a=x" + std::string(1, static_cast<char>(c)) + "y",
                                     "a=%" + std::string(1, static_cast<char>(c)) + "0"}) {
      const bool parses = boost::urls::parse_origin_form("/p?" + query).has_value();
      BOOST_TEST(malformed_query_parameter(query).has_value() == !parses,
                 "byte " << c << " in " << query);
    }
  }
}

BOOST_AUTO_TEST_CASE(literal_patterns_match_only_themselves) {
  PathParams params;
  BOOST_TEST(match_route("/admin/v1/tickets", "/admin/v1/tickets", params));
  BOOST_TEST(!match_route("/admin/v1/tickets", "/admin/v1/tickets/", params));
  BOOST_TEST(!match_route("/admin/v1/tickets", "/admin/v1", params));
  BOOST_TEST(!match_route("/admin/v1/tickets", "/admin/v1/tickets/x", params));
  BOOST_TEST(!match_route("/v1/tickets", "/admin/v1/tickets", params));
}

BOOST_AUTO_TEST_CASE(placeholders_capture_decoded_segments) {
  PathParams params;
  BOOST_TEST(
      match_route("/admin/v1/tickets/{id}/messages", "/admin/v1/tickets/acme-42/messages", params));
  BOOST_TEST(params.get("id") == "acme-42");
  PathParams encoded;
  BOOST_TEST(match_route("/v1/tickets/{id}", "/v1/tickets/a%2Fb%20c", encoded));
  BOOST_TEST(encoded.get("id") == "a/b c");
}

BOOST_AUTO_TEST_CASE(placeholders_refuse_empty_or_malformed_segments) {
  PathParams params;
  BOOST_TEST(!match_route("/v1/tickets/{id}", "/v1/tickets/", params));
  BOOST_TEST(!match_route("/v1/tickets/{id}", "/v1/tickets/%zz", params));
  BOOST_TEST(!match_route("/v1/tickets/{id}", "/v1/tickets/%4", params));
}

BOOST_AUTO_TEST_CASE(path_of_strips_the_query) {
  BOOST_TEST(path_of("/v1/tickets?status=open") == "/v1/tickets");
  BOOST_TEST(path_of("/v1/tickets") == "/v1/tickets");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
