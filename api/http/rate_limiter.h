#pragma once
// Per-caller request rate limit (API.md: 429 with Retry-After): a token
// bucket per caller, refilled at `rate` requests per second up to
// `burst`. A rate of 0 turns it off. Callers are named by caller_key()
// (app.h): the token holder within its role and tenant.
//
// Thread-safety: allow() may be called from any thread.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ticketd::api {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // Whether `caller` may make one more request at `now`; when not,
  // `retry_after` is the whole seconds until a request would be allowed.
  bool allow(std::string_view caller, Clock::time_point now, std::uint32_t& retry_after);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled{};
  };
  static constexpr std::size_t kMaxBuckets = 100000;

  double rate_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace ticketd::api
