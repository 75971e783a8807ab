#pragma once
// The steps the /auth routes share (auth.cc, auth_self.cc). Each runs on
// the credentials' pool (run_blocking) and may block: it hashes, writes the
// key store, and waits for the log to hold what it records.

#include <optional>
#include <string>
#include <string_view>

#include "api/commands/accounts.h"
#include "api/commands/credentials.h"
#include "api/http/exchange.h"
#include "api/routes/app.h"

namespace ticketd::api {

// What the sign-in guards count a failure against: tenant and lowercased
// address, known or not.
std::string throttle_key(std::string_view tenant, std::string_view email);
// The actor of what nobody signed in did (a failed sign-in).
domain::Actor anonymous_actor();
// Appends `body` to the record of sign-ins as `by` and waits until it is
// durable.
domain::Result<void> record_sign_in(App& app, People& people, domain::SignInEventBody body,
                                    const domain::Actor& by);
// Ends the account's session `session_id` and records SignedOut by `by`;
// false when the account has no such session.
domain::Result<bool> sign_out_session(App& app, People& people, const std::string& account,
                                      const std::string& session_id, const domain::Actor& by);
// 429 sign_in_locked with Retry-After (at least 1 s) until `until`.
Response sign_in_locked(domain::Instant until, domain::Instant now);
// 422 naming "token": unknown, used or expired (one answer for all three).
Response invalid_token();

// Starts a session for `account`, records SignedIn and answers 200 with the
// cookie (signed_in_response); 500 when either fails.
void start_session_and_answer(App& app, People& people, Exchange& ex, const Account& account,
                              std::string_view method);

// Makes and mails a `purpose` link ("magic_link", "reset") when `email`
// names an account that may use one (or, for a sign-in link in a tenant,
// nobody yet: the redemption makes the customer's account), within the
// link requests' limits; records SignInLinkSent. Silent otherwise. `next`
// (a safe_next_path, or empty) is the page the link opens after signing in.
void mail_link_if_allowed(App& app, People& people, const std::string& purpose,
                          const std::string& email, const std::string& tenant,
                          const std::string& address, const std::string& next = {});

// Whether `path` may be a link's `next`: a path on this site ("/" and then
// letters, digits, "/", "-", "_", ".", "~"; no "//" start, no ".."), at
// most 256 bytes, so a mailed link cannot lead anywhere else.
bool safe_next_path(std::string_view path);
// Mails a new invitation link to `account` (invited by `by`); false when
// it could not be sent.
bool mail_invitation(App& app, People& people, const Account& account, const domain::Actor& by);

// The link of `token` for `purpose`, used up; nullopt after answering 422
// (field "token": unknown, used or expired) and counting the failure
// against `address`.
std::optional<Link> redeem_or_answer(App& app, People& people, Exchange& ex, std::string_view token,
                                     std::string_view purpose, const std::string& address);
// The active account a sign-in link stands for, registering the customer
// whose address it proved when there is none; nullopt after answering.
std::optional<Account> account_of_link(App& app, People& people, Exchange& ex, const Link& link);

struct PasswordByLink {
  std::string purpose;  // "reset" or "invitation"
  std::string token;
  std::string password;
  std::optional<std::string> name;  // invitations: the name they choose
  std::string address;
};
// Checks the password against the rules (422 "password", the link kept),
// uses up the link, stores the hash, records PasswordSet (activating an
// invited account), ends the account's other sessions (a reset) and answers
// with a new session.
void set_password_and_answer(App& app, People& people, Exchange& ex, const PasswordByLink& p);

// /auth/sessions, /auth/password, /auth/tokens (auth_self.cc).
void add_self_service_routes(Router& router, App& app);

}  // namespace ticketd::api
