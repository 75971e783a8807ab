#pragma once
// Errors of view queries, as values (STYLE.md). Each code is one of the
// domain's error set (to_domain_error()), which the API maps to HTTP like
// every other error, so it needs no knowledge of the views.

#include <boost/system/result.hpp>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace ticketd::projections {

enum class QueryErrorCode {
  kValidation,  // a parameter is invalid: unknown sort, bad limit or enum (422)
  kBadCursor,   // the cursor cannot be decoded or belongs to another listing (400)
  kForbidden,   // the caller's role may not use this view (403)
  kNotReady,    // no model is serving yet (first build running) (503)
};

// Stable machine-readable name: "validation", "bad_cursor", ...
std::string_view to_string(QueryErrorCode code);

struct [[nodiscard]] QueryError {
  QueryErrorCode code = QueryErrorCode::kValidation;
  std::string field;  // the offending parameter, when there is one
  std::string message;
};

// The same failure in the domain's error set (kValidation with the
// parameter as a field error, kBadCursor, kForbidden, kNotReady); the wire
// codes are equal to to_string(e.code).
domain::Error to_domain_error(const QueryError& e);

// Lets result<T, QueryError>::value() throw on misuse (a programming error).
[[noreturn]] void throw_exception_from_error(const QueryError& e,
                                             const boost::source_location& loc);

// [[nodiscard]] as domain::Result is.
template <class T>
using QueryResult = domain::BasicResult<T, QueryError>;

inline QueryError query_error(QueryErrorCode code, std::string field, std::string message) {
  return QueryError{code, std::move(field), std::move(message)};
}

}  // namespace ticketd::projections
