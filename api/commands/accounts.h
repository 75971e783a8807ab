#pragma once
// The accounts of people (domain/accounts.h) on the stream "accounts",
// written through a StreamAggregate as the directory is (directory.h), and
// the record of sign-ins on the stream "signins", appended as it happens.
// Their secrets are not here: credentials.h.
//
// The writing members answer through `done` on the store's completer
// thread (at once, on the caller's, when the change is refused).
//
// Thread-safety: every member may be called from any thread.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/commands/directory.h"
#include "api/commands/stream_aggregate.h"
#include "domain/accounts.h"
#include "domain/result.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

using domain::Account;

inline constexpr std::string_view kAccountsStream = "accounts";
inline constexpr std::string_view kSignInsStream = "signins";

// A new account id: "acc_" + 16 hex digits.
std::string new_account_id();

class Accounts {
 public:
  // Reads the "accounts" stream.
  static domain::Result<std::unique_ptr<Accounts>> open(eventstore::EventStore& store,
                                                        const Directory& directory);

  std::optional<Account> account(std::string_view id) const;
  // The staff account (tenant empty) or the customer account of `tenant`
  // with this address, compared case-insensitively.
  std::optional<Account> by_email(std::string_view tenant, std::string_view email) const;
  // The accounts `viewer` may manage, ordered by id after `after_id`, at
  // most `limit`; `tenant` (optional) keeps customers of that tenant and
  // staff whose scope names it.
  std::vector<Account> list(const domain::Actor& viewer, std::string_view tenant,
                            std::string_view after_id, std::size_t limit) const;

  // Each decides with the domain's rules and answers the account after.
  void invite(domain::InviteAccount c, const domain::Actor& by, domain::Instant now,
              Answer<Account> done);
  void register_customer(domain::RegisterCustomer c, const domain::Actor& by, domain::Instant now,
                         Answer<Account> done);
  void record_password(domain::RecordPasswordSet c, const domain::Actor& by, domain::Instant now,
                       Answer<Account> done);
  void change(domain::ChangeAccount c, const domain::Actor& by, domain::Instant now,
              Answer<Account> done);
  void disable(std::string id, const domain::Actor& by, domain::Instant now, Answer<Account> done);
  void enable(std::string id, const domain::Actor& by, domain::Instant now, Answer<Account> done);
  void revoke_sessions(std::string id, std::string reason, const domain::Actor& by,
                       domain::Instant now, Answer<Account> done);

  // Appends one event to the record of sign-ins (nothing decides it).
  void record(domain::SignInEventBody body, const domain::Actor& by, domain::Instant now,
              Answer<void> done);

 private:
  Accounts(eventstore::EventStore& store, const Directory& directory);
  template <class Decide>
  void run(std::string id, Decide decide, Answer<Account> done);
  // Decides `c` (with the directory's tenants when its rule takes them) and
  // answers the account `c.id` after.
  template <class Command>
  void decide_and_run(Command c, const domain::Actor& by, domain::Instant now,
                      Answer<Account> done);

  eventstore::EventStore& store_;
  const Directory& directory_;
  StreamAggregate<domain::AccountsState, domain::AccountEvent> accounts_;
};

}  // namespace ticketd::api
