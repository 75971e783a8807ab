#include "domain/result.h"

#include <stdexcept>

namespace ticketd::domain {

std::string_view to_string(ErrorCode c) {
  switch (c) {
    case ErrorCode::kValidation:
      return "validation";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kInvalidTransition:
      return "invalid_transition";
    case ErrorCode::kTicketClosed:
      return "ticket_closed";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPreconditionFailed:
      return "precondition_failed";
    case ErrorCode::kIdempotencyKeyReused:
      return "idempotency_key_reused";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kMalformedRequest:
      return "malformed_request";
    case ErrorCode::kMalformedJson:
      return "malformed_json";
    case ErrorCode::kInvalidUtf8:
      return "invalid_utf8";
    case ErrorCode::kMalformedQuery:
      return "malformed_query";
    case ErrorCode::kBadCursor:
      return "bad_cursor";
    case ErrorCode::kMethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::kBodyTooLarge:
      return "body_too_large";
    case ErrorCode::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorCode::kHeaderTooLarge:
      return "header_too_large";
    case ErrorCode::kSenderNotRequester:
      return "sender_not_requester";
    case ErrorCode::kAutoSubmitted:
      return "auto_submitted";
    case ErrorCode::kUnknownRecipient:
      return "unknown_recipient";
    case ErrorCode::kInvalidCredentials:
      return "invalid_credentials";
    case ErrorCode::kCsrfTokenInvalid:
      return "csrf_token_invalid";
    case ErrorCode::kSignInLocked:
      return "sign_in_locked";
    case ErrorCode::kAttachmentTooLarge:
      return "attachment_too_large";
    case ErrorCode::kQuotaExceeded:
      return "attachment_quota_exceeded";
    case ErrorCode::kTypeNotAllowed:
      return "attachment_type_not_allowed";
    case ErrorCode::kIncompleteBody:
      return "incomplete_body";
    case ErrorCode::kRangeNotSatisfiable:
      return "range_not_satisfiable";
    case ErrorCode::kReadSideBehind:
      return "read_side_behind";
    case ErrorCode::kNotReady:
      return "not_ready";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kOverloaded:
      return "overloaded";
    case ErrorCode::kTooManyConnections:
      return "too_many_connections";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
  std::string what = "unchecked domain error (";
  what += to_string(e.code);
  what += "): ";
  what += e.message;
  what += " at ";
  what += loc.file_name();
  what += ':';
  what += std::to_string(loc.line());
  throw std::logic_error(what);
}

}  // namespace ticketd::domain
