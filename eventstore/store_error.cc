#include "eventstore/store_error.h"

#include <stdexcept>

namespace ticketd::eventstore {

std::string_view to_string(StoreErrorCode code) {
  switch (code) {
    case StoreErrorCode::kWrongExpectedVersion:
      return "wrong_expected_version";
    case StoreErrorCode::kDuplicateMismatch:
      return "duplicate_mismatch";
    case StoreErrorCode::kIo:
      return "io";
    case StoreErrorCode::kCorruption:
      return "corruption";
    case StoreErrorCode::kInvalidArgument:
      return "invalid_argument";
    case StoreErrorCode::kClosed:
      return "closed";
  }
  return "unknown";
}

void throw_exception_from_error(const StoreError& e, const boost::source_location& loc) {
  std::string what = "unchecked event store error (";
  what += to_string(e.code);
  what += "): ";
  what += e.message;
  what += " at ";
  what += loc.file_name();
  what += ':';
  what += std::to_string(loc.line());
  throw std::logic_error(what);
}

}  // namespace ticketd::eventstore
