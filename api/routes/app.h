#pragma once
// Everything a route needs: the store, the read side, the directory of
// tenants and tokens, the command path, and the helpers every route uses
// (authentication, query parameters, answers). Each resource file under
// api/routes/ adds its routes to the Router with add_*_routes(router, app).

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/commands/command_path.h"
#include "api/commands/directory.h"
#include "api/http/exchange.h"
#include "api/http/rate_limiter.h"
#include "api/http/router.h"
#include "api/notifications/outbound_policy.h"
#include "api/views/envelope_json.h"
#include "domain/json_writer.h"
#include "eventstore/event_store.h"
#include "projections/projections.h"

namespace ticketd::api {

// Who may call a route. Staff with a scope (domain::Actor::scope) reach
// only its tenants: the routes of kStaff and kTenantAdmin check the tenant
// they touch with domain::in_scope (an out-of-scope ticket or tenant
// answers 404, as a missing one), and their lists leave the rest out.
enum class Audience {
  kCustomer,       // /v1: customer and customer_admin
  kStaff,          // agent, tenant_admin and admin, each within its scope
  kPlatformStaff,  // agent and admin without a scope: what spans every tenant
  kTenantAdmin,    // tenant_admin and admin: configuring tenants of the scope
  kAdmin,          // admin without a scope: the platform's administration
  kAnyone,         // any signed-in role: one's own account, sessions and tokens
};

// A route's doc with the roles of `audience` filled in (RouteDoc::roles,
// platform_only), so that /openapi.json says who may call it.
RouteDoc with_audience(RouteDoc doc, Audience audience);

class Accounts;
class Credentials;
class SignInThrottle;
class AuthMail;

// The people who sign in (routes/auth.cc): their accounts and credentials,
// the guards of sign-in, and the mail that carries their links.
struct People {
  Accounts& accounts;
  Credentials& credentials;
  SignInThrottle& sign_ins;        // failed sign-ins, per account and address
  SignInThrottle& link_requests;   // link emails asked for, per address and account
  const AuthMail* mail = nullptr;  // null without SMTP: no link can be sent
  // Session cookies get `Secure` (ticketd is served over TLS, or behind a
  // proxy that is).
  bool secure_cookies = false;
  // How long a sign-in link and a reset link stay valid.
  std::chrono::seconds magic_link_ttl{15 * 60};
  std::chrono::seconds reset_link_ttl{60 * 60};
};

// The session cookie's name.
inline constexpr std::string_view kSessionCookie = "ticketd_session";

class WebhookRegistry;
class Attachments;

class App {
 public:
  struct Options {
    // Bounded wait of min_position (503 after it).
    std::chrono::milliseconds read_wait{std::chrono::seconds(2)};
    // Requests per second per caller (caller_key), and the burst above it (429);
    // 0 turns the limit off.
    double rate_limit = 200;
    double rate_burst = 400;
    // Bound of the command path's state cache (command_path.h).
    std::size_t state_cache_bytes = CommandPath::kDefaultCacheBytes;
    // Where clients reach ticketd (--public-url): the server of
    // /openapi.json; empty leaves it relative ("/").
    std::string public_url;
    // The largest raw mail POST /admin/v1/inbound/email reads (413 above):
    // its own limit, not --body-limit, since mail carries files.
    std::uint64_t mail_max_bytes = std::uint64_t{64} << 20;
    // Internal destinations the operator lets webhooks reach
    // (--outbound-allow; outbound_policy.h).
    std::vector<std::string> outbound_allow;
    // The authserv-id of the receiving mail server whose
    // Authentication-Results inbound mail is judged by (--mail-authserv-id);
    // empty: From: is trusted as it is (development).
    std::string mail_authserv_id;
  };

  App(eventstore::EventStore& store, projections::Projections& projections, Directory& directory,
      boost::asio::io_context& io, Options options);

  eventstore::EventStore& store() { return store_; }
  projections::Projections& projections() { return projections_; }
  Directory& directory() { return directory_; }
  CommandPath& commands() { return commands_; }
  // Webhook subscriptions (webhook_registry.h); null until main attaches
  // them, and the webhook routes answer 503 while it is.
  WebhookRegistry* webhooks() const { return webhooks_; }
  void set_webhooks(WebhookRegistry* webhooks) { webhooks_ = webhooks; }
  // Accounts and sign-in; null until main attaches them (the /auth routes
  // answer 503 while it is, and only bearer tokens authenticate).
  People* people() const { return people_; }
  void set_people(People* people) { people_ = people; }
  // Uploaded files (commands/attachments.h); null until main attaches them
  // (the attachment routes answer 503 while it is).
  Attachments* attachments() const { return attachments_; }
  void set_attachments(Attachments* attachments) { attachments_ = attachments; }
  // The server's io_context (timers and strands of long-lived answers).
  boost::asio::io_context& io() { return io_; }
  domain::Instant now() const;
  std::chrono::milliseconds read_wait() const { return options_.read_wait; }
  const std::string& public_url() const { return options_.public_url; }
  std::uint64_t mail_max_bytes() const { return options_.mail_max_bytes; }
  const std::string& mail_authserv_id() const { return options_.mail_authserv_id; }
  // Where tenants may point outbound requests (webhook URLs).
  const OutboundPolicy& outbound_policy() const { return outbound_policy_; }

  // The caller's actor, or nullopt after answering 401 (no or unknown
  // token or session), 403 (a role outside `audience`, or a cookie
  // session's change without its CSRF token) or 429 (over its rate).
  // A bearer token (Authorization) or else the session cookie; a personal
  // token or a session acts as its account is now (role, scope), and not
  // at all once the account is disabled.
  std::optional<domain::Actor> authorize(Exchange& exchange, Audience audience) const;

