// Administration: tenants (created by platform admins; read by staff within
// their scope; their SLA policies set by their admins: tenant_admin or
// admin), API tokens and projection rebuilds (platform admins).

#include <algorithm>

#include "api/commands/tenant_logo.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "api/routes/tenant_json.h"
#include "domain/directory_json.h"
#include "domain/json_writer.h"
#include "projections/page_cursor.h"

namespace ticketd::api {

void write_tenant_json(domain::JsonWriter& w, const Tenant& t) {
  w.begin_object();
  w.member("slug", t.slug);
  w.member("name", t.name);
  w.member("created_at", t.created_at);
  w.key("sla");
  std::string policy;
  domain::write_sla_policy(policy, t.policy);
  w.raw(policy);
  w.key("settings");
  std::string settings;
  domain::write_tenant_settings(settings, t.settings);
  w.raw(settings);
  write_tenant_logo(w, t);
  w.end_object();
}

void write_tenant_logo(domain::JsonWriter& w, const Tenant& t) {
  w.key("logo");
  if (!t.logo) return w.value(nullptr);
  w.begin_object();
  w.member("sha256", t.logo->sha256);
  w.member("type", t.logo->type);
  w.member("size", t.logo->size);
  w.member("url", tenant_logo_path(t.slug, t.logo->sha256));
  w.end_object();
}

Response tenant_response(http::status status, const Tenant& t) {
  std::string out;
  domain::JsonWriter w(out);
  write_tenant_json(w, t);
  return json_response(status, std::move(out));
}

void put_tenant_part(App& app, std::shared_ptr<Exchange> ex, const PathParams& p,
                     const TenantChange& change) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  // A tenant outside the caller's scope is as unknown as a missing one,
  // whatever the body says.
  auto tenant = domain::in_scope(*actor, p.get("slug")) ? app.directory().tenant(p.get("slug"))
                                                        : std::nullopt;
  if (!tenant) {
    return ex->respond(problem_response(domain::ErrorCode::kNotFound, "no such tenant"));
  }
  auto body = command_body(*ex);
  if (!body) return;
  change(body->text(), *tenant, *actor, answer_with<Tenant>(std::move(ex), [](const Tenant& t) {
           return tenant_response(http::status::ok, t);
         }));
}

namespace {

// The PageCursor kinds of the tenants and tokens listings (the views use
// 0..7, 16, 32).
constexpr std::uint8_t kTenantsCursorKind = 48;
constexpr std::uint8_t kTokensCursorKind = 49;

// The text of the request's cursor of listing `kind` ("" without one), or
// nullopt after answering 400 for a cursor of another listing or none.
std::optional<std::string> cursor_text(Exchange& ex, std::uint8_t kind) {
  auto text = query_param(ex.request(), "cursor");
  if (!text || text->empty()) return std::string();
  auto cursor = projections::decode_cursor(*text);
  if (!cursor || cursor->kind != kind) {
    ex.respond(
        problem_response(domain::ErrorCode::kBadCursor, "cursor is not valid for this listing"));
    return std::nullopt;
  }
  return std::move(cursor->text);
}

// "next_cursor" of a page whose last item has key `last`; null when no more.
void write_next_cursor(domain::JsonWriter& w, bool more, std::uint8_t kind,
                       const std::string& last) {
  w.key("next_cursor");
  if (more) {
    w.value(projections::encode_cursor(projections::PageCursor{kind, 0, 0, last}));
  } else {
    w.value(nullptr);
  }
}

void create_tenant(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kAdmin);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  std::string slug = body->string("slug", true).value_or("");
  std::string name = body->string("name", true).value_or("");
  if (!fields_ok(*ex, *body)) return;
  app.directory().create_tenant(std::move(slug), std::move(name), *actor, app.now(),
                                answer_with<Tenant>(std::move(ex), [](const Tenant& t) {
                                  Response r = tenant_response(http::status::created, t);
                                  r.set(http::field::location, "/admin/v1/tenants/" + t.slug);
                                  return r;
                                }));
}

