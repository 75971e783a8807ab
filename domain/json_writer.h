#pragma once
// A small, fast, forward-only JSON writer that appends to a caller-owned
// std::string. The event codec and the HTTP layer build every JSON document
// with it, so it does no allocation of its own beyond growing that string.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "domain/types.h"

namespace ticketd::domain {

// Appends `s` as a JSON string literal (with quotes) to `out`: '"' and '\'
// are backslash-escaped, control characters use \n, \t, \r, \b, \f or
// \u00XX, and every other byte is copied, so UTF-8 passes through unchanged.
// The caller is responsible for `s` being valid UTF-8 (validation.h checks
// command input; the API rejects non-UTF-8 bodies).
void append_json_string(std::string& out, std::string_view s);

// Writes one JSON document (or a fragment of one) into `out`, inserting the
// commas between members and elements itself. The caller drives the
// structure: after key() exactly one value or begin_* must follow, and every
// begin_* needs its end_*; misuse produces invalid JSON but never undefined
// behaviour. `out` must outlive the writer; existing content is kept and the
// document is appended after it. Not thread-safe (one writer per document).
//
//   std::string body;
//   JsonWriter w(body);
//   w.begin_object();
//   w.member("id", ticket.id);
//   w.key("tags");
//   w.begin_array();
//   for (const auto& t : ticket.tags) w.value(t);
//   w.end_array();
//   w.end_object();
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(&out) {}

  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();

  // Starts an object member; the next call writes its value.
  void key(std::string_view name);

  void value(std::string_view s);
  // A null pointer is written as null.
  void value(const char* s) {
    if (s == nullptr) {
      value(nullptr);
    } else {
      value(std::string_view(s));
    }
  }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b);
  void value(std::nullptr_t);
  // Non-finite doubles have no JSON form and are written as null. Finite
  // ones use the shortest text that reads back to the same double.
  void value(double d);
  // Every integer type except bool (which has its own overload above).
  template <std::integral T>
  requires(!std::same_as<T, bool>) void value(T n) {
    if constexpr (std::is_signed_v<T>) {
      write_int64(static_cast<std::int64_t>(n));
    } else {
      write_uint64(static_cast<std::uint64_t>(n));
    }
  }
  // An RFC 3339 millisecond string, see time_format.h.
  void value(Instant t);
  // The contained value, or null when empty (e.g. "assignee": null).
  template <class T>
  void value(const std::optional<T>& v) {
    if (v) {
      value(*v);
    } else {
      value(nullptr);
    }
  }

  // Inserts `json`, which must be one complete, valid JSON value, verbatim.
  void raw(std::string_view json);

  // key(name) followed by value(v), for the common case.
  template <class T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

  // The buffer being written.
  std::string& buffer() { return *out_; }

 private:
  // Writes the comma that separates this value from the previous sibling.
  void separate() {
    if (need_comma_) out_->push_back(',');
  }
  void write_int64(std::int64_t n);
  void write_uint64(std::uint64_t n);

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace ticketd::domain
