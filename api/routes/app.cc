#include "api/routes/app.h"

#include <boost/url/parse.hpp>
#include <charconv>

#include "api/commands/accounts.h"
#include "api/commands/credentials.h"
#include "api/commands/ids.h"
#include "api/http/problem.h"
#include "api/views/ticket_json.h"
#include "domain/decide.h"

namespace ticketd::api {
namespace {

constexpr std::size_t kMaxIdempotencyKey = 128;

// The answer of a command: the ticket as the caller sees it, its version as
// ETag, the log position, and for a new ticket 201 with its Location.
void respond_outcome(Exchange& exchange, const CommandOutcome& outcome, const domain::Actor& viewer,
                     std::string_view location_prefix) {
  Response r = json_response(outcome.created ? http::status::created : http::status::ok,
                             ticket_json(*outcome.ticket, viewer));
  r.set(http::field::etag, "\"" + std::to_string(outcome.ticket->version) + "\"");
  r.set("X-Log-Position", std::to_string(outcome.position));
  if (outcome.created)
    r.set(http::field::location, std::string(location_prefix) + outcome.ticket->id);
  exchange.respond(std::move(r));
}

}  // namespace

App::App(eventstore::EventStore& store, projections::Projections& projections, Directory& directory,
         boost::asio::io_context& io, Options options)
    : store_(store),
      projections_(projections),
      directory_(directory),
      commands_(
          store, [&directory](std::string_view tenant) { return directory.policy(tenant); },
          [this] { return now(); }, options.state_cache_bytes),
      io_(io),
      options_(options),
      outbound_policy_(options.outbound_allow),
      limiter_(options.rate_limit, options.rate_burst) {}

domain::Instant App::now() const {
  return std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now());
}

