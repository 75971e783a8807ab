#include "api/http/error_table.h"

#include <array>

namespace ticketd::api {
namespace {

using domain::ErrorCode;
using S = http::status;

// API.md, Conventions: the statuses clients are written against.
constexpr std::array<ProblemType, domain::kErrorCodeCount> kTable{{
    {ErrorCode::kValidation, S::unprocessable_entity, "Unprocessable Entity"},
    {ErrorCode::kForbidden, S::forbidden, "Forbidden"},
    {ErrorCode::kNotFound, S::not_found, "Not Found"},
    {ErrorCode::kInvalidTransition, S::conflict, "Conflict"},
    {ErrorCode::kTicketClosed, S::conflict, "Conflict"},
    {ErrorCode::kConflict, S::conflict, "Conflict"},
    {ErrorCode::kPreconditionFailed, S::precondition_failed, "Precondition Failed"},
    {ErrorCode::kIdempotencyKeyReused, S::unprocessable_entity, "Unprocessable Entity"},
    {ErrorCode::kUnauthorized, S::unauthorized, "Unauthorized"},
    {ErrorCode::kRateLimited, S::too_many_requests, "Too Many Requests"},
    {ErrorCode::kMalformedRequest, S::bad_request, "Bad Request"},
    {ErrorCode::kMalformedJson, S::bad_request, "Bad Request"},
    {ErrorCode::kInvalidUtf8, S::bad_request, "Bad Request"},
    {ErrorCode::kMalformedQuery, S::bad_request, "Bad Request"},
    {ErrorCode::kBadCursor, S::bad_request, "Bad Request"},
    {ErrorCode::kMethodNotAllowed, S::method_not_allowed, "Method Not Allowed"},
    {ErrorCode::kBodyTooLarge, S::payload_too_large, "Payload Too Large"},
    {ErrorCode::kUnsupportedMediaType, S::unsupported_media_type, "Unsupported Media Type"},
    {ErrorCode::kHeaderTooLarge, S::request_header_fields_too_large,
     "Request Header Fields Too Large"},
    {ErrorCode::kSenderNotRequester, S::forbidden, "Forbidden"},
    {ErrorCode::kAutoSubmitted, S::unprocessable_entity, "Unprocessable Entity"},
    {ErrorCode::kUnknownRecipient, S::unprocessable_entity, "Unprocessable Entity"},
    {ErrorCode::kInvalidCredentials, S::unauthorized, "Unauthorized"},
    {ErrorCode::kCsrfTokenInvalid, S::forbidden, "Forbidden"},
    {ErrorCode::kSignInLocked, S::too_many_requests, "Too Many Requests"},
    {ErrorCode::kAttachmentTooLarge, S::payload_too_large, "Payload Too Large"},
    {ErrorCode::kQuotaExceeded, S::payload_too_large, "Payload Too Large"},
    {ErrorCode::kTypeNotAllowed, S::unprocessable_entity, "Unprocessable Entity"},
    {ErrorCode::kIncompleteBody, S::bad_request, "Bad Request"},
    {ErrorCode::kRangeNotSatisfiable, S::range_not_satisfiable, "Range Not Satisfiable"},
    {ErrorCode::kReadSideBehind, S::service_unavailable, "Service Unavailable"},
    {ErrorCode::kNotReady, S::service_unavailable, "Service Unavailable"},
    {ErrorCode::kUnavailable, S::service_unavailable, "Service Unavailable"},
    {ErrorCode::kOverloaded, S::service_unavailable, "Service Unavailable"},
    {ErrorCode::kTooManyConnections, S::service_unavailable, "Service Unavailable"},
    {ErrorCode::kInternal, S::internal_server_error, "Internal Server Error"},
}};

// Row i must be code i: a code added to the enum without its row fails to
// compile (the array's size) or here.
constexpr bool in_code_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<std::size_t>(kTable[i].code) != i) return false;
  }
  return true;
}
static_assert(in_code_order(), "kTable must list every ErrorCode once, in enum order");

}  // namespace

std::span<const ProblemType> problem_types() { return kTable; }

const ProblemType& problem_type(domain::ErrorCode code) {
  return kTable[static_cast<std::size_t>(code)];
}

http::status status_for(domain::ErrorCode code) { return problem_type(code).status; }

std::string problem_type_uri(domain::ErrorCode code) {
  std::string uri(kProblemTypeBase);
  uri += domain::to_string(code);
  return uri;
}

}  // namespace ticketd::api
