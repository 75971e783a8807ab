#include "api/commands/credentials.h"

#include <simdjson.h>
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <future>
#include <iterator>
#include <mutex>
#include <stdexcept>

#include "api/commands/ids.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

using domain::ErrorCode;

constexpr std::string_view kPasswordPrefix = "password/";
constexpr std::string_view kSessionPrefix = "session/";
constexpr std::string_view kLinkPrefix = "link/";
constexpr std::size_t kMaxUserAgentBytes = 200;
// Sessions one account may hold; a new one beyond ends the oldest.
constexpr std::size_t kMaxSessionsPerAccount = 100;
// last_seen is written to the key store at most this often per session;
// after a restart a session may look idle this much longer than it was.
constexpr domain::Millis kSeenPersistEvery = std::chrono::minutes(10);

std::int64_t ms(domain::Instant t) { return t.time_since_epoch().count(); }
domain::Instant at_ms(std::int64_t v) { return domain::Instant(domain::Millis(v)); }

domain::Error store_failed(const eventstore::StoreError& e) {
  return domain::make_error(ErrorCode::kInternal, "the key store failed: " + e.message);
}

std::string encode_session(const Session& s) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("id", s.id);
  w.member("account", s.account);
  w.member("created", ms(s.created_at));
  w.member("last_seen", ms(s.last_seen_at));
  w.member("address", s.address);
  w.member("agent", s.user_agent);
  w.end_object();
  return out;
}

std::string encode_link(const Link& l) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("purpose", l.purpose);
  w.member("account", l.account);
  w.member("email", l.email);
  w.member("tenant", l.tenant);
  w.member("expires", ms(l.expires_at));
  w.end_object();
  return out;
}

std::string string_member(simdjson::dom::object o, std::string_view key) {
  std::string_view v;
  return o[key].get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

std::int64_t int_member(simdjson::dom::object o, std::string_view key) {
  std::int64_t v = 0;
  return o[key].get_int64().get(v) == simdjson::SUCCESS ? v : 0;
}

std::optional<simdjson::dom::object> parse_object(simdjson::dom::parser& parser,
                                                  std::string_view json) {
  simdjson::dom::object o;
  if (parser.parse(json.data(), json.size()).get_object().get(o) != simdjson::SUCCESS)
    return std::nullopt;
  return o;
}

std::optional<Session> decode_session(std::string_view json) {
  simdjson::dom::parser parser;
  auto o = parse_object(parser, json);
  if (!o) return std::nullopt;
  Session s{string_member(*o, "id"),          string_member(*o, "account"),
            at_ms(int_member(*o, "created")), at_ms(int_member(*o, "last_seen")),
            string_member(*o, "address"),     string_member(*o, "agent")};
  if (s.id.empty() || s.account.empty()) return std::nullopt;
  return s;
}

std::optional<Link> decode_link(std::string_view json) {
  simdjson::dom::parser parser;
  auto o = parse_object(parser, json);
  if (!o) return std::nullopt;
  return Link{string_member(*o, "purpose"), string_member(*o, "account"),
              string_member(*o, "email"), string_member(*o, "tenant"),
              at_ms(int_member(*o, "expires"))};
}

void init_sodium_once() {
  static const int ok = sodium_init();
  if (ok < 0) throw std::runtime_error("libsodium cannot initialise");
}

// A URL-safe secret of 32 random bytes (256 bits).
std::string new_secret() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(out);
}

}  // namespace

Credentials::Credentials(eventstore::EventStore& store, Options options)
    : store_(store),
      options_(options),
      hashers_(std::max(1u, options.hash_threads)),
      pool_(std::max(1u, options.pool_threads)) {}

Credentials::~Credentials() {
  pool_.join();
  hashers_.join();
}

template <class Hash>
auto Credentials::hashed(Hash hash) -> decltype(hash()) {
  std::promise<decltype(hash())> promise;
  auto answer = promise.get_future();
  boost::asio::post(hashers_, [&] {
    // Below the io threads, the store's writer and the outbox: a burst of
    // sign-ins slows itself, not the tickets (per thread; idempotent).
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    promise.set_value(hash());
  });
  return answer.get();
}

