#include "api/commands/accounts.h"

#include <algorithm>
#include <utility>

#include "api/commands/ids.h"
#include "codec/account_codec.h"

namespace ticketd::api {
namespace {

using Aggregate = StreamAggregate<domain::AccountsState, domain::AccountEvent>;

Aggregate::Codec account_codec() {
  return {codec::to_account_event,
          [](const domain::AccountEvent& e, std::string id) {
            return codec::to_new_event(e, std::move(id));
          },
          [](domain::AccountsState s, const domain::AccountEvent& e) {
            return domain::evolve(std::move(s), e);
          }};
}

domain::Context context(const domain::Actor& by, domain::Instant now) {
  return domain::Context{by, now, {}};
}

bool names_tenant(const Account& a, std::string_view tenant) {
  if (tenant.empty()) return true;
  if (domain::is_customer(a.role)) return a.tenant == tenant;
  return a.scope.empty() || std::binary_search(a.scope.begin(), a.scope.end(), tenant);
}

}  // namespace

std::string new_account_id() { return "acc_" + random_hex(8); }

Accounts::Accounts(eventstore::EventStore& store, const Directory& directory)
    : store_(store),
      directory_(directory),
      accounts_(store, std::string(kAccountsStream), 'a', account_codec()) {}

domain::Result<std::unique_ptr<Accounts>> Accounts::open(eventstore::EventStore& store,
                                                         const Directory& directory) {
  std::unique_ptr<Accounts> accounts(new Accounts(store, directory));
  if (auto loaded = accounts->accounts_.load(); !loaded) return std::move(loaded.error());
  return accounts;
}

std::optional<Account> Accounts::account(std::string_view id) const {
  return accounts_.read([&](const domain::AccountsState& s) -> std::optional<Account> {
    const Account* a = s.find(id);
    return a ? std::optional<Account>(*a) : std::nullopt;
  });
}

std::optional<Account> Accounts::by_email(std::string_view tenant, std::string_view email) const {
  return accounts_.read([&](const domain::AccountsState& s) -> std::optional<Account> {
    const Account* a = s.by_email(tenant, email);
    return a ? std::optional<Account>(*a) : std::nullopt;
  });
}

std::vector<Account> Accounts::list(const domain::Actor& viewer, std::string_view tenant,
                                    std::string_view after_id, std::size_t limit) const {
  return accounts_.read([&](const domain::AccountsState& s) {
    std::vector<Account> out;
    for (auto it = s.by_id.upper_bound(after_id); it != s.by_id.end() && out.size() < limit; ++it) {
      if (domain::may_manage(viewer, it->second) && names_tenant(it->second, tenant))
        out.push_back(it->second);
    }
    return out;
  });
}

template <class Decide>
void Accounts::run(std::string id, Decide decide, Answer<Account> done) {
  accounts_.execute(std::move(decide), [this, id = std::move(id), done = std::move(done)](
                                           domain::Result<Committed<domain::AccountEvent>> r) {
    if (!r) return done(std::move(r.error()));
    std::optional<Account> after = account(id);
    if (!after) return done(domain::make_error(domain::ErrorCode::kNotFound, "no such account"));
    done(std::move(*after));
  });
}

template <class Command>
void Accounts::decide_and_run(Command c, const domain::Actor& by, domain::Instant now,
                              Answer<Account> done) {
  std::string id = c.id;
  run(
      std::move(id),
      [this, c = std::move(c), ctx = context(by, now)](const domain::AccountsState& s) {
        // Commands that name tenants check them against the directory's.
        if constexpr (requires { domain::decide(c, s, domain::TenantsState{}, ctx); }) {
          return domain::decide(c, s, directory_.tenants_state(), ctx);
        } else {
          return domain::decide(c, s, ctx);
        }
      },
      std::move(done));
}

void Accounts::invite(domain::InviteAccount c, const domain::Actor& by, domain::Instant now,
                      Answer<Account> done) {
  decide_and_run(std::move(c), by, now, std::move(done));
}

void Accounts::register_customer(domain::RegisterCustomer c, const domain::Actor& by,
                                 domain::Instant now, Answer<Account> done) {
  decide_and_run(std::move(c), by, now, std::move(done));
}

void Accounts::record_password(domain::RecordPasswordSet c, const domain::Actor& by,
                               domain::Instant now, Answer<Account> done) {
  decide_and_run(std::move(c), by, now, std::move(done));
}

void Accounts::change(domain::ChangeAccount c, const domain::Actor& by, domain::Instant now,
                      Answer<Account> done) {
  decide_and_run(std::move(c), by, now, std::move(done));
}

void Accounts::disable(std::string id, const domain::Actor& by, domain::Instant now,
                       Answer<Account> done) {
  decide_and_run(domain::DisableAccount{std::move(id)}, by, now, std::move(done));
}

void Accounts::enable(std::string id, const domain::Actor& by, domain::Instant now,
                      Answer<Account> done) {
  decide_and_run(domain::EnableAccount{std::move(id)}, by, now, std::move(done));
}

void Accounts::revoke_sessions(std::string id, std::string reason, const domain::Actor& by,
                               domain::Instant now, Answer<Account> done) {
  decide_and_run(domain::RevokeSessions{std::move(id), std::move(reason)}, by, now,
                 std::move(done));
}

void Accounts::record(domain::SignInEventBody body, const domain::Actor& by, domain::Instant now,
                      Answer<void> done) {
  domain::SignInEvent event{domain::EventMeta{now, by.id, by.role}, 0, std::move(body)};
  eventstore::AppendRequest request;
  request.streams.push_back(
      eventstore::StreamAppend{std::string(kSignInsStream),
                               eventstore::ExpectedVersion::any(),
                               {codec::to_new_event(event, new_event_id('a'))}});
  store_.append_async(
      std::move(request), [done = std::move(done)](eventstore::Result<eventstore::AppendResult> r) {
        if (!r) {
          return done(domain::make_error(domain::ErrorCode::kInternal,
                                         "the event store failed: " + r.error().message));
        }
        done({});
      });
}

}  // namespace ticketd::api
