#include "domain/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "domain/time_format.h"

namespace ticketd::domain {
namespace {

// 1 for bytes that must be escaped inside a JSON string.
constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Whether any of the 8 bytes at `p` must be escaped, tested at once: a byte
// below 0x20, or one that is zero after XOR with '"' or '\\' (the classic
// "has less than" / "has zero byte" word tricks; exact for "any").
inline bool word_needs_escape(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t control = (w - kOnes * 0x20) & ~w;
  const std::uint64_t zero_quote = (quote - kOnes) & ~quote;
  const std::uint64_t zero_backslash = (backslash - kOnes) & ~backslash;
  return ((control | zero_quote | zero_backslash) & kHigh) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    // Most text needs no escape: step over it eight bytes at a time.
    while (i + 8 <= s.size() && !word_needs_escape(s.data() + i)) i += 8;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) continue;
    out.append(s.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"", 2);
        break;
      case '\\':
        out.append("\\\\", 2);
        break;
      case '\n':
        out.append("\\n", 2);
        break;
      case '\t':
        out.append("\\t", 2);
        break;
      case '\r':
        out.append("\\r", 2);
        break;
      case '\b':
        out.append("\\b", 2);
        break;
      case '\f':
        out.append("\\f", 2);
        break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(s.data() + run_start, s.size() - run_start);
  out.push_back('"');
}

void JsonWriter::begin_object() {
  separate();
  out_->push_back('{');
  need_comma_ = false;
}

void JsonWriter::end_object() {
  out_->push_back('}');
  need_comma_ = true;
}

void JsonWriter::begin_array() {
  separate();
  out_->push_back('[');
  need_comma_ = false;
}

void JsonWriter::end_array() {
  out_->push_back(']');
  need_comma_ = true;
}

void JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(*out_, name);
  out_->push_back(':');
  need_comma_ = false;
}

void JsonWriter::value(std::string_view s) {
  separate();
  append_json_string(*out_, s);
  need_comma_ = true;
}

void JsonWriter::value(bool b) {
  separate();
  if (b) {
    out_->append("true", 4);
  } else {
    out_->append("false", 5);
  }
  need_comma_ = true;
}

void JsonWriter::value(std::nullptr_t) {
  separate();
  out_->append("null", 4);
  need_comma_ = true;
}

void JsonWriter::value(double d) {
  separate();
  if (!std::isfinite(d)) {
    out_->append("null", 4);
  } else {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    out_->append(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
  }
  need_comma_ = true;
}

void JsonWriter::value(Instant t) {
  separate();
  out_->push_back('"');
  append_instant(*out_, t);
  out_->push_back('"');
  need_comma_ = true;
}

void JsonWriter::raw(std::string_view json) {
  separate();
  out_->append(json);
  need_comma_ = true;
}

void JsonWriter::write_int64(std::int64_t n) {
  separate();
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_->append(buf, static_cast<std::size_t>(end - buf));
  need_comma_ = true;
}

void JsonWriter::write_uint64(std::uint64_t n) {
  separate();
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_->append(buf, static_cast<std::size_t>(end - buf));
  need_comma_ = true;
}

}  // namespace ticketd::domain
