// GET/PUT /auth/notifications: a staff member's own alert preferences;
// GET/POST /v1/unsubscribe: a List-Unsubscribe link's page and its
// one-click POST (RFC 8058), whose token is the only authority.

#include "api/routes/alert_preferences.h"

#include <simdjson.h>

#include "api/http/json_body.h"
#include "api/http/problem.h"
#include "api/notifications/alert_preferences_store.h"
#include "api/notifications/mail_markup.h"
#include "api/routes/account_json.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

std::string preferences_json(std::string_view staff, const domain::AlertPreferences& p,
                             std::chrono::milliseconds period) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("staff_id", staff);
  w.key("kinds");
  domain::write_alert_preferences(w, p);
  w.member(
      "digest_period_seconds",
      static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(period).count()));
  w.end_object();
  return out;
}

Response answer(http::status status, std::string_view staff, const domain::AlertPreferences& p,
                std::chrono::milliseconds period, std::uint64_t position) {
  Response r = json_response(status, preferences_json(staff, p, period));
  if (position > 0) r.set("X-Log-Position", std::to_string(position));
  return r;
}

void get_mine(App& app, std::shared_ptr<Exchange> ex, std::chrono::milliseconds period) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  auto stored = load_alert_preferences(app.store());
  if (!stored) return ex->fail(stored.error());
  ex->respond(answer(http::status::ok, actor->id, stored->state.of(actor->id), period, 0));
}

void put_mine(App& app, std::shared_ptr<Exchange> ex, std::chrono::milliseconds period) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  // {"kinds": {"<kind>": "<delivery>", ...}}: the kinds named change.
  std::vector<std::pair<domain::AlertKind, domain::AlertDelivery>> changes;
  simdjson::dom::parser parser;
  simdjson::dom::object root, kinds;
  if (parser.parse(body->text().data(), body->text().size()).get_object().get(root) !=
          simdjson::SUCCESS ||
      root["kinds"].get_object().get(kinds) != simdjson::SUCCESS) {
    body->fail("kinds", "is required and must be an object");
  } else {
    for (auto [key, value] : kinds) {
      const std::string field = "kinds." + std::string(key);
      const std::optional<domain::AlertKind> kind = domain::parse_alert_kind(key);
      std::string_view text;
      const std::optional<domain::AlertDelivery> delivery =
          value.get_string().get(text) == simdjson::SUCCESS ? domain::parse_alert_delivery(text)
                                                            : std::nullopt;
      if (!kind) {
        body->fail(field,
                   "is not an alert kind (new_ticket, assigned, customer_reply, "
                   "sla_warning, sla_breached)");
      } else if (!delivery) {
        body->fail(field, "must be immediately, digest or off");
      } else {
        changes.emplace_back(*kind, *delivery);
      }
    }
  }
  if (!fields_ok(*ex, *body)) return;
  People* people = people_or_503(app, *ex);
  if (people == nullptr) return;
  // The append waits for its fsync: on the pool, never on an io thread.
  run_blocking(
      *people, ex,
      [&app, period, by = std::move(*actor), changes = std::move(changes)](Exchange& ex) {
        auto saved = change_alert_preferences(
            app.store(), by.id,
            [&changes](domain::AlertPreferences& p) {
              for (const auto& [kind, delivery] : changes) p.set(kind, delivery);
            },
            by, "api", app.now());
        if (!saved) return ex.fail(saved.error());
        ex.respond(answer(http::status::ok, by.id, saved->preferences, period, saved->position));
      });
}

// The token's grant, or nullopt after answering 404 (missing, forged, or
// naming no kind).
std::optional<UnsubscribeGrant> grant_of(Exchange& ex, const UnsubscribeTokens& tokens) {
  const std::optional<std::string> token = query_param(ex.request(), "token");
  std::optional<UnsubscribeGrant> grant = token ? tokens.verify(*token) : std::nullopt;
  if (grant && grant->kind != "digest" && !domain::parse_alert_kind(grant->kind)) grant.reset();
  if (!grant) {
    ex.respond(problem_response(domain::ErrorCode::kNotFound,
                                "this unsubscribe link is not one ticketd made"));
  }
  return grant;
}

std::string kind_words(std::string_view kind) {
  if (kind == "new_ticket") return "new ticket alerts";
  if (kind == "assigned") return "alerts about tickets assigned to you";
  if (kind == "customer_reply") return "alerts about customer replies";
  if (kind == "sla_warning") return "SLA warnings";
  if (kind == "sla_breached") return "SLA breach alerts";
  return "digests";
}

