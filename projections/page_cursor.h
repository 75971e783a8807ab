#pragma once
// Opaque paging cursors: the sort key and slot of the last item of a page
// (keyset paging, so a cursor stays meaningful while tickets change) or,
// for name-ordered listings, the last name. Encoded as base64url of a
// versioned byte string with a checksum, so a mangled or foreign cursor is
// recognised as such instead of silently paging from somewhere else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ticketd::projections {

struct PageCursor {
  std::uint8_t kind = 0;  // which listing and sort it belongs to
  std::int64_t key = 0;
  std::uint32_t slot = 0;
  std::string text;
  friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

std::string encode_cursor(const PageCursor& cursor);

// std::nullopt when `text` is not a cursor this build wrote.
std::optional<PageCursor> decode_cursor(std::string_view text);

}  // namespace ticketd::projections
