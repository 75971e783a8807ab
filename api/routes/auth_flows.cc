#include "api/routes/auth_flows.h"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "api/commands/sign_in_throttle.h"
#include "api/http/problem.h"
#include "api/notifications/auth_mail.h"
#include "api/routes/account_json.h"
#include "domain/password_policy.h"
#include "domain/validation.h"

namespace ticketd::api {
namespace {

constexpr std::chrono::seconds kInvitationValidFor{7 * 24 * 3600};

std::chrono::seconds valid_for(const People& people, std::string_view purpose) {
  if (purpose == "reset") return people.reset_link_ttl;
  if (purpose == "invitation") return kInvitationValidFor;
  return people.magic_link_ttl;
}

void log_failure(std::string_view what, std::string_view why) {
  std::cerr << "ticketd: " << what << ": " << why << "\n";
}

// Issues a `purpose` link for the account (or the address), records that it
// was sent and mails it; false when any of it failed.
bool issue_and_mail(App& app, People& people, const std::string& purpose, const Link& link,
                    const std::string& name, const domain::Actor& by, std::string role = {},
                    std::string next = {}) {
  auto secret = people.credentials.issue_link(link);
  if (!secret) {
    log_failure("cannot store a sign-in link", secret.error().message);
    return false;
  }
  if (auto r = record_sign_in(
          app, people, domain::SignInLinkSent{link.account, link.email, link.tenant, purpose}, by);
      !r) {
    log_failure("cannot record a sign-in link", r.error().message);
    return false;
  }
  LinkMail mail{purpose,
                link.email,
                name,
                *secret,
                std::chrono::ceil<std::chrono::minutes>(valid_for(people, purpose)),
                by.name,
                std::move(role)};
  if (mail.invited_by.empty()) mail.invited_by = "An administrator";
  mail.next = std::move(next);
  const DeliveryOutcome sent = people.mail->send(mail, app.now());
  if (!sent.ok) log_failure("cannot mail a sign-in link to " + link.email, sent.error);
  return sent.ok;
}

}  // namespace

domain::Result<void> record_sign_in(App& app, People& people, domain::SignInEventBody body,
                                    const domain::Actor& by) {
  return await_answer<void>([&](Answer<void> done) {
    people.accounts.record(std::move(body), by, app.now(), std::move(done));
  });
}

domain::Result<bool> sign_out_session(App& app, People& people, const std::string& account,
                                      const std::string& session_id, const domain::Actor& by) {
  auto ended = people.credentials.end_session(account, session_id);
  if (!ended || !*ended) return ended;
  if (auto recorded = record_sign_in(app, people, domain::SignedOut{account, session_id}, by);
      !recorded)
    return std::move(recorded.error());
  return true;
}

Response sign_in_locked(domain::Instant until, domain::Instant now) {
  Response r = problem_response(domain::ErrorCode::kSignInLocked,
                                "too many failed attempts; try again later");
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(until - now).count();
  r.set(http::field::retry_after, std::to_string(std::max<long long>(1, seconds)));
  return r;
}

Response invalid_token() {
  return problem_response(domain::ErrorCode::kValidation, "token: unknown, used or expired",
                          {{"token", "unknown, used or expired"}});
}

std::string throttle_key(std::string_view tenant, std::string_view email) {
  return std::string(tenant) + '\n' + domain::ascii_lower(email);
}

domain::Actor anonymous_actor() {
  domain::Actor a;
  a.id = "anonymous";
  a.role = domain::Role::kSystem;
  a.name = "not signed in";
  return a;
}

void start_session_and_answer(App& app, People& people, Exchange& ex, const Account& account,
                              std::string_view method) {
  const Request& request = ex.request();
  auto started = people.credentials.start_session(
      account.id, client_address(ex), std::string(request[http::field::user_agent]), app.now());
  if (!started) return ex.fail(started.error());
  const auto& [session, secret] = *started;
  auto recorded = record_sign_in(
      app, people, domain::SignedIn{account.id, session.id, std::string(method), session.address},
      domain::actor_of(account));
  if (!recorded) {
    (void)people.credentials.end_session(account.id, session.id);
    return ex.fail(recorded.error());
  }
  ex.respond(signed_in_response(people, account, session, secret));
}

bool safe_next_path(std::string_view path) {
  if (path.size() > 256 || !path.starts_with('/') || path.starts_with("//") ||
      path.find("..") != std::string_view::npos)
    return false;
  return std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '-' || c == '_' ||
           c == '.' || c == '~';
  });
}

void mail_link_if_allowed(App& app, People& people, const std::string& purpose,
                          const std::string& email, const std::string& tenant,
                          const std::string& address, const std::string& next) {
  const domain::Instant now = app.now();
  const std::string key = throttle_key(tenant, email);
  if (people.link_requests.locked_until(key, address, now)) return;
  (void)people.link_requests.failed(key, address, now);  // every request counts
  std::optional<Account> account = people.accounts.by_email(tenant, email);
  if (account && account->status == domain::AccountStatus::kDisabled) return;
  if (!account && (purpose != "magic_link" || tenant.empty())) return;  // staff are invited
  if (account && purpose == "magic_link" && account->status != domain::AccountStatus::kActive)
    return;  // an invitation is how they start
  Link link{purpose, account ? account->id : "", email, tenant, now + valid_for(people, purpose)};
  (void)issue_and_mail(app, people, purpose, link, account ? account->name : "", anonymous_actor(),
                       {}, next);
}