// A small page of its own, no script and no style attribute, under the
// console's policy.
Response page(std::string_view title, std::string_view body_markup) {
  Response r{http::status::ok, 11};
  r.set(http::field::content_type, "text/html; charset=utf-8");
  r.set(http::field::cache_control, "no-store");
  r.set("Content-Security-Policy",
        "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.body() =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      escape_html(title) + "</title></head><body><main><h1>" + escape_html(title) + "</h1>" +
      std::string(body_markup) + "</main></body></html>\n";
  r.prepare_payload();
  return r;
}

void unsubscribe_page(std::shared_ptr<Exchange> ex, const UnsubscribeTokens& tokens) {
  auto grant = grant_of(*ex, tokens);
  if (!grant) return;
  const std::string token = *query_param(ex->request(), "token");
  ex->respond(page("Unsubscribe",
                   "<p>Stop receiving " + escape_html(kind_words(grant->kind)) +
                       " by email? You can turn them on again in your profile.</p>"
                       "<form method=\"post\" action=\"/v1/unsubscribe?token=" +
                       escape_html(token) +
                       "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                       "<button type=\"submit\">Unsubscribe</button></form>"));
}

void unsubscribe(App& app, std::shared_ptr<Exchange> ex, const UnsubscribeTokens& tokens) {
  auto grant = grant_of(*ex, tokens);
  if (!grant) return;
  // RFC 8058: the body says List-Unsubscribe=One-Click (form-encoded, or a
  // multipart form with that field).
  const std::string& body = ex->request().body();
  if (body.find("List-Unsubscribe") == std::string::npos ||
      body.find("One-Click") == std::string::npos) {
    domain::Error e = domain::make_error(domain::ErrorCode::kValidation, "not a one-click POST");
    e.fields.push_back({"List-Unsubscribe", "must be One-Click"});
    return ex->fail(e);
  }
  People* people = people_or_503(app, *ex);
  if (people == nullptr) return;
  run_blocking(*people, ex, [&app, grant = std::move(*grant)](Exchange& ex) {
    // The member themselves, as the link stands for them.
    const domain::Actor member{grant.staff, domain::Role::kAgent, "", "", "", {}};
    const std::string& kind = grant.kind;
    auto saved = change_alert_preferences(
        app.store(), grant.staff,
        [&kind](domain::AlertPreferences& p) {
          if (auto k = domain::parse_alert_kind(kind))
            return p.set(*k, domain::AlertDelivery::kOff);
          for (std::size_t i = 0; i < domain::kAlertKindCount; ++i) {
            if (p.kinds[i] == domain::AlertDelivery::kDigest)
              p.kinds[i] = domain::AlertDelivery::kOff;
          }
        },
        member, "unsubscribe", app.now());
    if (!saved) return ex.fail(saved.error());
    Response r =
        page("Unsubscribed", "<p>You will no longer receive " + escape_html(kind_words(kind)) +
                                 " by email. You can turn them on again in your profile.</p>");
    if (saved->position > 0) r.set("X-Log-Position", std::to_string(saved->position));
    ex.respond(std::move(r));
  });
}

}  // namespace

void add_alert_preference_routes(Router& router, App& app, const UnsubscribeTokens& tokens,
                                 std::chrono::milliseconds digest_period) {
  router.add(
      http::verb::get, "/auth/notifications",
      [&app, digest_period](std::shared_ptr<Exchange> ex, const PathParams&) {
        get_mine(app, std::move(ex), digest_period);
      },
      with_audience(RouteDoc{.operation_id = "getMyAlertPreferences",
                             .summary = "How each kind of staff alert reaches me: immediately, "
                                        "in the digest, or off",
                             .tag = "Auth",
                             .response_schema = docs::ref("AlertPreferences")},
                    Audience::kStaff));
  router.add(
      http::verb::put, "/auth/notifications",
      [&app, digest_period](std::shared_ptr<Exchange> ex, const PathParams&) {
        put_mine(app, std::move(ex), digest_period);
      },
      with_audience(
          RouteDoc{
              .operation_id = "setMyAlertPreferences",
              .summary = "Choose how staff alerts reach me (the kinds named change)",
              .tag = "Auth",
              .request_schema =
                  R"({"type":"object","required":["kinds"],"properties":{"kinds":{"$ref":"#/components/schemas/AlertKinds"}}})",
              .response_schema = docs::ref("AlertPreferences"),
              .errors = {503},
              .request_example = R"({"kinds":{"new_ticket":"digest","sla_warning":"off"}})"},
          Audience::kStaff));
  const QueryDoc token_doc{"token", R"({"type":"string"})",
                           "The signed token of a staff alert's List-Unsubscribe link"};
  router.add(
      http::verb::get, "/v1/unsubscribe",
      [&tokens](std::shared_ptr<Exchange> ex, const PathParams&) {
        unsubscribe_page(std::move(ex), tokens);
      },
      RouteDoc{.operation_id = "getUnsubscribePage",
               .summary = "The page of a List-Unsubscribe link: a button that POSTs",
               .tag = "Auth",
               .authenticated = false,
               .response_schema = R"({"type":"string","description":"An HTML page"})",
               .query = {token_doc},
               .errors = {404},
               .response_media_type = "text/html"});
  router.add(
      http::verb::post, "/v1/unsubscribe",
      [&app, &tokens](std::shared_ptr<Exchange> ex, const PathParams&) {
        unsubscribe(app, std::move(ex), tokens);
      },
      RouteDoc{
          .operation_id = "unsubscribeOneClick",
          .summary = "One-click unsubscribe (RFC 8058): turns the token's alert kind off "
                     "for its staff member",
          .tag = "Auth",
          .authenticated = false,
          .request_schema =
              R"({"type":"object","required":["List-Unsubscribe"],"properties":{"List-Unsubscribe":{"const":"One-Click"}}})",
          .response_schema = R"({"type":"string","description":"An HTML page"})",
          .query = {token_doc},
          .errors = {404, 503},
          .request_media_type = "application/x-www-form-urlencoded",
          .other_request_media_types =
              {{"multipart/form-data",
                R"({"type":"object","properties":{"List-Unsubscribe":{"const":"One-Click"}}})"}},
          .response_media_type = "text/html"});
}

}  // namespace ticketd::api
