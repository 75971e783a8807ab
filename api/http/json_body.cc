#include "api/http/json_body.h"

#include <boost/beast/core/string.hpp>
#include <cstring>

#include "api/http/problem.h"

namespace ticketd::api {
namespace dom = simdjson::dom;

namespace {

// Walks well-formed JSON text to the first number that simdjson cannot hold
// (an integer beyond 64 bits, a float beyond double), remembering the path
// to it. Only run after simdjson refused a body with NUMBER_ERROR, so it is
// written for clarity rather than speed.
class NumberFinder {
 public:
  explicit NumberFinder(std::string_view text) : s_(text) {}

  std::optional<std::string> find() {
    value("");
    return found_;
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool done() const { return found_.has_value() || broken_; }

  // A string token; its raw text (escapes kept) into `out`.
  void string(std::string* out) {
    const std::size_t start = ++i_;
    while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
    if (i_ >= s_.size()) {
      broken_ = true;
      return;
    }
    if (out != nullptr) *out = std::string(s_.substr(start, i_ - start));
    ++i_;
  }

  void number(const std::string& path) {
    const std::size_t start = i_;
    while (i_ < s_.size() && std::strchr("+-0123456789.eE", s_[i_]) != nullptr) ++i_;
    const std::string_view token = s_.substr(start, i_ - start);
    dom::parser parser;
    dom::element e;
    const simdjson::error_code error = parser.parse(token.data(), token.size()).get(e);
    if (error == simdjson::NUMBER_ERROR) {
      found_ = path;
    } else if (error) {
      broken_ = true;
    }
  }

  void value(const std::string& path) {
    skip_ws();
    if (i_ >= s_.size()) {
      broken_ = true;
      return;
    }
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      skip_ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return;
      }
      while (!done()) {
        skip_ws();
        std::string key;
        if (i_ >= s_.size() || s_[i_] != '"') {
          broken_ = true;
          return;
        }
        string(&key);
        skip_ws();
        if (done() || i_ >= s_.size() || s_[i_] != ':') {
          broken_ = true;
          return;
        }
        ++i_;
        value(path.empty() ? key : path + "." + key);
        skip_ws();
        if (done()) return;
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
        } else if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return;
        } else {
          broken_ = true;
        }
      }
    } else if (c == '[') {
      ++i_;
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return;
      }
      for (std::size_t index = 0; !done(); ++index) {
        value(path + "[" + std::to_string(index) + "]");
        skip_ws();
        if (done()) return;
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
        } else if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return;
        } else {
          broken_ = true;
        }
      }
    } else if (c == '"') {
      string(nullptr);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number(path);
    } else {
      while (i_ < s_.size() && s_[i_] >= 'a' && s_[i_] <= 'z') ++i_;  // true, false, null
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::optional<std::string> found_;
  bool broken_ = false;
};

}  // namespace

std::optional<std::string> out_of_range_number(std::string_view json) {
  return NumberFinder(json).find();
}

bool has_media_type(const Request& request, std::string_view type) {
  std::string_view value = request[http::field::content_type];
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  return boost::beast::iequals(value, type);
}

bool valid_utf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

