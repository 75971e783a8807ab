#include "projections/calendar_pool.h"

#include "projections/byte_codec.h"

namespace ticketd::projections {
namespace {

// Mirrors calendar_of() in domain/evolve.cc.
domain::BusinessCalendar calendar_for(const domain::BusinessHours& hours) {
  if (hours.always_open()) return domain::BusinessCalendar::always_open();
  domain::Result<domain::BusinessCalendar> calendar = domain::BusinessCalendar::make(hours);
  return calendar ? *calendar : domain::BusinessCalendar::always_open();
}

}  // namespace

CalendarPool::CalendarPool() { intern(domain::BusinessHours{}); }

std::uint32_t CalendarPool::intern(const domain::BusinessHours& hours) {
  std::string key = encode(hours);
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(hours_.size());
  hours_.push_back(hours);
  calendars_.push_back(calendar_for(hours));
  ids_.emplace(std::move(key), id);
  return id;
}

std::string CalendarPool::encode(const domain::BusinessHours& hours) {
  std::string out;
  ByteWriter w(out);
  w.str(hours.time_zone);
  for (const auto& day : hours.weekly) {
    w.varint(day.size());
    for (const domain::OpenInterval& i : day) {
      w.svarint(i.start_minute);
      w.svarint(i.end_minute);
    }
  }
  w.varint(hours.holidays.size());
  for (const std::string& h : hours.holidays) w.str(h);
  return out;
}

bool CalendarPool::decode(std::string_view bytes, domain::BusinessHours& out) {
  ByteReader r(bytes);
  out = domain::BusinessHours{};
  out.time_zone = std::string(r.str());
  for (auto& day : out.weekly) {
    const std::uint64_t n = r.varint();
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
      const auto start = static_cast<int>(r.svarint());
      const auto end = static_cast<int>(r.svarint());
      day.push_back(domain::OpenInterval{start, end});
    }
  }
  const std::uint64_t holidays = r.varint();
  for (std::uint64_t i = 0; i < holidays && r.ok(); ++i) out.holidays.emplace_back(r.str());
  return r.done();
}

}  // namespace ticketd::projections