domain::Result<std::unique_ptr<Credentials>> Credentials::open(eventstore::EventStore& store,
                                                               Options options,
                                                               domain::Instant now) {
  init_sodium_once();
  std::unique_ptr<Credentials> c(new Credentials(store, options));
  char dummy[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(dummy, "", 0, options.hash_passes, options.hash_memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return domain::make_error(ErrorCode::kInternal, "argon2id: out of memory");
  }
  c->dummy_hash_ = dummy;
  auto stored = store.secrets_with_prefix(kSessionPrefix);
  if (!stored) return store_failed(stored.error());
  std::vector<std::string> expired;
  for (auto& [key, value] : *stored) {
    std::string hash = key.substr(kSessionPrefix.size());
    std::optional<Session> s = decode_session(value);
    if (!s || !c->live(*s, now)) {
      expired.push_back(key);
      continue;
    }
    c->hashes_by_account_.emplace(s->account, hash);
    c->saved_seen_.emplace(hash, s->last_seen_at);
    c->sessions_.emplace(std::move(hash), std::move(*s));
  }
  // Links nobody redeemed in time.
  auto links = store.secrets_with_prefix(kLinkPrefix);
  if (!links) return store_failed(links.error());
  for (auto& [key, value] : *links) {
    std::optional<Link> link = decode_link(value);
    if (!link || link->expires_at <= now) expired.push_back(key);
  }
  for (const std::string& key : expired) {
    if (auto erased = store.erase_secret(key); !erased) return store_failed(erased.error());
  }
  return c;
}

domain::Result<void> Credentials::set_password(std::string_view account,
                                               std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  const bool made = hashed([&] {
    return crypto_pwhash_str_alg(hash, password.data(), password.size(), options_.hash_passes,
                                 options_.hash_memory_bytes, crypto_pwhash_ALG_ARGON2ID13) == 0;
  });
  if (!made) return domain::make_error(ErrorCode::kInternal, "argon2id: out of memory");
  auto put = store_.put_secret(std::string(kPasswordPrefix) + std::string(account), hash);
  if (!put) return store_failed(put.error());
  return {};
}

bool Credentials::check_password(std::string_view account, std::string_view password) {
  std::optional<std::string> hash;
  if (!account.empty()) {
    auto stored = store_.get_secret(std::string(kPasswordPrefix) + std::string(account));
    if (stored) hash = std::move(*stored);
  }
  const std::string& against = hash ? *hash : dummy_hash_;
  const bool match = hashed([&] {
    return crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  });
  passwords_checked_.fetch_add(1);
  return match && hash.has_value();
}

bool Credentials::live(const Session& s, domain::Instant now) const {
  return now - s.last_seen_at < options_.session_idle && now - s.created_at < options_.session_max;
}

domain::Result<void> Credentials::persist(const std::string& hash, const Session& s) {
  auto put = store_.put_secret(std::string(kSessionPrefix) + hash, encode_session(s));
  if (!put) return store_failed(put.error());
  return {};
}

domain::Result<std::pair<Session, std::string>> Credentials::start_session(std::string account,
                                                                           std::string address,
                                                                           std::string user_agent,
                                                                           domain::Instant now) {
  if (user_agent.size() > kMaxUserAgentBytes) user_agent.resize(kMaxUserAgentBytes);
  std::string secret = new_secret();
  const std::string hash = sha256_hex(secret);
  Session s{"ses_" + random_hex(8), std::move(account),   now, now,
            std::move(address),     std::move(user_agent)};
  if (auto saved = persist(hash, s); !saved) return std::move(saved.error());
  std::string oldest_id;
  {
    std::shared_lock lock(mu_);
    auto [begin, end] = hashes_by_account_.equal_range(s.account);
    if (static_cast<std::size_t>(std::distance(begin, end)) >= kMaxSessionsPerAccount) {
      const Session* oldest = nullptr;
      for (auto it = begin; it != end; ++it) {
        auto found = sessions_.find(it->second);
        if (found != sessions_.end() &&
            (oldest == nullptr || found->second.created_at < oldest->created_at))
          oldest = &found->second;
      }
      if (oldest != nullptr) oldest_id = oldest->id;
    }
  }
  if (!oldest_id.empty()) {
    if (auto ended = end_session(s.account, oldest_id); !ended) return std::move(ended.error());
  }
  {
    std::unique_lock lock(mu_);
    hashes_by_account_.emplace(s.account, hash);
    saved_seen_.insert_or_assign(hash, now);
    sessions_.insert_or_assign(hash, s);
  }
  return std::make_pair(std::move(s), std::move(secret));
}

std::optional<Session> Credentials::session(std::string_view secret_sha256, domain::Instant now) {
  std::optional<Session> found;
  bool save = false;
  {
    std::unique_lock lock(mu_);
    auto it = sessions_.find(std::string(secret_sha256));
    if (it == sessions_.end() || !live(it->second, now)) return std::nullopt;
    it->second.last_seen_at = now;
    domain::Instant& saved = saved_seen_[it->first];
    if (now - saved >= kSeenPersistEvery) {
      saved = now;
      save = true;
    }
    found = it->second;
  }
  if (save) {
    boost::asio::post(pool_, [this, hash = std::string(secret_sha256), s = *found] {
      (void)persist(hash, s);  // best effort: only the idle clock depends on it
    });
  }
  return found;
}

std::vector<Session> Credentials::sessions_of(std::string_view account, domain::Instant now) const {
  std::vector<Session> out;
  std::shared_lock lock(mu_);
  auto [begin, end] = hashes_by_account_.equal_range(account);
  for (auto it = begin; it != end; ++it) {
    auto s = sessions_.find(it->second);
    if (s != sessions_.end() && live(s->second, now)) out.push_back(s->second);
  }
  std::sort(out.begin(), out.end(),
            [](const Session& a, const Session& b) { return a.created_at > b.created_at; });
  return out;
}

domain::Result<bool> Credentials::end_session(std::string_view account,
                                              std::string_view session_id) {
  std::string hash;
  {
    std::shared_lock lock(mu_);
    auto [begin, end] = hashes_by_account_.equal_range(account);
    for (auto it = begin; it != end; ++it) {
      auto s = sessions_.find(it->second);
      if (s != sessions_.end() && s->second.id == session_id) hash = it->second;
    }
  }
  if (hash.empty()) return false;
  {
    std::unique_lock lock(mu_);  // gone for requests before it is gone from disk
    sessions_.erase(hash);
    saved_seen_.erase(hash);
    auto [begin, end] = hashes_by_account_.equal_range(account);
    for (auto it = begin; it != end; ++it) {
      if (it->second == hash) {
        hashes_by_account_.erase(it);
        break;
      }
    }
  }
  auto erased = store_.erase_secret(std::string(kSessionPrefix) + hash);
  if (!erased) return store_failed(erased.error());
  return true;
}

domain::Result<void> Credentials::end_sessions(std::string_view account, std::string_view keep) {
  std::vector<std::string> hashes;
  {
    std::unique_lock lock(mu_);
    auto [begin, end] = hashes_by_account_.equal_range(account);
    for (auto it = begin; it != end;) {
      auto s = sessions_.find(it->second);
      if (s != sessions_.end() && !keep.empty() && s->second.id == keep) {
        ++it;
        continue;
      }
      hashes.push_back(it->second);
      sessions_.erase(it->second);
      saved_seen_.erase(it->second);
      it = hashes_by_account_.erase(it);
    }
  }
  for (const std::string& hash : hashes) {
    auto erased = store_.erase_secret(std::string(kSessionPrefix) + hash);
    if (!erased) return store_failed(erased.error());
  }
  return {};
}

domain::Result<std::string> Credentials::issue_link(const Link& link) {
  std::string secret = new_secret();
  auto put = store_.put_secret(std::string(kLinkPrefix) + sha256_hex(secret), encode_link(link));
  if (!put) return store_failed(put.error());
  return secret;
}

domain::Result<std::optional<Link>> Credentials::redeem_link(std::string_view secret,
                                                             std::string_view purpose,
                                                             domain::Instant now) {
  const std::string key = std::string(kLinkPrefix) + sha256_hex(secret);
  std::lock_guard lock(links_mu_);
  auto stored = store_.get_secret(key);
  if (!stored) return store_failed(stored.error());
  if (!*stored) return std::optional<Link>();
  std::optional<Link> link = decode_link(**stored);
  if (!link || link->purpose != purpose) return std::optional<Link>();
  // Used (or expired): gone either way.
  if (auto erased = store_.erase_secret(key); !erased) return store_failed(erased.error());
  if (link->expires_at <= now) return std::optional<Link>();
  return link;
}

domain::Result<std::optional<Link>> Credentials::peek_link(std::string_view secret,
                                                           std::string_view purpose,
                                                           domain::Instant now) {
  auto stored = store_.get_secret(std::string(kLinkPrefix) + sha256_hex(secret));
  if (!stored) return store_failed(stored.error());
  if (!*stored) return std::optional<Link>();
  std::optional<Link> link = decode_link(**stored);
  if (!link || link->purpose != purpose || link->expires_at <= now) return std::optional<Link>();
  return link;
}

std::string Credentials::csrf_token(std::string_view session_secret) {
  return sha256_hex("ticketd csrf\n" + std::string(session_secret));
}

}  // namespace ticketd::api