namespace {

bool role_allowed(const domain::Actor& actor, Audience audience) {
  const domain::Role role = actor.role;
  switch (audience) {
    case Audience::kCustomer:
      return domain::is_customer(role);
    case Audience::kStaff:
      return domain::works_tickets(role);
    case Audience::kPlatformStaff:
      return (role == domain::Role::kAgent || role == domain::Role::kAdmin) && actor.scope.empty();
    case Audience::kTenantAdmin:
      return role == domain::Role::kAdmin || role == domain::Role::kTenantAdmin;
    case Audience::kAdmin:
      return role == domain::Role::kAdmin && actor.scope.empty();
    case Audience::kAnyone:
      return role != domain::Role::kSystem;
  }
  return false;
}

constexpr std::string_view kSessionCredential = "session:";

bool changes_state(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

// Constant-time equality of two tokens of public length.
bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::optional<domain::Actor> App::authorize(Exchange& exchange, Audience audience) const {
  std::optional<Caller> caller = authorize_caller(exchange, audience);
  if (!caller) return std::nullopt;
  return std::move(caller->actor);
}

std::optional<domain::Actor> App::actor_of_credential(std::string_view credential,
                                                      std::string* session_id) const {
  if (credential.starts_with(kSessionCredential)) {
    if (people_ == nullptr) return std::nullopt;
    std::optional<Session> session =
        people_->credentials.session(credential.substr(kSessionCredential.size()), now());
    if (!session) return std::nullopt;
    std::optional<Account> account = people_->accounts.account(session->account);
    if (!account || account->status != domain::AccountStatus::kActive ||
        session->created_at < account->sessions_valid_from) {
      return std::nullopt;
    }
    if (session_id != nullptr) *session_id = session->id;
    return domain::actor_of(*account);
  }
  std::optional<domain::Actor> actor = directory_.authenticate_hash(credential);
  // A personal token acts as its account is now.
  if (actor && people_ != nullptr && actor->id.starts_with("acc_")) {
    std::optional<Account> account = people_->accounts.account(actor->id);
    if (account) {
      if (account->status != domain::AccountStatus::kActive) return std::nullopt;
      return domain::actor_of(*account);
    }
  }
  return actor;
}

std::optional<App::Caller> App::authorize_caller(Exchange& exchange, Audience audience) const {
  const Request& request = exchange.request();
  const std::string_view header = request[http::field::authorization];
  constexpr std::string_view kBearer = "Bearer ";
  std::optional<domain::Actor> actor;
  std::string credential;
  std::string session_id;
  std::string_view cookie;
  if (header.size() > kBearer.size() && header.substr(0, kBearer.size()) == kBearer) {
    credential = sha256_hex(header.substr(kBearer.size()));
    actor = actor_of_credential(credential);
  } else if (header.empty() && !(cookie = cookie_value(request, kSessionCookie)).empty()) {
    credential = std::string(kSessionCredential) + sha256_hex(cookie);
    actor = actor_of_credential(credential, &session_id);
  }
  if (!actor) {
    Response r = problem_response(domain::ErrorCode::kUnauthorized,
                                  "a valid bearer token or session is required");
    r.set(http::field::www_authenticate, "Bearer");
    exchange.respond(std::move(r));
    return std::nullopt;
  }
  // A browser sends the cookie with any request to this origin, also one a
  // page of another site makes it send: a change needs the token only this
  // origin's pages can read.
  if (!session_id.empty() && changes_state(request.method()) &&
      !same_token(request["X-CSRF-Token"], Credentials::csrf_token(cookie))) {
    exchange.respond(problem_response(domain::ErrorCode::kCsrfTokenInvalid,
                                      "X-CSRF-Token: missing or not this session's"));
    return std::nullopt;
  }
  if (!role_allowed(*actor, audience)) {
    exchange.respond(
        problem_response(domain::ErrorCode::kForbidden, "the caller's role may not do this"));
    return std::nullopt;
  }
  std::uint32_t retry_after = 0;
  if (!limiter_.allow(caller_key(*actor), RateLimiter::Clock::now(), retry_after)) {
    Response r = problem_response(domain::ErrorCode::kRateLimited,
                                  "too many requests for this caller; retry later");
    r.set(http::field::retry_after, std::to_string(retry_after));
    exchange.respond(std::move(r));
    return std::nullopt;
  }
  return Caller{std::move(*actor), std::move(credential), audience, std::move(session_id)};
}

bool App::still_authorized(const Caller& caller) const {
  std::optional<domain::Actor> now = actor_of_credential(caller.credential);
  return now && now->role == caller.actor.role && now->tenant == caller.actor.tenant &&
         now->id == caller.actor.id && now->scope == caller.actor.scope &&
         role_allowed(*now, caller.audience);
}

std::string_view cookie_value(const Request& request, std::string_view name) {
  for (auto it = request.find(http::field::cookie);
       it != request.end() && it->name() == http::field::cookie; ++it) {
    std::string_view rest = it->value();
    while (!rest.empty()) {
      const std::size_t end = rest.find(';');
      std::string_view pair = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
        return pair.substr(name.size() + 1);
    }
  }
  return {};
}

std::string client_address(const Exchange& exchange) {
  const std::string& remote = exchange.remote();
  const std::size_t colon = remote.rfind(':');
  return colon == std::string::npos ? remote : remote.substr(0, colon);
}

RouteDoc with_audience(RouteDoc doc, Audience audience) {
  switch (audience) {
    case Audience::kCustomer:
      doc.roles = {"customer", "customer_admin"};
      break;
    case Audience::kStaff:
      doc.roles = {"agent", "tenant_admin", "admin"};
      break;
    case Audience::kPlatformStaff:
      doc.roles = {"agent", "admin"};
      doc.platform_only = true;
      break;
    case Audience::kTenantAdmin:
      doc.roles = {"tenant_admin", "admin"};
      break;
    case Audience::kAdmin:
      doc.roles = {"admin"};
      doc.platform_only = true;
      break;
    case Audience::kAnyone:
      doc.roles = {"customer", "customer_admin", "agent", "tenant_admin", "admin"};
      break;
  }
  return doc;
}

std::string caller_key(const domain::Actor& actor) {
  std::string key(domain::to_string(actor.role));
  key += '\n';
  key += actor.tenant;
  key += '\n';
  key += actor.id;
  return key;
}

std::string App::resolve_ticket(std::string_view id_or_key) const {
  const std::size_t dash = id_or_key.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return std::string(id_or_key);
  const std::string_view digits = id_or_key.substr(dash + 1);
  std::uint64_t number = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (ec != std::errc() || end != digits.data() + digits.size() || number == 0) {
    return std::string(id_or_key);
  }
  const std::string_view tenant = id_or_key.substr(0, dash);
  projections::QueueView& queue = projections_.queue();
  std::optional<std::string> id = queue.id_for_key(tenant, number);
  if (!id && store_.head() > 0) {
    // A ticket opened a moment ago may not be in the view yet.
    queue.wait_for(store_.head(), projections::Projector::Clock::now() + options_.read_wait);
    id = queue.id_for_key(tenant, number);
  }
  return id.value_or(std::string());
}

void App::run_command(std::shared_ptr<Exchange> exchange, CommandRequest request,
                      std::string_view location_prefix,
                      std::function<void(const CommandResult&)> observe) {
  const Request& http_request = exchange->request();
  const std::string_view key = http_request["Idempotency-Key"];
  if (!key.empty()) {
    if (key.size() > kMaxIdempotencyKey) {
      exchange->respond(problem_response(domain::ErrorCode::kValidation,
                                         "Idempotency-Key: at most 128 characters",
                                         {{"Idempotency-Key", "at most 128 characters"}}));
      return;
    }
    request.event_id_prefix =
        "idem/" + sha256_hex(caller_key(request.actor) + "\n" + std::string(key));
    request.correlation_id =
        "req/" + sha256_hex(std::string(http_request.method_string()) + " " +
                            std::string(http_request.target()) + "\n" + http_request.body());
    domain::Result<std::optional<CommandPath::Replay>> first =
        commands_.replay(request.event_id_prefix);
    if (!first) {
      exchange->fail(first.error());
      return;
    }
    if (*first && (*first)->correlation_id != request.correlation_id) {
      exchange->respond(problem_response(domain::ErrorCode::kIdempotencyKeyReused,
                                         "this Idempotency-Key was used with another request"));
      return;
    }
    if (*first) {  // a repeat: the first answer, whatever happened since
      // ... but only what the caller may see now (a ticket merged away from
      // a customer, say, is as missing as any other).
      if (!domain::visible_to(*(*first)->outcome.ticket, request.actor)) {
        exchange->respond(ticket_not_found());
        return;
      }
      respond_outcome(*exchange, (*first)->outcome, request.actor, location_prefix);
      return;
    }
  }
  const domain::Actor viewer = request.actor;
  const std::string location(location_prefix);
  commands_.execute(std::move(request), [exchange, viewer, location,
                                         observe = std::move(observe)](CommandResult result) {
    if (observe) observe(result);
    if (!result) {
      exchange->fail(result.error());
      return;
    }
    respond_outcome(*exchange, *result, viewer, location);
  });
}

void App::after_min_position(std::shared_ptr<Exchange> exchange, std::function<void()> then) {
  std::uint64_t position = 0;
  if (!uint_param(*exchange, "min_position", 0, kMaxLogPosition, position)) return;
  if (position == 0) return then();
  const auto deadline = projections::Projector::Clock::now() + options_.read_wait;
  auto& p = projections_;
  // Every view must have applied it: wait for each in turn (each wait is
  // bounded by the same deadline).
  auto fail = [exchange] {
    Response r = problem_response(domain::ErrorCode::kReadSideBehind,
                                  "the read side has not applied that position yet");
    r.set(http::field::retry_after, "1");
    exchange->respond(std::move(r));
  };
  p.queue().async_wait(position, deadline, [&p, position, deadline, then, fail](bool ok) {
    if (!ok) return fail();
    p.tenant().async_wait(position, deadline, [&p, position, deadline, then, fail](bool ok) {
      if (!ok) return fail();
      p.metrics().async_wait(position, deadline, [then, fail](bool ok) {
        if (!ok) return fail();
        then();
      });
    });
  });
}

void add_all_routes(Router& router, App& app, const RequestMetrics& metrics) {
  add_customer_ticket_routes(router, app);
  add_admin_ticket_routes(router, app);
  add_ticket_query_routes(router, app);
  add_admin_config_routes(router, app);
  add_event_routes(router, app);
  add_event_stream_routes(router, app);
  add_operations_routes(router, app, metrics);
  add_automation_config_routes(router, app);
  add_webhook_routes(router, app);
  add_inbound_email_routes(router, app);
  add_auth_routes(router, app);
  add_account_routes(router, app);
  add_attachment_routes(router, app);
  add_tenant_logo_routes(router, app);
}

std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

bool uint_param(Exchange& exchange, std::string_view name, std::uint64_t min, std::uint64_t max,
                std::uint64_t& out) {
  const std::optional<std::string> text = query_param(exchange.request(), name);
  if (!text) return true;
  const std::optional<std::uint64_t> value = parse_uint(*text, max);
  if (value && *value >= min) {
    out = *value;
    return true;
  }
  const std::string message =
      "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  exchange.respond(problem_response(domain::ErrorCode::kValidation,
                                    std::string(name) + ": " + message,
                                    {{std::string(name), message}}));
  return false;
}

