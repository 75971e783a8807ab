#pragma once
// Failures are values, not exceptions (STYLE.md): a Result<T> holds either a
// T or an Error with a stable machine-readable code. The codes are the one
// error set of ticketd: business rules, malformed or refused requests, and
// failures of the server itself (kInternal); api/http/error_table.h maps
// each to its HTTP status.

#include <boost/system/result.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ticketd::domain {

// The HTTP statuses in the comments are error_table.cc's; the domain itself
// knows nothing of HTTP.
enum class ErrorCode {
  // Business rules.
  kValidation,            // well-formed but invalid fields (422)
  kForbidden,             // the role may not do this (403)
  kNotFound,              // does not exist or is not visible to the caller (404)
  kInvalidTransition,     // the workflow does not allow it (409)
  kTicketClosed,          // the ticket is closed (409)
  kConflict,              // another business rule refuses it (409)
  kPreconditionFailed,    // If-Match names a version the ticket is no longer at (412)
  kIdempotencyKeyReused,  // an Idempotency-Key repeated with another request (422)

  // Requests the server will not take as they are.
  kUnauthorized,          // no or unknown bearer token (401)
  kRateLimited,           // the caller is over its rate (429)
  kMalformedRequest,      // not valid HTTP/1.1 (400)
  kMalformedJson,         // the body is not JSON (400)
  kInvalidUtf8,           // the body is not UTF-8 (400)
  kMalformedQuery,        // the query string cannot be decoded (400)
  kBadCursor,             // a list cursor that cannot be decoded (400)
  kMethodNotAllowed,      // the path exists, the method does not (405)
  kBodyTooLarge,          // the body is over the limit (413)
  kUnsupportedMediaType,  // the body's content type is not accepted (415)
  kHeaderTooLarge,        // the header block is over the limit (431)
  kSenderNotRequester,    // inbound mail from someone who may not write (403)
  kAutoSubmitted,         // inbound mail sent by a machine (422)
  kUnknownRecipient,      // inbound mail to no tenant's address (422)
  kInvalidCredentials,    // sign-in with an unknown email or a wrong password: alike (401)
  kCsrfTokenInvalid,      // a cookie session's change without its CSRF token (403)
  kSignInLocked,          // too many failed sign-ins; wait (429)
  kAttachmentTooLarge,    // an uploaded file over the per-file limit (413)
  kQuotaExceeded,         // an upload would take the tenant over its quota (413)
  kTypeNotAllowed,        // the tenant does not accept files of this type (422)
  kIncompleteBody,        // the body ended before its declared length or framing (400)
  kRangeNotSatisfiable,   // a byte range outside the file (416)

  // The server cannot serve it now; a retry may succeed.
  kReadSideBehind,      // min_position not applied in time (503)
  kNotReady,            // a view has no model yet (503)
  kUnavailable,         // a part of the server is not configured or running (503)
  kOverloaded,          // too many connections (503)
  kTooManyConnections,  // too many connections from the caller's address (503)

  // The server failed: the event store, the file system or another
  // dependency. The message is for the log, never for the caller (500).
  kInternal,
};

// The number of codes: ErrorCode values are 0 .. kErrorCodeCount - 1.
inline constexpr std::size_t kErrorCodeCount = static_cast<std::size_t>(ErrorCode::kInternal) + 1;

// Stable wire code: "validation", "forbidden", "not_found", ..., "internal".
// Clients branch on these (API.md): never rename one.
std::string_view to_string(ErrorCode c);

struct FieldError {
  std::string field;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// [[nodiscard]]: a function that returns an error has failed, and the
// caller must act on it.
struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::kValidation;
  std::string message;
  std::vector<FieldError> fields;  // set for kValidation
};

// Lets boost::system::result<T, Error>::value() throw when misused (a
// programming error): found by argument-dependent lookup.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

// boost::system::result, but [[nodiscard]] (as Abseil's Status is): a
// call whose result is dropped is a swallowed error, and the compiler says
// so (-Wunused-result). Discard one only with a (void) cast and a comment
// saying why. Behaves as its base in every other way.
template <class T, class E>
class [[nodiscard]] BasicResult : public boost::system::result<T, E> {
 public:
  using Base = boost::system::result<T, E>;
  using Base::Base;
  BasicResult() = default;
  BasicResult(Base base) : Base(std::move(base)) {}  // NOLINT: implicit, as a copy would be
};

template <class T>
using Result = BasicResult<T, Error>;

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}};
}

}  // namespace ticketd::domain
