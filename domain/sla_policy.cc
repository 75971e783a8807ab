#include "domain/sla_policy.h"

namespace ticketd::domain {

SlaTargets SlaPolicy::for_priority(Priority p) const {
  return targets[static_cast<std::size_t>(p)];
}

SlaPolicy SlaPolicy::defaults() {
  using std::chrono::hours;
  SlaPolicy policy;
  policy.targets[static_cast<std::size_t>(Priority::kLow)] = {hours{48}, hours{168}};
  policy.targets[static_cast<std::size_t>(Priority::kMedium)] = {hours{24}, hours{72}};
  policy.targets[static_cast<std::size_t>(Priority::kHigh)] = {hours{4}, hours{24}};
  policy.targets[static_cast<std::size_t>(Priority::kUrgent)] = {hours{2}, hours{4}};
  return policy;
}

}  // namespace ticketd::domain
