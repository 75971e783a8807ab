#pragma once
// People: the accounts that sign in (customers, customer admins, agents,
// tenant admins, platform admins), on the stream "accounts", decided and
// evolved like the directory (directory.h): decide() turns a command and
// the state into events or an error, evolve() folds an event in, and the
// caller appends expecting the version decided on. And the record of
// sign-ins (sign_in_events below), which nothing decides: it is what
// happened, kept on the stream "signins" for the audit trail.
//
// No secret is here: passwords, their hashes, session and link secrets live
// in the key store beside the log (api/commands/credentials.h). Pure: ids
// are made by the caller.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/context.h"
#include "domain/directory.h"
#include "domain/result.h"
#include "domain/types.h"

namespace ticketd::domain {

enum class AccountStatus { kInvited, kActive, kDisabled };
std::string_view to_string(AccountStatus s);

struct Account {
  std::string id;  // "acc_" + 16 hex digits
  std::string email;
  std::string name;
  Role role = Role::kCustomer;
  std::string tenant;              // customer roles: their tenant; staff: empty
  std::vector<std::string> scope;  // staff: sorted tenants; empty: every tenant
  AccountStatus status = AccountStatus::kInvited;
  bool has_password = false;
  Instant created_at{};
  Instant updated_at{};
  // Sessions started before this instant have ended (SessionsRevoked).
  Instant sessions_valid_from{};
  // The language of the mail it gets ("en", "de"); empty: its tenant's
  // (customers) or English (staff).
  std::string language;
  friend bool operator==(const Account&, const Account&) = default;
};

// Who the account acts as: its id, role, tenant, email, name and scope.
Actor actor_of(const Account& account);

// ---- Events of the "accounts" stream ----

// A person an admin invited; they set a password to activate.
struct AccountInvited {
  std::string id;
  std::string email;
  std::string name;
  Role role = Role::kCustomer;
  std::string tenant;
  std::vector<std::string> scope;
  friend bool operator==(const AccountInvited&, const AccountInvited&) = default;
};
// A customer who proved their address (a sign-in link) without an account:
// active at once; their earlier tickets (by that address) are theirs.
struct AccountRegistered {
  std::string id;
  std::string email;
  std::string name;
  std::string tenant;
  friend bool operator==(const AccountRegistered&, const AccountRegistered&) = default;
};
struct AccountActivated {
  std::string id;
  friend bool operator==(const AccountActivated&, const AccountActivated&) = default;
};
// A password was set; `reason`: "invitation", "reset" or "change". The
// password and its hash are not here.
struct PasswordSet {
  std::string id;
  std::string reason;
  friend bool operator==(const PasswordSet&, const PasswordSet&) = default;
};
struct AccountEmailChanged {
  std::string id;
  std::string email;
  friend bool operator==(const AccountEmailChanged&, const AccountEmailChanged&) = default;
};
struct AccountRenamed {
  std::string id;
  std::string name;
  friend bool operator==(const AccountRenamed&, const AccountRenamed&) = default;
};
// The whole new role, tenant and scope.
struct AccountRoleChanged {
  std::string id;
  Role role = Role::kCustomer;
  std::string tenant;
  std::vector<std::string> scope;
  friend bool operator==(const AccountRoleChanged&, const AccountRoleChanged&) = default;
};
struct AccountDisabled {
  std::string id;
  friend bool operator==(const AccountDisabled&, const AccountDisabled&) = default;
};
struct AccountEnabled {
  std::string id;
  friend bool operator==(const AccountEnabled&, const AccountEnabled&) = default;
};
// The language of the account's mail; empty: the default again.
struct AccountLanguageChanged {
  std::string id;
  std::string language;
  friend bool operator==(const AccountLanguageChanged&, const AccountLanguageChanged&) = default;
};
// Every session of the account that started before the event has ended;
// `reason`: "reset", "user", "admin", "disabled", "role".
struct SessionsRevoked {
  std::string id;
  std::string reason;
  friend bool operator==(const SessionsRevoked&, const SessionsRevoked&) = default;
};

using AccountEventBody =
    std::variant<AccountInvited, AccountRegistered, AccountActivated, PasswordSet,
                 AccountEmailChanged, AccountRenamed, AccountRoleChanged, AccountDisabled,
                 AccountEnabled, SessionsRevoked, AccountLanguageChanged>;
using AccountEvent = StoredEvent<AccountEventBody>;
std::string_view account_event_type(const AccountEventBody& body);

struct AccountsState {
  std::map<std::string, Account, std::less<>> by_id;
  // Staff by lowercased email (unique across the platform), customers by
  // "tenant\n" + lowercased email (unique per tenant).
  std::map<std::string, std::string, std::less<>> id_by_email;

