// Credentials: argon2id password hashes, sessions and single-use links in
// the key store beside the log, known only by the hashes of their secrets,
// surviving a reopen; and the sign-in throttle's progressive locks.
#include "api/commands/credentials.h"

#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <thread>

#include "api/commands/ids.h"
#include "api/commands/sign_in_throttle.h"

namespace ticketd::api {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const domain::Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

struct TempStore {
  TempStore()
      : dir(std::filesystem::temp_directory_path() /
            ("ticketd-credentials-" + std::to_string(::getpid()) + "-" + std::to_string(++n))) {
    std::filesystem::remove_all(dir);
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  static inline int n = 0;
  std::filesystem::path dir;
};

Credentials::Options options() {
  Credentials::Options o;
  o.session_idle = hours(1);
  o.session_max = hours(24);
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(credentials_test)

BOOST_AUTO_TEST_CASE(passwords_are_argon2id_hashes_in_the_key_store) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto c = std::move(Credentials::open(*store, options(), kT0).value());
  BOOST_TEST_REQUIRE(c->set_password("acc_1", "correct horse battery staple").has_value());
  BOOST_TEST(c->check_password("acc_1", "correct horse battery staple"));
  BOOST_TEST(!c->check_password("acc_1", "correct horse battery stapler"));
  BOOST_TEST(!c->check_password("acc_2", "correct horse battery staple"));
  BOOST_TEST(!c->check_password("", ""));  // the dummy hash never matches
  // Every answer cost one hash: a known account, an unknown one, none at all.
  BOOST_TEST(c->passwords_checked() == 4u);
  auto stored = store->get_secret("password/acc_1").value();
  BOOST_TEST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->starts_with("$argon2id$v=19$m=19456,t=2,"));
  BOOST_TEST(stored->find("staple") == std::string::npos);
  BOOST_TEST(store->read_all(0, 10).value().empty());  // nothing in the log
}

BOOST_AUTO_TEST_CASE(sessions_expire_when_idle_or_old_and_survive_a_reopen) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  std::string secret, id;
  {
    auto c = std::move(Credentials::open(*store, options(), kT0).value());
    auto [session, s] = c->start_session("acc_1", "10.0.0.1", "curl", kT0).value();
    secret = s;
    id = session.id;
    BOOST_TEST(id.starts_with("ses_"));
    BOOST_TEST(c->session(sha256_hex(secret), kT0 + minutes(59)).has_value());
    BOOST_TEST(c->session(sha256_hex(secret), kT0 + minutes(118)).has_value());   // seen at 59
    BOOST_TEST(!c->session(sha256_hex(secret), kT0 + minutes(180)).has_value());  // idle
    BOOST_TEST(!c->session(sha256_hex("another secret"), kT0).has_value());
    BOOST_TEST(c->sessions_of("acc_1", kT0 + minutes(118)).size() == 1u);
  }
  for (auto& [key, value] : store->secrets_with_prefix("session/").value()) {
    BOOST_TEST(key == "session/" + sha256_hex(secret));  // the secret itself is nowhere
    BOOST_TEST(value.find(secret) == std::string::npos);
  }
  auto again = std::move(Credentials::open(*store, options(), kT0 + minutes(30)).value());
  BOOST_TEST(again->session(sha256_hex(secret), kT0 + minutes(31)).has_value());
  // However busy, never beyond the absolute limit.
  domain::Instant t = kT0;
  for (int i = 0; i < 24; ++i) again->session(sha256_hex(secret), t += minutes(55));
  BOOST_TEST(!again->session(sha256_hex(secret), kT0 + hours(24)).has_value());
}

BOOST_AUTO_TEST_CASE(ending_sessions) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto c = std::move(Credentials::open(*store, options(), kT0).value());
  auto a = c->start_session("acc_1", "", "", kT0).value();
  auto b = c->start_session("acc_1", "", "", kT0 + seconds(1)).value();
  auto other = c->start_session("acc_2", "", "", kT0).value();
  BOOST_TEST(!c->end_session("acc_2", a.first.id).value());  // not theirs
  BOOST_TEST(c->end_session("acc_1", a.first.id).value());
  BOOST_TEST(!c->session(sha256_hex(a.second), kT0 + seconds(2)).has_value());
  auto c2 = c->start_session("acc_1", "", "", kT0 + seconds(2)).value();
  BOOST_TEST_REQUIRE(c->end_sessions("acc_1", c2.first.id).has_value());
  BOOST_TEST(!c->session(sha256_hex(b.second), kT0 + seconds(3)).has_value());
  BOOST_TEST(c->session(sha256_hex(c2.second), kT0 + seconds(3)).has_value());
  BOOST_TEST(c->session(sha256_hex(other.second), kT0 + seconds(3)).has_value());
  BOOST_TEST(store->secrets_with_prefix("session/").value().size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_account_holds_at_most_100_sessions) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto c = std::move(Credentials::open(*store, options(), kT0).value());
  std::vector<std::string> secrets;
  for (int i = 0; i < 101; ++i)
    secrets.push_back(c->start_session("acc_1", "", "", kT0 + seconds(i)).value().second);
  const domain::Instant now = kT0 + seconds(200);
  BOOST_TEST(c->sessions_of("acc_1", now).size() == 100u);
  BOOST_TEST(!c->session(sha256_hex(secrets.front()), now).has_value());  // the oldest went
  BOOST_TEST(c->session(sha256_hex(secrets.back()), now).has_value());
}

