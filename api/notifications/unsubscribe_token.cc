#include "api/notifications/unsubscribe_token.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "api/notifications/webhook_sender.h"
#include "domain/hex.h"

namespace ticketd::api {
namespace {

constexpr std::string_view kKeyName = "unsubscribe/hmac-key";

std::string signed_text(std::string_view staff, std::string_view kind) {
  return "ticketd-unsubscribe\n" + std::string(staff) + "\n" + std::string(kind);
}

}  // namespace

domain::Result<UnsubscribeTokens> UnsubscribeTokens::open(eventstore::EventStore& store) {
  auto stored = store.get_secret(kKeyName);
  if (!stored) return domain::make_error(domain::ErrorCode::kInternal, stored.error().message);
  if (*stored && stored->value().size() >= 32) return UnsubscribeTokens(std::move(**stored));
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return domain::make_error(domain::ErrorCode::kInternal, "no random bytes for a key");
  std::string key(reinterpret_cast<const char*>(bytes), sizeof bytes);
  if (auto put = store.put_secret(kKeyName, key); !put)
    return domain::make_error(domain::ErrorCode::kInternal, put.error().message);
  return UnsubscribeTokens(std::move(key));
}

std::string UnsubscribeTokens::sign(std::string_view staff, std::string_view kind) const {
  return std::string(kind) + "." + domain::hex_encode(staff) + "." +
         hmac_sha256_hex(key_, signed_text(staff, kind));
}

std::optional<UnsubscribeGrant> UnsubscribeTokens::verify(std::string_view token) const {
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view kind = token.substr(0, first);
  const std::optional<std::string> staff =
      domain::hex_decode(token.substr(first + 1, second - first - 1));
  const std::string_view mac = token.substr(second + 1);
  if (kind.empty() || !staff || staff->empty()) return std::nullopt;
  const std::string expected = hmac_sha256_hex(key_, signed_text(*staff, kind));
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  return UnsubscribeGrant{*staff, std::string(kind)};
}

}  // namespace ticketd::api