  const Account* find(std::string_view id) const;
  // The staff account (tenant empty) or customer account of `tenant` with
  // this address, compared case-insensitively.
  const Account* by_email(std::string_view tenant, std::string_view email) const;
};

// ---- Commands ----

struct InviteAccount {
  std::string id;
  std::string email;
  std::string name;
  Role role = Role::kAgent;
  std::string tenant;
  std::vector<std::string> scope;
};
struct RegisterCustomer {
  std::string id;
  std::string email;
  std::string name;
  std::string tenant;
};
// Records a password set by the account's holder (the hash is stored by the
// caller first); an invited account becomes active.
struct RecordPasswordSet {
  std::string id;
  std::string reason;  // "invitation", "reset", "change"
};
// What an admin changes (the holder: only their own name and language);
// members left out stay. A change of role, tenant or scope also ends the
// account's sessions.
struct ChangeAccount {
  std::string id;
  std::optional<std::string> email = std::nullopt;
  std::optional<std::string> name = std::nullopt;
  std::optional<std::string> language = std::nullopt;  // "en", "de" or "" (the default)
  std::optional<Role> role = std::nullopt;
  std::optional<std::string> tenant = std::nullopt;
  std::optional<std::vector<std::string>> scope = std::nullopt;
};
struct DisableAccount {
  std::string id;
};
struct EnableAccount {
  std::string id;
};
struct RevokeSessions {
  std::string id;
  std::string reason;  // "user", "admin", "reset"
};

// Whether `actor` may manage `account` (or create one like it): a platform
// admin (or the system) every account; a tenant_admin (or an admin scoped
// to tenants) the customers of the tenants in its scope and staff whose
// scope lies within its own.
bool may_manage(const Actor& actor, const Account& account);

// kForbidden when the actor may not manage such an account; kValidation
// naming the field ("email", "name", "role", "tenant", "scope"); kConflict
// when the address is taken (staff: on the platform; customers: in the
// tenant). `tenants` is the directory's, to refuse unknown tenants; one
// outside the actor's scope is as unknown.
Result<std::vector<AccountEvent>> decide(const InviteAccount& c, const AccountsState& s,
                                         const TenantsState& tenants, const Context& ctx);
// The actor is the person; kConflict when the tenant has that address.
Result<std::vector<AccountEvent>> decide(const RegisterCustomer& c, const AccountsState& s,
                                         const TenantsState& tenants, const Context& ctx);
// kNotFound for an unknown account, kConflict for a disabled one; the actor
// is the holder (or the system).
Result<std::vector<AccountEvent>> decide(const RecordPasswordSet& c, const AccountsState& s,
                                         const Context& ctx);
// kNotFound for an account the actor may not manage (as if missing); no
// events when nothing changes.
Result<std::vector<AccountEvent>> decide(const ChangeAccount& c, const AccountsState& s,
                                         const TenantsState& tenants, const Context& ctx);
// kConflict when already disabled (enabled); nobody disables themselves.
Result<std::vector<AccountEvent>> decide(const DisableAccount& c, const AccountsState& s,
                                         const Context& ctx);
Result<std::vector<AccountEvent>> decide(const EnableAccount& c, const AccountsState& s,
                                         const Context& ctx);
// The holder or a manager of the account.
Result<std::vector<AccountEvent>> decide(const RevokeSessions& c, const AccountsState& s,
                                         const Context& ctx);

AccountsState evolve(AccountsState s, const AccountEvent& e);

// ---- The record of sign-ins (stream "signins") ----

// A session began: `method` "password", "magic_link", "invitation", "reset".
struct SignedIn {
  std::string account;
  std::string session;  // the session's public id ("ses_..."), never its secret
  std::string method;
  std::string address;  // the client's IP address
  friend bool operator==(const SignedIn&, const SignedIn&) = default;
};
struct SignedOut {
  std::string account;
  std::string session;
  friend bool operator==(const SignedOut&, const SignedOut&) = default;
};
// `reason`: "invalid_credentials" (unknown address or wrong password: the
// same to the caller), "disabled", "invalid_link".
struct SignInFailed {
  std::string email;
  std::string tenant;
  std::string address;
  std::string reason;
  friend bool operator==(const SignInFailed&, const SignInFailed&) = default;
};
// Too many failures: sign-ins for `email` (or from `address`) wait until
// `until`.
struct SignInLocked {
  std::string email;
  std::string tenant;
  std::string address;
  Instant until{};
  friend bool operator==(const SignInLocked&, const SignInLocked&) = default;
};
// A single-use link was mailed: `purpose` "magic_link", "reset", "invitation".
struct SignInLinkSent {
  std::string account;  // empty for a customer who has no account yet
  std::string email;
  std::string tenant;
  std::string purpose;
  friend bool operator==(const SignInLinkSent&, const SignInLinkSent&) = default;
};
using SignInEventBody =
    std::variant<SignedIn, SignedOut, SignInFailed, SignInLocked, SignInLinkSent>;
using SignInEvent = StoredEvent<SignInEventBody>;
std::string_view sign_in_event_type(const SignInEventBody& body);

}  // namespace ticketd::domain