BOOST_AUTO_TEST_CASE(a_link_is_used_once_before_it_expires) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto c = std::move(Credentials::open(*store, options(), kT0).value());
  const Link link{"magic_link", "", "dora@acme.test", "acme", kT0 + minutes(15)};
  const std::string secret = c->issue_link(link).value();
  BOOST_TEST(!c->redeem_link(secret, "reset", kT0).value().has_value());  // another purpose
  BOOST_TEST(c->peek_link(secret, "magic_link", kT0).value().has_value());
  auto used = c->redeem_link(secret, "magic_link", kT0 + minutes(14)).value();
  BOOST_TEST_REQUIRE(used.has_value());
  BOOST_TEST(used->email == "dora@acme.test");
  BOOST_TEST(!c->redeem_link(secret, "magic_link", kT0 + minutes(14)).value().has_value());
  const std::string late = c->issue_link(link).value();
  BOOST_TEST(!c->redeem_link(late, "magic_link", kT0 + minutes(15)).value().has_value());
  BOOST_TEST(!c->redeem_link(late, "magic_link", kT0).value().has_value());  // gone with it
}

BOOST_AUTO_TEST_CASE(of_many_redemptions_at_once_one_wins) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  auto c = std::move(Credentials::open(*store, options(), kT0).value());
  const std::string secret =
      c->issue_link({"reset", "acc_1", "a@x.test", "", kT0 + minutes(60)}).value();
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (c->redeem_link(secret, "reset", kT0).value().has_value()) ++winners;
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(winners.load() == 1);
}

BOOST_AUTO_TEST_CASE(unredeemed_links_and_dead_sessions_go_at_open) {
  TempStore tmp;
  auto store = std::move(eventstore::EventStore::open(tmp.dir).value());
  {
    auto c = std::move(Credentials::open(*store, options(), kT0).value());
    (void)c->issue_link({"magic_link", "", "a@x.test", "acme", kT0 + minutes(15)}).value();
    (void)c->start_session("acc_1", "", "", kT0).value();
  }
  auto later = std::move(Credentials::open(*store, options(), kT0 + hours(2)).value());
  BOOST_TEST(store->secrets_with_prefix("link/").value().empty());
  BOOST_TEST(store->secrets_with_prefix("session/").value().empty());
}

BOOST_AUTO_TEST_CASE(the_throttle_locks_progressively_and_forgives_a_success) {
  SignInThrottle t({.free_failures = 3,
                    .free_address_failures = 10,
                    .first_lock = seconds(30),
                    .max_lock = minutes(2)});
  for (int i = 0; i < 3; ++i) BOOST_TEST(!t.failed("\nann@x.test", "10.0.0.1", kT0).has_value());
  BOOST_TEST(!t.locked_until("\nann@x.test", "10.0.0.1", kT0).has_value());
  BOOST_TEST((t.failed("\nann@x.test", "10.0.0.1", kT0) == kT0 + seconds(30)));
  BOOST_TEST((t.locked_until("\nann@x.test", "10.0.0.2", kT0) == kT0 + seconds(30)));
  BOOST_TEST(!t.locked_until("\nbob@x.test", "10.0.0.2", kT0).has_value());
  BOOST_TEST((t.failed("\nann@x.test", "10.0.0.1", kT0) == kT0 + seconds(60)));
  BOOST_TEST((t.failed("\nann@x.test", "10.0.0.1", kT0) == kT0 + minutes(2)));
  BOOST_TEST((t.failed("\nann@x.test", "10.0.0.1", kT0) == kT0 + minutes(2)));  // the cap
  BOOST_TEST(!t.locked_until("\nann@x.test", "10.0.0.1", kT0 + minutes(2)).has_value());
  t.succeeded("\nann@x.test");
  BOOST_TEST(!t.failed("\nann@x.test", "10.0.0.9", kT0 + minutes(3)).has_value());
  // An address alone: beyond 10 failures of any names (7 were ann's), locked
  // for every name.
  for (int i = 0; i < 4; ++i) (void)t.failed("", "10.0.0.1", kT0);
  BOOST_TEST(t.locked_until("\ncy@x.test", "10.0.0.1", kT0).has_value());
  BOOST_TEST(!t.locked_until("", "10.0.0.3", kT0).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