bool mail_invitation(App& app, People& people, const Account& account, const domain::Actor& by) {
  if (people.mail == nullptr) return false;
  Link link{"invitation", account.id, account.email, account.tenant,
            app.now() + valid_for(people, "invitation")};
  // "tenant_admin" reads "tenant admin" in a sentence.
  std::string role(domain::to_string(account.role));
  std::replace(role.begin(), role.end(), '_', ' ');
  return issue_and_mail(app, people, "invitation", link, account.name, by, std::move(role));
}

std::optional<Link> redeem_or_answer(App& app, People& people, Exchange& ex, std::string_view token,
                                     std::string_view purpose, const std::string& address) {
  const domain::Instant now = app.now();
  // Guessing links is guessing passwords: the same guard, per address
  // (a link names no account until it is found).
  const std::string key;
  if (auto until = people.sign_ins.locked_until(key, address, now)) {
    ex.respond(sign_in_locked(*until, now));
    return std::nullopt;
  }
  auto link = people.credentials.redeem_link(token, purpose, now);
  if (!link) {
    ex.fail(link.error());
    return std::nullopt;
  }
  if (!*link) {
    (void)people.sign_ins.failed(key, address, now);
    (void)record_sign_in(app, people, domain::SignInFailed{"", "", address, "invalid_link"},
                         anonymous_actor());
    ex.respond(invalid_token());
    return std::nullopt;
  }
  return std::move(**link);
}

std::optional<Account> account_of_link(App& app, People& people, Exchange& ex, const Link& link) {
  std::optional<Account> account = link.account.empty()
                                       ? people.accounts.by_email(link.tenant, link.email)
                                       : people.accounts.account(link.account);
  if (!account && link.account.empty()) {
    // A customer who proved their address: their account, and with it every
    // ticket they opened by that address.
    domain::Actor self;
    self.id = new_account_id();
    self.role = domain::Role::kCustomer;
    self.tenant = link.tenant;
    self.email = link.email;
    auto registered = await_account([&](Answer<Account> done) {
      people.accounts.register_customer(
          domain::RegisterCustomer{self.id, link.email, "", link.tenant}, self, app.now(),
          std::move(done));
    });
    if (!registered && registered.error().code == domain::ErrorCode::kConflict) {
      account = people.accounts.by_email(link.tenant, link.email);  // registered meanwhile
    } else if (!registered) {
      ex.fail(registered.error());
      return std::nullopt;
    } else {
      account = std::move(*registered);
    }
  }
  if (!account || account->status != domain::AccountStatus::kActive) {
    ex.respond(invalid_token());
    return std::nullopt;
  }
  return account;
}

void set_password_and_answer(App& app, People& people, Exchange& ex, const PasswordByLink& p) {
  auto peeked = people.credentials.peek_link(p.token, p.purpose, app.now());
  if (!peeked) return ex.fail(peeked.error());
  const std::string email = *peeked ? (*peeked)->email : std::string();
  if (auto problem = domain::password_problem(p.password, email)) {
    return ex.respond(problem_response(domain::ErrorCode::kValidation, "password: " + *problem,
                                       {{"password", *problem}}));
  }
  std::optional<Link> link = redeem_or_answer(app, people, ex, p.token, p.purpose, p.address);
  if (!link) return;
  std::optional<Account> account = people.accounts.account(link->account);
  if (!account || account->status == domain::AccountStatus::kDisabled) {
    return ex.respond(invalid_token());
  }
  if (auto stored = people.credentials.set_password(account->id, p.password); !stored)
    return ex.fail(stored.error());
  const domain::Actor self = domain::actor_of(*account);
  auto after = await_account([&](Answer<Account> done) {
    people.accounts.record_password(domain::RecordPasswordSet{account->id, p.purpose}, self,
                                    app.now(), std::move(done));
  });
  if (after && p.name && *p.name != after->name) {
    domain::ChangeAccount rename{.id = account->id, .name = *p.name};
    domain::Actor system;
    system.id = "ticketd";
    system.role = domain::Role::kSystem;
    after = await_account([&](Answer<Account> done) {
      people.accounts.change(std::move(rename), system, app.now(), std::move(done));
    });
  }
  if (after && p.purpose == "reset") {
    // Whoever knew the old password is signed out everywhere.
    after = await_account([&](Answer<Account> done) {
      people.accounts.revoke_sessions(account->id, "reset", self, app.now(), std::move(done));
    });
    if (after) {
      if (auto ended = people.credentials.end_sessions(account->id); !ended)
        return ex.fail(ended.error());
    }
  }
  if (!after) return ex.fail(after.error());
  start_session_and_answer(app, people, ex, *after, p.purpose);
}

}  // namespace ticketd::api
