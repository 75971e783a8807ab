#include "projections/query_error.h"

#include <stdexcept>

namespace ticketd::projections {

std::string_view to_string(QueryErrorCode code) {
  switch (code) {
    case QueryErrorCode::kValidation:
      return "validation";
    case QueryErrorCode::kBadCursor:
      return "bad_cursor";
    case QueryErrorCode::kForbidden:
      return "forbidden";
    case QueryErrorCode::kNotReady:
      return "not_ready";
  }
  return "unknown";
}

domain::Error to_domain_error(const QueryError& e) {
  domain::ErrorCode code = domain::ErrorCode::kValidation;
  switch (e.code) {
    case QueryErrorCode::kValidation:
      code = domain::ErrorCode::kValidation;
      break;
    case QueryErrorCode::kBadCursor:
      code = domain::ErrorCode::kBadCursor;
      break;
    case QueryErrorCode::kForbidden:
      code = domain::ErrorCode::kForbidden;
      break;
    case QueryErrorCode::kNotReady:
      code = domain::ErrorCode::kNotReady;
      break;
  }
  domain::Error out = domain::make_error(code, e.message);
  if (!e.field.empty() && e.code == QueryErrorCode::kValidation)
    out.fields.push_back({e.field, e.message});
  return out;
}

void throw_exception_from_error(const QueryError& e, const boost::source_location&) {
  throw std::logic_error("query error (" + std::string(to_string(e.code)) + "): " + e.message);
}

}  // namespace ticketd::projections
