#pragma once
// Identifiers and digests the API hands out or compares: random opaque ids
// and token secrets (OpenSSL's CSPRNG), SHA-256 in hex for stored token
// hashes and idempotency fingerprints.

#include <string>
#include <string_view>

namespace ticketd::api {

// `bytes` random bytes as lowercase hex, from a cryptographic generator.
// Throws std::runtime_error if the generator fails (it does not on Linux).
std::string random_hex(std::size_t bytes);

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace ticketd::api
