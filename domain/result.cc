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
