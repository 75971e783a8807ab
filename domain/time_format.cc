#include "domain/time_format.h"

#include <cstdint>

namespace ticketd::domain {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::sys_days;

constexpr std::int64_t kMillisPerDay = 86'400'000;

// Writes `value` as exactly `width` decimal digits ending just before `end`.
void put_digits(char* end, int width, std::int64_t value) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Reads exactly `width` ASCII digits at `text[pos]`; -1 if any is missing.
int read_digits(std::string_view text, std::size_t pos, int width) {
  if (pos + static_cast<std::size_t>(width) > text.size()) return -1;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<sys_days> read_date(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  const int day = read_digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

}  // namespace

void append_instant(std::string& out, Instant t) {
  constexpr Instant kMin = sys_days{std::chrono::year{0} / 1 / 1};
  constexpr Instant kMax = sys_days{std::chrono::year{9999} / 12 / 31} + Millis{kMillisPerDay - 1};
  if (t < kMin) t = kMin;
  if (t > kMax) t = kMax;
  const sys_days day = floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::int64_t ms_of_day = (t - day).count();

  char buf[24];
  put_digits(buf + 4, 4, static_cast<int>(ymd.year()));
  buf[4] = '-';
  put_digits(buf + 7, 2, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  put_digits(buf + 10, 2, static_cast<unsigned>(ymd.day()));
  buf[10] = 'T';
  put_digits(buf + 13, 2, ms_of_day / 3'600'000);
  buf[13] = ':';
  put_digits(buf + 16, 2, ms_of_day / 60'000 % 60);
  buf[16] = ':';
  put_digits(buf + 19, 2, ms_of_day / 1000 % 60);
  buf[19] = '.';
  put_digits(buf + 23, 3, ms_of_day % 1000);
  buf[23] = 'Z';
  out.append(buf, sizeof buf);
}

std::string format_instant(Instant t) {
  std::string out;
  out.reserve(24);
  append_instant(out, t);
  return out;
}

std::optional<sys_days> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return read_date(text);
}

std::optional<Instant> parse_instant(std::string_view text) {
  // Shortest form: "YYYY-MM-DDTHH:MM:SSZ" (20 characters).
  if (text.size() < 20) return std::nullopt;
  const std::optional<sys_days> date = read_date(text);
  if (!date) return std::nullopt;
  if (text[10] != 'T' && text[10] != 't') return std::nullopt;
  if (text[13] != ':' || text[16] != ':') return std::nullopt;
  const int hour = read_digits(text, 11, 2);
  const int minute = read_digits(text, 14, 2);
  const int second = read_digits(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }

  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (text[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (pos - first < 3) millis = millis * 10 + (text[pos] - '0');
      ++pos;
    }
    const std::size_t digits = pos - first;
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos >= text.size()) return std::nullopt;

  std::int64_t offset_minutes = 0;
  const char zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    if (pos + 1 != text.size()) return std::nullopt;
  } else if (zone == '+' || zone == '-') {
    if (pos + 6 != text.size() || text[pos + 3] != ':') return std::nullopt;
    const int off_hour = read_digits(text, pos + 1, 2);
    const int off_minute = read_digits(text, pos + 4, 2);
    if (off_hour < 0 || off_hour > 23 || off_minute < 0 || off_minute > 59) return std::nullopt;
    offset_minutes = off_hour * 60 + off_minute;
    if (zone == '-') offset_minutes = -offset_minutes;
  } else {
    return std::nullopt;
  }

  const std::int64_t local_ms = (hour * 3600LL + minute * 60LL + second) * 1000 + millis;
  // Local time = UTC + offset, so UTC = local - offset.
  return Instant{*date} + Millis{local_ms - offset_minutes * 60'000};
}

}  // namespace ticketd::domain