// The tenants a scoped caller may see, ordered by slug, after `after`, at
// most `limit`: its scope's (a few), looked up one by one.
std::vector<Tenant> tenants_in_scope(App& app, const std::vector<std::string>& scope,
                                     std::string_view after, std::size_t limit) {
  std::vector<Tenant> out;
  for (auto it = std::upper_bound(scope.begin(), scope.end(), after);
       it != scope.end() && out.size() < limit; ++it) {
    if (std::optional<Tenant> t = app.directory().tenant(*it)) {
      out.push_back(std::move(*t));
    }
  }
  return out;
}

void get_tenant(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  const std::string_view slug = p.get("slug");
  auto tenant = domain::in_scope(*actor, slug) ? app.directory().tenant(slug) : std::nullopt;
  if (!tenant) {
    return ex->respond(problem_response(domain::ErrorCode::kNotFound, "no such tenant"));
  }
  ex->respond(tenant_response(http::status::ok, *tenant));
}

void list_tenants(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  const std::optional<std::size_t> size = page_limit_param(*ex);
  if (!size) return;
  // The cursor holds the last slug of the previous page.
  std::optional<std::string> after = cursor_text(*ex, kTenantsCursorKind);
  if (!after) return;
  std::vector<Tenant> tenants = actor->scope.empty()
                                    ? app.directory().tenants(*after, *size + 1)
                                    : tenants_in_scope(app, actor->scope, *after, *size + 1);
  const bool more = tenants.size() > *size;
  if (more) tenants.resize(*size);
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const Tenant& t : tenants) write_tenant_json(w, t);
  w.end_array();
  write_next_cursor(w, more, kTenantsCursorKind, more ? tenants.back().slug : "");
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

void put_sla(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  put_tenant_part(app, std::move(ex), p,
                  [&app](std::string_view body, const Tenant& tenant, const domain::Actor& by,
                         Answer<Tenant> done) {
                    auto policy = domain::parse_sla_policy(body, tenant.policy);
                    if (!policy) return done(std::move(policy.error()));
                    app.directory().set_policy(tenant.slug, *policy, by, app.now(),
                                               std::move(done));
                  });
}

void create_token(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kAdmin);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::Actor holder;
  if (auto role = body->string("role", true)) {
    auto parsed = domain::parse_role(*role);
    if (!parsed) {
      body->fail("role", "must be customer, customer_admin, agent, tenant_admin or admin");
    } else {
      holder.role = *parsed;
    }
  }
  holder.tenant = body->string("tenant").value_or("");
  if (std::optional<std::vector<std::string>> scope = body->strings("scope")) {
    holder.scope = std::move(*scope);
    std::sort(holder.scope.begin(), holder.scope.end());
    holder.scope.erase(std::unique(holder.scope.begin(), holder.scope.end()), holder.scope.end());
  }
  if (auto user = body->object("user", true)) {
    holder.id = user->string("id", true).value_or("");
    holder.email = user->string("email").value_or("");
    holder.name = user->string("name").value_or("");
  }
  // What a holder must be is the domain's rule (decide(IssueToken) answers
  // 422 with the same field names); whether the tenant exists is another
  // stream's state, checked here.
  if (body->ok() && domain::is_customer(holder.role) && !holder.tenant.empty() &&
      !app.directory().tenant(holder.tenant)) {
    body->fail("tenant", "no such tenant");
  }
  // So are the scope's tenants.
  for (const std::string& slug : holder.scope) {
    if (body->ok() && !app.directory().tenant(slug)) {
      body->fail("scope", "no such tenant: " + slug);
      break;
    }
  }
  if (!fields_ok(*ex, *body)) return;
  app.directory().issue_token(
      holder, *actor, app.now(),
      answer_with<std::pair<TokenInfo, std::string>>(std::move(ex), [](const auto& issued) {
        const domain::Actor& holder = issued.first.actor;
        std::string out;
        domain::JsonWriter w(out);
        w.begin_object();
        w.member("id", issued.first.id);
        w.member("token", issued.second);
        w.member("role", domain::to_string(holder.role));
        w.key("tenant");
        holder.tenant.empty() ? w.value(nullptr) : w.value(holder.tenant);
        if (!domain::is_customer(holder.role)) {  // staff: its tenants, [] for the platform
          w.key("scope");
          w.begin_array();
          for (const std::string& slug : holder.scope) w.value(slug);
          w.end_array();
        }
        w.end_object();
        return json_response(http::status::created, std::move(out));
      }));
}

