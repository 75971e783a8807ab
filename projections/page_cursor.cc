#include "projections/page_cursor.h"

#include <array>

#include "projections/byte_codec.h"

namespace ticketd::projections {
namespace {

constexpr std::uint8_t kCursorVersion = 1;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::uint32_t checksum(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

std::string base64url(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> unbase64url(std::string_view text) {
  static const std::array<int, 256> kValues = [] {
    std::array<int, 256> values{};
    values.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
      values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return values;
  }();
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = kValues[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;  // a length base64 never produces
  return out;
}

}  // namespace

std::string encode_cursor(const PageCursor& cursor) {
  std::string bytes;
  ByteWriter w(bytes);
  w.u8(kCursorVersion);
  w.u8(cursor.kind);
  w.u64be(static_cast<std::uint64_t>(cursor.key));
  w.u32be(cursor.slot);
  w.str(cursor.text);
  w.u32be(checksum(bytes));
  return base64url(bytes);
}

std::optional<PageCursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > 2048) return std::nullopt;
  const std::optional<std::string> bytes = unbase64url(text);
  if (!bytes || bytes->size() < 4) return std::nullopt;
  const std::string_view body(bytes->data(), bytes->size() - 4);
  ByteReader check(std::string_view(*bytes).substr(body.size()));
  if (check.u32be() != checksum(body)) return std::nullopt;
  ByteReader r(body);
  if (r.u8() != kCursorVersion) return std::nullopt;
  PageCursor cursor;
  cursor.kind = r.u8();
  cursor.key = static_cast<std::int64_t>(r.u64be());
  cursor.slot = r.u32be();
  cursor.text = std::string(r.str());
  if (!r.done()) return std::nullopt;
  return cursor;
}

}  // namespace ticketd::projections
