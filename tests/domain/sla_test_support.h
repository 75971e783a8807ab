#pragma once
// Helpers shared by the business calendar and SLA clock tests: instants
// written as UTC dates and calendars built from readable hours.

#include <date/date.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/business_calendar.h"

namespace ticketd::domain::sla_testing {

using std::chrono::hours;
using std::chrono::minutes;

// The UTC instant y-m-d hh:mm.
inline Instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return Instant{date::sys_days{date::year{y} / date::month{m} / date::day{d}}} + hours{hh} +
         minutes{mm};
}

// Instants as text ("2026-03-09 10:00:00.000"), so that a failed check
// prints both sides (GCC 12's <chrono> cannot print a time_point).
inline std::string str(Instant t) { return date::format("%F %T", t); }
inline std::string str(const std::optional<Instant>& t) { return t ? str(*t) : "none"; }

// Monday to Friday open during `day` (local minutes), closed at weekends.
inline BusinessHours weekday_hours(std::string zone, std::vector<OpenInterval> day,
                                   std::vector<std::string> holidays = {}) {
  BusinessHours h;
  h.time_zone = std::move(zone);
  for (int i = 0; i < 5; ++i) h.weekly[i] = day;
  h.holidays = std::move(holidays);
  return h;
}

// 09:00-17:00 Monday to Friday.
inline BusinessHours nine_to_five(std::string zone = "UTC",
                                  std::vector<std::string> holidays = {}) {
  return weekday_hours(std::move(zone), {{9 * 60, 17 * 60}}, std::move(holidays));
}

// A calendar from hours the test knows to be valid.
inline BusinessCalendar calendar(const BusinessHours& h) {
  auto made = BusinessCalendar::make(h);
  BOOST_TEST_REQUIRE(made.has_value());
  return *made;
}

}  // namespace ticketd::domain::sla_testing
