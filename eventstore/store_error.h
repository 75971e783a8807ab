#pragma once
// Errors of the event store are values (STYLE.md): every fallible call returns
// a Result<T> holding either a T or a StoreError with a stable code and a
// human-readable message. Exceptions are reserved for programming errors, such
// as calling value() on a Result that holds an error.

#include <boost/system/result.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace ticketd::eventstore {

enum class StoreErrorCode {
  // An append's ExpectedVersion did not match the stream's current version.
  // Nothing of the request was stored; the caller may reload and retry.
  kWrongExpectedVersion,
  // Some, but not all, event ids of an append are already stored (or they are
  // stored in other streams): the request is neither new nor a clean retry.
  kDuplicateMismatch,
  // RocksDB or the file system failed. For an append the outcome is unknown:
  // retrying with the same event ids is safe (idempotency makes it exact).
  kIo,
  // The stored bytes are not what the store wrote (bad record, broken index).
  kCorruption,
  // The request is malformed (empty stream name, missing event id, ...).
  kInvalidArgument,
  // The store was closed, or opened read-only, and accepts no more appends.
  kClosed,
};

// Stable machine-readable name: "wrong_expected_version", "io", ...
std::string_view to_string(StoreErrorCode code);

// [[nodiscard]]: a function that returns an error has failed.
struct [[nodiscard]] StoreError {
  StoreErrorCode code = StoreErrorCode::kIo;
  std::string message;
};

// Lets boost::system::result<T, StoreError>::value() throw std::logic_error
// when it holds an error (a programming error); found by argument-dependent
// lookup.
[[noreturn]] void throw_exception_from_error(const StoreError& e,
                                             const boost::source_location& loc);

// boost::system::result, but [[nodiscard]]: a dropped Result is a swallowed
// store failure (STYLE.md: a failed write fails the request and is logged),
// and the compiler says so. Discard one only with a (void) cast and a
// comment saying why. Behaves as its base in every other way. (The same as
// domain::BasicResult; the event store depends on nothing of ticketd.)
template <class T>
class [[nodiscard]] Result : public boost::system::result<T, StoreError> {
 public:
  using Base = boost::system::result<T, StoreError>;
  using Base::Base;
  Result() = default;
  Result(Base base) : Base(std::move(base)) {}  // NOLINT: implicit, as a copy would be
};

inline StoreError make_store_error(StoreErrorCode code, std::string message) {
  return StoreError{code, std::move(message)};
}

}  // namespace ticketd::eventstore