std::optional<std::size_t> page_limit_param(Exchange& exchange) {
  auto limit = projections::parse_limit(query_param(exchange.request(), "limit"));
  std::string message;
  if (!limit) {
    message = limit.error().message;
  } else if (auto size = projections::page_limit(*limit)) {
    return *size;
  } else {
    message = size.error().message;
  }
  exchange.respond(problem_response(domain::ErrorCode::kValidation, message, {{"limit", message}}));
  return std::nullopt;
}

std::optional<std::string> query_param(const Request& request, std::string_view name) {
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) return std::nullopt;
  for (const auto& param : url->params()) {
    if (param.key == name) return std::string(param.value);
  }
  return std::nullopt;
}

std::map<std::string, std::string, std::less<>> query_params(const Request& request) {
  std::map<std::string, std::string, std::less<>> out;
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) return out;
  for (const auto& param : url->params()) out.try_emplace(param.key, param.value);
  return out;
}

bool envelope_visible_to(const eventstore::Envelope& envelope, const domain::Actor& actor) {
  if (domain::is_platform(actor)) return true;
  return envelope.stream.starts_with(kTicketStreamPrefix) &&
         domain::in_scope(actor, envelope.tenant);
}

Response ticket_not_found() {
  return problem_response(
      domain::make_error(domain::ErrorCode::kNotFound, std::string(domain::kTicketNotFound)));
}

Response json_response(http::status status, std::string body) {
  Response r{status, 11};
  r.set(http::field::content_type, "application/json");
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

}  // namespace ticketd::api
