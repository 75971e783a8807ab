// Business calendars in zones with daylight saving time (the UTC open
// intervals move with the local clock), nonexistent and repeated local times,
// and properties that tie add, between and is_open together.

#include <date/tz.h>

#include <boost/test/unit_test.hpp>
#include <random>

#include "domain/business_calendar.h"
#include "tests/domain/sla_test_support.h"

namespace ticketd::domain {
namespace {

using namespace sla_testing;

BusinessHours sunday_only(std::vector<OpenInterval> intervals) {
  BusinessHours h;
  h.time_zone = "Europe/Berlin";
  h.weekly[6] = std::move(intervals);
  return h;
}

// Open by reading the local wall clock at `t`: the definition the calendar
// implements, computed independently of its walk.
bool wall_clock_open(const BusinessHours& h, Instant t) {
  auto local = date::locate_zone(h.time_zone)->to_local(t);
  auto day = date::floor<date::days>(local);
  for (const std::string& holiday : h.holidays) {
    if (holiday == date::format("%F", day)) return false;
  }
  const auto minute = date::floor<std::chrono::minutes>(local - day).count();
  for (const OpenInterval& i : h.weekly[date::weekday{day}.iso_encoding() - 1]) {
    if (i.start_minute <= minute && minute < i.end_minute) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(business_calendar_dst_test)

BOOST_AUTO_TEST_CASE(berlin_hours_move_in_utc_when_clocks_go_forward) {
  // Given 09:00-17:00 Berlin; 2026-03-29 (Sunday) clocks go from CET to CEST
  const BusinessCalendar cal = calendar(nine_to_five("Europe/Berlin"));
  // Friday 27th opens 08:00 UTC (CET), Monday 30th 07:00 UTC (CEST)
  BOOST_TEST(!cal.is_open(utc(2026, 3, 27, 7, 30)));
  BOOST_TEST(cal.is_open(utc(2026, 3, 27, 8)));
  BOOST_TEST(cal.is_open(utc(2026, 3, 30, 7, 30)));
  BOOST_TEST(!cal.is_open(utc(2026, 3, 30, 15)));
  // Friday 16:00 CET + 2h = Monday 10:00 CEST
  BOOST_TEST(str(cal.add(utc(2026, 3, 27, 15), hours{2})) == "2026-03-30 08:00:00.000");
  BOOST_TEST(str(cal.add(utc(2026, 3, 27, 8), hours{16})) == "2026-03-30 15:00:00.000");
  BOOST_TEST(cal.between(utc(2026, 3, 27), utc(2026, 3, 31)) == hours{16});
}

BOOST_AUTO_TEST_CASE(berlin_hours_move_in_utc_when_clocks_go_back) {
  // Given 09:00-17:00 Berlin; 2026-10-25 (Sunday) clocks go from CEST to CET
  const BusinessCalendar cal = calendar(nine_to_five("Europe/Berlin"));
  // Friday 23rd is 07:00-15:00 UTC, Monday 26th 08:00-16:00 UTC
  BOOST_TEST(cal.is_open(utc(2026, 10, 23, 7)));
  BOOST_TEST(!cal.is_open(utc(2026, 10, 26, 7, 30)));
  BOOST_TEST(cal.is_open(utc(2026, 10, 26, 15, 30)));
  BOOST_TEST(str(cal.add(utc(2026, 10, 23, 14), hours{2})) == "2026-10-26 09:00:00.000");
  BOOST_TEST(cal.between(utc(2026, 10, 23), utc(2026, 10, 27)) == hours{16});
}

BOOST_AUTO_TEST_CASE(new_york_hours_follow_its_own_dst_dates) {
  // Given 09:00-17:00 New York; DST starts 2026-03-08 and ends 2026-11-01
  const BusinessCalendar cal = calendar(nine_to_five("America/New_York"));
  // Friday 6 March 16:00 EST (21:00 UTC) + 2h = Monday 9 March 10:00 EDT
  BOOST_TEST(str(cal.add(utc(2026, 3, 6, 21), hours{2})) == "2026-03-09 14:00:00.000");
  BOOST_TEST(!cal.is_open(utc(2026, 3, 6, 13, 30)));
  BOOST_TEST(cal.is_open(utc(2026, 3, 9, 13, 30)));
  // Friday 30 October 16:00 EDT (20:00 UTC) + 2h = Monday 2 November 10:00 EST
  BOOST_TEST(str(cal.add(utc(2026, 10, 30, 20), hours{2})) == "2026-11-02 15:00:00.000");
  BOOST_TEST(cal.between(utc(2026, 10, 30), utc(2026, 11, 3)) == hours{16});
}

BOOST_AUTO_TEST_CASE(a_whole_local_day_lasts_23_or_25_hours_on_change_days) {
  // Given only Sundays, all day, in Berlin
  const BusinessCalendar cal = calendar(sunday_only({{0, 1440}}));
  BOOST_TEST(cal.between(utc(2026, 3, 28), utc(2026, 3, 30)) == hours{23});
  BOOST_TEST(cal.between(utc(2026, 10, 24), utc(2026, 10, 26)) == hours{25});
  BOOST_TEST(cal.between(utc(2026, 3, 21), utc(2026, 3, 23)) == hours{24});
  // Sunday 29 March runs from 00:00 CET (Saturday 23:00 UTC) to 24:00 CEST
  BOOST_TEST(str(cal.add(utc(2026, 3, 28, 12), hours{23})) == "2026-03-29 22:00:00.000");
  BOOST_TEST(str(cal.add(utc(2026, 3, 28, 12), Millis{1})) == "2026-03-28 23:00:00.001");
}

BOOST_AUTO_TEST_CASE(a_skipped_local_time_maps_to_the_instant_of_the_change) {
  // Given Sundays 02:00-03:00 Berlin: that hour does not exist on 29 March
  const BusinessCalendar skipped = calendar(sunday_only({{120, 180}}));
  BOOST_TEST(skipped.between(utc(2026, 3, 29), utc(2026, 3, 30)) == Millis{0});
  BOOST_TEST(skipped.between(utc(2026, 3, 22), utc(2026, 3, 23)) == hours{1});
  BOOST_TEST(str(skipped.add(utc(2026, 3, 28), minutes{30})) == "2026-04-05 00:30:00.000");
  // Given Sundays 02:30-04:00: on 29 March it opens at the change, 03:00 CEST
  const BusinessCalendar partly = calendar(sunday_only({{150, 240}}));
  BOOST_TEST(partly.between(utc(2026, 3, 29), utc(2026, 3, 30)) == hours{1});
  BOOST_TEST(str(partly.add(utc(2026, 3, 28), minutes{1})) == "2026-03-29 01:01:00.000");
}

BOOST_AUTO_TEST_CASE(a_repeated_local_time_is_open_each_time_the_clock_shows_it) {
  // Given Sundays 02:30-03:30 Berlin. On 25 October the clock shows
  // 02:30-03:00 CEST (00:30-01:00 UTC), goes back to 02:00 CET, and then
  // shows 02:30-03:30 CET (01:30-02:30 UTC)
  const BusinessCalendar cal = calendar(sunday_only({{150, 210}}));
  BOOST_TEST(cal.between(utc(2026, 10, 25), utc(2026, 10, 26)) == minutes{90});
  BOOST_TEST(str(cal.add(utc(2026, 10, 24), Millis{1})) == "2026-10-25 00:30:00.001");
  BOOST_TEST(str(cal.add(utc(2026, 10, 24), minutes{31})) == "2026-10-25 01:31:00.000");
  BOOST_TEST(!cal.is_open(utc(2026, 10, 25, 1, 15)));  // 02:15 CET
  // Given 00:00-02:15 and 02:45-05:00: the clock shows an open time from
  // 22:00 (Saturday) to 00:15 UTC, 00:45-01:15 UTC (02:45 CEST to 02:15 CET)
  // and from 01:45 to 04:00 UTC
  const BusinessCalendar split = calendar(sunday_only({{0, 135}, {165, 300}}));
  BOOST_TEST(split.between(utc(2026, 10, 24, 12), utc(2026, 10, 26)) == hours{5});
  BOOST_TEST(str(split.add(utc(2026, 10, 24, 12), hours{5})) == "2026-10-25 04:00:00.000");
  BOOST_TEST(!split.is_open(utc(2026, 10, 25, 0, 30)));
  BOOST_TEST(split.is_open(utc(2026, 10, 25, 1)));
  BOOST_TEST(!split.is_open(utc(2026, 10, 25, 1, 30)));
}

BOOST_AUTO_TEST_CASE(agrees_with_the_wall_clock_minute_by_minute_across_changes) {
  // Given hours with a lunch break, a holiday, and Sunday intervals with
  // edges inside the skipped and repeated hours, in Berlin and New York
  for (const std::string zone : {"Europe/Berlin", "America/New_York"}) {
    BusinessHours h = weekday_hours(zone, {{480, 720}, {780, 1080}}, {"2026-03-31"});
    h.weekly[6] = {{0, 75}, {90, 135}, {150, 1440}};
    const BusinessCalendar cal = calendar(h);
    for (const Instant from : {utc(2026, 3, 2), utc(2026, 3, 23), utc(2026, 10, 19)}) {
      // When checking each minute of two weeks around the changes
      const Instant to = from + date::days{14};
      Millis expected{0};
      for (Instant t = from; t < to; t += minutes{1}) {
        const bool open = wall_clock_open(h, t);
        BOOST_TEST_REQUIRE(cal.is_open(t) == open, zone << " at " << str(t));
        BOOST_TEST_REQUIRE(cal.between(t, t + minutes{1}) == (open ? minutes{1} : Millis{0}));
        if (open) expected += minutes{1};
      }
      // Then the whole range agrees too
      BOOST_TEST(cal.between(from, to) == expected, zone << " from " << str(from));
    }
  }
}

BOOST_AUTO_TEST_CASE(between_undoes_add_for_random_starts_and_durations) {
  // Given calendars of different shapes, including DST edge intervals
  BusinessHours edges = sunday_only({{0, 135}, {150, 210}, {165, 300}, {1380, 1440}});
  edges.weekly[0] = {{0, 60}, {120, 180}};
  edges.weekly[2] = {{540, 1020}};
  const std::vector<BusinessCalendar> calendars = {
      calendar(nine_to_five("UTC", {"2026-04-03", "2026-04-06", "2026-12-25"})),
      calendar(weekday_hours("Europe/Berlin", {{540, 720}, {780, 1020}}, {"2026-10-26"})),
      calendar(nine_to_five("America/New_York")),
      calendar(edges),
      BusinessCalendar::always_open(),
  };
  std::mt19937_64 rng(20260329);
  std::uniform_int_distribution<std::int64_t> start_ms(utc(2026, 1, 1).time_since_epoch().count(),
                                                       utc(2027, 1, 1).time_since_epoch().count());
  std::uniform_int_distribution<std::int64_t> duration_ms(0, Millis{hours{200}}.count());
  for (const BusinessCalendar& cal : calendars) {
    for (int i = 0; i < 2000; ++i) {
      const Instant t{Millis{start_ms(rng)}};
      const Millis d{duration_ms(rng)};
      const Millis d2{duration_ms(rng) + 1};
      // When adding d business time to t
      const Instant due = cal.add(t, d);
      // Then exactly d lies between them, and the due is never before t
      BOOST_TEST_REQUIRE(cal.between(t, due) == d, "t=" << str(t) << " d=" << d);
      BOOST_TEST_REQUIRE((due >= t));
      // And the last millisecond used was open time
      if (d > Millis{0}) BOOST_TEST_REQUIRE(cal.is_open(due - Millis{1}), "due=" << str(due));
      // And adding in two steps is adding once
      if (d > Millis{0}) BOOST_TEST_REQUIRE(str(cal.add(due, d2)) == str(cal.add(t, d + d2)));
      // And between is additive over a split point
      const Instant mid = t + (due - t) / 3;
      BOOST_TEST_REQUIRE(cal.between(t, mid) + cal.between(mid, due + d2) ==
                         cal.between(t, due + d2));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
