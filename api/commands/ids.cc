#include "api/commands/ids.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "domain/hex.h"
#include "eventstore/sha256.h"

namespace ticketd::api {

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return domain::hex_encode(buf.data(), buf.size());
}

std::string new_event_id(char tag) {
  return new_event_id(tag, std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

std::string new_event_id(char tag, std::int64_t now_ms) {
  const auto t = static_cast<std::uint64_t>(now_ms);
  unsigned char buf[14];
  for (int i = 0; i < 6; ++i) buf[i] = static_cast<unsigned char>(t >> (40 - 8 * i));
  if (RAND_bytes(buf + 6, 8) != 1) throw std::runtime_error("RAND_bytes failed");
  std::string id(1, tag);
  id += domain::hex_encode(buf, sizeof buf);
  return id;
}

std::string sha256_hex(std::string_view data) {
  // A context per thread, fetched once: EVP_Digest with EVP_sha256() looks
  // the implementation up in OpenSSL's provider store on every call, which
  // was a fifth of an authenticated ticket read's handler time.
  thread_local eventstore::Sha256 sha;
  sha.reset();
  sha.update(data);
  const eventstore::Hash digest = sha.finish();
  return domain::hex_encode(digest.data(), digest.size());
}

}  // namespace ticketd::api
