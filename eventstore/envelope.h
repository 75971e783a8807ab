#pragma once
// What the log stores for one event: the caller's event plus the position,
// stream version and hash-chain links the store assigned when it committed it.
// Plain values; copy and move freely.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ticketd::eventstore {

// A SHA-256 digest; the hash chain's links.
using Hash = std::array<uint8_t, 32>;

// Lower-case hexadecimal, 64 characters (how the API and tools print hashes).
std::string to_hex(const Hash& hash);
// Any bytes so (the blob store's names). The event store sees no other
// folder; above it, domain/hex.h does the same.
std::string to_hex(const unsigned char* bytes, std::size_t n);

// Who caused an event: a user, agent or the system itself (role "system").
struct ActorRef {
  std::string id;
  std::string role;
  friend bool operator==(const ActorRef&, const ActorRef&) = default;
};

struct Envelope {
  uint64_t position = 0;  // global log position, 1, 2, 3 ... without gaps
  std::string stream;     // e.g. "ticket-<id>"
  uint64_t version = 0;   // position within the stream, 1, 2, 3 ...
  std::string event_id;   // globally unique; the idempotency key
  std::string type;       // e.g. "TicketOpened"
  std::string tenant;
  ActorRef actor;
  int64_t occurred_at_ms = 0;  // UTC milliseconds since the Unix epoch
  std::string correlation_id;
  uint32_t schema_version = 0;  // of `data`
  std::string data;             // JSON payload bytes, opaque to the store
  Hash prev_hash{};             // hash of the record at position - 1 (zeros at 1)
  Hash hash{};                  // SHA-256(prev_hash || canonical bytes); see record_codec.h

  friend bool operator==(const Envelope&, const Envelope&) = default;
};

}  // namespace ticketd::eventstore
