// Webhook subscriptions and their delivery log (tenant_admin and admin):
// POST/GET /admin/v1/webhooks, DELETE /admin/v1/webhooks/{id},
// GET /admin/v1/webhooks/{id}/deliveries. A scoped caller sees and manages
// the webhooks of its tenants only (domain::webhook_in_scope); any other,
// a webhook of every tenant included, answers as a missing one.

#include "domain/webhooks.h"

#include <boost/asio/ip/tcp.hpp>
#include <functional>

#include "api/notifications/delivery_log.h"
#include "api/notifications/webhook_registry.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/directory.h"
#include "domain/json_writer.h"
#include "projections/page_cursor.h"
#include "projections/queue_query.h"

namespace ticketd::api {
namespace {

// PageCursor kinds of these listings (tenants use 48).
constexpr std::uint8_t kWebhooksCursorKind = 49;
constexpr std::uint8_t kDeliveriesCursorKind = 50;

void write_webhook(domain::JsonWriter& w, const Webhook& h) {
  w.begin_object();
  w.member("id", h.id);
  w.member("url", h.url);
  w.key("events");
  w.begin_array();
  for (const std::string& e : h.events) w.value(e);
  w.end_array();
  w.key("tenant");
  h.tenant.empty() ? w.value(nullptr) : w.value(h.tenant);
  w.member("secret_fingerprint", h.secret_fingerprint);
  w.member("created_at", h.created_at);
  w.end_object();
}

WebhookRegistry* registry(App& app, Exchange& ex) {
  WebhookRegistry* r = app.webhooks();
  if (r == nullptr) {
    ex.respond(problem_response(domain::ErrorCode::kUnavailable,
                                "webhooks are not configured on this server"));
  }
  return r;
}

// limit and an offset cursor of `kind`; nullopt after answering 400/422.
std::optional<std::pair<std::size_t, std::size_t>> page(Exchange& ex, std::uint8_t kind) {
  const std::optional<std::size_t> size = page_limit_param(ex);
  if (!size) return std::nullopt;
  std::size_t offset = 0;
  if (auto text = query_param(ex.request(), "cursor"); text && !text->empty()) {
    auto cursor = projections::decode_cursor(*text);
    if (!cursor || cursor->kind != kind || cursor->key < 0) {
      ex.respond(
          problem_response(domain::ErrorCode::kBadCursor, "cursor is not valid for this listing"));
      return std::nullopt;
    }
    offset = static_cast<std::size_t>(cursor->key);
  }
  return std::make_pair(*size, offset);
}

// {"items": [...], "next_cursor"} over items[offset, offset + size).
template <class T, class Write>
Response list_page(const std::vector<T>& items, std::size_t size, std::size_t offset,
                   std::uint8_t kind, Write write) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  const std::size_t end = std::min(items.size(), offset + size);
  for (std::size_t i = offset; i < end; ++i) write(w, items[i]);
  w.end_array();
  w.key("next_cursor");
  if (end < items.size()) {
    w.value(projections::encode_cursor(
        projections::PageCursor{kind, static_cast<std::int64_t>(end), 0, ""}));
  } else {
    w.value(nullptr);
  }
  w.end_object();
  return json_response(http::status::ok, std::move(out));
}

// Checks a webhook's URL against the outbound policy (422 naming url: an
// internal destination), resolving its host without blocking the
// connection's thread; then `then`. Each delivery checks again: a name may
// resolve elsewhere later.
void check_destination(App& app, const std::shared_ptr<Exchange>& ex, const std::string& url,
                       std::function<void()> then) {
  const OutboundPolicy& policy = app.outbound_policy();
  auto parsed = OutboundPolicy::parse(url);
  if (!parsed) {
    // Not http(s) at all: the command refuses it with the other fields'
    // errors. Only what that check lets through is refused here.
    domain::CreateWebhook probe;
    probe.url = url;
    probe.events = {"*"};
    if (!domain::webhook_field_errors(probe).empty()) return then();
    return ex->fail(parsed.error());
  }
  boost::system::error_code literal_error;
  const auto literal = boost::asio::ip::make_address(parsed->host, literal_error);
  if (!literal_error) {
    if (auto chosen = policy.choose(*parsed, {literal}); !chosen) return ex->fail(chosen.error());
    return then();
  }
  auto resolver = std::make_shared<boost::asio::ip::tcp::resolver>(app.io());
  resolver->async_resolve(
      parsed->host, std::to_string(parsed->port),
      [resolver, ex, &policy, target = std::move(*parsed), then = std::move(then)](
          const boost::system::error_code& ec,
          const boost::asio::ip::tcp::resolver::results_type& results) {
        std::vector<boost::asio::ip::address> addresses;
        if (!ec) {
          for (const auto& entry : results) addresses.push_back(entry.endpoint().address());
        }
        if (auto chosen = policy.choose(target, addresses); !chosen)
          return ex->fail(chosen.error());
        then();
      });
}

void create_webhook(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  WebhookRegistry* hooks = registry(app, *ex);
  if (hooks == nullptr) return;
  auto body = command_body(*ex);
  if (!body) return;
  std::string url = body->string("url", true).value_or("");
  std::optional<std::vector<std::string>> events = body->strings("events");
  if (!events && !body->has("events")) body->fail("events", "is required");
  std::string tenant = body->string("tenant").value_or("");
  std::string secret = body->string("secret", true).value_or("");
  // A tenant outside the caller's scope answers as an unknown one; a
  // webhook of every tenant is the platform's.
  if (!tenant.empty() && (!domain::in_scope(*actor, tenant) || !app.directory().tenant(tenant))) {
    body->fail("tenant", "no such tenant");
  } else if (tenant.empty() && !domain::may_administer(*actor)) {
    body->fail("tenant", "is required: the tenant of the caller's scope the webhook is for");
  }
  if (!fields_ok(*ex, *body)) return;
  auto create = [&app, hooks, ex, url, events = events.value_or(std::vector<std::string>{}),
                 tenant = std::move(tenant), secret = std::move(secret), actor = *actor]() mutable {
    hooks->create(std::move(url), std::move(events), std::move(tenant), std::move(secret), actor,
                  app.now(), answer_with<Webhook>(std::move(ex), [](const Webhook& h) {
                    std::string out;
                    domain::JsonWriter w(out);
                    write_webhook(w, h);
                    Response r = json_response(http::status::created, std::move(out));
                    r.set(http::field::location, "/admin/v1/webhooks/" + h.id);
                    return r;
                  }));
  };
  check_destination(app, ex, url, std::move(create));
}

void list_webhooks(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  WebhookRegistry* hooks = registry(app, *ex);
  if (hooks == nullptr) return;
  auto p = page(*ex, kWebhooksCursorKind);
  if (!p) return;
  std::vector<Webhook> visible = hooks->list();
  std::erase_if(visible, [&](const Webhook& h) { return !domain::webhook_in_scope(h, *actor); });
  ex->respond(list_page(visible, p->first, p->second, kWebhooksCursorKind, write_webhook));
}

void delete_webhook(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  WebhookRegistry* hooks = registry(app, *ex);
  if (hooks == nullptr) return;
  hooks->remove(std::string(params.get("id")), *actor, app.now(),
                answer_with<void>(std::move(ex), [] {
                  return Response{http::status::no_content, 11};
                }));
}

void list_deliveries(App& app, std::shared_ptr<Exchange> ex, const PathParams& params) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  WebhookRegistry* hooks = registry(app, *ex);
  if (hooks == nullptr) return;
  const std::optional<Webhook> hook = hooks->get(params.get("id"));
  if (!hook || !domain::webhook_in_scope(*hook, *actor)) {
    return ex->respond(problem_response(domain::ErrorCode::kNotFound, "no such webhook"));
  }
  auto p = page(*ex, kDeliveriesCursorKind);
  if (!p) return;
  auto events = app.store().read_stream(webhook_delivery_stream(params.get("id")));
  if (!events) {
    return ex->fail(domain::make_error(domain::ErrorCode::kInternal,
                                       "cannot read the delivery log: " + events.error().message));
  }
  std::vector<DeliveryRecord> records = fold_deliveries(*events);
  std::reverse(records.begin(), records.end());  // newest first
  ex->respond(
      list_page(records, p->first, p->second, kDeliveriesCursorKind,
                [](domain::JsonWriter& w, const DeliveryRecord& r) { w.raw(delivery_json(r)); }));
}

}  // namespace