std::unique_ptr<JsonBody> JsonBody::parse(const Request& request, Response& problem,
                                          bool allow_empty) {
  const std::string& body = request.body();
  std::unique_ptr<JsonBody> r(new JsonBody());
  r->parser_ = std::make_shared<dom::parser>();
  r->errors_ = std::make_shared<std::vector<domain::FieldError>>();
  r->text_ = body;
  std::string_view json = body;
  if (body.empty() && allow_empty) {
    json = "{}";
  } else {
    if (!has_media_type(request, "application/json")) {
      problem = problem_response(domain::ErrorCode::kUnsupportedMediaType,
                                 "the body must be application/json");
      return nullptr;
    }
    if (!valid_utf8(body)) {
      problem = problem_response(domain::ErrorCode::kInvalidUtf8, "the body is not valid UTF-8");
      return nullptr;
    }
  }
  dom::element root;
  if (const auto error = r->parser_->parse(json.data(), json.size()).get(root)) {
    // Valid JSON may hold numbers no 64-bit type holds: that is a field out
    // of range (422 naming it), not malformed JSON.
    std::optional<std::string> field;
    if (error == simdjson::NUMBER_ERROR) field = out_of_range_number(json);
    if (field) {
      problem = problem_response(domain::ErrorCode::kValidation, *field + ": is out of range",
                                 {{*field, "is out of range"}});
    } else {
      problem = problem_response(domain::ErrorCode::kMalformedJson, "the body is not valid JSON");
    }
    return nullptr;
  }
  if (root.get_object().get(r->object_) != simdjson::SUCCESS) {
    problem = problem_response(domain::ErrorCode::kValidation, "the body must be a JSON object",
                               {{"", "must be a JSON object"}});
    return nullptr;
  }
  return r;
}

std::optional<dom::element> JsonBody::member(std::string_view field) const {
  dom::element e;
  if (object_[field].get(e) != simdjson::SUCCESS) return std::nullopt;
  return e;
}

bool JsonBody::has(std::string_view field) const { return member(field).has_value(); }

bool JsonBody::is_null(std::string_view field) const {
  auto e = member(field);
  return e && e->is_null();
}

void JsonBody::fail(std::string field, std::string message) {
  errors_->push_back({name(field), std::move(message)});
}

domain::Error JsonBody::error() const {
  domain::Error e = domain::make_error(domain::ErrorCode::kValidation, "invalid fields");
  e.fields = *errors_;
  if (!e.fields.empty()) e.message = e.fields.front().field + ": " + e.fields.front().message;
  return e;
}

std::optional<std::string> JsonBody::string(std::string_view field, bool required) {
  auto e = member(field);
  if (!e || e->is_null()) {
    if (required) fail(std::string(field), "is required");
    return std::nullopt;
  }
  std::string_view v;
  if (e->get_string().get(v) != simdjson::SUCCESS) {
    fail(std::string(field), "must be a string");
    return std::nullopt;
  }
  return std::string(v);
}

std::optional<bool> JsonBody::boolean(std::string_view field) {
  auto e = member(field);
  if (!e || e->is_null()) return std::nullopt;
  bool v = false;
  if (e->get_bool().get(v) != simdjson::SUCCESS) {
    fail(std::string(field), "must be true or false");
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> JsonBody::integer(std::string_view field, bool required,
                                              std::int64_t min, std::int64_t max) {
  auto e = member(field);
  if (!e || e->is_null()) {
    if (required) fail(std::string(field), "is required");
    return std::nullopt;
  }
  std::int64_t v = 0;
  const bool whole = e->is_int64() || e->is_uint64();
  if (!whole) {
    fail(std::string(field), "must be an integer");
    return std::nullopt;
  }
  if (e->get_int64().get(v) != simdjson::SUCCESS || v < min || v > max) {
    fail(std::string(field),
         "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<std::string>> JsonBody::strings(std::string_view field) {
  auto e = member(field);
  if (!e || e->is_null()) return std::nullopt;
  dom::array a;
  if (e->get_array().get(a) != simdjson::SUCCESS) {
    fail(std::string(field), "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (dom::element item : a) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      fail(std::string(field), "must be an array of strings");
      return std::nullopt;
    }
    out.emplace_back(s);
  }
  return out;
}

std::unique_ptr<JsonBody> JsonBody::object(std::string_view field, bool required) {
  auto e = member(field);
  if (!e || e->is_null()) {
    if (required) fail(std::string(field), "is required");
    return nullptr;
  }
  std::unique_ptr<JsonBody> r(new JsonBody());
  if (e->get_object().get(r->object_) != simdjson::SUCCESS) {
    fail(std::string(field), "must be an object");
    return nullptr;
  }
  r->parser_ = parser_;
  r->errors_ = errors_;
  r->prefix_ = name(field) + ".";
  r->text_ = text_;
  return r;
}

}  // namespace ticketd::api
