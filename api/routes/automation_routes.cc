// Automation settings: a tenant's auto-close span and auto-assign
// categories (its admins: tenant_admin or admin), agents' availability and
// caps (platform admins); and what the automation thread
// is doing (GET /admin/v1/automation).

#include "api/automation/automation.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "api/routes/tenant_json.h"
#include "domain/directory_json.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

constexpr std::int64_t kMaxCap = 1'000'000;

Response agent_response(const Agent& a) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("id", a.id);
  write_agent_setting(w, a);
  w.member("updated_at", a.updated_at);
  w.end_object();
  return json_response(http::status::ok, std::move(out));
}

void put_settings(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  put_tenant_part(app, std::move(ex), p,
                  [&app](std::string_view body, const Tenant& tenant, const domain::Actor& by,
                         Answer<Tenant> done) {
                    auto settings = domain::parse_tenant_settings(body, tenant.settings);
                    if (!settings) return done(std::move(settings.error()));
                    app.directory().set_settings(tenant.slug, *settings, by, app.now(),
                                                 std::move(done));
                  });
}

// Agents are the platform's (auto-assign picks among every tenant's
// tickets), so their settings are for platform staff.
void get_agent(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  if (!app.authorize(*ex, Audience::kPlatformStaff)) return;
  auto agent = app.directory().agent(p.get("id"));
  if (!agent) {
    return ex->respond(
        problem_response(domain::ErrorCode::kNotFound, "no such agent is configured"));
  }
  ex->respond(agent_response(*agent));
}

void put_agent(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto actor = app.authorize(*ex, Audience::kAdmin);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::SetAgent agent;
  agent.id = p.get("id");
  const std::optional<bool> available = body->boolean("available");
  if (!available && (!body->has("available") || body->is_null("available"))) {
    body->fail("available", "is required");
  }
  agent.available = available.value_or(false);
  if (auto cap = body->integer("max_open")) {
    if (*cap < 1 || *cap > kMaxCap) {
      body->fail("max_open", "must be 1 to 1000000, or null for no cap");
    } else {
      agent.max_open = static_cast<std::uint32_t>(*cap);
    }
  }
  if (!fields_ok(*ex, *body)) return;
  app.directory().set_agent(std::move(agent), *actor, app.now(),
                            answer_with<Agent>(std::move(ex), agent_response));
}

// Counts over every tenant: platform staff only.
void get_status(App& app, const Automation& automation, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kPlatformStaff)) return;
  const Automation::Status s = automation.status();
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("ready", s.ready);
  w.member("position", s.position);
  w.member("tickets", static_cast<std::uint64_t>(s.tickets));
  w.member("timers", static_cast<std::uint64_t>(s.timers));
  w.member("next_at", s.next_at);
  w.member("pending_assign", static_cast<std::uint64_t>(s.pending_assign));
  w.member("actions", s.actions);
  w.member("refused", s.refused);
  w.member("failures", s.failures);
  w.member("now", app.now());
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

}  // namespace

void add_automation_config_routes(Router& router, App& app) {
  router.add(
      http::verb::put, "/admin/v1/tenants/{slug}/settings",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        put_settings(app, std::move(ex), p);
      },
      with_audience(
          RouteDoc{
              .operation_id = "setTenantSettings",
              .summary = "Set a tenant's automation: auto-close span and auto-assign categories",
              .tag = "Tenants",
              .request_schema =
                  R"({"type":"object","properties":{"auto_close_after_s":{"type":"integer","minimum":0,"description":"A resolved ticket closes after this long; 0 never"},"auto_close_days":{"type":"integer","minimum":0,"description":"The same in days; either one"},"auto_assign":{"type":"array","items":{"$ref":"#/components/schemas/Category"}},"attachment_types":{"type":"array","maxItems":50,"items":{"type":"string"},"description":"Media types (application/pdf) or families (image/*) people may attach; empty: any"},"unverified_mail":{"type":"string","enum":["hold","open_ticket"],"description":"Mail from a sender the trusted mail server could not verify: held as an internal note, or a ticket of its own marked unverified"},"language":{"type":"string","enum":["en","de"],"description":"The language of its notification mail"},"brand_color":{"type":"string","pattern":"^(#[0-9a-fA-F]{6})?$","description":"The colour of its mail's header bar as #rrggbb; empty for the default"}}})",
              .response_schema = docs::ref("Tenant"),
              .request_example = R"({"auto_close_days":5,"auto_assign":["billing","technical"]})"},
          Audience::kTenantAdmin));
  router.add(
      http::verb::get, "/admin/v1/agents/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        get_agent(app, std::move(ex), p);
      },
      with_audience(RouteDoc{.operation_id = "getAgentSetting",
                             .summary = "An agent's auto-assign setting",
                             .tag = "Agents",
                             .response_schema = docs::ref("AgentSetting")},
                    Audience::kPlatformStaff));
  router.add(
      http::verb::put, "/admin/v1/agents/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        put_agent(app, std::move(ex), p);
      },
      with_audience(
          RouteDoc{
              .operation_id = "setAgentSetting",
              .summary = "Set whether an agent takes auto-assigned tickets, and their open-ticket "
                         "cap",
              .tag = "Agents",
              .request_schema =
                  R"({"type":"object","required":["available"],"properties":{"available":{"type":"boolean"},"max_open":{"type":["integer","null"],"minimum":1}}})",
              .response_schema = docs::ref("AgentSetting"),
              .request_example = R"({"available":true,"max_open":12})"},
          Audience::kAdmin));
}

void add_automation_status_route(Router& router, App& app, const Automation& automation) {
  router.add(
      http::verb::get, "/admin/v1/automation",
      [&app, &automation](std::shared_ptr<Exchange> ex, const PathParams&) {
        get_status(app, automation, std::move(ex));
      },
      with_audience(RouteDoc{.operation_id = "getAutomationStatus",
                             .summary = "What the SLA scheduler and automations are doing",
                             .tag = "Operations",
                             .response_schema = docs::ref("AutomationStatus")},
                    Audience::kPlatformStaff));
}

}  // namespace ticketd::api
