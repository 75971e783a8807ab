// Reading request bodies: media types, and numbers no 64-bit type holds
// named by their path rather than refused as malformed JSON.
#include "api/http/json_body.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::api {
namespace {

Request json_request(std::string body, std::string_view content_type = "application/json") {
  Request r{http::verb::post, "/x", 11};
  r.set(http::field::content_type, content_type);
  r.body() = std::move(body);
  return r;
}

BOOST_AUTO_TEST_SUITE(json_body_test)

BOOST_AUTO_TEST_CASE(out_of_range_numbers_are_found_by_path) {
  BOOST_TEST(!out_of_range_number(R"({"a": 1, "b": [1.5, -2, 18446744073709551615]})"));
  BOOST_TEST(out_of_range_number(R"({"a": 99999999999999999999999})").value_or("?") == "a");
  BOOST_TEST(out_of_range_number(R"({"a": {"b": [0, {"c": 1e400}]}})").value_or("?") == "a.b[1].c");
  BOOST_TEST(out_of_range_number(R"([1, -99999999999999999999])").value_or("?") == "[1]");
  BOOST_TEST(out_of_range_number(R"({"s": "99999999999999999999999", "n": 1e999})").value_or("?") ==
             "n");
  BOOST_TEST(out_of_range_number(R"({"k\"ey": 1e999})").value_or("?") == "k\\\"ey");
  BOOST_TEST(!out_of_range_number(R"({"a": })"));  // malformed before any number
}

BOOST_AUTO_TEST_CASE(a_huge_number_is_a_field_error_not_malformed_json) {
  Response problem;
  auto body = JsonBody::parse(json_request(R"({"rating": 99999999999999999999999})"), problem);
  BOOST_TEST(!body);
  BOOST_TEST(problem.result_int() == 422);
  BOOST_TEST(problem.body().find("\"field\":\"rating\"") != std::string::npos, problem.body());
  auto broken = JsonBody::parse(json_request(R"({"rating": 1,})"), problem);
  BOOST_TEST(!broken);
  BOOST_TEST(problem.result_int() == 400);
}

BOOST_AUTO_TEST_CASE(integers_are_range_checked_before_narrowing) {
  Response problem;
  auto body = JsonBody::parse(
      json_request(R"({"a": 4294967896, "b": 9223372036854775808, "c": 7, "d": 1.0})"), problem);
  BOOST_REQUIRE(body);
  BOOST_TEST(!body->integer("a", false, 0, 1440));
  BOOST_TEST(!body->integer("b"));
  BOOST_TEST(*body->integer("c", false, 0, 10) == 7);
  BOOST_TEST(!body->integer("d"));
  const domain::Error e = body->error();
  BOOST_REQUIRE(e.fields.size() == 3u);
  BOOST_TEST(e.fields[0].field == "a");
  BOOST_TEST(e.fields[0].message == "must be a whole number from 0 to 1440");
  BOOST_TEST(e.fields[1].field == "b");
  BOOST_TEST(e.fields[2].message == "must be an integer");
}

BOOST_AUTO_TEST_CASE(media_types_compare_case_insensitively) {
  BOOST_TEST(has_media_type(json_request("{}", "Application/JSON"), "application/json"));
  BOOST_TEST(
      has_media_type(json_request("{}", " application/json ; charset=UTF-8"), "application/json"));
  BOOST_TEST(!has_media_type(json_request("{}", "application/jsonx"), "application/json"));
  BOOST_TEST(!has_media_type(json_request("{}", ""), "application/json"));
  Response problem;
  BOOST_TEST(JsonBody::parse(json_request("{}", "APPLICATION/JSON"), problem));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
