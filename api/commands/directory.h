#pragma once
// Tenants (with their SLA policy and automation settings), agents (their
// availability for auto-assign) and API tokens. All are events in the log
// -- streams "tenants", "agents" and "tokens" -- so they survive restarts,
// show in the audit trail and are rebuilt on start by reading those streams.
// Token secrets are never stored: only their SHA-256.
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
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

#include "domain/json_writer.h"
#include "domain/result.h"
#include "domain/sla_policy.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// What the system does by itself for a tenant's tickets.
struct TenantSettings {
  // A resolved ticket closes after this long without a customer reply
  // (default 3 days; zero: never).
  domain::Millis auto_close_after = std::chrono::hours(72);
  // Categories whose new open, unassigned tickets are assigned round-robin
  // to available agents below their cap; sorted, unique; empty: off.
  std::vector<domain::Category> auto_assign;

  bool auto_assigns(domain::Category c) const;
  friend bool operator==(const TenantSettings&, const TenantSettings&) = default;
};

struct Tenant {
  std::string slug;
  std::string name;
  domain::Instant created_at{};
  domain::SlaPolicy policy = domain::SlaPolicy::defaults();
  TenantSettings settings;
};

// An agent as auto-assign sees it. Agents are known by the id tickets are
// assigned to; only agents configured here (PUT /admin/v1/agents/{id}) are
// candidates, and only while `available`.
struct Agent {
  std::string id;
  bool available = false;
  // Open (not resolved or closed) assigned tickets at which auto-assign
  // skips the agent; nullopt: no cap.
  std::optional<std::uint32_t> max_open;
  domain::Instant updated_at{};
  friend bool operator==(const Agent&, const Agent&) = default;
};

// The members "available" and "max_open" (null: no cap) of an agent's JSON.
void write_agent_setting(domain::JsonWriter& w, const Agent& agent);

struct TokenInfo {
  std::string id;
  domain::Actor actor;  // role, tenant, user id, email, name
  domain::Instant created_at{};
};

// The streams the directory keeps its events in (README, "Where ticketd
// goes beyond API.md": tenants, tokens and agents are events too).
inline constexpr std::string_view kTenantsStream = "tenants";
inline constexpr std::string_view kTokensStream = "tokens";
inline constexpr std::string_view kAgentsStream = "agents";

class Directory {
 public:
  // Reads the "tenants" and "tokens" streams. `bootstrap_admin_token`
  // (TICKETD_ADMIN_TOKEN, may be empty) is accepted as an admin token.
  static domain::Result<std::unique_ptr<Directory>> open(eventstore::EventStore& store,
                                                         std::string bootstrap_admin_token);

  // The actor a bearer token stands for; nullopt for unknown or revoked.
  std::optional<domain::Actor> authenticate(std::string_view token) const;
  // The same for the token's SHA-256 (hex), which is what a long-lived
  // answer keeps to check its caller again (an open event stream).
  std::optional<domain::Actor> authenticate_hash(std::string_view token_sha256) const;

  std::optional<Tenant> tenant(std::string_view slug) const;
  // A customer (customer or customer_admin) of `tenant` holding a live
  // token with this email address (compared case-insensitively); the
  // inbound mail route acts as them.
  std::optional<domain::Actor> customer_by_email(std::string_view tenant,
                                                 std::string_view email) const;
  // Tenants ordered by slug, after `after_slug`, at most `limit`.
  std::vector<Tenant> tenants(std::string_view after_slug, std::size_t limit) const;
  // The SLA policy of a tenant (defaults for an unknown one).
  domain::SlaPolicy policy(std::string_view slug) const;

  // Appends TenantCreated. kConflict when the slug exists; kValidation for a
  // bad slug (lowercase letters, digits, '-', 1-40) or name (1-200). Every
  // method that appends fails with kInternal when the store does.
  domain::Result<Tenant> create_tenant(std::string slug, std::string name,
                                       const domain::Actor& by, domain::Instant now);
  // Appends TenantSlaChanged with the whole new policy.
  domain::Result<Tenant> set_policy(std::string_view slug, domain::SlaPolicy policy,
                                    const domain::Actor& by, domain::Instant now);

  // The automation settings of a tenant (defaults for an unknown one).
  TenantSettings settings(std::string_view slug) const;
  // Appends TenantSettingsChanged with the whole new settings; kNotFound for
  // an unknown tenant.
  domain::Result<Tenant> set_settings(std::string_view slug, TenantSettings settings,
                                      const domain::Actor& by, domain::Instant now);

  std::optional<Agent> agent(std::string_view id) const;
  // Every configured agent, ordered by id.
  std::vector<Agent> agents() const;
  // Appends AgentChanged (stream "agents") with the agent's whole setting;
  // kValidation for an id that is empty, longer than 128 bytes or has
  // control characters.
  domain::Result<Agent> set_agent(Agent agent, const domain::Actor& by, domain::Instant now);

  // Appends TokenIssued for `actor` and returns {info, secret}; the secret
  // is shown once and only its hash is stored.
  domain::Result<std::pair<TokenInfo, std::string>> issue_token(domain::Actor actor,
                                                                const domain::Actor& by,
                                                                domain::Instant now);
  // Appends TokenRevoked; kNotFound for an unknown or revoked id. The token
  // stops authenticating before the event is durable (and again if the
  // append fails), so whatever the commit wakes -- an open event stream --
  // already finds it revoked.
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

  // The JSON form of settings: {"auto_close_after_s": 259200,
  // "auto_assign": ["billing", ...]}.
  static void write_settings(std::string& out, const TenantSettings& settings);
  // Reads that form over `base`; members left out keep base's.
  // "auto_close_days" (whole days) may be given instead of
  // "auto_close_after_s" (seconds), not both; 0 turns auto-close off.
  // kValidation with field errors.
  static domain::Result<TenantSettings> parse_settings(std::string_view json, TenantSettings base);

  // The data of the stream events that automation follows in the log:
  // TenantSettingsChanged ({"slug", settings...}) and AgentChanged ({"id",
  // "available", "max_open"}). nullopt for malformed data.
  static std::optional<std::pair<std::string, TenantSettings>> settings_event(std::string_view data);
  static std::optional<Agent> agent_event(std::string_view data, domain::Instant at);

 private:
  explicit Directory(eventstore::EventStore& store) : store_(store) {}
  domain::Result<void> append(std::string_view stream, std::string type, std::string tenant,
                              std::string data, const domain::Actor& by, domain::Instant now);
  void apply(std::string_view type, std::string_view data, domain::Instant at);

  eventstore::EventStore& store_;
  std::mutex write_mu_;  // serialises appends to the streams
  mutable std::shared_mutex mu_;
  std::string bootstrap_hash_;
  std::map<std::string, Tenant, std::less<>> tenants_;                       // guarded by mu_
  std::unordered_map<std::string, TokenInfo> tokens_by_hash_;               // guarded by mu_
  std::unordered_map<std::string, std::string> hash_by_id_;                 // guarded by mu_
  std::map<std::string, Agent, std::less<>> agents_;                        // guarded by mu_
};

}  // namespace ticketd::api
