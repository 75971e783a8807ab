// One's own sessions, password and personal API tokens, under /auth/.
// Open to any signed-in account holder (session or personal token).

#include "api/http/problem.h"
#include "api/routes/account_json.h"
#include "api/routes/auth_flows.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/password_policy.h"

namespace ticketd::api {
namespace {

// The caller and their account; nullopt after answering (401/403, or 404
// for a token that stands for no account: machines have no sessions).
struct Holder {
  App::Caller caller;
  Account account;
  People* people;
};
std::optional<Holder> holder(App& app, Exchange& ex) {
  People* people = people_or_503(app, ex);
  if (!people) return std::nullopt;
  auto caller = app.authorize_caller(ex, Audience::kAnyone);
  if (!caller) return std::nullopt;
  std::optional<Account> account = people->accounts.account(caller->actor.id);
  if (!account) {
    ex.respond(
        problem_response(domain::ErrorCode::kNotFound, "this credential belongs to no account"));
    return std::nullopt;
  }
  return Holder{std::move(*caller), std::move(*account), people};
}

void list_sessions(App& app, std::shared_ptr<Exchange> ex) {
  auto h = holder(app, *ex);
  if (!h) return;
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const Session& s : h->people->credentials.sessions_of(h->account.id, app.now())) {
    if (s.created_at < h->account.sessions_valid_from) continue;
    write_session_json(w, s, h->people->credentials, s.id == h->caller.session_id);
  }
  w.end_array();
  w.member("next_cursor", nullptr);
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

void end_session(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto h = holder(app, *ex);
  if (!h) return;
  run_blocking(
      *h->people, ex, [&app, h = std::move(*h), id = std::string(p.get("id"))](Exchange& ex) {
        auto ended = sign_out_session(app, *h.people, h.account.id, id, h.caller.actor);
        if (!ended) return ex.fail(ended.error());
        if (!*ended)
          return ex.respond(problem_response(domain::ErrorCode::kNotFound, "no such session"));
        Response r{http::status::no_content, 11};
        if (id == h.caller.session_id)
          r.set(http::field::set_cookie, expired_session_cookie(*h.people));
        ex.respond(std::move(r));
      });
}

void end_all_sessions(App& app, std::shared_ptr<Exchange> ex) {
  auto h = holder(app, *ex);
  if (!h) return;
  run_blocking(*h->people, ex, [&app, h = std::move(*h)](Exchange& ex) {
    auto after = await_account([&](Answer<Account> done) {
      h.people->accounts.revoke_sessions(h.account.id, "user", h.caller.actor, app.now(),
                                         std::move(done));
    });
    if (!after) return ex.fail(after.error());
    if (auto ended = h.people->credentials.end_sessions(h.account.id); !ended)
      return ex.fail(ended.error());
    Response r{http::status::no_content, 11};
    r.set(http::field::set_cookie, expired_session_cookie(*h.people));
    ex.respond(std::move(r));
  });
}

void change_password(App& app, std::shared_ptr<Exchange> ex) {
  auto h = holder(app, *ex);
  if (!h) return;
  auto body = command_body(*ex);
  if (!body) return;
  std::optional<std::string> current = body->string("current_password", true);
  std::optional<std::string> password = body->string("password", true);
  if (password) {
    if (auto problem = domain::password_problem(*password, h->account.email))
      body->fail("password", *problem);
  }
  if (!fields_ok(*ex, *body)) return;
  run_blocking(
      *h->people, ex,
      [&app, h = std::move(*h), current = std::move(*current),
       password = std::move(*password)](Exchange& ex) {
        if (!h.people->credentials.check_password(h.account.id, current)) {
          return ex.respond(problem_response(domain::ErrorCode::kValidation,
                                             "current_password: is not your password",
                                             {{"current_password", "is not your password"}}));
        }
        if (auto stored = h.people->credentials.set_password(h.account.id, password); !stored)
          return ex.fail(stored.error());
        auto after = await_account([&](Answer<Account> done) {
          h.people->accounts.record_password(domain::RecordPasswordSet{h.account.id, "change"},
                                             h.caller.actor, app.now(), std::move(done));
        });
        if (!after) return ex.fail(after.error());
        // Other sessions end; this one goes on.
        if (auto ended = h.people->credentials.end_sessions(h.account.id, h.caller.session_id);
            !ended)
          return ex.fail(ended.error());
        ex.respond(account_response(http::status::ok, *after));
      });
}

// PATCH /auth/me: my own name and the language of my mail; the rest of an
// account is an admin's to change.
void update_me(App& app, std::shared_ptr<Exchange> ex) {
  auto h = holder(app, *ex);
  if (!h) return;
  auto body = command_body(*ex);
  if (!body) return;
  domain::ChangeAccount c{.id = h->account.id};
  c.name = body->string("name");
  c.language = body->string("language");
  if (!fields_ok(*ex, *body)) return;
  h->people->accounts.change(std::move(c), h->caller.actor, app.now(),
                             [ex](domain::Result<Account> r) {
                               if (!r) return ex->fail(r.error());
                               ex->respond(account_response(http::status::ok, *r));
                             });
}

void write_token_json(domain::JsonWriter& w, const TokenInfo& t) {
  w.begin_object();
  w.member("id", t.id);
  w.member("role", domain::to_string(t.actor.role));
  w.member("created_at", t.created_at);
  w.end_object();
}

void create_personal_token(App& app, std::shared_ptr<Exchange> ex) {
  auto h = holder(app, *ex);
  if (!h) return;
  domain::Actor self = domain::actor_of(h->account);
  app.directory().issue_token(
      self, self, app.now(),
      answer_with<std::pair<TokenInfo, std::string>>(std::move(ex), [](const auto& issued) {
        std::string out;
        domain::JsonWriter w(out);
        w.begin_object();
        w.member("id", issued.first.id);
        w.member("token", issued.second);
        w.member("role", domain::to_string(issued.first.actor.role));
        w.member("created_at", issued.first.created_at);
        w.end_object();
        return json_response(http::status::created, std::move(out));
      }));
}

void list_personal_tokens(App& app, std::shared_ptr<Exchange> ex) {
  auto h = holder(app, *ex);
  if (!h) return;
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const TokenInfo& t : app.directory().tokens_of(h->account.id)) write_token_json(w, t);
  w.end_array();
  w.member("next_cursor", nullptr);
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

void revoke_personal_token(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto h = holder(app, *ex);
  if (!h) return;
  app.directory().revoke_token(std::string(p.get("id")), domain::actor_of(h->account), app.now(),
                               answer_with<void>(std::move(ex), [] {
                                 return Response{http::status::no_content, 11};
                               }));
}

}  // namespace

void add_self_service_routes(Router& router, App& app) {
  // One's own things: 404 for a credential that belongs to no account (the
  // bootstrap admin token, a token issued by an admin for a user id).
  auto self_doc = [](std::string operation_id, std::string summary, std::string response,
                     unsigned status) {
    return with_audience(RouteDoc{.operation_id = std::move(operation_id),
                                  .summary = std::move(summary),
                                  .tag = "Auth",
                                  .response_schema = std::move(response),
                                  .success_status = status,
                                  .errors = {404}},
                         Audience::kAnyone);
  };
  router.add(
      http::verb::get, "/auth/sessions",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        list_sessions(app, std::move(ex));
      },
      self_doc("listMySessions", "My live sessions, newest first", docs::ref("SessionPage"), 200));
  router.add(
      http::verb::delete_, "/auth/sessions",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        end_all_sessions(app, std::move(ex));
      },
      self_doc("endAllMySessions", "End all my sessions, this one too", "", 204));
  router.add(
      http::verb::delete_, "/auth/sessions/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        end_session(app, std::move(ex), p);
      },
      self_doc("endMySession", "End one of my sessions", "", 204));
  RouteDoc me_doc =
      self_doc("updateMe", "Change my name or the language of my mail", docs::ref("Account"), 200);
  me_doc.request_schema =
      R"json({"type":"object","properties":{"name":{"type":"string","maxLength":200},"language":{"type":"string","enum":["","en","de"],"description":"The language of my mail; empty: my tenant's (customers) or English (staff)"}}})json";
  router.add(
      http::verb::patch, "/auth/me",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { update_me(app, std::move(ex)); },
      std::move(me_doc));
  RouteDoc password_doc = self_doc(
      "changeMyPassword", "Change my password (ends my other sessions)", docs::ref("Account"), 200);
  password_doc.request_schema =
      R"({"type":"object","required":["current_password","password"],"properties":{"current_password":{"type":"string","writeOnly":true},"password":{"type":"string","minLength":15,"maxLength":256,"writeOnly":true}}})";
  router.add(
      http::verb::post, "/auth/password",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        change_password(app, std::move(ex));
      },
      std::move(password_doc));
  router.add(
      http::verb::post, "/auth/tokens",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        create_personal_token(app, std::move(ex));
      },
      self_doc("createMyToken",
               "Mint a personal API token that acts as me (the secret is shown once)",
               docs::ref("IssuedPersonalToken"), 201));
  router.add(
      http::verb::get, "/auth/tokens",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        list_personal_tokens(app, std::move(ex));
      },
      self_doc("listMyTokens", "My personal API tokens", docs::ref("PersonalTokenPage"), 200));
  router.add(
      http::verb::delete_, "/auth/tokens/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        revoke_personal_token(app, std::move(ex), p);
      },
      self_doc("revokeMyToken", "Revoke one of my personal tokens", "", 204));
}

}  // namespace ticketd::api
