// Business calendar arithmetic in one zone without DST changes, and the
// validation of business hours. DST and property tests are in
// business_calendar_dst_test.cc.

#include "domain/business_calendar.h"

#include <boost/test/unit_test.hpp>

#include "tests/domain/sla_test_support.h"

namespace ticketd::domain {
namespace {

using namespace sla_testing;
using std::chrono::seconds;

// 2026-03-02 is a Monday; 03-06 Friday, 03-07 Saturday, 03-09 Monday.
constexpr unsigned kMar = 3;

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> fields;
  for (const FieldError& f : e.fields) fields.push_back(f.field);
  return fields;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(business_calendar_test)

BOOST_AUTO_TEST_CASE(always_open_calendar_is_plain_instant_arithmetic) {
  // Given a 24x7 calendar (the factory, a default one and one made from default hours)
  for (const BusinessCalendar& cal :
       {BusinessCalendar::always_open(), BusinessCalendar{}, calendar(BusinessHours{})}) {
    const Instant t = utc(2026, kMar, 7, 23, 30);  // a Saturday night
    // Then add and between are the elapsed real time, at any hour
    BOOST_TEST(str(cal.add(t, minutes{90})) == "2026-03-08 01:00:00.000");
    BOOST_TEST(str(cal.add(t, Millis{0})) == str(t));
    BOOST_TEST(str(cal.add(t, Millis{-5})) == str(t));
    BOOST_TEST(cal.between(t, t + hours{49}) == hours{49});
    BOOST_TEST(cal.between(t + hours{1}, t) == Millis{0});
    BOOST_TEST(cal.is_open(t));
    BOOST_TEST(cal.hours().always_open());
    BOOST_TEST(cal.hours().time_zone == "UTC");
  }
}

BOOST_AUTO_TEST_CASE(whole_days_every_day_in_a_dst_zone_are_open_around_the_clock) {
  // Given 00:00-24:00 every day in Berlin, over the night clocks go forward
  BusinessHours h;
  h.time_zone = "Europe/Berlin";
  for (auto& day : h.weekly) day = {{0, 1440}};
  const BusinessCalendar cal = calendar(h);
  // Then every real millisecond counts, across the 23-hour day too
  BOOST_TEST(cal.between(utc(2026, 3, 28), utc(2026, 3, 30)) == hours{48});
  BOOST_TEST(str(cal.add(utc(2026, 3, 28, 12), hours{24})) == "2026-03-29 12:00:00.000");
  BOOST_TEST(!cal.hours().always_open());
}

BOOST_AUTO_TEST_CASE(add_within_weekday_hours) {
  // Given Monday to Friday 09:00-17:00 UTC
  const BusinessCalendar cal = calendar(nine_to_five());
  // When counting starts before opening, counting begins at 09:00
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 7, 30), hours{1})) == "2026-03-02 10:00:00.000");
  // When it starts inside, it runs on
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 10), hours{3})) == "2026-03-02 13:00:00.000");
  // A target that uses up the day falls due at closing time, not next morning
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 9), hours{8})) == "2026-03-02 17:00:00.000");
  // After closing it continues the next morning
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 18), hours{1})) == "2026-03-03 10:00:00.000");
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 17), hours{1})) == "2026-03-03 10:00:00.000");
  // Milliseconds are kept
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 16, 59) + seconds{59}, Millis{1500})) ==
             "2026-03-03 09:00:00.500");
}

BOOST_AUTO_TEST_CASE(friday_evening_and_weekends_continue_on_monday) {
  // Given Monday to Friday 09:00-17:00 UTC
  const BusinessCalendar cal = calendar(nine_to_five());
  // Friday 16:00 + 2h: one hour on Friday, one on Monday
  BOOST_TEST(str(cal.add(utc(2026, kMar, 6, 16), hours{2})) == "2026-03-09 10:00:00.000");
  BOOST_TEST(str(cal.add(utc(2026, kMar, 6, 19), minutes{30})) == "2026-03-09 09:30:00.000");
  // Starting on Saturday uses up Monday
  BOOST_TEST(str(cal.add(utc(2026, kMar, 7, 12), hours{8})) == "2026-03-09 17:00:00.000");
  // 40 business hours are one week
  BOOST_TEST(str(cal.add(utc(2026, kMar, 4, 12), hours{40})) == "2026-03-11 12:00:00.000");
  // Adding nothing in a closed period stays where it is
  BOOST_TEST(str(cal.add(utc(2026, kMar, 7, 12), Millis{0})) == "2026-03-07 12:00:00.000");
}

