#pragma once
// The directory: tenants (with their SLA policy, automation settings and logo),
// the agents auto-assign may pick, and API tokens -- and webhooks, whose
// rules are in webhooks.h. Each lives on one stream of its own ("tenants",
// "agents", "tokens", "webhooks"), changed like a ticket: decide() turns a
// command and the stream's state into events or an error, evolve() folds an
// event into the state, and the caller appends the events expecting the
// version the state was at (directory_codec.h gives their stored form).
//
// Pure: no clock, no randomness, no I/O. Ids and secrets are made by the
// caller and arrive in the commands; only a token's SHA-256 reaches here.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "domain/context.h"
#include "domain/events.h"
#include "domain/result.h"
#include "domain/sla_policy.h"
#include "domain/types.h"

namespace ticketd::domain {

// What becomes of inbound mail whose sender the trusted receiving server
// could not verify (api/notifications/inbound_email.h, check_sender).
enum class UnverifiedMail {
  kHold,        // a reply is held on its ticket as an internal note; no new ticket
  kOpenTicket,  // it opens a ticket of its own, by the gateway, marked unverified
};

// What the system does by itself for a tenant's tickets.
struct TenantSettings {
  // A resolved ticket closes after this long without a customer reply
  // (default 3 days; zero: never).
  Millis auto_close_after = std::chrono::hours(72);
  // Categories whose new open, unassigned tickets are assigned round-robin
  // to available agents below their cap; sorted, unique; empty: off.
  std::vector<Category> auto_assign;
  // The media types its people may attach ("application/pdf") or families
  // ("image/*"), lower case, sorted, unique; empty: any type.
  std::vector<std::string> attachment_types;
  UnverifiedMail unverified_mail = UnverifiedMail::kHold;
  // How its mail speaks and looks: "en" or "de"; "#rrggbb" for the header
  // bar, empty for ticketd's own.
  std::string language = "en";
  std::string brand_color;

