// /auth/: signing in and out (password, single-use links), invitations,
// password resets, and one's own account, sessions and personal tokens.
// Hashing and the key store's synced writes run on the credentials' pool
// (run_blocking), never on an io thread.

#include <algorithm>
#include <cctype>

#include "api/commands/sign_in_throttle.h"
#include "api/http/problem.h"
#include "api/notifications/auth_mail.h"
#include "api/routes/account_json.h"
#include "api/routes/auth_flows.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/password_policy.h"
#include "domain/validation.h"

namespace ticketd::api {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;  // hashed as given: bounded before hashing

// Reads {email, tenant?} of a sign-in or link request; tenant empty for
// staff. Answers 422 and returns false when they are not valid.
bool read_email_and_tenant(App& app, Exchange& ex, JsonBody& body, std::string& email,
                           std::string& tenant) {
  email = body.string("email", true).value_or("");
  tenant = body.string("tenant").value_or("");
  domain::FieldErrors errors;
  if (body.ok()) domain::check_email(email, "email", errors);
  for (auto& e : errors) body.fail(e.field, e.message);
  if (body.ok() && !tenant.empty() && !app.directory().tenant(tenant))
    body.fail("tenant", "no such tenant");
  return fields_ok(ex, body);
}

std::optional<std::string> read_password(JsonBody& body, std::string_view field) {
  std::optional<std::string> password = body.string(field, true);
  if (password && password->size() > kMaxPasswordBytes) {
    body.fail(std::string(field),
              "must be at most " + std::to_string(kMaxPasswordBytes) + " bytes");
    return std::nullopt;
  }
  return password;
}

void sign_in(App& app, std::shared_ptr<Exchange> ex) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto body = command_body(*ex);
  if (!body) return;
  std::string email, tenant;
  if (!read_email_and_tenant(app, *ex, *body, email, tenant)) return;
  std::optional<std::string> password = read_password(*body, "password");
  if (!fields_ok(*ex, *body)) return;
  const std::string address = client_address(*ex);
  const std::string key = throttle_key(tenant, email);
  const domain::Instant now = app.now();
  if (auto until = people->sign_ins.locked_until(key, address, now))
    return ex->respond(sign_in_locked(*until, now));
  run_blocking(
      *people, ex,
      [&app, people, email, tenant, address, key, password = std::move(*password)](Exchange& ex) {
        std::optional<Account> account = people->accounts.by_email(tenant, email);
        // The same work, known address or not: the answer's timing tells nothing.
        const bool match = people->credentials.check_password(account ? account->id : "", password);
        const domain::Instant now = app.now();
        if (match && account->status == domain::AccountStatus::kActive) {
          people->sign_ins.succeeded(key);
          return start_session_and_answer(app, *people, ex, *account, "password");
        }
        const char* reason = match ? "disabled" : "invalid_credentials";
        const domain::Actor anonymous = anonymous_actor();
        (void)record_sign_in(app, *people, domain::SignInFailed{email, tenant, address, reason},
                             anonymous);
        if (auto until = people->sign_ins.failed(key, address, now)) {
          (void)record_sign_in(app, *people, domain::SignInLocked{email, tenant, address, *until},
                               anonymous);
        }
        ex.fail(domain::make_error(domain::ErrorCode::kInvalidCredentials,
                                   "the email address or the password is wrong"));
      });
}

void sign_out(App& app, std::shared_ptr<Exchange> ex) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto caller = app.authorize_caller(*ex, Audience::kAnyone);
  if (!caller) return;
  run_blocking(*people, ex, [&app, people, caller = std::move(*caller)](Exchange& ex) {
    if (!caller.session_id.empty()) {
      auto ended = sign_out_session(app, *people, caller.actor.id, caller.session_id, caller.actor);
      if (!ended) return ex.fail(ended.error());
    }
    Response r{http::status::no_content, 11};
    r.set(http::field::set_cookie, expired_session_cookie(*people));
    ex.respond(std::move(r));
  });
}

