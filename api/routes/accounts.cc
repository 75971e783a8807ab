// /admin/v1/accounts: the people of the helpdesk, managed by platform admins
// (everyone) and tenant admins (the customers of their tenants and the
// staff within their scope; anyone else's account answers 404).

#include "api/http/problem.h"
#include "api/routes/account_json.h"
#include "api/routes/auth_flows.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kRoles = "customer, customer_admin, agent, tenant_admin or admin";

std::optional<domain::Role> role_field(JsonBody& body, bool required) {
  return enum_field(
      body, "role",
      [](std::string_view s) -> std::optional<domain::Role> {
        auto role = domain::parse_role(s);
        if (role == domain::Role::kSystem) return std::nullopt;
        return role;
      },
      required);
}

void answer_invited(App& app, People& people, Exchange& ex, const Account& account,
                    const domain::Actor& by) {
  const bool sent = mail_invitation(app, people, account, by);
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("account");
  write_account_json(w, account);
  w.member("invitation_sent", sent);
  w.end_object();
  Response r = json_response(http::status::created, std::move(out));
  r.set(http::field::location, "/admin/v1/accounts/" + account.id);
  ex.respond(std::move(r));
}

void invite(App& app, std::shared_ptr<Exchange> ex) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::InviteAccount c;
  c.id = new_account_id();
  c.email = body->string("email", true).value_or("");
  c.name = body->string("name").value_or("");
  c.role = role_field(*body, true).value_or(domain::Role::kAgent);
  c.tenant = body->string("tenant").value_or("");
  c.scope = body->strings("scope").value_or(std::vector<std::string>{});
  if (!fields_ok(*ex, *body)) return;
  people->accounts.invite(
      std::move(c), *actor, app.now(), [&app, people, ex, by = *actor](domain::Result<Account> r) {
        if (!r) return ex->fail(r.error());
        run_blocking(*people, ex, [&app, people, by, a = std::move(*r)](Exchange& ex) {
          answer_invited(app, *people, ex, a, by);
        });
      });
}

void list_accounts(App& app, std::shared_ptr<Exchange> ex) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  auto limit = page_limit_param(*ex);
  if (!limit) return;
  const std::string after = query_param(ex->request(), "cursor").value_or("");
  const std::string tenant = query_param(ex->request(), "tenant").value_or("");
  if (!after.empty() && !after.starts_with("acc_"))
    return ex->respond(problem_response(domain::ErrorCode::kBadCursor, "cursor: not a cursor"));
  std::vector<Account> page = people->accounts.list(*actor, tenant, after, *limit + 1);
  const bool more = page.size() > *limit;
  if (more) page.pop_back();
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const Account& a : page) write_account_json(w, a);
  w.end_array();
  w.key("next_cursor");
  more ? w.value(page.back().id) : w.value(nullptr);
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

// The account {id} if the caller may manage it; nullopt after 404.
std::optional<Account> managed(People& people, Exchange& ex, const domain::Actor& actor,
                               std::string_view id) {
  std::optional<Account> account = people.accounts.account(id);
  if (!account || !domain::may_manage(actor, *account)) {
    ex.respond(problem_response(domain::ErrorCode::kNotFound, "no such account"));
    return std::nullopt;
  }
  return account;
}

void get_account(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  if (auto account = managed(*people, *ex, *actor, p.get("id")))
    ex->respond(account_response(http::status::ok, *account));
}

// After an account change: its sessions end when it asked them to.
Answer<Account> answer_account(People& people, std::shared_ptr<Exchange> ex) {
  return [&people, ex = std::move(ex)](domain::Result<Account> r) {
    if (!r) return ex->fail(r.error());
    run_blocking(people, ex, [&people, a = std::move(*r)](Exchange& ex) {
      // Sessions the log says have ended go from the key store too.
      for (const Session& s : people.credentials.sessions_of(a.id, a.updated_at)) {
        if (s.created_at < a.sessions_valid_from) (void)people.credentials.end_session(a.id, s.id);
      }
      ex.respond(account_response(http::status::ok, a));
    });
  };
}

void patch_account(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  if (!managed(*people, *ex, *actor, p.get("id"))) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::ChangeAccount c;
  c.id = std::string(p.get("id"));
  c.email = body->string("email");
  c.name = body->string("name");
  c.language = body->string("language");
  c.role = role_field(*body, false);
  if (body->has("tenant")) c.tenant = body->string("tenant").value_or("");
  c.scope = body->strings("scope");
  if (!fields_ok(*ex, *body)) return;
  people->accounts.change(std::move(c), *actor, app.now(), answer_account(*people, ex));
}

