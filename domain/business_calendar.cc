#include "domain/business_calendar.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <string_view>
#include <utility>

namespace ticketd::domain {
namespace {

constexpr int kMinutesPerDay = 1440;
constexpr OpenInterval kWholeDay{0, kMinutesPerDay};
// Wall-clock time of some zone, in the precision of Instant.
using LocalMillis = date::local_time<Millis>;

std::string weekly_field(std::size_t day, std::size_t index) {
  return "business_hours.weekly[" + std::to_string(day) + "][" + std::to_string(index) + "]";
}

// Parses a strict "YYYY-MM-DD" calendar date.
std::optional<date::local_days> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      value = value * 10 + (s[i] - '0');
    }
    return value;
  };
  auto y = number(0, 4);
  auto m = number(5, 2);
  auto d = number(8, 2);
  if (!y || !m || !d || *y == 0) return std::nullopt;
  date::year_month_day ymd{date::year{*y}, date::month(static_cast<unsigned>(*m)),
                           date::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days{ymd};
}

// Sorts a day's intervals and merges those that overlap or touch.
void normalize_day(std::vector<OpenInterval>& day) {
  std::sort(day.begin(), day.end(), [](const OpenInterval& a, const OpenInterval& b) {
    return a.start_minute < b.start_minute;
  });
  std::vector<OpenInterval> merged;
  for (const OpenInterval& interval : day) {
    if (!merged.empty() && interval.start_minute <= merged.back().end_minute) {
      merged.back().end_minute = std::max(merged.back().end_minute, interval.end_minute);
    } else {
      merged.push_back(interval);
    }
  }
  day = std::move(merged);
}

// Validates and normalises `hours` in place; on success `*zone` is its zone.
std::vector<FieldError> check_hours(BusinessHours& hours, const date::time_zone** zone) {
  std::vector<FieldError> errors;
  *zone = find_zone(hours.time_zone);
  if (hours.time_zone.empty()) {
    errors.push_back({"business_hours.time_zone", "is required"});
  } else if (*zone == nullptr) {
    errors.push_back({"business_hours.time_zone", "unknown time zone \"" + hours.time_zone + "\""});
  }
  bool any_interval = false;
  for (std::size_t d = 0; d < hours.weekly.size(); ++d) {
    bool day_ok = true;
    for (std::size_t i = 0; i < hours.weekly[d].size(); ++i) {
      const OpenInterval& interval = hours.weekly[d][i];
      if (interval.start_minute < 0 || interval.start_minute >= interval.end_minute ||
          interval.end_minute > kMinutesPerDay) {
        errors.push_back(
            {weekly_field(d, i), "must satisfy 0 <= start_minute < end_minute <= 1440"});
        day_ok = false;
      }
    }
    if (day_ok) normalize_day(hours.weekly[d]);
    any_interval = any_interval || !hours.weekly[d].empty();
  }
  std::vector<std::pair<date::local_days, std::string>> holidays;
  for (std::size_t i = 0; i < hours.holidays.size(); ++i) {
    if (auto day = parse_date(hours.holidays[i])) {
      holidays.emplace_back(*day, hours.holidays[i]);
    } else {
      errors.push_back({"business_hours.holidays[" + std::to_string(i) + "]",
                        "must be a valid date written YYYY-MM-DD"});
    }
  }
  if (!any_interval && !hours.holidays.empty()) {
    errors.push_back(
        {"business_hours.weekly", "must have at least one open interval when holidays are set"});
  }
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
  hours.holidays.clear();
  for (auto& [day, text] : holidays) hours.holidays.push_back(std::move(text));
  return errors;
}

Error validation_error(std::vector<FieldError> fields) {
  Error error = make_error(ErrorCode::kValidation, "invalid business hours");
  error.fields = std::move(fields);
  return error;
}

}  // namespace

bool BusinessHours::always_open() const {
  return holidays.empty() &&
         std::all_of(weekly.begin(), weekly.end(), [](const auto& day) { return day.empty(); });
}

Result<BusinessHours> validate_business_hours(BusinessHours hours) {
  const date::time_zone* zone = nullptr;
  std::vector<FieldError> errors = check_hours(hours, &zone);
  if (!errors.empty()) return validation_error(std::move(errors));
  return hours;
}

struct BusinessCalendar::State {
  BusinessHours hours;
  const date::time_zone* zone = nullptr;   // null when open_24x7
  std::vector<date::local_days> holidays;  // sorted
  bool open_24x7 = true;

  struct WalkEnd {
    bool exhausted = false;
    Instant resume_at{};  // when exhausted: where the search stopped
  };

  bool is_holiday(date::local_days day) const {
    return std::binary_search(holidays.begin(), holidays.end(), day);
  }

