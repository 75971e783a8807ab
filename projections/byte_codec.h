#pragma once
// A tiny binary codec for the rows the projections persist: unsigned and
// zig-zag varints, length-prefixed strings and optional instants. Rows are
// private to ticketd (rebuildable from the log), so the format only has to
// round-trip within one row format version; see kRowFormat in ticket_core.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ticketd::projections {

// Appends to a caller-owned string. Not thread-safe (one writer per buffer).
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(&out) {}

  void u8(std::uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void varint(std::uint64_t v);
  // Zig-zag encoded, so small negative values stay small.
  void svarint(std::int64_t v) {
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void str(std::string_view s) {
    varint(s.size());
    out_->append(s);
  }
  // Fixed 8-byte big-endian, so keys built with it sort numerically.
  void u64be(std::uint64_t v);
  void u32be(std::uint32_t v);

 private:
  std::string* out_;
};

// Reads what ByteWriter wrote. The first malformed read sets ok() to false
// and every later read returns a zero value, so decoders read every field
// unconditionally and check ok() once. Borrows the bytes; not thread-safe.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  std::uint8_t u8();
  std::uint64_t varint();
  std::int64_t svarint() {
    const std::uint64_t v = varint();
    return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  std::string_view str();
  std::uint64_t u64be();
  std::uint32_t u32be();

  bool ok() const { return ok_; }
  // True when everything was read and nothing is left over.
  bool done() const { return ok_ && pos_ == in_.size(); }

 private:
  bool fail() {
    ok_ = false;
    return false;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace ticketd::projections