// POST /admin/v1/accounts/{id}/{disable,enable,revoke-sessions,invitation}.
void account_action(App& app, std::shared_ptr<Exchange> ex, const PathParams& p,
                    std::string_view action) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  auto account = managed(*people, *ex, *actor, p.get("id"));
  if (!account) return;
  const std::string id(p.get("id"));
  if (action == "disable")
    return people->accounts.disable(id, *actor, app.now(), answer_account(*people, ex));
  if (action == "enable")
    return people->accounts.enable(id, *actor, app.now(), answer_account(*people, ex));
  if (action == "revoke-sessions")
    return people->accounts.revoke_sessions(id, "admin", *actor, app.now(),
                                            answer_account(*people, ex));
  if (account->status != domain::AccountStatus::kInvited) {
    return ex->respond(
        problem_response(domain::ErrorCode::kConflict, "the account has accepted its invitation"));
  }
  run_blocking(*people, ex, [&app, people, a = std::move(*account), by = *actor](Exchange& ex) {
    answer_invited(app, *people, ex, a, by);
  });
}

}  // namespace

void add_account_routes(Router& router, App& app) {
  // What a tenant admin (or admin) does to an account; the account
  // workflow refuses some changes (409: a duplicate email, disabling the
  // disabled).
  auto doc = [](std::string operation_id, std::string summary, std::string request,
                std::string response, unsigned status) {
    return with_audience(RouteDoc{.operation_id = std::move(operation_id),
                                  .summary = std::move(summary),
                                  .tag = "Accounts",
                                  .request_schema = std::move(request),
                                  .response_schema = std::move(response),
                                  .success_status = status,
                                  .errors = {409}},
                         Audience::kTenantAdmin);
  };
  RouteDoc invite_doc = doc(
      "inviteAccount", "Invite a person: an account and an emailed link to set a password",
      R"({"type":"object","required":["email","role"],"properties":{"email":{"type":"string","format":"email"},"name":{"type":"string"},"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":"string","description":"customer roles"},"scope":{"type":"array","items":{"type":"string"},"description":"agent, tenant_admin: the tenants they work; empty: every tenant"}}})",
      docs::ref("Invitation"), 201);
  invite_doc.request_example =
      R"({"email":"sam@support.example","name":"Sam Ortiz","role":"agent","scope":["acme"]})";
  router.add(
      http::verb::post, "/admin/v1/accounts",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { invite(app, std::move(ex)); },
      std::move(invite_doc));
  router.add(
      http::verb::get, "/admin/v1/accounts",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        list_accounts(app, std::move(ex));
      },
      with_audience(
          RouteDoc{.operation_id = "listAccounts",
                   .summary = "Accounts I may manage, by id",
                   .tag = "Accounts",
                   .response_schema = docs::ref("AccountPage"),
                   .query = {docs::tenant("Only the people of this tenant: its customers and the "
                                          "staff who reach it (scoped to it, or platform-wide)"),
                             docs::cursor(), docs::limit()}},
          Audience::kTenantAdmin));
  router.add(
      http::verb::get, "/admin/v1/accounts/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        get_account(app, std::move(ex), p);
      },
      with_audience(RouteDoc{.operation_id = "getAccount",
                             .summary = "One account",
                             .tag = "Accounts",
                             .response_schema = docs::ref("Account")},
                    Audience::kTenantAdmin));
  router.add(
      http::verb::patch, "/admin/v1/accounts/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        patch_account(app, std::move(ex), p);
      },
      doc("updateAccount",
          "Change an account's email, name, mail language, role, tenant or scope (a new role ends "
          "its sessions)",
          R"({"type":"object","properties":{"email":{"type":"string","format":"email"},"name":{"type":"string"},"language":{"type":"string","enum":["","en","de"]},"role":{"$ref":"#/components/schemas/Role"},"tenant":{"type":["string","null"]},"scope":{"type":"array","items":{"type":"string"}}}})",
          docs::ref("Account"), 200));
  struct Action {
    const char* path;
    const char* operation_id;
    const char* summary;
  };
  for (const Action& action : {
           Action{"disable", "disableAccount",
                  "Disable an account (ends its sessions and tokens' use)"},
           Action{"enable", "enableAccount", "Enable a disabled account"},
           Action{"revoke-sessions", "revokeAccountSessions", "End every session of an account"},
           Action{"invitation", "resendInvitation",
                  "Send an invited account a new invitation link"},
       }) {
    const std::string a(action.path);
    const bool invitation = a == "invitation";
    router.add(
        http::verb::post, "/admin/v1/accounts/{id}/" + a,
        [&app, a](std::shared_ptr<Exchange> ex, const PathParams& p) {
          account_action(app, std::move(ex), p, a);
        },
        doc(action.operation_id, action.summary, "",
            docs::ref(invitation ? "Invitation" : "Account"), invitation ? 201u : 200u));
  }
}

}  // namespace ticketd::api
