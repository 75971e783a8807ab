#include "domain/directory.h"

#include <algorithm>
#include <utility>

#include "domain/validation.h"

namespace ticketd::domain {
namespace {

constexpr std::size_t kMaxSlugBytes = 40;

template <class Body>
Result<std::vector<DirectoryEvent>> one(const Context& ctx, Body body) {
  std::vector<DirectoryEvent> out;
  out.push_back(
      DirectoryEvent{EventMeta{ctx.now, ctx.actor.id, ctx.actor.role}, 0, std::move(body)});
  return out;
}

Error forbidden() {
  return make_error(ErrorCode::kForbidden, "only an admin may change the directory");
}

Error field_error(std::string field, std::string message) {
  Error e = make_error(ErrorCode::kValidation, field + ": " + message);
  e.fields.push_back({std::move(field), std::move(message)});
  return e;
}

bool valid_slug(std::string_view s) {
  if (s.empty() || s.size() > kMaxSlugBytes || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool valid_agent_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes && std::none_of(id.begin(), id.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// kNotFound for a tenant that does not exist or that `actor` may not reach.
std::optional<Error> unknown_tenant(const TenantsState& s, std::string_view slug,
                                    const Actor& actor) {
  if (in_scope(actor, slug) && s.tenants.find(slug) != s.tenants.end()) return std::nullopt;
  return make_error(ErrorCode::kNotFound, "no such tenant");
}

// The rules a token's holder must meet, with the API's field names.
FieldErrors holder_errors(const Actor& holder) {
  FieldErrors errors;
  if (holder.role == Role::kSystem)
    errors.push_back({"role", "must be customer, customer_admin, agent, tenant_admin or admin"});
  check_id(holder.id, "user.id", errors);
  if (!holder.email.empty()) check_email(holder.email, "user.email", errors);
  check_text(holder.name, kNameRule, "user.name", errors);
  if (is_customer(holder.role)) {
    if (holder.tenant.empty()) errors.push_back({"tenant", "is required for customer roles"});
    if (holder.email.empty()) errors.push_back({"user.email", "is required for customer roles"});
  } else if (!holder.tenant.empty()) {
    errors.push_back({"tenant", "staff tokens belong to no tenant"});
  }
  if (is_customer(holder.role) && !holder.scope.empty()) {
    errors.push_back({"scope", "is for staff roles; customers belong to their tenant"});
  } else if (holder.role == Role::kTenantAdmin && holder.scope.empty()) {
    errors.push_back({"scope", "is required for tenant_admin: the tenants it runs"});
  } else if (!std::all_of(holder.scope.begin(), holder.scope.end(), valid_slug) ||
             !is_normal_scope(holder.scope)) {
    errors.push_back({"scope", "must be tenant slugs, sorted and unique"});
  }
  return errors;
}

}  // namespace

bool TenantSettings::auto_assigns(Category c) const {
  return std::binary_search(auto_assign.begin(), auto_assign.end(), c);
}

std::string_view directory_event_type(const DirectoryEventBody& body) {
  static constexpr std::string_view kNames[] = {
      "TenantCreated", "TenantSlaChanged", "TenantSettingsChanged", "AgentChanged",
      "TokenIssued",   "TokenRevoked",     "TenantLogoSet",         "TenantLogoRemoved"};
  static_assert(std::size(kNames) == std::variant_size_v<DirectoryEventBody>);
  return kNames[body.index()];
}

bool is_tenant_logo_type(std::string_view type) {
  return std::find(kTenantLogoTypes.begin(), kTenantLogoTypes.end(), type) !=
         kTenantLogoTypes.end();
}

bool may_administer(const Actor& actor) {
  return actor.role == Role::kSystem || (actor.role == Role::kAdmin && actor.scope.empty());
}

bool administers_tenants(const Actor& actor) {
  return actor.role == Role::kAdmin || actor.role == Role::kTenantAdmin ||
         actor.role == Role::kSystem;
}

Result<std::vector<DirectoryEvent>> decide(const CreateTenant& c, const TenantsState& s,
                                           const Context& ctx) {
  if (!may_administer(ctx.actor)) return forbidden();
  if (!valid_slug(c.slug)) {
    return field_error("slug",
                       "must be 1-40 lowercase letters, digits or '-', not starting with '-'");
  }
  FieldErrors errors;
  check_text(c.name, TextRule{kMaxNameChars, 0, true, TextRule::Lines::kOne}, "name", errors);
  if (!errors.empty()) return field_error("name", errors.front().message);
  if (s.tenants.find(c.slug) != s.tenants.end()) {
    return make_error(ErrorCode::kConflict, "tenant \"" + c.slug + "\" exists");
  }
  return one(ctx, TenantCreated{c.slug, c.name});
}

Result<std::vector<DirectoryEvent>> decide(const SetTenantSla& c, const TenantsState& s,
                                           const Context& ctx) {
  if (!administers_tenants(ctx.actor)) return forbidden();
  if (auto e = unknown_tenant(s, c.slug, ctx.actor)) return std::move(*e);
  return one(ctx, TenantSlaChanged{c.slug, c.policy});
}

Result<std::vector<DirectoryEvent>> decide(const SetTenantSettings& c, const TenantsState& s,
                                           const Context& ctx) {
  if (!administers_tenants(ctx.actor)) return forbidden();
  if (auto e = unknown_tenant(s, c.slug, ctx.actor)) return std::move(*e);
  return one(ctx, TenantSettingsChanged{c.slug, c.settings});
}

Result<std::vector<DirectoryEvent>> decide(const SetTenantLogo& c, const TenantsState& s,
                                           const Context& ctx) {
  if (!administers_tenants(ctx.actor)) return forbidden();
  if (auto e = unknown_tenant(s, c.slug, ctx.actor)) return std::move(*e);
  const TenantLogo& logo = c.logo;
  if (!is_tenant_logo_type(logo.type)) {
    return make_error(ErrorCode::kUnsupportedMediaType,
                      "a logo must be a PNG, JPEG, GIF or WebP image; this file is " + logo.type);
  }
  if (logo.size > kMaxTenantLogoBytes) {
    return make_error(ErrorCode::kBodyTooLarge,
                      "a logo may be at most 256 KiB (" + std::to_string(kMaxTenantLogoBytes) +
                          " bytes); this file has " + std::to_string(logo.size));
  }
  if (logo.size == 0) return field_error("logo", "is empty");
  const bool hex =
      logo.sha256.size() == 64 && std::all_of(logo.sha256.begin(), logo.sha256.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
      });
  if (!hex) return field_error("logo", "must be named by its SHA-256 in lower-case hex");
  return one(ctx, TenantLogoSet{c.slug, logo});
}

Result<std::vector<DirectoryEvent>> decide(const RemoveTenantLogo& c, const TenantsState& s,
                                           const Context& ctx) {
  if (!administers_tenants(ctx.actor)) return forbidden();
  if (auto e = unknown_tenant(s, c.slug, ctx.actor)) return std::move(*e);
  if (!s.tenants.find(c.slug)->second.logo) {
    return make_error(ErrorCode::kNotFound, "the tenant has no logo");
  }
  return one(ctx, TenantLogoRemoved{c.slug});
}

Result<std::vector<DirectoryEvent>> decide(const SetAgent& c, const AgentsState&,
                                           const Context& ctx) {
  if (!may_administer(ctx.actor)) return forbidden();
  if (!valid_agent_id(c.id))
    return field_error("id", "must be 1-128 bytes without control characters");
  return one(ctx, AgentChanged{c.id, c.available, c.max_open});
}

Result<std::vector<DirectoryEvent>> decide(const IssueToken& c, const TokensState& s,
                                           const Context& ctx) {
  const Actor& by = ctx.actor;
  const bool personal = !by.id.empty() && c.holder.id == by.id && c.holder.role == by.role &&
                        c.holder.tenant == by.tenant;
  if (!may_administer(by) && !personal) return forbidden();
  if (std::optional<Error> invalid = validation_error(holder_errors(c.holder)))
    return std::move(*invalid);
  if (c.id.empty() || c.secret_sha256.empty() || s.secret_sha256_by_id.contains(c.id) ||
      s.by_secret_sha256.contains(c.secret_sha256)) {
    return make_error(ErrorCode::kConflict, "the token id or secret is already in use");
  }
  return one(ctx, TokenIssued{c.id, c.holder, c.secret_sha256});
}

Result<std::vector<DirectoryEvent>> decide(const RevokeToken& c, const TokensState& s,
                                           const Context& ctx) {
  auto hash = s.secret_sha256_by_id.find(c.id);
  const Token* token = nullptr;
  if (hash != s.secret_sha256_by_id.end()) {
    if (auto it = s.by_secret_sha256.find(hash->second); it != s.by_secret_sha256.end())
      token = &it->second;
  }
  const bool own = token != nullptr && !ctx.actor.id.empty() && token->actor.id == ctx.actor.id;
  // Somebody else's token is as missing as an unknown one.
  if (token == nullptr || (!may_administer(ctx.actor) && !own))
    return make_error(ErrorCode::kNotFound, "no such token");
  return one(ctx, TokenRevoked{c.id});
}

TenantsState evolve(TenantsState s, const DirectoryEvent& e) {
  if (const auto* created = std::get_if<TenantCreated>(&e.body)) {
    Tenant t;
    t.slug = created->slug;
    t.name = created->name;
    t.created_at = e.meta.occurred_at;
    s.tenants[t.slug] = std::move(t);
  } else if (const auto* sla = std::get_if<TenantSlaChanged>(&e.body)) {
    if (auto it = s.tenants.find(sla->slug); it != s.tenants.end()) it->second.policy = sla->policy;
  } else if (const auto* settings = std::get_if<TenantSettingsChanged>(&e.body)) {
    if (auto it = s.tenants.find(settings->slug); it != s.tenants.end())
      it->second.settings = settings->settings;
  } else if (const auto* set = std::get_if<TenantLogoSet>(&e.body)) {
    if (auto it = s.tenants.find(set->slug); it != s.tenants.end()) it->second.logo = set->logo;
  } else if (const auto* removed = std::get_if<TenantLogoRemoved>(&e.body)) {
    if (auto it = s.tenants.find(removed->slug); it != s.tenants.end()) it->second.logo.reset();
  }
  return s;
}

AgentsState evolve(AgentsState s, const DirectoryEvent& e) {
  if (const auto* changed = std::get_if<AgentChanged>(&e.body)) {
    s.agents[changed->id] =
        Agent{changed->id, changed->available, changed->max_open, e.meta.occurred_at};
  }
  return s;
}

TokensState evolve(TokensState s, const DirectoryEvent& e) {
  if (const auto* issued = std::get_if<TokenIssued>(&e.body)) {
    s.secret_sha256_by_id[issued->id] = issued->secret_sha256;
    s.by_secret_sha256[issued->secret_sha256] =
        Token{issued->id, issued->holder, e.meta.occurred_at, issued->secret_sha256};
  } else if (const auto* revoked = std::get_if<TokenRevoked>(&e.body)) {
    auto it = s.secret_sha256_by_id.find(revoked->id);
    if (it == s.secret_sha256_by_id.end()) return s;
    s.by_secret_sha256.erase(it->second);
    s.secret_sha256_by_id.erase(it);
  }
  return s;
}

}  // namespace ticketd::domain
