#pragma once
// Reading a JSON request body (API.md, Conventions): the content type must
// be application/json (415), the bytes valid UTF-8 (400) and well-formed
// JSON (400) holding an object (422); fields of the wrong JSON type are 422
// with one field error each; unknown fields are ignored.

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/http_types.h"
#include "domain/result.h"

namespace ticketd::api {

class JsonBody {
 public:
  // Parses the body of `request`. On failure fills `problem` and returns
  // nullptr. `allow_empty`: an empty body counts as {} (commands without
  // fields, e.g. close).
  static std::unique_ptr<JsonBody> parse(const Request& request, Response& problem,
                                         bool allow_empty = false);

  // Each getter returns the value if present and of the right type; records
  // a field error when it has the wrong type, or is missing and `required`.
  // JSON null counts as missing.
  std::optional<std::string> string(std::string_view field, bool required = false);
  std::optional<bool> boolean(std::string_view field);
  // An integer in min..max (a field error naming the range otherwise).
  std::optional<std::int64_t> integer(std::string_view field, bool required = false,
                                      std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<std::vector<std::string>> strings(std::string_view field);
  // Whether the member is present (null included).
  bool has(std::string_view field) const;
  bool is_null(std::string_view field) const;
  // A nested object's reader ("requester"); field errors are prefixed
  // ("requester.email"). nullptr (and an error if required) when absent.
  std::unique_ptr<JsonBody> object(std::string_view field, bool required = false);

  void fail(std::string field, std::string message);
  bool ok() const { return errors_->empty(); }
  // kValidation with the collected field errors.
  domain::Error error() const;
  // The raw body text (for fingerprints).
  std::string_view text() const { return text_; }

 private:
  JsonBody() = default;
  std::optional<simdjson::dom::element> member(std::string_view field) const;
  std::string name(std::string_view field) const { return prefix_ + std::string(field); }

  std::shared_ptr<simdjson::dom::parser> parser_;
  std::shared_ptr<std::vector<domain::FieldError>> errors_;
  simdjson::dom::object object_;
  std::string prefix_;
  std::string_view text_;
};

// The path ("business_hours.weekly[0][1].end_minute") of the first number in
// the JSON text `json` that no 64-bit integer or double can hold; nullopt
// when there is none or the text is malformed before it.
std::optional<std::string> out_of_range_number(std::string_view json);

// Whether the request's Content-Type is `type` (lowercase), compared as RFC
// 9110 says: case-insensitively, parameters and surrounding spaces aside.
bool has_media_type(const Request& request, std::string_view type);

// Whether `s` is valid UTF-8.
bool valid_utf8(std::string_view s);

}  // namespace ticketd::api