  const std::vector<OpenInterval>& weekly_for(date::local_days day) const {
    return hours.weekly[date::weekday{day}.iso_encoding() - 1];
  }

  // Calls visit(begin, end) for each open span [begin, end) that ends after
  // `from`, in increasing order, without overlaps and with begin >= from,
  // until visit returns false or every further span begins at or after
  // `limit`. Spans are found per offset period of the zone (the UTC range
  // between two transitions, with one UTC offset): inside a period the wall
  // clock is UTC plus that offset, so the period's local days are walked and
  // their intervals shifted back. A local time that is skipped belongs to no
  // period; one that repeats belongs to two, and is open in both. Without a
  // limit the walk gives up after kMaxClosedDays closed days in a row.
  template <class Visit>
  WalkEnd walk(Instant from, Instant limit, Visit&& visit) const {
    const bool unbounded = limit == Instant::max();
    Instant cursor = from;
    int closed_days = 0;
    for (;;) {
      const date::sys_info period = zone->get_info(cursor);
      const Millis offset = period.offset;
      auto to_local = [&](Instant t) { return LocalMillis{(t + offset).time_since_epoch()}; };
      auto to_utc = [&](LocalMillis t) { return Instant{(t - offset).time_since_epoch()}; };
      const LocalMillis local_from = to_local(cursor);
      const LocalMillis local_end = to_local(period.end);
      for (auto day = date::floor<date::days>(local_from);; day += date::days{1}) {
        const LocalMillis day_start{day};
        if (day_start >= local_end) break;
        if (to_utc(day_start) >= limit) return {};
        bool opened = false;
        if (!is_holiday(day)) {
          for (const OpenInterval& interval : weekly_for(day)) {
            const LocalMillis begin =
                std::max(day_start + std::chrono::minutes{interval.start_minute}, local_from);
            const LocalMillis end =
                std::min(day_start + std::chrono::minutes{interval.end_minute}, local_end);
            if (begin >= end) continue;
            opened = true;
            if (!visit(to_utc(begin), to_utc(end))) return {};
          }
        }
        closed_days = opened ? 0 : closed_days + 1;
        if (unbounded && closed_days > kMaxClosedDays) {
          return {true, to_utc(day_start + date::days{1})};
        }
      }
      cursor = period.end;
    }
  }
};

BusinessCalendar::BusinessCalendar() : BusinessCalendar(always_open()) {}

BusinessCalendar::BusinessCalendar(std::shared_ptr<const State> state) : state_(std::move(state)) {}

BusinessCalendar BusinessCalendar::always_open() {
  static const auto* const kState = new std::shared_ptr<const State>(std::make_shared<State>());
  return BusinessCalendar(*kState);
}

Result<BusinessCalendar> BusinessCalendar::make(const BusinessHours& hours) {
  auto state = std::make_shared<State>();
  state->hours = hours;
  std::vector<FieldError> errors = check_hours(state->hours, &state->zone);
  if (!errors.empty()) return validation_error(std::move(errors));
  for (const std::string& text : state->hours.holidays) {
    state->holidays.push_back(*parse_date(text));
  }
  // Whole days every day with no holidays are contiguous across midnights
  // and DST changes alike: the same as 24x7.
  state->open_24x7 =
      state->hours.always_open() ||
      (state->holidays.empty() &&
       std::all_of(state->hours.weekly.begin(), state->hours.weekly.end(),
                   [](const auto& day) { return day.size() == 1 && day.front() == kWholeDay; }));
  if (state->open_24x7) state->zone = nullptr;
  return BusinessCalendar(std::move(state));
}

Instant BusinessCalendar::add(Instant start, Millis business) const {
  if (business <= Millis::zero()) return start;
  if (state_->open_24x7) return start + business;
  Millis remaining = business;
  std::optional<Instant> due;
  State::WalkEnd end = state_->walk(start, Instant::max(), [&](Instant begin, Instant end) {
    if (end - begin >= remaining) {
      due = begin + remaining;
      return false;
    }
    remaining -= end - begin;
    return true;
  });
  return due ? *due : end.resume_at;
}

Millis BusinessCalendar::between(Instant from, Instant to) const {
  if (to <= from) return Millis::zero();
  if (state_->open_24x7) return to - from;
  Millis total = Millis::zero();
  state_->walk(from, to, [&](Instant begin, Instant end) {
    if (begin >= to) return false;
    total += std::min(end, to) - begin;
    return end < to;
  });
  return total;
}

bool BusinessCalendar::is_open(Instant t) const {
  if (state_->open_24x7) return true;
  bool open = false;
  state_->walk(t, t + Millis{1}, [&](Instant begin, Instant) {
    open = begin == t;
    return false;
  });
  return open;
}

const BusinessHours& BusinessCalendar::hours() const { return state_->hours; }

const date::time_zone* find_zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace ticketd::domain