  // An authorized caller and the credential it came with, for an answer
  // that outlives its request (an event stream) and must end as soon as
  // the credential no longer allows it.
  struct Caller {
    domain::Actor actor;
    std::string credential;  // SHA-256 (hex) of the bearer token, or "session:" + the session's
    Audience audience;
    std::string session_id;  // the session's public id when signed in by cookie
  };
  std::optional<Caller> authorize_caller(Exchange& exchange, Audience audience) const;
  // Whether `caller`'s credential still stands for a role of its audience:
  // false once the token is revoked or its holder's role or scope changed.
  bool still_authorized(const Caller& caller) const;

  // Resolves "{id}" (an id or a key "<tenant>-<number>") to a ticket id;
  // empty when no ticket has that key.
  std::string resolve_ticket(std::string_view id_or_key) const;

  // Runs `request` and answers with the ticket (200, or 201 + Location for
  // a new one), ETag and X-Log-Position, or the problem. An Idempotency-Key
  // header makes the command idempotent per caller (API.md).
  // `observe`, when given, sees the command's result before the answer
  // (not for a repeat answered from the first).
  void run_command(std::shared_ptr<Exchange> exchange, CommandRequest request,
                   std::string_view location_prefix,
                   std::function<void(const CommandResult&)> observe = nullptr);

  // Waits (bounded by read_wait) until every view has applied the request's
  // `min_position`, then calls `then` -- or answers 503/400 itself.
  void after_min_position(std::shared_ptr<Exchange> exchange, std::function<void()> then);

 private:
  eventstore::EventStore& store_;
  projections::Projections& projections_;
  Directory& directory_;
  CommandPath commands_;
  boost::asio::io_context& io_;
  Options options_;
  OutboundPolicy outbound_policy_;
  mutable RateLimiter limiter_;
  WebhookRegistry* webhooks_ = nullptr;
  People* people_ = nullptr;
  Attachments* attachments_ = nullptr;

  // The actor of a bearer token's hash or a session's ("session:" + hash),
  // as its account is now; nullopt when neither stands for anyone.
  std::optional<domain::Actor> actor_of_credential(std::string_view credential,
                                                   std::string* session_id = nullptr) const;
};

// The value of cookie `name` in the request's Cookie headers; empty if none.
std::string_view cookie_value(const Request& request, std::string_view name);
// The client's IP address (the connection's remote address without its port).
std::string client_address(const Exchange& exchange);

// Who a caller is, for what is kept per caller (Idempotency-Key, rate
// limits): the token holder's id within its role and tenant, so equal user
// ids in two tenants, or of a customer and an agent, never meet.
std::string caller_key(const domain::Actor& actor);

// A query parameter of the request target, percent-decoded; nullopt when
// absent.
std::optional<std::string> query_param(const Request& request, std::string_view name);
// Every query parameter, percent-decoded, parsed once; the first of a
// repeated name counts (as for query_param).
std::map<std::string, std::string, std::less<>> query_params(const Request& request);

// The largest log position a request may name: positions are JSON numbers
// and int64 in every client.
inline constexpr std::uint64_t kMaxLogPosition = INT64_MAX;

// `text` as a whole decimal number in 0..max; nullopt for anything else
// (signs, spaces, digits beyond the range).
std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max);

// Reads the query parameter `name` as a number in min..max into `out` (left
// as it is when absent). Otherwise answers 422 naming the parameter and
// returns false.
bool uint_param(Exchange& exchange, std::string_view name, std::uint64_t min, std::uint64_t max,
                std::uint64_t& out);

// The page size of a list request (API.md, Lists: default 50, above 500
// clamped to 500); nullopt after answering 422 naming `limit`.
std::optional<std::size_t> page_limit_param(Exchange& exchange);

// Whether staff member `actor` may see `envelope` in the log (the events
// feed and stream): platform staff every envelope; scoped staff the ticket
// events of their tenants only, never the directory's, tokens' or
// webhooks' streams.
bool envelope_visible_to(const eventstore::Envelope& envelope, const domain::Actor& actor);

// 404 for a ticket that does not exist or that the caller may not see:
// the same answer, to the letter, as decide()'s kNotFound.
Response ticket_not_found();

// A JSON answer.
Response json_response(http::status status, std::string body);

// Every route of API.md (what ticketd serves).
class RequestMetrics;
void add_all_routes(Router& router, App& app, const RequestMetrics& metrics);

// The routes of each resource file.
void add_customer_ticket_routes(Router& router, App& app);
void add_admin_ticket_routes(Router& router, App& app);
void add_ticket_query_routes(Router& router, App& app);
void add_admin_config_routes(Router& router, App& app);
void add_event_routes(Router& router, App& app);
void add_event_stream_routes(Router& router, App& app);
void add_operations_routes(Router& router, App& app, const RequestMetrics& metrics);
void add_automation_config_routes(Router& router, App& app);

// GET /admin/v1/automation; added by main beside add_all_routes, since it
// needs the running Automation.
class Automation;
void add_automation_status_route(Router& router, App& app, const Automation& automation);
// GET /admin/v1/audit and POST /admin/v1/audit/verify; added by main, which
// owns the LogAudit.
class LogAudit;
void add_audit_routes(Router& router, App& app, LogAudit& audit);
void add_webhook_routes(Router& router, App& app);
void add_inbound_email_routes(Router& router, App& app);
void add_auth_routes(Router& router, App& app);
void add_account_routes(Router& router, App& app);
void add_attachment_routes(Router& router, App& app);
void add_tenant_logo_routes(Router& router, App& app);

}  // namespace ticketd::api
