#pragma once
// Incremental SHA-256 over OpenSSL's EVP interface, reusable across digests
// so the writer does not allocate a context per event.
//
// Not thread-safe: one Sha256 per thread.

#include <memory>
#include <string_view>

#include "eventstore/envelope.h"

namespace ticketd::eventstore {

class Sha256 {
 public:
  // Throws std::runtime_error if OpenSSL cannot provide SHA-256 (a broken
  // installation: a start-up failure, not a runtime condition).
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Starts a new digest, discarding any unfinished one.
  void reset();
  void update(std::string_view bytes);
  void update(const Hash& bytes);
  // Finishes the digest; call reset() before the next one.
  Hash finish();

  // One-shot SHA-256(prefix || bytes).
  Hash digest(const Hash& prefix, std::string_view bytes) {
    reset();
    update(prefix);
    update(bytes);
    return finish();
  }

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ticketd::eventstore