// A token as the platform admin sees it: never its secret (only its hash
// is kept).
void write_token(domain::JsonWriter& w, const TokenInfo& t) {
  const domain::Actor& holder = t.actor;
  w.begin_object();
  w.member("id", t.id);
  w.member("role", domain::to_string(holder.role));
  w.key("tenant");
  holder.tenant.empty() ? w.value(nullptr) : w.value(holder.tenant);
  w.key("scope");
  w.begin_array();
  for (const std::string& slug : holder.scope) w.value(slug);
  w.end_array();
  w.key("holder");
  w.begin_object();
  w.member("id", holder.id);
  w.member("email", holder.email);
  w.member("name", holder.name);
  w.end_object();
  w.member("created_at", t.created_at);
  w.end_object();
}

void list_tokens(App& app, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kAdmin)) return;
  const std::optional<std::size_t> size = page_limit_param(*ex);
  if (!size) return;
  std::optional<domain::Role> role;
  if (auto text = query_param(ex->request(), "role"); text && !text->empty()) {
    role = domain::parse_role(*text);
    if (!role || *role == domain::Role::kSystem) {
      constexpr std::string_view kRoles =
          "must be customer, customer_admin, agent, tenant_admin or admin";
      return ex->respond(problem_response(domain::ErrorCode::kValidation,
                                          "role " + std::string(kRoles),
                                          {domain::FieldError{"role", std::string(kRoles)}}));
    }
  }
  // The cursor holds the last token id of the previous page.
  std::optional<std::string> after = cursor_text(*ex, kTokensCursorKind);
  if (!after) return;
  std::vector<TokenInfo> tokens = app.directory().tokens(*after, *size + 1, role);
  const bool more = tokens.size() > *size;
  if (more) tokens.resize(*size);
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const TokenInfo& t : tokens) write_token(w, t);
  w.end_array();
  write_next_cursor(w, more, kTokensCursorKind, more ? tokens.back().id : "");
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

void revoke_token(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto actor = app.authorize(*ex, Audience::kAdmin);
  if (!actor) return;
  app.directory().revoke_token(std::string(p.get("id")), *actor, app.now(),
                               answer_with<void>(std::move(ex), [] {
                                 return Response{http::status::no_content, 11};
                               }));
}

void rebuild(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  if (!app.authorize(*ex, Audience::kAdmin)) return;
  auto r = app.projections().runtime().rebuild(p.get("name"));
  if (!r) return ex->fail(r.error());
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("projection", p.get("name"));
  w.member("status", "rebuilding");
  w.end_object();
  ex->respond(json_response(http::status::accepted, std::move(out)));
}

}  // namespace

