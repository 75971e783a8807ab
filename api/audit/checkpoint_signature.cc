#include "api/audit/checkpoint_signature.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "domain/hex.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

domain::Error failure(std::string message) {
  return domain::make_error(domain::ErrorCode::kInternal, std::move(message));
}

bool is_hex(std::string_view s, std::size_t size) {
  return s.size() == size && domain::hex_decode(s).has_value();
}

// Writes `text` to a new file with `mode`; fails if it exists.
bool write_new_file(const std::filesystem::path& file, const std::string& text, mode_t mode) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

std::string pem_of(EVP_PKEY* key, bool private_key) {
  BIO* bio = BIO_new(BIO_s_mem());
  const int ok = private_key
                     ? PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_bio_PUBKEY(bio, key);
  std::string out;
  if (ok == 1) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<std::size_t>(n));
  }
  BIO_free(bio);
  return out;
}

}  // namespace

struct SigningKey::Key {
  EVP_PKEY* pkey = nullptr;
  bool has_private = false;
  ~Key() { EVP_PKEY_free(pkey); }
};

SigningKey::SigningKey(std::unique_ptr<Key> key) : key_(std::move(key)) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key_->pkey, &der);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<std::size_t>(std::max(n, 0)), digest);
  OPENSSL_free(der);
  fingerprint_ = domain::hex_encode(digest, sizeof digest);
}

SigningKey::~SigningKey() = default;

domain::Result<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return domain::make_error(domain::ErrorCode::kNotFound, "cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

domain::Result<std::unique_ptr<SigningKey>> SigningKey::load_or_create(
    const std::filesystem::path& dir) {
  const std::filesystem::path private_file = dir / kCheckpointPrivateKeyFile;
  const std::filesystem::path public_file = dir / kCheckpointPublicKeyFile;
  auto key = std::make_unique<Key>();
  key->has_private = true;
  if (std::filesystem::exists(private_file)) {
    auto pem = read_file(private_file);
    if (!pem) return pem.error();
    BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
    key->pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (key->pkey == nullptr || EVP_PKEY_get_id(key->pkey) != EVP_PKEY_ED25519) {
      return failure(private_file.string() + " is not an Ed25519 private key");
    }
  } else {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return failure("cannot create " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);
    key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (key->pkey == nullptr) return failure("cannot generate an Ed25519 key");
    if (!write_new_file(private_file, pem_of(key->pkey, true), 0600)) {
      return failure("cannot write " + private_file.string());
    }
  }
  // (Re)write the public half when missing, so it can always be handed out.
  if (!std::filesystem::exists(public_file) &&
      !write_new_file(public_file, pem_of(key->pkey, false), 0644)) {
    return failure("cannot write " + public_file.string());
  }
  return std::unique_ptr<SigningKey>(new SigningKey(std::move(key)));
}

domain::Result<std::unique_ptr<SigningKey>> SigningKey::load_public(
    const std::filesystem::path& file) {
  auto pem = read_file(file);
  if (!pem) return pem.error();
  auto key = std::make_unique<Key>();
  BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
  key->pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key->pkey == nullptr || EVP_PKEY_get_id(key->pkey) != EVP_PKEY_ED25519) {
    return failure(file.string() + " is not an Ed25519 public key");
  }
  return std::unique_ptr<SigningKey>(new SigningKey(std::move(key)));
}

domain::Result<void> SigningKey::sign(Checkpoint& c) const {
  if (!key_->has_private) return failure("no private key to sign with");
  c.key = fingerprint_;
  const std::string message = checkpoint_message(c);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char sig[64];
  std::size_t size = sizeof sig;
  const bool ok =
      EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_->pkey) == 1 &&
      EVP_DigestSign(ctx, sig, &size, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return failure("Ed25519 signing failed");
  c.signature = domain::hex_encode(sig, size);
  return {};
}

bool SigningKey::verify(const Checkpoint& c) const {
  const std::optional<std::string> sig = domain::hex_decode(c.signature);
  if (!sig || sig->size() != 64) return false;
  const std::string message = checkpoint_message(c);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key_->pkey) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string checkpoint_message(const Checkpoint& c) {
  return "ticketd checkpoint v1\nposition=" + std::to_string(c.position) + "\nhash=" + c.hash +
         "\ntime=" + c.time + "\n";
}

std::string checkpoint_json(const Checkpoint& c) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("position", c.position);
  w.member("hash", c.hash);
  w.member("time", c.time);
  w.member("key", c.key);
  w.member("signature", c.signature);
  w.end_object();
  out.push_back('\n');
  return out;
}

domain::Result<Checkpoint> parse_checkpoint(std::string_view json) {
  auto invalid = [](std::string what) {
    return domain::make_error(domain::ErrorCode::kValidation, "not a checkpoint file: " + what);
  };
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc)) return invalid("not JSON");
  Checkpoint c;
  std::string_view hash, time, key, signature;
  if (doc["position"].get(c.position) || doc["hash"].get(hash) || doc["time"].get(time) ||
      doc["signature"].get(signature)) {
    return invalid("position, hash, time and signature are required");
  }
  if (doc["key"].get(key)) key = {};
  c.hash = hash;
  c.time = time;
  c.key = key;
  c.signature = signature;
  if (!is_hex(c.hash, 64)) return invalid("hash must be 64 hex digits");
  if (!is_hex(c.signature, 128)) return invalid("signature must be 128 hex digits");
  return c;
}

}  // namespace ticketd::api
