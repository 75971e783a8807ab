#pragma once
// Value types shared by the whole domain: instants, durations, enums and the
// people who act on tickets. Everything here is a plain value.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ticketd::domain {

// A UTC instant with millisecond precision (the precision of the API and of
// event timestamps).
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

enum class Status { kOpen, kInProgress, kWaitingOnCustomer, kOnHold, kResolved, kClosed };
enum class Priority { kLow, kMedium, kHigh, kUrgent };
enum class Category { kBilling, kTechnical, kAccount, kBug, kFeatureRequest, kGeneral };
// kSystem is the actor of automatic actions (SLA breaches, auto-close,
// auto-assign) so that the audit trail says why they happened. kTenantAdmin
// works the tickets of the tenants in its scope like an agent and configures
// those tenants (SLA, settings, webhooks); it is last so that the values of
// the older roles never change.
enum class Role { kCustomer, kCustomerAdmin, kAgent, kAdmin, kSystem, kTenantAdmin };
// Which of the two SLA targets (see SlaTargets in sla_policy.h) an SLA event
// is about.
enum class SlaTargetKind { kFirstResponse, kResolution };

// Wire names ("waiting_on_customer", "urgent", "feature_request", ...).
std::string_view to_string(Status s);
std::string_view to_string(Priority p);
std::string_view to_string(Category c);
std::string_view to_string(Role r);
std::string_view to_string(SlaTargetKind t);

// Parse a wire name; std::nullopt for anything unknown.
std::optional<Status> parse_status(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
std::optional<Category> parse_category(std::string_view s);
std::optional<Role> parse_role(std::string_view s);
std::optional<SlaTargetKind> parse_sla_target_kind(std::string_view s);

// Customer roles see public messages only and act within their tenant.
constexpr bool is_customer(Role r) { return r == Role::kCustomer || r == Role::kCustomerAdmin; }
// Staff work tickets (of the tenants in their scope) and see internal notes.
constexpr bool is_staff(Role r) {
  return r == Role::kAgent || r == Role::kAdmin || r == Role::kTenantAdmin || r == Role::kSystem;
}
// The people who work tickets: reply, note, assign, change status (staff
// without the system).
constexpr bool works_tickets(Role r) {
  return r == Role::kAgent || r == Role::kAdmin || r == Role::kTenantAdmin;
}

// Who issues a command. `tenant` is empty for staff; `email` identifies a
// customer's own tickets (a ticket an agent opens for a requester belongs to
// the requester's email). `scope` (sorted, unique tenant slugs) limits staff
// to those tenants; empty means every tenant, which only an agent or an
// admin may have (a tenant_admin with an empty scope reaches no tenant).
// Customers ignore it: their tenant is `tenant`.
struct Actor {
  std::string id;
  Role role = Role::kCustomer;
  std::string tenant;
  std::string email;
  std::string name;
  std::vector<std::string> scope = {};  // a default, so brace-initialised actors may omit it
  friend bool operator==(const Actor&, const Actor&) = default;
};

// Whether `actor` may reach tenant `tenant` at all: a customer its own
// tenant; staff the tenants of their scope, or every tenant with an empty
// scope (agent and admin only); the system every tenant.
bool in_scope(const Actor& actor, std::string_view tenant);
// Whether `actor` is platform-wide staff: an agent or admin with an empty
// scope (or the system). Platform-only routes and rules ask this.
bool is_platform(const Actor& actor);
// Whether `scope` is sorted and unique, as Actor::scope must be.
bool is_normal_scope(const std::vector<std::string>& scope);

// The person a ticket is for.
struct Requester {
  std::string id;
  std::string email;
  std::string name;
  friend bool operator==(const Requester&, const Requester&) = default;
};

}  // namespace ticketd::domain