void add_webhook_routes(Router& router, App& app) {
  router.add(
      http::verb::post, "/admin/v1/webhooks",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        create_webhook(app, std::move(ex));
      },
      with_audience(
          RouteDoc{
              .operation_id = "createWebhook",
              .summary = "Subscribe a URL to event types; deliveries are signed with the secret",
              .tag = "Webhooks",
              .request_schema =
                  R"({"type":"object","required":["url","events","secret"],"properties":{"url":{"type":"string","format":"uri"},"events":{"type":"array","minItems":1,"items":{"type":"string"},"description":"Event types, or * for every one"},"tenant":{"type":"string","description":"Only this tenant's events; required for tenant admins"},"secret":{"type":"string","minLength":16,"writeOnly":true}}})",
              .response_schema = docs::ref("Webhook"),
              .success_status = 201,
              .request_example =
                  R"({"url":"https://hooks.example.com/ticketd","events":["TicketOpened","MessagePosted"],"tenant":"acme","secret":"4f9c2d7e1b8a6053c2f1"})",
              .description =
                  "The URL must be http or https and reach a public address: a host that is, or "
                  "resolves to, a loopback, private, link-local, multicast or otherwise reserved "
                  "address (IPv4 or IPv6, IPv4 inside IPv6 too) is refused with 422 naming url, "
                  "unless the operator allowed that destination (--outbound-allow). Each delivery "
                  "resolves the host again, connects to that address only and follows no "
                  "redirect; a destination refused then is a failed attempt saying why."},
          Audience::kTenantAdmin));
  router.add(
      http::verb::get, "/admin/v1/webhooks",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        list_webhooks(app, std::move(ex));
      },
      with_audience(RouteDoc{.operation_id = "listWebhooks",
                             .summary = "Webhooks in creation order",
                             .tag = "Webhooks",
                             .response_schema = docs::ref("WebhookPage"),
                             .query = {docs::cursor(), docs::limit()}},
                    Audience::kTenantAdmin));
  router.add(
      http::verb::delete_, "/admin/v1/webhooks/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        delete_webhook(app, std::move(ex), p);
      },
      with_audience(
          RouteDoc{.operation_id = "deleteWebhook",
                   .summary = "Delete a webhook; its pending deliveries are dead-lettered",
                   .tag = "Webhooks",
                   .success_status = 204},
          Audience::kTenantAdmin));
  router.add(
      http::verb::get, "/admin/v1/webhooks/{id}/deliveries",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        list_deliveries(app, std::move(ex), p);
      },
      with_audience(
          RouteDoc{.operation_id = "listWebhookDeliveries",
                   .summary = "A webhook's delivery log, newest first: status and every attempt",
                   .tag = "Webhooks",
                   .response_schema = docs::ref("DeliveryPage"),
                   .query = {docs::cursor(), docs::limit()}},
          Audience::kTenantAdmin));
}

}  // namespace ticketd::api
