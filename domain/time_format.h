#pragma once
// The one textual time format of ticketd: RFC 3339 in UTC with milliseconds
// ("2026-11-22T10:00:00.000Z"), used by the API, the event codec and the
// tools. Pure functions, no clock reads.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/types.h"

namespace ticketd::domain {

// Formats `t` as "YYYY-MM-DDTHH:MM:SS.mmmZ" (always UTC, always three
// fraction digits, 24 characters). Instants outside the years 0000..9999,
// which RFC 3339 cannot express, are clamped to that range.
std::string format_instant(Instant t);

// Appends the same text as format_instant to `out`, for writers that build
// one buffer without temporaries.
void append_instant(std::string& out, Instant t);

// Parses an RFC 3339 date-time: "YYYY-MM-DD" 'T' "HH:MM:SS", an optional
// fraction of any length (truncated toward the past to milliseconds) and 'Z'
// or a "+hh:mm" / "-hh:mm" offset. Lowercase 't' and 'z' are accepted as RFC
// 3339 allows. Leap seconds (":60") and impossible dates are rejected.
// Returns std::nullopt for anything else, including surrounding whitespace.
std::optional<Instant> parse_instant(std::string_view text);

// Parses a calendar date "YYYY-MM-DD" (used where the API accepts a date,
// e.g. `from=2026-11-22`, meaning midnight UTC). std::nullopt if malformed
// or impossible.
std::optional<std::chrono::sys_days> parse_date(std::string_view text);

}  // namespace ticketd::domain
