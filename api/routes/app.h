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

#include "api/commands/command_path.h"
#include "api/commands/directory.h"
#include "api/http/exchange.h"
#include "api/http/rate_limiter.h"
#include "api/http/router.h"
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
};

// A route's doc with the roles of `audience` filled in (RouteDoc::roles,
// platform_only), so that /openapi.json says who may call it.
RouteDoc with_audience(RouteDoc doc, Audience audience);

class WebhookRegistry;

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
  // The server's io_context (timers and strands of long-lived answers).
  boost::asio::io_context& io() { return io_; }
  domain::Instant now() const;
  std::chrono::milliseconds read_wait() const { return options_.read_wait; }

  // The caller's actor, or nullopt after answering 401 (no or unknown
  // token), 403 (a role outside `audience`) or 429 (over its rate).
  std::optional<domain::Actor> authorize(Exchange& exchange, Audience audience) const;

  // An authorized caller and the credential it came with, for an answer
  // that outlives its request (an event stream) and must end as soon as
  // the credential no longer allows it.
  struct Caller {
    domain::Actor actor;
    std::string credential;  // SHA-256 (hex) of the bearer token
    Audience audience;
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
  void run_command(std::shared_ptr<Exchange> exchange, CommandRequest request,
                   std::string_view location_prefix);

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
  mutable RateLimiter limiter_;
  WebhookRegistry* webhooks_ = nullptr;
};

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
void add_webhook_routes(Router& router, App& app);
void add_inbound_email_routes(Router& router, App& app);

}  // namespace ticketd::api
