#pragma once
// Webhook subscriptions as events on the stream "webhooks" (WebhookCreated,
// WebhookDeleted), like tenants and tokens (directory.h): audited, and
// rebuilt on start by reading that stream. A webhook's secret must stay
// usable for HMAC signing, so it cannot be reduced to a hash as a token's
// is; it is kept out of the log, in a key file (DATA/keys/webhooks.json,
// mode 0600, keyed by webhook id), and the event holds only a fingerprint.
//
// Thread-safety: every member may be called from any thread.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

inline constexpr std::string_view kWebhooksStream = "webhooks";

struct Webhook {
  std::string id;  // "wh_" + 16 hex digits
  std::string url;
  std::vector<std::string> events;  // event types, or {"*"}
  std::string tenant;               // empty: every tenant
  std::string secret_fingerprint;   // first 16 hex digits of SHA-256(secret)
  domain::Instant created_at{};
  std::uint64_t created_position = 0;  // log position of WebhookCreated
  bool deleted = false;
};

// The stream of a webhook's deliveries: "webhook-<id>".
std::string webhook_delivery_stream(std::string_view webhook_id);

// Folds one event of the "webhooks" stream into `hooks` (id -> webhook).
// Unknown types are ignored. Shared by the registry and the outbox, which
// keeps its own view as of the log position it has reached.
void apply_webhook_event(std::map<std::string, Webhook, std::less<>>& hooks,
                         const eventstore::Envelope& envelope);

class WebhookRegistry {
 public:
  // Reads the "webhooks" stream and the key file (created on first use;
  // its folder with mode 0700).
  static domain::Result<std::unique_ptr<WebhookRegistry>> open(eventstore::EventStore& store,
                                                               std::filesystem::path key_file);

  // Validates (url http(s), events known types or "*", tenant existing when
  // `tenant_exists` says so, secret 16..512 bytes), stores the secret, then
  // appends WebhookCreated. kValidation with field errors.
  domain::Result<Webhook> create(std::string url, std::vector<std::string> events,
                                 std::string tenant, std::string secret, const domain::Actor& by,
                                 domain::Instant now);
  // Appends WebhookDeleted and forgets the secret; kNotFound for an unknown
  // or deleted id.
  domain::Result<void> remove(std::string_view id, const domain::Actor& by, domain::Instant now);

  // Live webhooks in creation order.
  std::vector<Webhook> list() const;
  // Any webhook ever created, deleted ones included.
  std::optional<Webhook> get(std::string_view id) const;
  // The signing secret; nullopt when the key file does not have it.
  std::optional<std::string> secret(std::string_view id) const;

 private:
  WebhookRegistry(eventstore::EventStore& store, std::filesystem::path key_file)
      : store_(store), key_file_(std::move(key_file)) {}
  domain::Result<void> write_keys(const std::map<std::string, std::string, std::less<>>& keys);

  eventstore::EventStore& store_;
  const std::filesystem::path key_file_;
  std::mutex write_mu_;  // serialises create/remove (key file and stream)
  mutable std::shared_mutex mu_;
  std::map<std::string, Webhook, std::less<>> hooks_;         // guarded by mu_
  std::map<std::string, std::string, std::less<>> secrets_;   // guarded by mu_
};

}  // namespace ticketd::api
