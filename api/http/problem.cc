#include "api/http/problem.h"

#include <cstdint>
#include <random>
#include <string>

#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

Response build(domain::ErrorCode code, std::string_view detail,
               const std::vector<domain::FieldError>& fields, std::string_view correlation_id) {
  const ProblemType& row = problem_type(code);
  Response response{row.status, 11};
  response.set(http::field::content_type, "application/problem+json");
  response.set(http::field::cache_control, "no-store");
  std::string body;
  body.reserve(160 + detail.size());
  domain::JsonWriter w(body);
  w.begin_object();
  w.member("type", problem_type_uri(code));
  w.member("title", row.title);
  w.member("status", static_cast<unsigned>(row.status));
  w.member("detail", detail);
  w.member("code", domain::to_string(code));
  if (!correlation_id.empty()) w.member("correlation_id", correlation_id);
  if (!fields.empty()) {
    w.key("errors");
    w.begin_array();
    for (const auto& field : fields) {
      w.begin_object();
      w.member("field", field.field);
      w.member("message", field.message);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  response.body() = std::move(body);
  return response;
}

}  // namespace

Response problem_response(domain::ErrorCode code, std::string_view detail,
                          const std::vector<domain::FieldError>& fields) {
  return build(code, detail, fields, {});
}

Response problem_response(const domain::Error& error) {
  // An internal error's message says what failed inside: it is for the log
  // (Exchange::fail), never for the caller.
  if (error.code == domain::ErrorCode::kInternal) return build(error.code, kInternalDetail, {}, {});
  return build(error.code, error.message, error.fields, {});
}

Response internal_error_response(std::string_view correlation_id) {
  Response response = build(domain::ErrorCode::kInternal, kInternalDetail, {}, correlation_id);
  response.set(kCorrelationIdHeader, correlation_id);
  return response;
}

std::string new_correlation_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = rng();
    for (int i = 0; i < 16; ++i, bits >>= 4) id.push_back(kDigits[bits & 0xF]);
  }
  return id;
}

}  // namespace ticketd::api
