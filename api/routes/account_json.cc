#include "api/routes/account_json.h"

#include <boost/asio/post.hpp>
#include <exception>

#include "api/http/problem.h"

namespace ticketd::api {

void write_account_json(domain::JsonWriter& w, const Account& a) {
  w.begin_object();
  w.member("id", a.id);
  w.member("email", a.email);
  w.member("name", a.name);
  w.member("role", domain::to_string(a.role));
  w.key("tenant");
  a.tenant.empty() ? w.value(nullptr) : w.value(a.tenant);
  w.key("scope");
  w.begin_array();
  for (const std::string& t : a.scope) w.value(t);
  w.end_array();
  w.member("status", domain::to_string(a.status));
  w.member("has_password", a.has_password);
  w.member("language", a.language);
  w.member("created_at", a.created_at);
  w.member("updated_at", a.updated_at);
  w.end_object();
}

Response account_response(http::status status, const Account& a) {
  std::string out;
  domain::JsonWriter w(out);
  write_account_json(w, a);
  return json_response(status, std::move(out));
}

void write_session_json(domain::JsonWriter& w, const Session& s, const Credentials& credentials,
                        bool current) {
  const auto& o = credentials.options();
  w.begin_object();
  w.member("id", s.id);
  w.member("created_at", s.created_at);
  w.member("last_seen_at", s.last_seen_at);
  w.member("expires_at", std::min(s.last_seen_at + o.session_idle, s.created_at + o.session_max));
  w.member("address", s.address);
  w.member("user_agent", s.user_agent);
  w.member("current", current);
  w.end_object();
}

Response signed_in_response(const People& people, const Account& account, const Session& session,
                            std::string_view secret) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("account");
  write_account_json(w, account);
  w.key("session");
  write_session_json(w, session, people.credentials, true);
  w.member("csrf_token", Credentials::csrf_token(secret));
  w.end_object();
  Response r = json_response(http::status::ok, std::move(out));
  const auto max_age =
      std::chrono::duration_cast<std::chrono::seconds>(people.credentials.options().session_max);
  std::string cookie =
      std::string(kSessionCookie) + "=" + std::string(secret) +
      "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count());
  if (people.secure_cookies) cookie += "; Secure";
  r.set(http::field::set_cookie, cookie);
  r.set(http::field::cache_control, "no-store");
  return r;
}

std::string expired_session_cookie(const People& people) {
  std::string cookie = std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (people.secure_cookies) cookie += "; Secure";
  return cookie;
}

People* people_or_503(App& app, Exchange& exchange) {
  if (People* people = app.people()) return people;
  exchange.respond(problem_response(domain::ErrorCode::kUnavailable, "accounts are not running"));
  return nullptr;
}

void run_blocking(People& people, std::shared_ptr<Exchange> exchange,
                  std::function<void(Exchange&)> work) {
  boost::asio::post(people.credentials.pool(),
                    [exchange = std::move(exchange), work = std::move(work)] {
                      try {
                        work(*exchange);
                      } catch (const std::exception& e) {
                        exchange->fail(domain::make_error(domain::ErrorCode::kInternal, e.what()));
                      }
                    });
}

domain::Result<Account> await_account(const std::function<void(Answer<Account>)>& start) {
  return await_answer<Account>(start);
}

}  // namespace ticketd::api
