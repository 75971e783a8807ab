#pragma once
// Interning of business-hours snapshots. Every TicketOpened carries its
// tenant's hours; tickets of one tenant share them, so rows hold an id and
// the pool keeps one BusinessCalendar per distinct value, built once (evolve
// builds one per status change; the result is the same).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/business_calendar.h"

namespace ticketd::projections {

// Thread-safety: none; guarded by the owning model like StringPool.
class CalendarPool {
 public:
  // Id 0 is the default hours (24x7), the hours of a ticket before its
  // TicketOpened.
  static constexpr std::uint32_t kDefault = 0;

  CalendarPool();
  CalendarPool(const CalendarPool&) = delete;
  CalendarPool& operator=(const CalendarPool&) = delete;

  std::uint32_t intern(const domain::BusinessHours& hours);

  // The calendar evolve would use for these hours: 24x7 when they are
  // always open or invalid.
  const domain::BusinessCalendar& calendar(std::uint32_t id) const { return calendars_[id]; }
  const domain::BusinessHours& hours(std::uint32_t id) const { return hours_[id]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(hours_.size()); }

  std::uint32_t saved() const { return saved_; }
  void mark_saved() { saved_ = size(); }

  // A stable byte form of `hours` (also the interning key) and its inverse;
  // decode returns false on malformed bytes.
  static std::string encode(const domain::BusinessHours& hours);
  static bool decode(std::string_view bytes, domain::BusinessHours& out);

 private:
  std::vector<domain::BusinessHours> hours_;
  std::vector<domain::BusinessCalendar> calendars_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::uint32_t saved_ = 0;
};

}  // namespace ticketd::projections
