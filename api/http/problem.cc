#include "api/http/problem.h"

#include <string>

#include "domain/json_writer.h"

namespace ticketd::api {

Response problem_response(http::status status, std::string_view code, std::string_view detail,
                          const std::vector<domain::FieldError>& fields) {
  Response response{status, 11};
  response.set(http::field::content_type, "application/problem+json");
  response.set(http::field::cache_control, "no-store");
  std::string body;
  body.reserve(160 + detail.size());
  domain::JsonWriter w(body);
  w.begin_object();
  std::string type = "https://ticketd.dev/problems/";
  type += code;
  w.member("type", type);
  const auto reason = http::obsolete_reason(status);
  w.member("title", std::string_view(reason.data(), reason.size()));
  w.member("status", static_cast<unsigned>(status));
  w.member("detail", detail);
  w.member("code", code);
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

http::status status_for(domain::ErrorCode code) {
  switch (code) {
    case domain::ErrorCode::kValidation:
      return http::status::unprocessable_entity;
    case domain::ErrorCode::kForbidden:
      return http::status::forbidden;
    case domain::ErrorCode::kNotFound:
      return http::status::not_found;
    case domain::ErrorCode::kInvalidTransition:
    case domain::ErrorCode::kTicketClosed:
    case domain::ErrorCode::kConflict:
      return http::status::conflict;
  }
  return http::status::internal_server_error;
}

Response problem_response(const domain::Error& error) {
  return problem_response(status_for(error.code), domain::to_string(error.code), error.message,
                          error.fields);
}

}  // namespace ticketd::api
