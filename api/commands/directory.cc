#include "api/commands/directory.h"

#include <algorithm>

#include "api/commands/ids.h"
#include "codec/directory_codec.h"
#include "domain/validation.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kBootstrapId = "bootstrap-admin";

template <class State>
typename StreamAggregate<State, domain::DirectoryEvent>::Codec directory_codec() {
  return {codec::to_directory_event,
          [](const domain::DirectoryEvent& e, std::string id) {
            return codec::to_new_event(e, std::move(id));
          },
          [](State s, const domain::DirectoryEvent& e) { return domain::evolve(std::move(s), e); }};
}

domain::Context context(const domain::Actor& by, domain::Instant now) {
  return domain::Context{by, now, {}};
}

}  // namespace

Directory::Directory(eventstore::EventStore& store)
    : tenants_(store, std::string(kTenantsStream), 'd', directory_codec<domain::TenantsState>()),
      agents_(store, std::string(kAgentsStream), 'd', directory_codec<domain::AgentsState>()),
      tokens_(store, std::string(kTokensStream), 'd', directory_codec<domain::TokensState>()) {}

domain::Result<std::unique_ptr<Directory>> Directory::open(eventstore::EventStore& store,
                                                           std::string bootstrap_admin_token) {
  std::unique_ptr<Directory> dir(new Directory(store));
  if (!bootstrap_admin_token.empty()) dir->bootstrap_hash_ = sha256_hex(bootstrap_admin_token);
  for (const domain::Result<void>& loaded :
       {dir->tenants_.load(), dir->agents_.load(), dir->tokens_.load()}) {
    if (!loaded) return loaded.error();
  }
  return dir;
}

std::optional<domain::Actor> Directory::authenticate(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  return authenticate_hash(sha256_hex(token));
}

std::optional<domain::Actor> Directory::authenticate_hash(std::string_view hash) const {
  if (!bootstrap_hash_.empty() && hash == bootstrap_hash_) {
    return domain::Actor{std::string(kBootstrapId), domain::Role::kAdmin, "", "",
                         "Bootstrap admin"};
  }
  // Every request passes here: the lock only while a revocation is in flight.
  if (revocations_in_flight_.load(std::memory_order_acquire) > 0) {
    std::lock_guard lock(revoking_mu_);
    if (revoking_.contains(hash)) return std::nullopt;
  }
  return tokens_.read([&](const domain::TokensState& s) -> std::optional<domain::Actor> {
    auto it = s.by_secret_sha256.find(std::string(hash));
    if (it == s.by_secret_sha256.end()) return std::nullopt;
    return it->second.actor;
  });
}

std::optional<Tenant> Directory::tenant(std::string_view slug) const {
  return tenants_.read([&](const domain::TenantsState& s) -> std::optional<Tenant> {
    auto it = s.tenants.find(slug);
    if (it == s.tenants.end()) return std::nullopt;
    return it->second;
  });
}

