#include "domain/types.h"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>

namespace ticketd::domain {
namespace {

// Wire names indexed by the enumerator's value; the enums are dense from 0.
constexpr std::array<std::string_view, 6> kStatusNames = {
    "open", "in_progress", "waiting_on_customer", "on_hold", "resolved", "closed"};
constexpr std::array<std::string_view, 4> kPriorityNames = {"low", "medium", "high", "urgent"};
constexpr std::array<std::string_view, 6> kCategoryNames = {
    "billing", "technical", "account", "bug", "feature_request", "general"};
constexpr std::array<std::string_view, 6> kRoleNames = {
    "customer", "customer_admin", "agent", "admin", "system", "tenant_admin"};
constexpr std::array<std::string_view, 2> kSlaTargetKindNames = {"first_response", "resolution"};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Status s) { return name_of(kStatusNames, s); }
std::string_view to_string(Priority p) { return name_of(kPriorityNames, p); }
std::string_view to_string(Category c) { return name_of(kCategoryNames, c); }
std::string_view to_string(Role r) { return name_of(kRoleNames, r); }
std::string_view to_string(SlaTargetKind t) { return name_of(kSlaTargetKindNames, t); }

std::optional<Status> parse_status(std::string_view s) {
  return parse_name<Status>(kStatusNames, s);
}
std::optional<Priority> parse_priority(std::string_view s) {
  return parse_name<Priority>(kPriorityNames, s);
}
std::optional<Category> parse_category(std::string_view s) {
  return parse_name<Category>(kCategoryNames, s);
}
std::optional<Role> parse_role(std::string_view s) { return parse_name<Role>(kRoleNames, s); }
std::optional<SlaTargetKind> parse_sla_target_kind(std::string_view s) {
  return parse_name<SlaTargetKind>(kSlaTargetKindNames, s);
}

bool in_scope(const Actor& actor, std::string_view tenant) {
  if (is_customer(actor.role)) return !tenant.empty() && tenant == actor.tenant;
  if (actor.role == Role::kSystem) return true;
  if (!works_tickets(actor.role)) return false;
  if (actor.scope.empty()) return actor.role != Role::kTenantAdmin;
  return std::binary_search(actor.scope.begin(), actor.scope.end(), tenant);
}

bool is_platform(const Actor& actor) {
  if (actor.role == Role::kSystem) return true;
  return (actor.role == Role::kAgent || actor.role == Role::kAdmin) && actor.scope.empty();
}

bool is_normal_scope(const std::vector<std::string>& scope) {
  return std::adjacent_find(scope.begin(), scope.end(), std::greater_equal<>()) == scope.end();
}

}  // namespace ticketd::domain
