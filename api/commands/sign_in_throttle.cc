#include "api/commands/sign_in_throttle.h"

#include <algorithm>
#include <cstdint>

namespace ticketd::api {
namespace {

constexpr domain::Millis kForgetAfter = std::chrono::hours(1);

}  // namespace

std::optional<domain::Instant> SignInThrottle::lock_of(
    const std::unordered_map<std::string, Entry>& map, std::string_view key, domain::Instant now) {
  auto it = map.find(std::string(key));
  if (it == map.end() || it->second.locked_until <= now) return std::nullopt;
  return it->second.locked_until;
}

std::optional<domain::Instant> SignInThrottle::locked_until(std::string_view account_key,
                                                            std::string_view address,
                                                            domain::Instant now) {
  std::lock_guard lock(mu_);
  std::optional<domain::Instant> a =
      account_key.empty() ? std::nullopt : lock_of(accounts_, account_key, now);
  std::optional<domain::Instant> b = lock_of(addresses_, address, now);
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

std::optional<domain::Instant> SignInThrottle::failed(std::string_view account_key,
                                                      std::string_view address,
                                                      domain::Instant now) {
  std::lock_guard lock(mu_);
  std::optional<domain::Instant> a =
      account_key.empty() ? std::nullopt
                          : count(accounts_, account_key, options_.free_failures, now);
  std::optional<domain::Instant> b =
      count(addresses_, address, options_.free_address_failures, now);
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

void SignInThrottle::succeeded(std::string_view account_key) {
  std::lock_guard lock(mu_);
  accounts_.erase(std::string(account_key));
}

std::optional<domain::Instant> SignInThrottle::count(std::unordered_map<std::string, Entry>& map,
                                                     std::string_view key, unsigned free,
                                                     domain::Instant now) {
  if (map.size() >= options_.max_entries) forget_quiet(map, now);
  Entry& e = map[std::string(key)];
  if (now - e.last_failure > kForgetAfter) e.failures = 0;
  e.last_failure = now;
  if (++e.failures <= free) return std::nullopt;
  const unsigned doublings = std::min(e.failures - free - 1, 20u);
  const domain::Millis lock =
      std::min(options_.max_lock,
               domain::Millis(options_.first_lock.count() * (std::int64_t{1} << doublings)));
  e.locked_until = now + lock;
  return e.locked_until;
}

void SignInThrottle::forget_quiet(std::unordered_map<std::string, Entry>& map,
                                  domain::Instant now) {
  std::erase_if(map, [&](const auto& kv) {
    return kv.second.locked_until <= now && now - kv.second.last_failure > kForgetAfter;
  });
  if (map.size() >= options_.max_entries) {
    // Under a flood of distinct names nothing is quiet yet: keep the locks.
    std::erase_if(map, [&](const auto& kv) { return kv.second.locked_until <= now; });
  }
}

}  // namespace ticketd::api