std::vector<TokenInfo> Directory::tokens_of(std::string_view holder_id) const {
  std::vector<TokenInfo> out = tokens_.read([&](const domain::TokensState& s) {
    std::vector<TokenInfo> mine;
    for (const auto& [hash, token] : s.by_secret_sha256) {
      if (token.actor.id == holder_id) mine.push_back({token.id, token.actor, token.created_at});
    }
    return mine;
  });
  std::sort(out.begin(), out.end(), [](const TokenInfo& a, const TokenInfo& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  return out;
}

std::vector<TokenInfo> Directory::tokens(std::string_view after_id, std::size_t limit,
                                         std::optional<domain::Role> role) const {
  return tokens_.read([&](const domain::TokensState& s) {
    std::vector<TokenInfo> out;
    for (auto it = s.secret_sha256_by_id.upper_bound(after_id);
         it != s.secret_sha256_by_id.end() && out.size() < limit; ++it) {
      auto token = s.by_secret_sha256.find(it->second);
      if (token == s.by_secret_sha256.end()) continue;
      if (role && token->second.actor.role != *role) continue;
      out.push_back({token->second.id, token->second.actor, token->second.created_at});
    }
    return out;
  });
}

domain::TenantsState Directory::tenants_state() const {
  return tenants_.read([](const domain::TenantsState& s) { return s; });
}

std::optional<domain::Actor> Directory::customer_by_email(std::string_view tenant,
                                                          std::string_view email) const {
  return tokens_.read([&](const domain::TokensState& s) -> std::optional<domain::Actor> {
    for (const auto& [hash, token] : s.by_secret_sha256) {
      const domain::Actor& a = token.actor;
      if (domain::is_customer(a.role) && a.tenant == tenant && !a.email.empty() &&
          domain::same_email(a.email, email)) {
        return a;
      }
    }
    return std::nullopt;
  });
}

std::vector<Tenant> Directory::tenants(std::string_view after_slug, std::size_t limit) const {
  return tenants_.read([&](const domain::TenantsState& s) {
    std::vector<Tenant> out;
    for (auto it = after_slug.empty() ? s.tenants.begin() : s.tenants.upper_bound(after_slug);
         it != s.tenants.end() && out.size() < limit; ++it) {
      out.push_back(it->second);
    }
    return out;
  });
}

// Only the part asked for is copied: every command reads its tenant's policy.
domain::SlaPolicy Directory::policy(std::string_view slug) const {
  return tenants_.read([&](const domain::TenantsState& s) {
    auto it = s.tenants.find(slug);
    return it == s.tenants.end() ? domain::SlaPolicy::defaults() : it->second.policy;
  });
}

TenantSettings Directory::settings(std::string_view slug) const {
  return tenants_.read([&](const domain::TenantsState& s) {
    auto it = s.tenants.find(slug);
    return it == s.tenants.end() ? TenantSettings{} : it->second.settings;
  });
}

std::optional<Agent> Directory::agent(std::string_view id) const {
  return agents_.read([&](const domain::AgentsState& s) -> std::optional<Agent> {
    auto it = s.agents.find(id);
    if (it == s.agents.end()) return std::nullopt;
    return it->second;
  });
}

std::vector<Agent> Directory::agents() const {
  return agents_.read([](const domain::AgentsState& s) {
    std::vector<Agent> out;
    for (const auto& [id, agent] : s.agents) out.push_back(agent);
    return out;
  });
}

template <class State, class Command, class After, class T>
void Directory::change(StreamAggregate<State, domain::DirectoryEvent>& aggregate, Command command,
                       const domain::Actor& by, domain::Instant now, After after, Answer<T> done) {
  aggregate.execute([c = std::move(command),
                     ctx = context(by, now)](const State& s) { return domain::decide(c, s, ctx); },
                    [after = std::move(after),
                     done = std::move(done)](domain::Result<Committed<domain::DirectoryEvent>> r) {
                      if (!r) return done(std::move(r.error()));
                      done(after(*r));
                    });
}

std::function<Tenant(const Committed<domain::DirectoryEvent>&)> Directory::tenant_after(
    std::string slug) const {
  return [this, slug = std::move(slug)](const auto&) { return *tenant(slug); };
}

void Directory::create_tenant(std::string slug, std::string name, const domain::Actor& by,
                              domain::Instant now, Answer<Tenant> done) {
  auto after = tenant_after(slug);
  change(tenants_, domain::CreateTenant{std::move(slug), std::move(name)}, by, now,
         std::move(after), std::move(done));
}

void Directory::set_policy(std::string slug, domain::SlaPolicy policy, const domain::Actor& by,
                           domain::Instant now, Answer<Tenant> done) {
  auto after = tenant_after(slug);
  change(tenants_, domain::SetTenantSla{std::move(slug), std::move(policy)}, by, now,
         std::move(after), std::move(done));
}

void Directory::set_settings(std::string slug, TenantSettings settings, const domain::Actor& by,
                             domain::Instant now, Answer<Tenant> done) {
  auto after = tenant_after(slug);
  change(tenants_, domain::SetTenantSettings{std::move(slug), std::move(settings)}, by, now,
         std::move(after), std::move(done));
}

void Directory::set_logo(std::string slug, domain::TenantLogo logo, const domain::Actor& by,
                         domain::Instant now, Answer<Tenant> done) {
  auto after = tenant_after(slug);
  change(tenants_, domain::SetTenantLogo{std::move(slug), std::move(logo)}, by, now,
         std::move(after), std::move(done));
}

void Directory::remove_logo(std::string slug, const domain::Actor& by, domain::Instant now,
                            Answer<Tenant> done) {
  auto after = tenant_after(slug);
  change(tenants_, domain::RemoveTenantLogo{std::move(slug)}, by, now, std::move(after),
         std::move(done));
}

void Directory::set_agent(domain::SetAgent agent, const domain::Actor& by, domain::Instant now,
                          Answer<Agent> done) {
  const std::string id = agent.id;
  change(
      agents_, std::move(agent), by, now, [this, id](const auto&) { return *this->agent(id); },
      std::move(done));
}

void Directory::issue_token(domain::Actor holder, const domain::Actor& by, domain::Instant now,
                            Answer<std::pair<TokenInfo, std::string>> done) {
  std::string secret = "tkd_" + random_hex(24);
  TokenInfo info{"tok_" + random_hex(8), holder, now};
  domain::IssueToken command{info.id, std::move(holder), sha256_hex(secret)};
  change(
      tokens_, std::move(command), by, now,
      [info = std::move(info), secret = std::move(secret)](const auto&) {
        return std::make_pair(info, secret);
      },
      std::move(done));
}

void Directory::revoke_token(std::string id, const domain::Actor& by, domain::Instant now,
                             Answer<void> done) {
  // Forgotten before the append is decided, so the commit's wake-ups find
  // it gone; remembered again when the append fails.
  std::string hash = tokens_.read([&](const domain::TokensState& s) {
    auto it = s.secret_sha256_by_id.find(id);
    return it == s.secret_sha256_by_id.end() ? std::string() : it->second;
  });
  {
    std::lock_guard lock(revoking_mu_);
    revoking_.insert(hash);
    revocations_in_flight_.fetch_add(1, std::memory_order_release);
  }
  tokens_.execute([c = domain::RevokeToken{std::move(id)}, ctx = context(by, now)](
                      const domain::TokensState& s) { return domain::decide(c, s, ctx); },
                  [this, hash = std::move(hash),
                   done = std::move(done)](domain::Result<Committed<domain::DirectoryEvent>> r) {
                    {
                      std::lock_guard lock(revoking_mu_);
                      revoking_.erase(revoking_.find(hash));
                      revocations_in_flight_.fetch_sub(1, std::memory_order_release);
                    }
                    if (!r) return done(std::move(r.error()));
                    done({});
                  });
}

void write_agent_setting(domain::JsonWriter& w, const Agent& agent) {
  w.member("available", agent.available);
  w.key("max_open");
  if (agent.max_open) {
    w.value(static_cast<std::uint64_t>(*agent.max_open));
  } else {
    w.value(nullptr);
  }
}

}  // namespace ticketd::api