  bool auto_assigns(Category c) const;
  friend bool operator==(const TenantSettings&, const TenantSettings&) = default;
};

// Whether mail can be written in `language`: "en" or "de".
bool is_mail_language(std::string_view language);

// A tenant's logo, shown in its mail and its portal: an image in the blob
// store beside the log, named by the SHA-256 of its bytes. The log holds only
// this, never the bytes.
struct TenantLogo {
  std::string sha256;  // 64 lower-case hex digits
  std::string type;    // one of kTenantLogoTypes, detected from the bytes
  std::uint64_t size = 0;
  friend bool operator==(const TenantLogo&, const TenantLogo&) = default;
};

// The image types a logo may have: those every browser and mail client
// draws and none can carry script (never SVG).
inline constexpr std::array<std::string_view, 4> kTenantLogoTypes = {"image/png", "image/jpeg",
                                                                     "image/gif", "image/webp"};
// The largest logo: a header image, not a photo.
inline constexpr std::uint64_t kMaxTenantLogoBytes = 256 * 1024;
bool is_tenant_logo_type(std::string_view type);

struct Tenant {
  std::string slug;
  std::string name;
  Instant created_at{};
  SlaPolicy policy = SlaPolicy::defaults();
  TenantSettings settings;
  std::optional<TenantLogo> logo;  // none until one is set
};

// An agent as auto-assign sees it. Agents are known by the id tickets are
// assigned to; only agents configured here are candidates, and only while
// `available`.
struct Agent {
  std::string id;
  bool available = false;
  // Open (not resolved or closed) assigned tickets at which auto-assign
  // skips the agent; nullopt: no cap.
  std::optional<std::uint32_t> max_open;
  Instant updated_at{};
  friend bool operator==(const Agent&, const Agent&) = default;
};

struct Token {
  std::string id;  // "tok_" + 16 hex digits
  Actor actor;     // role, tenant, user id, email, name
  Instant created_at{};
  std::string secret_sha256;  // hex; the secret itself is never kept
};

// ---- Events (stored data: directory_codec.h) ----

struct TenantCreated {
  std::string slug;
  std::string name;
  friend bool operator==(const TenantCreated&, const TenantCreated&) = default;
};
// The whole new policy.
struct TenantSlaChanged {
  std::string slug;
  SlaPolicy policy;
};
// The whole new settings.
struct TenantSettingsChanged {
  std::string slug;
  TenantSettings settings;
  friend bool operator==(const TenantSettingsChanged&, const TenantSettingsChanged&) = default;
};
// The agent's whole setting (updated_at is the event's time).
struct AgentChanged {
  std::string id;
  bool available = false;
  std::optional<std::uint32_t> max_open;
  friend bool operator==(const AgentChanged&, const AgentChanged&) = default;
};
struct TokenIssued {
  std::string id;
  Actor holder;
  std::string secret_sha256;
  friend bool operator==(const TokenIssued&, const TokenIssued&) = default;
};
struct TokenRevoked {
  std::string id;
  friend bool operator==(const TokenRevoked&, const TokenRevoked&) = default;
};
// The tenant's logo is now this image (its bytes are in the blob store).
struct TenantLogoSet {
  std::string slug;
  TenantLogo logo;
  friend bool operator==(const TenantLogoSet&, const TenantLogoSet&) = default;
};
struct TenantLogoRemoved {
  std::string slug;
  friend bool operator==(const TenantLogoRemoved&, const TenantLogoRemoved&) = default;
};

using DirectoryEventBody =
    std::variant<TenantCreated, TenantSlaChanged, TenantSettingsChanged, AgentChanged, TokenIssued,
                 TokenRevoked, TenantLogoSet, TenantLogoRemoved>;

// `position` is the event's log position once stored (0 before).
template <class Body>
struct StoredEvent {
  EventMeta meta;
  std::uint64_t position = 0;
  Body body;
};
using DirectoryEvent = StoredEvent<DirectoryEventBody>;

// The wire type name of `body` ("TenantCreated").
std::string_view directory_event_type(const DirectoryEventBody& body);

// ---- States, one per stream ----

struct TenantsState {
  std::map<std::string, Tenant, std::less<>> tenants;  // by slug
};
struct AgentsState {
  std::map<std::string, Agent, std::less<>> agents;  // by id
};
struct TokensState {
  // Live tokens by the SHA-256 of their secret (what every request looks
  // up), and that hash by token id; revoked tokens leave both.
  std::unordered_map<std::string, Token> by_secret_sha256;
  std::map<std::string, std::string, std::less<>> secret_sha256_by_id;
};

// ---- Commands ----

struct CreateTenant {
  std::string slug;
  std::string name;
};
struct SetTenantSla {
  std::string slug;
  SlaPolicy policy;
};
struct SetTenantSettings {
  std::string slug;
  TenantSettings settings;
};
// `logo` describes bytes the caller has stored in the blob store.
struct SetTenantLogo {
  std::string slug;
  TenantLogo logo;
};
struct RemoveTenantLogo {
  std::string slug;
};
struct SetAgent {
  std::string id;
  bool available = false;
  std::optional<std::uint32_t> max_open;
};
// `id` and `secret_sha256` are made by the caller (random, hashed).
struct IssueToken {
  std::string id;
  Actor holder;
  std::string secret_sha256;
};
struct RevokeToken {
  std::string id;
};

// Who may change the directory as a whole (tenants, agents, tokens):
// platform admins (an admin with an empty scope), and the system (tools
// acting for an operator). Everyone else is refused with kForbidden.
bool may_administer(const Actor& actor);
// Who may configure tenants (SLA policy, settings, webhooks): admins,
// tenant_admins and the system -- each only the tenants in its scope
// (in_scope, types.h); a tenant outside it answers as an unknown one.
bool administers_tenants(const Actor& actor);

// kValidation (field "slug": lowercase letters, digits, '-', 1-40, not
// starting with '-'; "name": one line, 1-200 characters); kConflict when the
// slug is taken.
Result<std::vector<DirectoryEvent>> decide(const CreateTenant& c, const TenantsState& s,
                                           const Context& ctx);
// kForbidden unless administers_tenants; kNotFound for an unknown tenant
// or one outside the actor's scope. A policy or settings equal to the
// current ones is still recorded: the audit trail shows that it was set.
Result<std::vector<DirectoryEvent>> decide(const SetTenantSla& c, const TenantsState& s,
                                           const Context& ctx);
Result<std::vector<DirectoryEvent>> decide(const SetTenantSettings& c, const TenantsState& s,
                                           const Context& ctx);
// As SetTenantSettings; then kUnsupportedMediaType for a type outside
// kTenantLogoTypes, kBodyTooLarge over kMaxTenantLogoBytes, kValidation
// (field "logo") for an empty image or a hash that is not 64 lower-case hex
// digits. Setting the logo it has is still recorded.
Result<std::vector<DirectoryEvent>> decide(const SetTenantLogo& c, const TenantsState& s,
                                           const Context& ctx);
// As SetTenantSettings; kNotFound when the tenant has no logo.
Result<std::vector<DirectoryEvent>> decide(const RemoveTenantLogo& c, const TenantsState& s,
                                           const Context& ctx);
// kValidation (field "id": 1-128 bytes without control characters).
Result<std::vector<DirectoryEvent>> decide(const SetAgent& c, const AgentsState& s,
                                           const Context& ctx);
// An admin issues tokens to anyone; anyone else only a personal token
// (the holder is the actor: same id, role and tenant), else kForbidden.
// kValidation for a holder the rules refuse (a customer role needs a
// tenant and an email and has no scope, staff have no tenant, a
// tenant_admin has a scope, a scope holds valid slugs, sorted and unique,
// the role is not kSystem); whether the scope's tenants exist is the
// caller's to check (another stream);
// kConflict for an id or secret hash already in use.
Result<std::vector<DirectoryEvent>> decide(const IssueToken& c, const TokensState& s,
                                           const Context& ctx);
// An admin revokes any token, anyone else only their own (another's is
// kNotFound, as if missing). kNotFound for an unknown or revoked token.
Result<std::vector<DirectoryEvent>> decide(const RevokeToken& c, const TokensState& s,
                                           const Context& ctx);

// Folds one event in; an event of another stream changes nothing, and so
// does one that names what the state does not have (a policy change of an
// unknown tenant).
TenantsState evolve(TenantsState s, const DirectoryEvent& e);
AgentsState evolve(AgentsState s, const DirectoryEvent& e);
TokensState evolve(TokensState s, const DirectoryEvent& e);

}  // namespace ticketd::domain
