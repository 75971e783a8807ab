#pragma once
// The stored data of the "accounts" and "signins" streams' events
// (accounts.h), schema version 1. Pure functions.
//
//   AccountInvited {"id", "email", "name", "role", "tenant", "scope": [...]}
//   AccountRegistered {"id", "email", "name", "tenant"}
//   AccountActivated, AccountDisabled, AccountEnabled {"id"}
//   PasswordSet, SessionsRevoked {"id", "reason"}
//   AccountEmailChanged {"id", "email"}; AccountRenamed {"id", "name"}
//   AccountRoleChanged {"id", "role", "tenant", "scope": [...]}
//   AccountLanguageChanged {"id", "language"}
//   SignedIn {"account", "session", "method", "address"}
//   SignedOut {"account", "session"}
//   SignInFailed {"email", "tenant", "address", "reason"}
//   SignInLocked {"email", "tenant", "address", "until"}
//   SignInLinkSent {"account", "email", "tenant", "purpose"}

#include <string>
#include <string_view>

#include "domain/accounts.h"
#include "domain/result.h"

namespace ticketd::domain {

std::string encode_account_event_data(const AccountEventBody& body);
std::string encode_sign_in_event_data(const SignInEventBody& body);
// kInternal naming what is missing when `data` is not the form of `type`, or
// `type` is not one of the stream's.
Result<AccountEventBody> decode_account_event_data(std::string_view type, std::string_view data);
Result<SignInEventBody> decode_sign_in_event_data(std::string_view type, std::string_view data);

}  // namespace ticketd::domain
