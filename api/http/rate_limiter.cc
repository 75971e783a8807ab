#include "api/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace ticketd::api {

bool RateLimiter::allow(std::string_view caller, Clock::time_point now,
                        std::uint32_t& retry_after) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mu_);
  if (buckets_.size() > kMaxBuckets) {
    // Forget callers whose buckets are full again: they lose nothing.
    std::erase_if(buckets_, [&](const auto& entry) {
      const double elapsed = std::chrono::duration<double>(now - entry.second.refilled).count();
      return entry.second.tokens + elapsed * rate_ >= burst_;
    });
  }
  auto [it, added] = buckets_.try_emplace(std::string(caller), Bucket{burst_, now});
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
  b.refilled = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  retry_after = static_cast<std::uint32_t>(std::max(1.0, std::ceil((1 - b.tokens) / rate_)));
  return false;
}

}  // namespace ticketd::api
