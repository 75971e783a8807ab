#pragma once
// Tenants (with their SLA policy) and API tokens. Both are events in the log
// -- streams "tenants" and "tokens" -- so they survive restarts, show in
// the audit trail and are rebuilt on start by reading those two streams.
// Token secrets are never stored: only their SHA-256.
//
// Thread-safety: every member may be called from any thread.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.h"
#include "domain/sla_policy.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

struct Tenant {
  std::string slug;
  std::string name;
  domain::Instant created_at{};
  domain::SlaPolicy policy = domain::SlaPolicy::defaults();
};

struct TokenInfo {
  std::string id;
  domain::Actor actor;  // role, tenant, user id, email, name
  domain::Instant created_at{};
};

class Directory {
 public:
  // Reads the "tenants" and "tokens" streams. `bootstrap_admin_token`
  // (TICKETD_ADMIN_TOKEN, may be empty) is accepted as an admin token.
  static domain::Result<std::unique_ptr<Directory>> open(eventstore::EventStore& store,
                                                         std::string bootstrap_admin_token);

  // The actor a bearer token stands for; nullopt for unknown or revoked.
  std::optional<domain::Actor> authenticate(std::string_view token) const;

  std::optional<Tenant> tenant(std::string_view slug) const;
  // Tenants ordered by slug, after `after_slug`, at most `limit`.
  std::vector<Tenant> tenants(std::string_view after_slug, std::size_t limit) const;
  // The SLA policy of a tenant (defaults for an unknown one).
  domain::SlaPolicy policy(std::string_view slug) const;

  // Appends TenantCreated. kConflict when the slug exists; kValidation for a
  // bad slug (lowercase letters, digits, '-', 1-40) or name (1-200).
  domain::Result<Tenant> create_tenant(std::string slug, std::string name,
                                       const domain::Actor& by, domain::Instant now);
  // Appends TenantSlaChanged with the whole new policy.
  domain::Result<Tenant> set_policy(std::string_view slug, domain::SlaPolicy policy,
                                    const domain::Actor& by, domain::Instant now);

  // Appends TokenIssued for `actor` and returns {info, secret}; the secret
  // is shown once and only its hash is stored.
  domain::Result<std::pair<TokenInfo, std::string>> issue_token(domain::Actor actor,
                                                                const domain::Actor& by,
                                                                domain::Instant now);
  // Appends TokenRevoked; kNotFound for an unknown or revoked id.
  domain::Result<void> revoke_token(std::string_view id, const domain::Actor& by,
                                    domain::Instant now);

  // The JSON forms of policies, shared by the API and the stored events.
  // {"policies": {"urgent": {"first_response_s", "resolution_s"}, ...},
  //  "business_hours": {"time_zone", "weekly": [7 x [{"start_minute",
  //  "end_minute"}]], "holidays": ["YYYY-MM-DD"]}}
  static void write_policy(std::string& out, const domain::SlaPolicy& policy);
  // Reads that form over `base`: priorities and business_hours left out
  // keep base's. kValidation with field errors ("policies.urgent.resolution_s").
  static domain::Result<domain::SlaPolicy> parse_policy(std::string_view json,
                                                        domain::SlaPolicy base);

 private:
  explicit Directory(eventstore::EventStore& store) : store_(store) {}
  domain::Result<void> append(std::string_view stream, std::string type, std::string tenant,
                              std::string data, const domain::Actor& by, domain::Instant now);
  void apply(std::string_view type, std::string_view data, domain::Instant at);

  eventstore::EventStore& store_;
  std::mutex write_mu_;  // serialises appends to the two streams
  mutable std::shared_mutex mu_;
  std::string bootstrap_hash_;
  std::map<std::string, Tenant, std::less<>> tenants_;                       // guarded by mu_
  std::unordered_map<std::string, TokenInfo> tokens_by_hash_;               // guarded by mu_
  std::unordered_map<std::string, std::string> hash_by_id_;                 // guarded by mu_
};

}  // namespace ticketd::api
