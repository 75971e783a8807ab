#include "api/json_body.h"

#include "api/problem.h"

namespace ticketd::api {
namespace dom = simdjson::dom;

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
    const std::string_view type = request[http::field::content_type];
    const std::string_view mime = type.substr(0, type.find(';'));
    if (mime != "application/json") {
      problem = problem_response(http::status::unsupported_media_type, "unsupported_media_type",
                                 "the body must be application/json");
      return nullptr;
    }
    if (!valid_utf8(body)) {
      problem = problem_response(http::status::bad_request, "invalid_utf8", "the body is not valid UTF-8");
      return nullptr;
    }
  }
  dom::element root;
  if (r->parser_->parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    problem = problem_response(http::status::bad_request, "malformed_json", "the body is not valid JSON");
    return nullptr;
  }
  if (root.get_object().get(r->object_) != simdjson::SUCCESS) {
    problem = problem_response(http::status::unprocessable_entity, "validation",
                               "the body must be a JSON object", {{"", "must be a JSON object"}});
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

std::optional<std::int64_t> JsonBody::integer(std::string_view field, bool required) {
  auto e = member(field);
  if (!e || e->is_null()) {
    if (required) fail(std::string(field), "is required");
    return std::nullopt;
  }
  std::int64_t v = 0;
  if (e->get_int64().get(v) != simdjson::SUCCESS) {
    fail(std::string(field), "must be an integer");
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
