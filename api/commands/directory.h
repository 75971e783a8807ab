#pragma once
// Tenants (with their SLA policy, automation settings and logo), agents (their
// availability for auto-assign) and API tokens, each a stream of the log
// ("tenants", "agents", "tokens") decided and evolved in domain/directory.h
// and written through a StreamAggregate (stream_aggregate.h): appended with
// the version decided on, without blocking the calling thread, rebuilt on
// start by reading the streams. Token secrets are never stored: only their
// SHA-256.
//
// The writing members answer through `done`, on the store's completer
// thread (at once, on the caller's, when the change is refused): quick
// work only there, as for the command path.
//
// Thread-safety: every member may be called from any thread.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/commands/stream_aggregate.h"
#include "domain/directory.h"
#include "domain/json_writer.h"
#include "domain/result.h"
#include "domain/sla_policy.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

using domain::Agent;
using domain::Tenant;
using domain::TenantSettings;

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
  // Reads the three streams. `bootstrap_admin_token` (TICKETD_ADMIN_TOKEN,
  // may be empty) is accepted as an admin token.
  static domain::Result<std::unique_ptr<Directory>> open(eventstore::EventStore& store,
                                                         std::string bootstrap_admin_token);

  // The actor a bearer token stands for; nullopt for unknown or revoked.
  std::optional<domain::Actor> authenticate(std::string_view token) const;
  // The same for the token's SHA-256 (hex), which is what a long-lived
  // answer keeps to check its caller again (an open event stream).
  std::optional<domain::Actor> authenticate_hash(std::string_view token_sha256) const;

  std::optional<Tenant> tenant(std::string_view slug) const;
  // The tenants as the domain's rules take them (accounts.h checks them).
  domain::TenantsState tenants_state() const;
  // A customer (customer or customer_admin) of `tenant` holding a live
  // token with this email address (compared case-insensitively); the
  // inbound mail route acts as them.
  std::optional<domain::Actor> customer_by_email(std::string_view tenant,
                                                 std::string_view email) const;
  // Tenants ordered by slug, after `after_slug`, at most `limit`.
  std::vector<Tenant> tenants(std::string_view after_slug, std::size_t limit) const;
  // The SLA policy of a tenant (defaults for an unknown one).
  domain::SlaPolicy policy(std::string_view slug) const;
  // The automation settings of a tenant (defaults for an unknown one).
  TenantSettings settings(std::string_view slug) const;

  // The live tokens held by user `holder_id`, oldest first.
  std::vector<TokenInfo> tokens_of(std::string_view holder_id) const;
  // Live tokens ordered by id, after `after_id`, at most `limit`, only those
  // of `role` when given (not the bootstrap token: it is no event). Walks
  // the ids from `after_id`, so a role filter costs the tokens skipped.
  std::vector<TokenInfo> tokens(std::string_view after_id, std::size_t limit,
                                std::optional<domain::Role> role = std::nullopt) const;

  std::optional<Agent> agent(std::string_view id) const;
  // Every configured agent, ordered by id.
  std::vector<Agent> agents() const;

  // Each appends one event as domain::decide decides (its errors), answering
  // the tenant, agent or token after it; kInternal when the store fails.
  void create_tenant(std::string slug, std::string name, const domain::Actor& by,
                     domain::Instant now, Answer<Tenant> done);
  void set_policy(std::string slug, domain::SlaPolicy policy, const domain::Actor& by,
                  domain::Instant now, Answer<Tenant> done);
  void set_settings(std::string slug, TenantSettings settings, const domain::Actor& by,
                    domain::Instant now, Answer<Tenant> done);
  // `logo` names bytes already durable in the blob store.
  void set_logo(std::string slug, domain::TenantLogo logo, const domain::Actor& by,
                domain::Instant now, Answer<Tenant> done);
  void remove_logo(std::string slug, const domain::Actor& by, domain::Instant now,
                   Answer<Tenant> done);
  void set_agent(domain::SetAgent agent, const domain::Actor& by, domain::Instant now,
                 Answer<Agent> done);
  // Answers {info, secret}: the secret is shown once and only its hash is
  // stored.
  void issue_token(domain::Actor holder, const domain::Actor& by, domain::Instant now,
                   Answer<std::pair<TokenInfo, std::string>> done);
  // kNotFound for an unknown or revoked id. The token stops authenticating
  // before the event is durable (and authenticates again if the append
  // fails), so whatever the commit wakes -- an open event stream -- already
  // finds it revoked.
  void revoke_token(std::string id, const domain::Actor& by, domain::Instant now,
                    Answer<void> done);

 private:
  explicit Directory(eventstore::EventStore& store);
  // Decides `command` on `aggregate`'s state as `by` at `now`, appends, and
  // answers `done` with `after(the committed events)`.
  template <class State, class Command, class After, class T>
  void change(StreamAggregate<State, domain::DirectoryEvent>& aggregate, Command command,
              const domain::Actor& by, domain::Instant now, After after, Answer<T> done);
  // An `after` that answers the tenant `slug` as it is then.
  std::function<Tenant(const Committed<domain::DirectoryEvent>&)> tenant_after(
      std::string slug) const;

  std::string bootstrap_hash_;
  StreamAggregate<domain::TenantsState, domain::DirectoryEvent> tenants_;
  StreamAggregate<domain::AgentsState, domain::DirectoryEvent> agents_;
  StreamAggregate<domain::TokensState, domain::DirectoryEvent> tokens_;
  mutable std::mutex revoking_mu_;
  std::atomic<int> revocations_in_flight_{0};  // revoking_.size(), read without the lock
  // Secret hashes of tokens being revoked, once per revocation in flight.
  std::multiset<std::string, std::less<>> revoking_;  // guarded by revoking_mu_
};

}  // namespace ticketd::api
