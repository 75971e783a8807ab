#pragma once
// The token of a staff alert's List-Unsubscribe link (RFC 2369, one click
// by RFC 8058): it names a staff member and a kind of alert, signed with
// HMAC-SHA256 under a key kept in the key store beside the log (never in
// the log). It is the authority to turn that one kind off for that one
// member and nothing else: no session, no read. It does not expire; a
// member who turns the kind back on can be unsubscribed by the same link
// again, which is what the link says.
//
// Thread-safety: const members from any thread.

#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// What a valid token names: a staff id and an alert kind's wire name
// (domain::AlertKind), or "digest" for every kind collected in the digest.
struct UnsubscribeGrant {
  std::string staff;
  std::string kind;
};

class UnsubscribeTokens {
 public:
  // Reads the signing key from `store`'s key store, making and storing a
  // random one (synced) the first time.
  static domain::Result<UnsubscribeTokens> open(eventstore::EventStore& store);
  // For tests: a given key.
  explicit UnsubscribeTokens(std::string key) : key_(std::move(key)) {}

  // "<kind>.<hex of staff id>.<hex HMAC>": URL-safe as it is.
  std::string sign(std::string_view staff, std::string_view kind) const;
  // The grant of a token this key signed; nullopt for anything else.
  std::optional<UnsubscribeGrant> verify(std::string_view token) const;

 private:
  std::string key_;
};

}  // namespace ticketd::api
