#pragma once
// RFC 9457 problem+json answers: every error ticketd returns has this shape
// (API.md, Conventions), with the status, title and type of its code's row
// in error_table.h.

#include <string>
#include <string_view>
#include <vector>

#include "api/http/error_table.h"
#include "api/http/http_types.h"
#include "domain/result.h"

namespace ticketd::api {

// A problem+json response for `code`: {"type", "title", "status", "detail",
// "code"}, plus "errors": [{"field", "message"}] when `fields` is not
// empty. Not for kInternal, whose answer is internal_error_response():
// Exchange::fail() answers any error, that one included.
Response problem_response(domain::ErrorCode code, std::string_view detail,
                          const std::vector<domain::FieldError>& fields = {});

// problem_response for an error value (its code, message and fields); a
// kInternal error's message is left out, as it is for the log only.
Response problem_response(const domain::Error& error);

// The answer to a kInternal error: 500 with a short generic detail (what
// failed is for the log, not the caller) and `correlation_id`, as the body
// member "correlation_id" and the header X-Correlation-Id, which the log
// line of the failure carries too.
Response internal_error_response(std::string_view correlation_id);

// A fresh correlation id: 32 random hex digits. Thread-safe.
std::string new_correlation_id();

// The header a 500 answer names its correlation id in.
inline constexpr std::string_view kCorrelationIdHeader = "X-Correlation-Id";

// The detail of every 500 answer.
inline constexpr std::string_view kInternalDetail =
    "The server failed to complete the request. The failure is logged under the correlation id.";

}  // namespace ticketd::api