// POST /auth/magic-link and /auth/password-reset: 202 whoever asks, at once;
// the link is made and mailed afterwards, when the address has an account
// that may use it.
void request_link(App& app, std::shared_ptr<Exchange> ex, std::string purpose) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  if (people->mail == nullptr) {
    return ex->respond(
        problem_response(domain::ErrorCode::kUnavailable,
                         "email is not configured (--smtp-url): no link can be sent"));
  }
  auto body = command_body(*ex);
  if (!body) return;
  // The page to come back to (the ticket a customer mail linked to).
  std::string next = body->string("next").value_or("");
  if (!next.empty() && !safe_next_path(next))
    body->fail("next", "must be a path on this site, like /portal/tickets/acme-42");
  std::string email, tenant;
  if (!read_email_and_tenant(app, *ex, *body, email, tenant)) return;
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("status", "accepted");
  w.member("detail", "if the address may sign in here, a link is on its way");
  w.end_object();
  ex->respond(json_response(http::status::accepted, std::move(out)));
  boost::asio::post(
      people->credentials.pool(),
      [&app, people, purpose = std::move(purpose), email = std::move(email),
       tenant = std::move(tenant), address = client_address(*ex), next = std::move(next)] {
        mail_link_if_allowed(app, *people, purpose, email, tenant, address, next);
      });
}

void redeem_magic_link(App& app, std::shared_ptr<Exchange> ex) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto body = command_body(*ex);
  if (!body) return;
  std::optional<std::string> token = body->string("token", true);
  if (!fields_ok(*ex, *body)) return;
  run_blocking(
      *people, ex,
      [&app, people, token = std::move(*token), address = client_address(*ex)](Exchange& ex) {
        std::optional<Link> link = redeem_or_answer(app, *people, ex, token, "magic_link", address);
        if (!link) return;
        std::optional<Account> account = account_of_link(app, *people, ex, *link);
        if (!account) return;
        start_session_and_answer(app, *people, ex, *account, "magic_link");
      });
}

// POST /auth/password-reset/redeem and /auth/invitation/accept: a link, a
// new password, and a session.
void set_password_by_link(App& app, std::shared_ptr<Exchange> ex, std::string purpose) {
  People* people = people_or_503(app, *ex);
  if (!people) return;
  auto body = command_body(*ex);
  if (!body) return;
  std::optional<std::string> token = body->string("token", true);
  std::optional<std::string> password = read_password(*body, "password");
  std::optional<std::string> name = body->string("name");
  if (name) {
    domain::FieldErrors errors;
    domain::check_text(*name, domain::kNameRule, "name", errors);
    for (auto& e : errors) body->fail(e.field, e.message);
  }
  if (!fields_ok(*ex, *body)) return;
  run_blocking(*people, ex,
               [&app, people, purpose = std::move(purpose), token = std::move(*token),
                password = std::move(*password), name = std::move(name),
                address = client_address(*ex)](Exchange& ex) {
                 set_password_and_answer(app, *people, ex,
                                         PasswordByLink{purpose, token, password, name, address});
               });
}

void me(App& app, std::shared_ptr<Exchange> ex) {
  auto caller = app.authorize_caller(*ex, Audience::kAnyone);
  if (!caller) return;
  People* people = app.people();
  std::optional<Account> account;
  if (people) account = people->accounts.account(caller->actor.id);
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("actor");
  w.begin_object();
  w.member("id", caller->actor.id);
  w.member("role", domain::to_string(caller->actor.role));
  w.key("tenant");
  caller->actor.tenant.empty() ? w.value(nullptr) : w.value(caller->actor.tenant);
  w.key("scope");
  w.begin_array();
  for (const std::string& t : caller->actor.scope) w.value(t);
  w.end_array();
  w.member("email", caller->actor.email);
  w.member("name", caller->actor.name);
  w.end_object();
  w.key("account");
  account ? write_account_json(w, *account) : w.value(nullptr);
  w.key("session");
  std::optional<Session> session;
  if (people && !caller->session_id.empty()) {
    for (const Session& s : people->credentials.sessions_of(caller->actor.id, app.now()))
      if (s.id == caller->session_id) session = s;
  }
  session ? write_session_json(w, *session, people->credentials, true) : w.value(nullptr);
  w.key("csrf_token");
  if (session) {
    w.value(Credentials::csrf_token(cookie_value(ex->request(), kSessionCookie)));
  } else {
    w.value(nullptr);
  }
  w.end_object();
  Response r = json_response(http::status::ok, std::move(out));
  r.set(http::field::cache_control, "no-store");
  ex->respond(std::move(r));
}

}  // namespace

