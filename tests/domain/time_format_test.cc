// RFC 3339 formatting and parsing of instants.
#include "domain/time_format.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

namespace ticketd::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// 2026-11-22T10:00:00Z from its parts, without going through the parser.
Instant nov22_10h() {
  return Instant{sys_days{std::chrono::year{2026} / 11 / 22}} + std::chrono::hours{10};
}

std::string parsed(std::string_view text) {
  const std::optional<Instant> t = parse_instant(text);
  return t ? format_instant(*t) : "invalid";
}

BOOST_AUTO_TEST_SUITE(time_format_test)

BOOST_AUTO_TEST_CASE(formats_utc_with_milliseconds) {
  BOOST_TEST(format_instant(nov22_10h()) == "2026-11-22T10:00:00.000Z");
  BOOST_TEST(format_instant(nov22_10h() + Millis{7}) == "2026-11-22T10:00:00.007Z");
  BOOST_TEST(format_instant(nov22_10h() + Millis{3'723'456}) == "2026-11-22T11:02:03.456Z");
  BOOST_TEST(format_instant(Instant{}) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(format_instant(Instant{} - Millis{1}) == "1969-12-31T23:59:59.999Z");
  BOOST_TEST(format_instant(Instant{sys_days{std::chrono::year{2028} / 2 / 29}}) ==
             "2028-02-29T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(clamps_years_rfc3339_cannot_express) {
  BOOST_TEST(format_instant(Instant{sys_days{std::chrono::year{-5} / 1 / 1}}) ==
             "0000-01-01T00:00:00.000Z");
  BOOST_TEST(format_instant(Instant{sys_days{std::chrono::year{12000} / 1 / 1}}) ==
             "9999-12-31T23:59:59.999Z");
}

BOOST_AUTO_TEST_CASE(append_instant_keeps_existing_text) {
  std::string out = "due=";
  append_instant(out, nov22_10h());
  BOOST_TEST(out == "due=2026-11-22T10:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(parses_z_and_offsets) {
  BOOST_TEST((parse_instant("2026-11-22T10:00:00Z") == nov22_10h()));
  BOOST_TEST((parse_instant("2026-11-22T10:00:00.000Z") == nov22_10h()));
  BOOST_TEST((parse_instant("2026-11-22t10:00:00z") == nov22_10h()));
  BOOST_TEST((parse_instant("2026-11-22T11:00:00+01:00") == nov22_10h()));
  BOOST_TEST((parse_instant("2026-11-22T04:30:00-05:30") == nov22_10h()));
  BOOST_TEST((parse_instant("2026-11-22T10:00:00+00:00") == nov22_10h()));
  BOOST_TEST(parsed("2026-11-23T00:30:00+14:00") == "2026-11-22T10:30:00.000Z");
  BOOST_TEST(parsed("2026-12-31T23:00:00-02:00") == "2027-01-01T01:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(fractions_of_any_length_truncate_to_milliseconds) {
  BOOST_TEST(parsed("2026-11-22T10:00:00.5Z") == "2026-11-22T10:00:00.500Z");
  BOOST_TEST(parsed("2026-11-22T10:00:00.25Z") == "2026-11-22T10:00:00.250Z");
  BOOST_TEST(parsed("2026-11-22T10:00:00.123Z") == "2026-11-22T10:00:00.123Z");
  BOOST_TEST(parsed("2026-11-22T10:00:00.123999999Z") == "2026-11-22T10:00:00.123Z");
  BOOST_TEST(parsed("2026-11-22T10:00:00.999+01:00") == "2026-11-22T09:00:00.999Z");
}

BOOST_AUTO_TEST_CASE(rejects_malformed_text) {
  for (const char* bad : {"",
                          "2026-11-22",
                          "2026-11-22T10:00:00",
                          "2026-11-22 10:00:00Z",
                          "2026-11-22T10:00Z",
                          "2026-11-22T10:00:00.Z",
                          "2026-11-22T10:00:00ZZ",
                          " 2026-11-22T10:00:00Z",
                          "2026-11-22T10:00:00Z ",
                          "2026-13-01T00:00:00Z",
                          "2026-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z",
                          "2026-00-10T00:00:00Z",
                          "2026-11-22T24:00:00Z",
                          "2026-11-22T10:60:00Z",
                          "2026-11-22T10:00:60Z",
                          "2026-11-22T10:00:00+1:00",
                          "2026-11-22T10:00:00+01:0",
                          "2026-11-22T10:00:00+0100",
                          "2026-11-22T10:00:00+24:00",
                          "2026-11-22T10:00:00+01:60",
                          "26-11-22T10:00:00Z",
                          "2026-1x-22T10:00:00Z",
                          "2026-11-22T10:00:00.12a4Z"}) {
    BOOST_TEST(!parse_instant(bad), "accepted \"" << bad << "\"");
  }
}

BOOST_AUTO_TEST_CASE(format_then_parse_is_the_identity) {
  // Every ~37 hours and 1 ms over 30 years: all hours, minutes, leap days.
  const Instant start = Instant{sys_days{std::chrono::year{2000} / 1 / 1}};
  const Millis step = std::chrono::hours{37} + std::chrono::minutes{13} + Millis{1};
  int checked = 0;
  for (Instant t = start; t < start + days{365 * 30}; t += step) {
    const std::optional<Instant> back = parse_instant(format_instant(t));
    BOOST_TEST_REQUIRE((back == t), format_instant(t));
    ++checked;
  }
  BOOST_TEST(checked > 7000);
}

BOOST_AUTO_TEST_CASE(parses_calendar_dates) {
  BOOST_TEST((parse_date("2026-11-22") == sys_days{std::chrono::year{2026} / 11 / 22}));
  BOOST_TEST((parse_date("2024-02-29") == sys_days{std::chrono::year{2024} / 2 / 29}));
  BOOST_TEST(!parse_date("2025-02-29"));
  BOOST_TEST(!parse_date("2026-11-22T00:00:00Z"));
  BOOST_TEST(!parse_date("2026-1-22"));
  BOOST_TEST(!parse_date(""));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
