#pragma once
// Optimistic concurrency for one stream: what the caller believes the stream's
// current version to be when it appends. Stream versions start at 1 (the
// first event); version 0 means "the stream has no events".

#include <cstdint>
#include <string>

namespace ticketd::eventstore {

class ExpectedVersion {
 public:
  // Append whatever the stream's version is.
  static constexpr ExpectedVersion any() { return ExpectedVersion(true, 0); }
  // The stream must not exist yet (same as exactly(0)).
  static constexpr ExpectedVersion no_stream() { return ExpectedVersion(false, 0); }
  // The stream's last event must have exactly this version.
  static constexpr ExpectedVersion exactly(uint64_t version) {
    return ExpectedVersion(false, version);
  }

  constexpr bool is_any() const { return any_; }
  // The required version; meaningless when is_any().
  constexpr uint64_t version() const { return version_; }
  // True when a stream currently at `current` satisfies this expectation.
  constexpr bool matches(uint64_t current) const { return any_ || current == version_; }

  // "any", "no_stream" or the number, for error messages.
  std::string to_string() const {
    if (any_) return "any";
    if (version_ == 0) return "no_stream";
    return std::to_string(version_);
  }

  friend constexpr bool operator==(ExpectedVersion, ExpectedVersion) = default;

 private:
  constexpr ExpectedVersion(bool any, uint64_t version) : any_(any), version_(version) {}

  bool any_;
  uint64_t version_;
};

}  // namespace ticketd::eventstore