void add_auth_routes(Router& router, App& app) {
  // A public route of the sign-in flows; each can be refused with 503 while
  // accounts are not running (or, for links, email is not configured).
  auto open_doc = [](std::string operation_id, std::string summary, std::string request,
                     std::string response, unsigned status, std::vector<unsigned> errors) {
    errors.push_back(503);
    return RouteDoc{.operation_id = std::move(operation_id),
                    .summary = std::move(summary),
                    .tag = "Auth",
                    .authenticated = false,
                    .request_schema = std::move(request),
                    .response_schema = std::move(response),
                    .success_status = status,
                    .errors = std::move(errors)};
  };
  const std::string email_schema =
      R"({"type":"object","required":["email"],"properties":{"email":{"type":"string","format":"email"},"tenant":{"type":"string","description":"customers: the tenant whose portal they sign in to; staff: absent"},"next":{"type":"string","maxLength":256,"pattern":"^/[A-Za-z0-9/_.~-]*$","description":"the page the link opens once signed in, e.g. /portal/tickets/acme-42"}}})";
  RouteDoc sign_in_doc = open_doc(
      "signIn", "Sign in with email and password (sets the session cookie)",
      R"({"type":"object","required":["email","password"],"properties":{"email":{"type":"string","format":"email"},"password":{"type":"string","writeOnly":true},"tenant":{"type":"string","description":"customers: the tenant whose portal they sign in to; staff: absent"}}})",
      docs::ref("SignedIn"), 200, {401, 429});
  sign_in_doc.request_example =
      R"({"email":"sam@support.example","password":"correct horse battery staple"})";
  router.add(
      http::verb::post, "/auth/sign-in",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { sign_in(app, std::move(ex)); },
      std::move(sign_in_doc));
  router.add(
      http::verb::post, "/auth/sign-out",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { sign_out(app, std::move(ex)); },
      with_audience(RouteDoc{.operation_id = "signOut",
                             .summary = "End this session (clears the cookie)",
                             .tag = "Auth",
                             .success_status = 204},
                    Audience::kAnyone));
  router.add(
      http::verb::post, "/auth/magic-link",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        request_link(app, std::move(ex), "magic_link");
      },
      open_doc("requestSignInLink",
               "Email me a sign-in link (202 whether or not the address is known)", email_schema,
               docs::ref("Accepted"), 202, {429}));
  router.add(
      http::verb::post, "/auth/magic-link/redeem",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        redeem_magic_link(app, std::move(ex));
      },
      open_doc("redeemSignInLink", "Sign in with a sign-in link's token (single use, 15 minutes)",
               R"({"type":"object","required":["token"],"properties":{"token":{"type":"string"}}})",
               docs::ref("SignedIn"), 200, {}));
  router.add(
      http::verb::post, "/auth/password-reset",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        request_link(app, std::move(ex), "reset");
      },
      open_doc("requestPasswordReset",
               "Email me a password reset link (202 whether or not the address is known)",
               email_schema, docs::ref("Accepted"), 202, {429}));
  const std::string password_schema =
      R"({"type":"object","required":["token","password"],"properties":{"token":{"type":"string","description":"The token of the emailed link"},"password":{"type":"string","minLength":15,"maxLength":256,"writeOnly":true,"description":"15 to 256 characters, not a common or repetitive one, not the email address"},"name":{"type":"string"}}})";
  router.add(
      http::verb::post, "/auth/password-reset/redeem",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        set_password_by_link(app, std::move(ex), "reset");
      },
      open_doc("resetPassword",
               "Set a new password with a reset link's token; ends every other session",
               password_schema, docs::ref("SignedIn"), 200, {}));
  router.add(
      http::verb::post, "/auth/invitation/accept",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        set_password_by_link(app, std::move(ex), "invitation");
      },
      open_doc("acceptInvitation", "Accept an invitation: set a password (and name) and sign in",
               password_schema, docs::ref("SignedIn"), 200, {}));
  router.add(
      http::verb::get, "/auth/me",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { me(app, std::move(ex)); },
      with_audience(
          RouteDoc{.operation_id = "getMe",
                   .summary = "Who I am: the actor, my account, this session and its CSRF token",
                   .tag = "Auth",
                   .response_schema = docs::ref("Me")},
          Audience::kAnyone));
  add_self_service_routes(router, app);
}

}  // namespace ticketd::api
