#pragma once
// Signed checkpoints of the log's hash chain: the file format, the Ed25519
// signing key and the check an auditor runs (`ticketctl verify
// --checkpoint`). The server writes DATA/checkpoints/<position>.json,
//
//   {"position": 1234, "hash": "<64 hex>", "time": "2026-...Z",
//    "key": "<SHA-256 hex of the public key's DER>", "signature": "<128 hex>"}
//
// where the signature is Ed25519 over the exact bytes
//
//   "ticketd checkpoint v1\nposition=1234\nhash=<hash>\ntime=<time>\n"
//
// and `hash` is the hash of the record at `position`, which commits to every
// record before it (eventstore/record_codec.h). Keys are PEM files in
// DATA/keys: checkpoint-ed25519.pem (PKCS#8 private key, mode 0600) and
// checkpoint-ed25519.pub.pem (the public key to hand to auditors).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace ticketd::api {

inline constexpr std::string_view kCheckpointPrivateKeyFile = "checkpoint-ed25519.pem";
inline constexpr std::string_view kCheckpointPublicKeyFile = "checkpoint-ed25519.pub.pem";

struct Checkpoint {
  std::uint64_t position = 0;
  std::string hash;       // 64 lower-case hex digits
  std::string time;       // RFC 3339, when it was taken
  std::string key;        // fingerprint of the signing key
  std::string signature;  // 128 lower-case hex digits
};

// The bytes that are signed.
std::string checkpoint_message(const Checkpoint& c);
std::string checkpoint_json(const Checkpoint& c);
// kValidation when `json` is not a checkpoint file.
domain::Result<Checkpoint> parse_checkpoint(std::string_view json);

// An Ed25519 key pair (or only its public half). Thread-safe for concurrent
// sign/verify calls.
class SigningKey {
 public:
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  // Loads DIR/checkpoint-ed25519.pem, or generates the pair when it does not
  // exist (creating DIR with mode 0700, the private key with 0600, and
  // writing the public key beside it). kInternal on any failure.
  static domain::Result<std::unique_ptr<SigningKey>> load_or_create(
      const std::filesystem::path& dir);
  // Loads a public key PEM file (verification only).
  static domain::Result<std::unique_ptr<SigningKey>> load_public(const std::filesystem::path& file);

  // SHA-256 hex of the public key's DER encoding.
  const std::string& fingerprint() const { return fingerprint_; }
  // Fills c.key and c.signature. Needs the private key.
  domain::Result<void> sign(Checkpoint& c) const;
  // True when c.signature is this key's signature of checkpoint_message(c).
  bool verify(const Checkpoint& c) const;

 private:
  struct Key;
  explicit SigningKey(std::unique_ptr<Key> key);
  std::unique_ptr<Key> key_;
  std::string fingerprint_;
};

// Reads a whole file; kNotFound when it cannot be read.
domain::Result<std::string> read_file(const std::filesystem::path& file);

}  // namespace ticketd::api
