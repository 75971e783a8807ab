#pragma once
// Brute force against sign-in: progressive locks per account (its email,
// known or not, so an unknown address locks exactly as a known one does and
// the answers tell nothing) and per client address. After `free_failures`
// failures in a row each further one locks sign-ins for first_lock, then
// twice as long, ..., at most max_lock. A success clears the account's
// count; failures are forgotten an hour after the last one. In memory: a
// restart forgives (the audit trail keeps every failure).
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/types.h"

namespace ticketd::api {

class SignInThrottle {
 public:
  struct Options {
    unsigned free_failures = 5;           // per account
    unsigned free_address_failures = 50;  // per client address (shared by NATs)
    domain::Millis first_lock = std::chrono::seconds(30);
    domain::Millis max_lock = std::chrono::minutes(15);
    std::size_t max_entries = 100'000;  // beyond it, the oldest quiet entries go
  };
  explicit SignInThrottle(Options options) : options_(options) {}

  // When sign-ins for `account_key` or from `address` may be tried again;
  // nullopt when they may now. An empty account_key counts the address only
  // (guesses of link tokens, which name no account).
  std::optional<domain::Instant> locked_until(std::string_view account_key,
                                              std::string_view address, domain::Instant now);
  // Counts a failure; answers the end of the lock it starts, if it does.
  std::optional<domain::Instant> failed(std::string_view account_key, std::string_view address,
                                        domain::Instant now);
  void succeeded(std::string_view account_key);

 private:
  struct Entry {
    unsigned failures = 0;
    domain::Instant last_failure{};
    domain::Instant locked_until{};
  };
  static std::optional<domain::Instant> lock_of(const std::unordered_map<std::string, Entry>& map,
                                                std::string_view key, domain::Instant now);
  std::optional<domain::Instant> count(std::unordered_map<std::string, Entry>& map,
                                       std::string_view key, unsigned free, domain::Instant now);
  void forget_quiet(std::unordered_map<std::string, Entry>& map, domain::Instant now);

  const Options options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> accounts_;   // guarded by mu_
  std::unordered_map<std::string, Entry> addresses_;  // guarded by mu_
};

}  // namespace ticketd::api
