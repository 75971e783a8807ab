#pragma once
// RFC 9457 problem+json answers: every error ticketd returns has this shape
// (API.md, Conventions).

#include <string_view>
#include <vector>

#include "api/http/http_types.h"
#include "domain/result.h"

namespace ticketd::api {

// A problem+json response: {"type", "title", "status", "detail", "code"}, plus
// "errors": [{"field", "message"}] when `fields` is not empty.
Response problem_response(http::status status, std::string_view code, std::string_view detail,
                          const std::vector<domain::FieldError>& fields = {});

// The one mapping from business-rule error codes to HTTP statuses.
http::status status_for(domain::ErrorCode code);

// problem_response for a domain error, with the status of status_for().
Response problem_response(const domain::Error& error);

}  // namespace ticketd::api
