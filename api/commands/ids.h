#pragma once
// Identifiers and digests the API hands out or compares: random opaque ids
// and token secrets (OpenSSL's CSPRNG), SHA-256 in hex for stored token
// hashes and idempotency fingerprints.

#include <cstdint>
#include <string>
#include <string_view>

namespace ticketd::api {

// `bytes` random bytes as lowercase hex, from a cryptographic generator.
// Throws std::runtime_error if the generator fails (it does not on Linux).
std::string random_hex(std::size_t bytes);

// A new event id: `tag`, the time in milliseconds since the epoch (12 hex
// digits), then 8 random bytes in hex. Ids made later sort after those made
// earlier (to the millisecond), so the store's event-id index takes them in
// nearly ascending order -- inserted next to the previous one in its
// memtable and written as files that do not overlap -- rather than spread
// over the whole key space; the random part keeps them unique.
std::string new_event_id(char tag);
// The same with the time given (milliseconds since the epoch), for tests.
std::string new_event_id(char tag, std::int64_t now_ms);

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace ticketd::api
