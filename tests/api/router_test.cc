#include "api/router.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(router_test)

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
  BOOST_TEST(match_route("/admin/v1/tickets/{id}/messages", "/admin/v1/tickets/acme-42/messages",
                         params));
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
