#pragma once
// Business-rule failures are values, not exceptions (STYLE.md): a Result<T>
// holds either a T or an Error with a stable machine-readable code.

#include <boost/system/result.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ticketd::domain {

enum class ErrorCode {
  kValidation,         // well-formed but invalid fields (HTTP 422)
  kForbidden,          // the role may not do this (403)
  kNotFound,           // does not exist or is not visible to the caller (404)
  kInvalidTransition,  // the workflow does not allow it (409)
  kTicketClosed,       // the ticket is closed (409)
  kConflict,           // another business rule refuses it (409)
};

// Stable wire code: "validation", "forbidden", "not_found", ...
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

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message), {}}; }

}  // namespace ticketd::domain