void add_admin_config_routes(Router& router, App& app) {
  router.add(
      http::verb::post, "/admin/v1/tenants",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        create_tenant(app, std::move(ex));
      },
      with_audience(
          RouteDoc{
              .operation_id = "createTenant",
              .summary = "Create a tenant (409 when the slug exists)",
              .tag = "Tenants",
              .request_schema =
                  R"({"type":"object","required":["slug","name"],"properties":{"slug":{"type":"string","pattern":"^[a-z0-9][a-z0-9-]*$","maxLength":40,"description":"Lower-case letters, digits and -; starts ticket keys, as in acme-42"},"name":{"type":"string","minLength":1}}})",
              .response_schema = docs::ref("Tenant"),
              .success_status = 201,
              .errors = {409},
              .request_example = R"({"slug":"acme","name":"Acme Corporation"})"},
          Audience::kAdmin));
  router.add(
      http::verb::get, "/admin/v1/tenants",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { list_tenants(app, std::move(ex)); },
      with_audience(RouteDoc{.operation_id = "listTenants",
                             .summary = "Tenants by slug",
                             .tag = "Tenants",
                             .response_schema = docs::ref("TenantPage"),
                             .query = {docs::cursor(), docs::limit()}},
                    Audience::kStaff));
  router.add(
      http::verb::get, "/admin/v1/tenants/{slug}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        get_tenant(app, std::move(ex), p);
      },
      with_audience(RouteDoc{.operation_id = "getTenant",
                             .summary = "A tenant with its SLA policy and settings (404 outside "
                                        "the caller's scope)",
                             .tag = "Tenants",
                             .response_schema = docs::ref("Tenant")},
                    Audience::kStaff));
  router.add(
      http::verb::put, "/admin/v1/tenants/{slug}/sla",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) { put_sla(app, std::move(ex), p); },
      with_audience(
          RouteDoc{
              .operation_id = "setTenantSla",
              .summary = "Set a tenant's SLA targets and business hours",
              .tag = "Tenants",
              .request_schema =
                  R"({"type":"object","properties":{"policies":{"type":"object","description":"Priorities left out keep their targets","properties":{"urgent":{"$ref":"#/components/schemas/SlaTargets"},"high":{"$ref":"#/components/schemas/SlaTargets"},"medium":{"$ref":"#/components/schemas/SlaTargets"},"low":{"$ref":"#/components/schemas/SlaTargets"}}},"business_hours":{"$ref":"#/components/schemas/BusinessHours"}}})",
              .response_schema = docs::ref("Tenant"),
              .request_example =
                  R"({"policies":{"urgent":{"first_response_s":3600,"resolution_s":14400}},"business_hours":{"time_zone":"Europe/Berlin","weekly":[[{"start_minute":540,"end_minute":1020}],[{"start_minute":540,"end_minute":1020}],[{"start_minute":540,"end_minute":1020}],[{"start_minute":540,"end_minute":1020}],[{"start_minute":540,"end_minute":960}],[],[]],"holidays":["2026-12-25","2026-12-26"]}})"},
          Audience::kTenantAdmin));
  router.add(
      http::verb::post, "/admin/v1/tokens",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { create_token(app, std::move(ex)); },
      with_audience(
          RouteDoc{
              .operation_id = "issueToken",
              .summary = "Issue an API token (the secret is shown once)",
              .tag = "Tokens",
              .request_schema =
                  R"({"type":"object","required":["role","user"],"properties":{"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":"string","description":"customer roles: their tenant"},"scope":{"type":"array","items":{"type":"string"},"description":"staff roles: the tenants they may reach; absent or empty is every tenant (agent and admin only); required for tenant_admin"},"user":{"type":"object","required":["id"],"description":"The holder; customer roles need an email too, the address mail reaches them at","properties":{"id":{"type":"string"},"email":{"type":"string"},"name":{"type":"string"}}}}})",
              .response_schema = docs::ref("IssuedToken"),
              .success_status = 201,
              .errors = {409},
              .request_example =
                  R"({"role":"agent","user":{"id":"agent-7","name":"Sam Ortiz","email":"sam@support.example"}})"},
          Audience::kAdmin));
  router.add(
      http::verb::get, "/admin/v1/tokens",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { list_tokens(app, std::move(ex)); },
      with_audience(
          RouteDoc{.operation_id = "listTokens",
                   .summary = "Live API tokens by id, personal ones too (never their secrets)",
                   .tag = "Tokens",
                   .response_schema = docs::ref("TokenPage"),
                   .query = {docs::cursor(), docs::limit(),
                             QueryDoc{"role", R"({"$ref":"#/components/schemas/Role"})",
                                      "Only tokens of this role"}}},
          Audience::kAdmin));
  router.add(
      http::verb::delete_, "/admin/v1/tokens/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        revoke_token(app, std::move(ex), p);
      },
      with_audience(RouteDoc{.operation_id = "revokeToken",
                             .summary = "Revoke a token at once",
                             .tag = "Tokens",
                             .success_status = 204},
                    Audience::kAdmin));
  router.add(
      http::verb::post, "/admin/v1/projections/{name}/rebuild",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) { rebuild(app, std::move(ex), p); },
      with_audience(
          RouteDoc{.operation_id = "rebuildProjection",
                   .summary = "Rebuild a projection from position 0 while the old one serves",
                   .tag = "Operations",
                   .response_schema = docs::ref("ProjectionRebuild"),
                   .success_status = 202,
                   .errors = {409}},
          Audience::kAdmin));
}

}  // namespace ticketd::api
