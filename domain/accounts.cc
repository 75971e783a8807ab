#include "domain/accounts.h"

#include <algorithm>
#include <utility>

#include "domain/validation.h"

namespace ticketd::domain {
namespace {

using Events = std::vector<AccountEvent>;

std::string email_key(std::string_view tenant, std::string_view email) {
  if (tenant.empty()) return ascii_lower(email);
  std::string key(tenant);
  key += '\n';
  key += ascii_lower(email);
  return key;
}

template <class Body>
void add(Events& out, const Context& ctx, Body body) {
  out.push_back(AccountEvent{EventMeta{ctx.now, ctx.actor.id, ctx.actor.role}, 0, std::move(body)});
}

Error not_found() { return make_error(ErrorCode::kNotFound, "no such account"); }

// A platform admin (no scope) or the system: manages every account.
bool platform_admin(const Actor& a) {
  return a.role == Role::kSystem || (a.role == Role::kAdmin && is_platform(a));
}

bool subset(const std::vector<std::string>& inner, const std::vector<std::string>& outer) {
  return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

// The rules of a role with its tenant and scope, with the API's field names.
// A tenant outside the actor's scope reads as no tenant at all.
void check_role(Role role, std::string_view tenant, const std::vector<std::string>& scope,
                const TenantsState& tenants, const Actor& by, FieldErrors& errors) {
  auto known = [&](std::string_view t) { return tenants.tenants.contains(t) && in_scope(by, t); };
  if (role == Role::kSystem) {
    errors.push_back({"role", "must be customer, customer_admin, agent, tenant_admin or admin"});
    return;
  }
  if (is_customer(role)) {
    if (tenant.empty())
      errors.push_back({"tenant", "is required for customer roles"});
    else if (!known(tenant))
      errors.push_back({"tenant", "no such tenant"});
    if (!scope.empty()) errors.push_back({"scope", "customers have a tenant, not a scope"});
    return;
  }
  if (!tenant.empty()) errors.push_back({"tenant", "staff have a scope, not a tenant"});
  if (role == Role::kAdmin && !scope.empty())
    errors.push_back({"scope", "a platform admin works every tenant"});
  if (role == Role::kTenantAdmin && scope.empty())
    errors.push_back({"scope", "a tenant_admin needs at least one tenant"});
  for (std::size_t i = 0; i < scope.size(); ++i) {
    if (!known(scope[i])) errors.push_back({"scope[" + std::to_string(i) + "]", "no such tenant"});
  }
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Null for an unknown account: an event naming one changes nothing.
Account* at(AccountsState& s, std::string_view id) {
  auto it = s.by_id.find(id);
  return it == s.by_id.end() ? nullptr : &it->second;
}

// The holder may act on their own account; managers on the accounts they manage.
const Account* reachable(const AccountsState& s, std::string_view id, const Actor& actor) {
  const Account* account = s.find(id);
  if (account == nullptr) return nullptr;
  if (actor.id == account->id && actor.role == account->role) return account;
  return may_manage(actor, *account) ? account : nullptr;
}

struct Evolver {
  AccountsState& s;
  const EventMeta& meta;
  void operator()(const AccountInvited& e) {
    Account a{e.id,
              e.email,
              e.name,
              e.role,
              e.tenant,
              e.scope,
              AccountStatus::kInvited,
              false,
              meta.occurred_at,
              meta.occurred_at,
              meta.occurred_at};
    s.id_by_email.insert_or_assign(email_key(e.tenant, e.email), e.id);
    s.by_id.insert_or_assign(e.id, std::move(a));
  }
  void operator()(const AccountRegistered& e) {
    Account a{e.id,
              e.email,
              e.name,
              Role::kCustomer,
              e.tenant,
              {},
              AccountStatus::kActive,
              false,
              meta.occurred_at,
              meta.occurred_at,
              meta.occurred_at};
    s.id_by_email.insert_or_assign(email_key(e.tenant, e.email), e.id);
    s.by_id.insert_or_assign(e.id, std::move(a));
  }
  void operator()(const AccountActivated& e) {
    if (Account* a = at(s, e.id)) a->status = AccountStatus::kActive;
  }
  void operator()(const PasswordSet& e) {
    if (Account* a = at(s, e.id)) a->has_password = true;
  }
  void operator()(const AccountEmailChanged& e) {
    Account* a = at(s, e.id);
    if (a == nullptr) return;
    s.id_by_email.erase(email_key(a->tenant, a->email));
    a->email = e.email;
    s.id_by_email.insert_or_assign(email_key(a->tenant, a->email), a->id);
  }
  void operator()(const AccountRenamed& e) {
    if (Account* a = at(s, e.id)) a->name = e.name;
  }
  void operator()(const AccountRoleChanged& e) {
    Account* a = at(s, e.id);
    if (a == nullptr) return;
    s.id_by_email.erase(email_key(a->tenant, a->email));
    a->role = e.role;
    a->tenant = e.tenant;
    a->scope = e.scope;
    s.id_by_email.insert_or_assign(email_key(a->tenant, a->email), a->id);
  }
  void operator()(const AccountDisabled& e) {
    if (Account* a = at(s, e.id)) a->status = AccountStatus::kDisabled;
  }
  void operator()(const AccountEnabled& e) {
    if (Account* a = at(s, e.id))
      a->status = a->has_password ? AccountStatus::kActive : AccountStatus::kInvited;
  }
  void operator()(const SessionsRevoked& e) {
    if (Account* a = at(s, e.id)) a->sessions_valid_from = meta.occurred_at;
  }
  void operator()(const AccountLanguageChanged& e) {
    if (Account* a = at(s, e.id)) a->language = e.language;
  }
};

}  // namespace

std::string_view to_string(AccountStatus s) {
  switch (s) {
    case AccountStatus::kInvited:
      return "invited";
    case AccountStatus::kActive:
      return "active";
    case AccountStatus::kDisabled:
      return "disabled";
  }
  return "disabled";
}

Actor actor_of(const Account& account) {
  return Actor{account.id,    account.role, account.tenant,
               account.email, account.name, account.scope};
}

std::string_view account_event_type(const AccountEventBody& body) {
  static constexpr std::string_view kNames[] = {
      "AccountInvited",      "AccountRegistered", "AccountActivated",      "PasswordSet",
      "AccountEmailChanged", "AccountRenamed",    "AccountRoleChanged",    "AccountDisabled",
      "AccountEnabled",      "SessionsRevoked",   "AccountLanguageChanged"};
  static_assert(std::size(kNames) == std::variant_size_v<AccountEventBody>);
  return kNames[body.index()];
}

std::string_view sign_in_event_type(const SignInEventBody& body) {
  static constexpr std::string_view kNames[] = {"SignedIn", "SignedOut", "SignInFailed",
                                                "SignInLocked", "SignInLinkSent"};
  static_assert(std::size(kNames) == std::variant_size_v<SignInEventBody>);
  return kNames[body.index()];
}

const Account* AccountsState::find(std::string_view id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &it->second;
}

const Account* AccountsState::by_email(std::string_view tenant, std::string_view email) const {
  auto it = id_by_email.find(email_key(tenant, email));
  return it == id_by_email.end() ? nullptr : find(it->second);
}

bool may_manage(const Actor& actor, const Account& account) {
  if (platform_admin(actor)) return true;
  // A tenant_admin, or an admin scoped to tenants: within the scope.
  const bool scoped_manager = actor.role == Role::kTenantAdmin || actor.role == Role::kAdmin;
  if (!scoped_manager || actor.scope.empty()) return false;
  if (is_customer(account.role)) return in_scope(actor, account.tenant);
  if (account.role == Role::kAdmin || account.scope.empty()) return false;  // platform staff
  return subset(account.scope, actor.scope);
}

Result<Events> decide(const InviteAccount& c, const AccountsState& s, const TenantsState& tenants,
                      const Context& ctx) {
  FieldErrors errors;
  check_email(c.email, "email", errors);
  check_text(c.name, kNameRule, "name", errors);
  const std::vector<std::string> scope = sorted_unique(c.scope);
  check_role(c.role, c.tenant, scope, tenants, ctx.actor, errors);
  if (auto e = validation_error(std::move(errors))) return std::move(*e);
  Account like;
  like.role = c.role;
  like.tenant = c.tenant;
  like.scope = scope;
  if (!may_manage(ctx.actor, like))
    return make_error(ErrorCode::kForbidden, "you may not invite an account with that role");
  if (s.by_email(c.tenant, c.email) != nullptr)
    return make_error(ErrorCode::kConflict, "an account has that email address");
  Events out;
  add(out, ctx, AccountInvited{c.id, c.email, c.name, c.role, c.tenant, scope});
  return out;
}

Result<Events> decide(const RegisterCustomer& c, const AccountsState& s,
                      const TenantsState& tenants, const Context& ctx) {
  FieldErrors errors;
  check_email(c.email, "email", errors);
  check_text(c.name, kNameRule, "name", errors);
  if (!tenants.tenants.contains(c.tenant)) errors.push_back({"tenant", "no such tenant"});
  if (auto e = validation_error(std::move(errors))) return std::move(*e);
  if (s.by_email(c.tenant, c.email) != nullptr)
    return make_error(ErrorCode::kConflict, "an account has that email address");
  Events out;
  add(out, ctx, AccountRegistered{c.id, c.email, c.name, c.tenant});
  return out;
}

Result<Events> decide(const RecordPasswordSet& c, const AccountsState& s, const Context& ctx) {
  const Account* account = reachable(s, c.id, ctx.actor);
  if (account == nullptr) return not_found();
  if (account->status == AccountStatus::kDisabled)
    return make_error(ErrorCode::kConflict, "the account is disabled");
  Events out;
  add(out, ctx, PasswordSet{c.id, c.reason});
  if (account->status == AccountStatus::kInvited) add(out, ctx, AccountActivated{c.id});
  return out;
}

Result<Events> decide(const ChangeAccount& c, const AccountsState& s, const TenantsState& tenants,
                      const Context& ctx) {
  const Account* account = s.find(c.id);
  // The holder changes their own name and language; the rest is an admin's.
  const bool own = account != nullptr && account->id == ctx.actor.id && !c.email && !c.role &&
                   !c.tenant && !c.scope;
  if (account == nullptr || !(own || may_manage(ctx.actor, *account))) return not_found();
  FieldErrors errors;
  if (c.email) check_email(*c.email, "email", errors);
  if (c.name) check_text(*c.name, kNameRule, "name", errors);
  if (c.language && !c.language->empty() && !is_mail_language(*c.language))
    errors.push_back({"language", "must be \"en\", \"de\" or \"\" (the default)"});
  const Role role = c.role.value_or(account->role);
  const std::string tenant = c.tenant.value_or(account->tenant);
  const std::vector<std::string> scope = sorted_unique(c.scope.value_or(account->scope));
  check_role(role, tenant, scope, tenants, ctx.actor, errors);
  if (auto e = validation_error(std::move(errors))) return std::move(*e);
  Account after = *account;
  after.role = role;
  after.tenant = tenant;
  after.scope = scope;
  if (!own && !may_manage(ctx.actor, after))
    return make_error(ErrorCode::kForbidden, "you may not give the account that role");
  const std::string email = c.email.value_or(account->email);
  const Account* holder = s.by_email(tenant, email);
  if (holder != nullptr && holder->id != account->id)
    return make_error(ErrorCode::kConflict, "an account has that email address");
  Events out;
  if (email != account->email) add(out, ctx, AccountEmailChanged{c.id, email});
  if (c.name && *c.name != account->name) add(out, ctx, AccountRenamed{c.id, *c.name});
  if (c.language && *c.language != account->language)
    add(out, ctx, AccountLanguageChanged{c.id, *c.language});
  if (role != account->role || tenant != account->tenant || scope != account->scope) {
    add(out, ctx, AccountRoleChanged{c.id, role, tenant, scope});
    add(out, ctx, SessionsRevoked{c.id, "role"});
  }
  return out;
}

Result<Events> decide(const DisableAccount& c, const AccountsState& s, const Context& ctx) {
  const Account* account = s.find(c.id);
  if (account == nullptr || !may_manage(ctx.actor, *account)) return not_found();
  if (account->id == ctx.actor.id)
    return make_error(ErrorCode::kConflict, "you cannot disable your own account");
  if (account->status == AccountStatus::kDisabled)
    return make_error(ErrorCode::kConflict, "the account is disabled already");
  Events out;
  add(out, ctx, AccountDisabled{c.id});
  add(out, ctx, SessionsRevoked{c.id, "disabled"});
  return out;
}

Result<Events> decide(const EnableAccount& c, const AccountsState& s, const Context& ctx) {
  const Account* account = s.find(c.id);
  if (account == nullptr || !may_manage(ctx.actor, *account)) return not_found();
  if (account->status != AccountStatus::kDisabled)
    return make_error(ErrorCode::kConflict, "the account is not disabled");
  Events out;
  add(out, ctx, AccountEnabled{c.id});
  return out;
}

Result<Events> decide(const RevokeSessions& c, const AccountsState& s, const Context& ctx) {
  if (reachable(s, c.id, ctx.actor) == nullptr) return not_found();
  Events out;
  add(out, ctx, SessionsRevoked{c.id, c.reason});
  return out;
}

AccountsState evolve(AccountsState s, const AccountEvent& e) {
  std::visit(Evolver{s, e.meta}, e.body);
  const std::string_view id =
      std::visit([](const auto& b) -> std::string_view { return b.id; }, e.body);
  if (Account* account = at(s, id)) account->updated_at = e.meta.occurred_at;
  return s;
}

}  // namespace ticketd::domain