BOOST_AUTO_TEST_CASE(between_counts_only_open_time) {
  // Given Monday to Friday 09:00-17:00 UTC
  const BusinessCalendar cal = calendar(nine_to_five());
  BOOST_TEST(cal.between(utc(2026, kMar, 6, 16), utc(2026, kMar, 9, 10)) == hours{2});
  BOOST_TEST(cal.between(utc(2026, kMar, 7), utc(2026, kMar, 9)) == Millis{0});
  BOOST_TEST(cal.between(utc(2026, kMar, 2), utc(2026, kMar, 9)) == hours{40});
  BOOST_TEST(cal.between(utc(2026, kMar, 2, 12), utc(2026, kMar, 2, 12, 45)) == minutes{45});
  BOOST_TEST(cal.between(utc(2026, kMar, 2, 12), utc(2026, kMar, 2, 12)) == Millis{0});
  BOOST_TEST(cal.between(utc(2026, kMar, 3), utc(2026, kMar, 2)) == Millis{0});
  // A year of weekdays minus nothing: 52 weeks and 1 day (2026 starts on Thursday)
  BOOST_TEST(cal.between(utc(2026, 1, 1), utc(2027, 1, 1)) == hours{8 * (52 * 5 + 1)});
}

BOOST_AUTO_TEST_CASE(is_open_at_the_edges) {
  const BusinessCalendar cal = calendar(nine_to_five());
  BOOST_TEST(cal.is_open(utc(2026, kMar, 2, 9)));
  BOOST_TEST(cal.is_open(utc(2026, kMar, 2, 17) - Millis{1}));
  BOOST_TEST(!cal.is_open(utc(2026, kMar, 2, 17)));
  BOOST_TEST(!cal.is_open(utc(2026, kMar, 2, 9) - Millis{1}));
  BOOST_TEST(!cal.is_open(utc(2026, kMar, 7, 12)));
}

BOOST_AUTO_TEST_CASE(holidays_are_closed_all_day) {
  // Given 09:00-17:00 with Good Friday and Easter Monday 2026 as holidays
  const BusinessCalendar cal = calendar(nine_to_five("UTC", {"2026-04-06", "2026-04-03"}));
  // Thursday 16:00 + 2h skips Friday, the weekend and the Monday after it
  BOOST_TEST(str(cal.add(utc(2026, 4, 2, 16), hours{2})) == "2026-04-07 10:00:00.000");
  // Starting on the holiday Monday waits for Tuesday
  BOOST_TEST(str(cal.add(utc(2026, 4, 6, 10), hours{1})) == "2026-04-07 10:00:00.000");
  BOOST_TEST(cal.between(utc(2026, 4, 2), utc(2026, 4, 8)) == hours{16});
  BOOST_TEST(!cal.is_open(utc(2026, 4, 6, 10)));
  BOOST_TEST(cal.is_open(utc(2026, 4, 7, 10)));
  // hours() lists the holidays sorted
  BOOST_TEST(cal.hours().holidays == (std::vector<std::string>{"2026-04-03", "2026-04-06"}));
}

BOOST_AUTO_TEST_CASE(several_intervals_a_day_and_intervals_across_midnight) {
  // Given a lunch break 12:00-13:00
  const BusinessCalendar lunch = calendar(weekday_hours("UTC", {{540, 720}, {780, 1020}}));
  BOOST_TEST(str(lunch.add(utc(2026, kMar, 2, 11, 30), hours{1})) == "2026-03-02 13:30:00.000");
  BOOST_TEST(lunch.between(utc(2026, kMar, 2), utc(2026, kMar, 3)) == hours{7});
  BOOST_TEST(!lunch.is_open(utc(2026, kMar, 2, 12, 30)));
  // Given a night shift Monday 22:00-24:00 and Tuesday 00:00-02:00
  BusinessHours night;
  night.weekly[0] = {{1320, 1440}};
  night.weekly[1] = {{0, 120}};
  const BusinessCalendar cal = calendar(night);
  BOOST_TEST(str(cal.add(utc(2026, kMar, 2, 23), hours{2})) == "2026-03-03 01:00:00.000");
  BOOST_TEST(cal.between(utc(2026, kMar, 2, 12), utc(2026, kMar, 3, 12)) == hours{4});
  BOOST_TEST(cal.is_open(utc(2026, kMar, 3)));
  // Five weeks after Tuesday 02:00, 20h later, it falls due at the end of a shift
  BOOST_TEST(str(cal.add(utc(2026, kMar, 3, 2), hours{20})) == "2026-04-07 02:00:00.000");
}

BOOST_AUTO_TEST_CASE(add_gives_up_after_years_without_open_time) {
  // Given Mondays 09:00-17:00 only, with the next 530 Mondays as holidays
  BusinessHours h = weekday_hours("UTC", {});
  h.weekly[0] = {{540, 1020}};
  for (int week = 0; week < 530; ++week) {
    h.holidays.push_back(
        date::format("%F", date::sys_days{date::year{2026} / 3 / 2} + date::days{7 * week}));
  }
  const BusinessCalendar cal = calendar(h);
  // When searching from Sunday 1 March 2026, no open time is found for
  // kMaxClosedDays days: add stops where its search stopped
  BOOST_TEST(str(cal.add(utc(2026, 3, 1), hours{1})) ==
             str(utc(2026, 3, 1) + date::days{BusinessCalendar::kMaxClosedDays + 1}));
  // But between is bounded by its range and still finds the Mondays after
  const Instant first_open = utc(2026, 3, 2, 9) + date::days{7 * 530};
  BOOST_TEST(cal.between(utc(2026, 3, 1), first_open + hours{3}) == hours{3});
  // And an add that starts closer to the end of the holidays finds them
  BOOST_TEST(str(cal.add(first_open - date::days{1000}, hours{1})) == str(first_open + hours{1}));
}

