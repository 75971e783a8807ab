#pragma once
// The secrets of people, kept in the key store beside the log
// (EventStore::put_secret), never in it: password hashes (argon2id, from
// libsodium), sessions and single-use links -- each known by the SHA-256 of
// its secret, so a copy of the key store signs nobody in.
//
//   "password/" account id      -> libsodium's argon2id string (salt, parameters, hash)
//   "session/" sha256(secret)   -> {"id", "account", "created", "last_seen", "address", "agent"}
//   "link/" sha256(secret)      -> {"purpose", "account", "email", "tenant", "expires"}
//
// Hashing a password takes tens of milliseconds and tens of MiB and the key
// store's writes are synced, so the members marked "blocking" run on
// pool(), never on an io thread; the session lookup every request makes
// is in memory. The hashing itself runs on threads of its own (at most
// hash_threads at once) at a lower scheduling priority (nice 10): when the
// machine is busy, ticket commands and reads go first and sign-ins wait,
// rather than the other way round (benchmarks/http/sign_in_bench.py).
//
// Thread-safety: every member may be called from any thread.

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/result.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

struct Session {
  std::string id;  // "ses_" + 16 hex digits: what lists and revocations name
  std::string account;
  domain::Instant created_at{};
  domain::Instant last_seen_at{};
  std::string address;     // the client's IP address at sign-in
  std::string user_agent;  // at most 200 bytes of it
};

// A single-use link's meaning: sign in ("magic_link"), set a new password
// ("reset"), accept an invitation ("invitation").
struct Link {
  std::string purpose;
  std::string account;  // empty for a customer who has no account yet
  std::string email;
  std::string tenant;
  domain::Instant expires_at{};
};

class Credentials {
 public:
  struct Options {
    // argon2id's cost: OWASP's minimum is 19 MiB and 2 passes.
    std::size_t hash_memory_bytes = std::size_t{19} << 20;
    unsigned long long hash_passes = 2;
    unsigned hash_threads = 2;  // hashes computed at once
    unsigned pool_threads = 8;  // blocking work: waiting for hashes, synced writes
    // A session ends after this long without a request, and this long
    // after it began, whatever happens.
    domain::Millis session_idle = std::chrono::hours(24);
    domain::Millis session_max = std::chrono::hours(24 * 14);
  };

  // Reads the sessions from the key store (dropping expired ones).
  static domain::Result<std::unique_ptr<Credentials>> open(eventstore::EventStore& store,
                                                           Options options, domain::Instant now);
  ~Credentials();

  // Where the blocking members run.
  boost::asio::thread_pool& pool() { return pool_; }
  const Options& options() const { return options_; }

  // Blocking. Hashes `password` and stores it as the account's.
  domain::Result<void> set_password(std::string_view account, std::string_view password);
  // Blocking. Whether `password` is the account's. An account without a
  // password (or no account: empty id) costs the same time, against a hash
  // of nothing, so that the answer's timing tells nothing.
  bool check_password(std::string_view account, std::string_view password);
  // How many passwords check_password has hashed: one per call, whatever
  // the account (what tests check instead of timing the answers).
  std::uint64_t passwords_checked() const { return passwords_checked_.load(); }

  // Blocking. A new session for `account`; answers it and its secret (the
  // cookie's value), which is not kept. An account holds at most 100
  // sessions: the oldest ends when a new one would be the 101st.
  domain::Result<std::pair<Session, std::string>> start_session(std::string account,
                                                                std::string address,
                                                                std::string user_agent,
                                                                domain::Instant now);
  // Blocking. Ends the session with this public id (of this account);
  // false when there is none.
  domain::Result<bool> end_session(std::string_view account, std::string_view session_id);
  // Blocking. Ends every session of the account but `keep` (a public id,
  // may be empty).
  domain::Result<void> end_sessions(std::string_view account, std::string_view keep = {});

  // The live session whose secret has this SHA-256 (hex), marking it seen
  // at `now`; nullopt when unknown, idle too long or too old. In memory.
  std::optional<Session> session(std::string_view secret_sha256, domain::Instant now);
  // The account's live sessions, newest first. In memory.
  std::vector<Session> sessions_of(std::string_view account, domain::Instant now) const;

  // Blocking. Stores `link`, answering its secret (for the mail only).
  domain::Result<std::string> issue_link(const Link& link);
  // Blocking. The link of this secret if it is for `purpose` and not
  // expired, and forgets it: a second redemption finds nothing, and of two
  // at once only one does.
  domain::Result<std::optional<Link>> redeem_link(std::string_view secret, std::string_view purpose,
                                                  domain::Instant now);

  // The same without using it up: to check what comes with it first.
  domain::Result<std::optional<Link>> peek_link(std::string_view secret, std::string_view purpose,
                                                domain::Instant now);

  // The CSRF token of a session: derived from its secret, so it needs no
  // storage and means nothing without the cookie.
  static std::string csrf_token(std::string_view session_secret);

 private:
  Credentials(eventstore::EventStore& store, Options options);
  bool live(const Session& s, domain::Instant now) const;
  domain::Result<void> persist(const std::string& hash, const Session& s);

  eventstore::EventStore& store_;
  const Options options_;
  std::string dummy_hash_;  // argon2id of nothing, for accounts without a password
  std::atomic<std::uint64_t> passwords_checked_{0};
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Session> sessions_;  // by SHA-256 of the secret; guarded by mu_
  std::multimap<std::string, std::string, std::less<>> hashes_by_account_;  // guarded by mu_
  std::unordered_map<std::string, domain::Instant> saved_seen_;  // last_seen last persisted; mu_
  std::mutex links_mu_;  // redemptions one at a time: a link is used once
  // Runs `hash` on a hashing thread and waits for its answer.
  template <class Hash>
  auto hashed(Hash hash) -> decltype(hash());

  boost::asio::thread_pool hashers_;
  boost::asio::thread_pool pool_;
};

}  // namespace ticketd::api
