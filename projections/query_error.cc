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

int http_status(QueryErrorCode code) {
  switch (code) {
    case QueryErrorCode::kValidation:
      return 422;
    case QueryErrorCode::kBadCursor:
      return 400;
    case QueryErrorCode::kForbidden:
      return 403;
    case QueryErrorCode::kNotReady:
      return 503;
  }
  return 500;
}

void throw_exception_from_error(const QueryError& e, const boost::source_location&) {
  throw std::logic_error("query error (" + std::string(to_string(e.code)) + "): " + e.message);
}

}  // namespace ticketd::projections
