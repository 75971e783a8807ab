#pragma once
// Business hours and the calendar arithmetic that SLA targets count in: how
// much open time lies between two instants, and when a given amount of open
// time has elapsed. Weekly hours are local wall times in an IANA time zone, so
// the UTC open intervals move with daylight saving time.

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/types.h"

namespace date {
class time_zone;
}

namespace ticketd::domain {

// The IANA time zone `name` ("Europe/Berlin"); nullptr when empty or unknown.
const date::time_zone* find_zone(std::string_view name);

// A half-open range of local minutes of one day, [start_minute, end_minute),
// with 0 <= start_minute < end_minute <= 1440 (1440 is the next midnight).
struct OpenInterval {
  int start_minute = 0;
  int end_minute = 0;
  friend bool operator==(const OpenInterval&, const OpenInterval&) = default;
};

// A tenant's opening hours. Every day of the week lists its open intervals in
// local wall time; `holidays` are local dates closed all day. A value with no
// weekly intervals and no holidays means open around the clock (24x7).
struct BusinessHours {
  std::string time_zone = "UTC";                    // IANA name, e.g. "Europe/Berlin"
  std::array<std::vector<OpenInterval>, 7> weekly;  // index 0 = Monday .. 6 = Sunday
  std::vector<std::string> holidays;                // "YYYY-MM-DD" local dates

  // True when there are no weekly intervals and no holidays: open 24x7.
  bool always_open() const;

  friend bool operator==(const BusinessHours&, const BusinessHours&) = default;
};

// Checks `hours` and returns it normalised: each day's intervals sorted by
// start with overlapping or touching intervals merged, holidays sorted with
// duplicates removed. Rejects (ErrorCode::kValidation, one FieldError per
// problem): an unknown time zone ("business_hours.time_zone"), an interval
// outside 0 <= start < end <= 1440 ("business_hours.weekly[2][0]"), a holiday
// that is not a valid YYYY-MM-DD date ("business_hours.holidays[1]"), and
// holidays without any weekly interval ("business_hours.weekly"), since such
// hours would never be open; 24x7 with holidays is written as 0-1440 every
// day.
Result<BusinessHours> validate_business_hours(BusinessHours hours);

// Open-time arithmetic over validated business hours.
//
// The calendar is open at an instant when the wall clock of its time zone
// shows, at that instant, a time inside one of the intervals of that local
// date's weekday, and the date is not a holiday. Daylight saving time follows
// from that definition: 09:00-17:00 Berlin is 08:00-16:00 UTC in winter and
// 07:00-15:00 UTC in summer; a day of 00:00-24:00 lasts 23 hours when clocks
// go forward and 25 when they go back. A local time that the change skips is
// never shown, so it is never open (02:00-03:00 Berlin is empty on the last
// Sunday of March); a local time shown twice is open both times (02:30-03:30
// Berlin on the last Sunday of October is open 30 minutes in summer time
// and then an hour in winter time).
//
// The calendar is immutable; copies share one state, so it is cheap to copy
// and safe to use from many threads. Nothing here reads a clock. Cost: 24x7
// calendars are plain instant arithmetic; others walk one local day at a
// time (no zone lookup per day, one per DST period crossed), so add and
// between cost O(days spanned).
//
// Limits: the OS time zone files are read through the date library, which
// applies the transitions they list (through 2037) but not the rule for later
// years, so after 2037 each zone keeps its last listed offset. A search for
// open time gives up after kMaxClosedDays consecutive days without any (see
// add()); validation makes that impossible short of years of holidays.
class BusinessCalendar {
 public:
  static constexpr int kMaxClosedDays = 3660;

  // Open 24x7 in UTC, the same as always_open().
  BusinessCalendar();

  // Builds a calendar from `hours`, validating them first (see
  // validate_business_hours); hours() returns the normalised value.
  static Result<BusinessCalendar> make(const BusinessHours& hours);

  // Open 24x7: add and between are plain instant arithmetic.
  static BusinessCalendar always_open();

  // The instant at which `business` open time after `start` has elapsed.
  // Returns `start` when `business` <= 0. Otherwise counting begins at
  // `start`, or at the next opening when `start` is closed, and the result is
  // the instant the last millisecond is used up: with 09:00-17:00 hours,
  // adding 8h to Monday 09:00 gives Monday 17:00, and adding 1h to Friday
  // 17:00 gives Monday 10:00. between(start, add(start, d)) == d.
  // If no open time is found for kMaxClosedDays days in a row the search
  // stops and the instant where it stopped is returned.
  Instant add(Instant start, Millis business) const;

  // The open time within [from, to); zero when to <= from.
  Millis between(Instant from, Instant to) const;

  // Whether the calendar is open at instant `t`.
  bool is_open(Instant t) const;

  // The normalised business hours this calendar was made from.
  const BusinessHours& hours() const;

 private:
  struct State;
  explicit BusinessCalendar(std::shared_ptr<const State> state);

  std::shared_ptr<const State> state_;
};

}  // namespace ticketd::domain
