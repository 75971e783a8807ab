#include "eventstore/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace ticketd::eventstore {

struct Sha256::State {
  EVP_MD* md = nullptr;
  EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  // Fetch the implementation once; EVP_sha256() would look it up per digest.
  state_->md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  state_->ctx = EVP_MD_CTX_new();
  if (state_->md == nullptr || state_->ctx == nullptr) {
    EVP_MD_CTX_free(state_->ctx);
    EVP_MD_free(state_->md);
    throw std::runtime_error("OpenSSL: SHA-256 is not available");
  }
  reset();
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(state_->ctx);
  EVP_MD_free(state_->md);
}

void Sha256::reset() {
  if (EVP_DigestInit_ex2(state_->ctx, state_->md, nullptr) != 1) {
    throw std::runtime_error("OpenSSL: EVP_DigestInit_ex2 failed");
  }
}

void Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

void Sha256::update(const Hash& bytes) {
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

Hash Sha256::finish() {
  Hash out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(state_->ctx, out.data(), &len);
  return out;
}

}  // namespace ticketd::eventstore
