#pragma once
// What the account routes share (auth.cc, accounts.cc): an account's JSON,
// a session's, the answer that starts a session (its cookie), and running
// blocking work (hashing, synced key store writes) off the io threads.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/commands/accounts.h"
#include "api/commands/credentials.h"
#include "api/http/exchange.h"
#include "api/routes/app.h"
#include "domain/json_writer.h"

namespace ticketd::api {

// {id, email, name, role, tenant: s|null, scope: [...], status,
//  has_password, created_at, updated_at}
void write_account_json(domain::JsonWriter& w, const Account& a);
Response account_response(http::status status, const Account& a);
// {id, created_at, last_seen_at, expires_at, address, user_agent, current}
void write_session_json(domain::JsonWriter& w, const Session& s, const Credentials& credentials,
                        bool current);

// 200 {account, session, csrf_token} with the cookie that carries the
// session's secret.
Response signed_in_response(const People& people, const Account& account, const Session& session,
                            std::string_view secret);
// The Set-Cookie value that ends the session cookie.
std::string expired_session_cookie(const People& people);

// The People, or nullopt after answering 503 (main has not attached them).
People* people_or_503(App& app, Exchange& exchange);

// Runs `work` on the credentials' pool; a std::exception it throws answers
// 500 (kInternal).
void run_blocking(People& people, std::shared_ptr<Exchange> exchange,
                  std::function<void(Exchange&)> work);

// Waits, on the pool, for an account change to be durable.
domain::Result<Account> await_account(const std::function<void(Answer<Account>)>& start);

}  // namespace ticketd::api