BOOST_AUTO_TEST_CASE(validation_normalises_intervals_and_holidays) {
  // Given overlapping, touching and unsorted intervals and duplicate holidays
  BusinessHours h;
  h.time_zone = "Europe/Berlin";
  h.weekly[0] = {{780, 1020}, {540, 720}, {700, 760}};
  h.weekly[2] = {{600, 660}, {660, 700}, {800, 900}, {850, 860}};
  h.holidays = {"2026-12-25", "2026-01-01", "2026-12-25"};
  // When validated
  auto v = validate_business_hours(h);
  BOOST_TEST_REQUIRE(v.has_value());
  // Then each day is sorted and merged and holidays are sorted and unique
  BOOST_TEST((v->weekly[0] == std::vector<OpenInterval>{{540, 760}, {780, 1020}}));
  BOOST_TEST((v->weekly[2] == std::vector<OpenInterval>{{600, 700}, {800, 900}}));
  BOOST_TEST(v->holidays == (std::vector<std::string>{"2026-01-01", "2026-12-25"}));
  // And a calendar made from the raw hours reports the same normalised value
  BOOST_TEST((calendar(h).hours() == *v));
  BOOST_TEST(validate_business_hours(*v).has_value());
}

BOOST_AUTO_TEST_CASE(validation_rejects_unknown_or_missing_time_zones) {
  BusinessHours h = nine_to_five("Mars/Olympus_Mons");
  auto v = validate_business_hours(h);
  BOOST_TEST_REQUIRE(v.has_error());
  BOOST_TEST((v.error().code == ErrorCode::kValidation));
  BOOST_TEST(fields_of(v.error()) == (std::vector<std::string>{"business_hours.time_zone"}));
  BOOST_TEST(v.error().fields[0].message.find("Mars/Olympus_Mons") != std::string::npos);

  h.time_zone = "";
  auto made = BusinessCalendar::make(h);
  BOOST_TEST_REQUIRE(made.has_error());
  BOOST_TEST(fields_of(made.error()) == (std::vector<std::string>{"business_hours.time_zone"}));
}

BOOST_AUTO_TEST_CASE(validation_rejects_bad_intervals_by_position) {
  BusinessHours h = nine_to_five();
  h.weekly[2] = {{540, 1020}, {-1, 60}};
  h.weekly[4] = {{600, 600}};
  h.weekly[5] = {{0, 1441}};
  h.weekly[6] = {{700, 600}};
  auto v = BusinessCalendar::make(h);
  BOOST_TEST_REQUIRE(v.has_error());
  BOOST_TEST(
      fields_of(v.error()) ==
      (std::vector<std::string>{"business_hours.weekly[2][1]", "business_hours.weekly[4][0]",
                                "business_hours.weekly[5][0]", "business_hours.weekly[6][0]"}));
}

BOOST_AUTO_TEST_CASE(validation_rejects_bad_holidays_by_position) {
  BusinessHours h = nine_to_five("UTC", {"2026-12-25", "2026-02-30", "26-1-1", "2026-1-01",
                                         "2026-13-01", "0000-01-01", "2028-02-29"});
  auto v = validate_business_hours(h);
  BOOST_TEST_REQUIRE(v.has_error());
  BOOST_TEST(fields_of(v.error()) ==
             (std::vector<std::string>{"business_hours.holidays[1]", "business_hours.holidays[2]",
                                       "business_hours.holidays[3]", "business_hours.holidays[4]",
                                       "business_hours.holidays[5]"}));
}

BOOST_AUTO_TEST_CASE(validation_rejects_holidays_without_any_open_hours) {
  // Given holidays but no weekly hours: not 24x7, and never open
  BusinessHours h;
  h.holidays = {"2026-12-25"};
  BOOST_TEST(!h.always_open());
  auto v = validate_business_hours(h);
  BOOST_TEST_REQUIRE(v.has_error());
  BOOST_TEST(fields_of(v.error()) == (std::vector<std::string>{"business_hours.weekly"}));
}

BOOST_AUTO_TEST_CASE(validation_reports_every_problem_at_once) {
  BusinessHours h = nine_to_five("Nowhere/Town", {"yesterday"});
  h.weekly[1] = {{600, 500}};
  auto v = validate_business_hours(h);
  BOOST_TEST_REQUIRE(v.has_error());
  BOOST_TEST(fields_of(v.error()) ==
             (std::vector<std::string>{"business_hours.time_zone", "business_hours.weekly[1][0]",
                                       "business_hours.holidays[0]"}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
