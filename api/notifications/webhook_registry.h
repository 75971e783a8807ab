#pragma once
// Webhook subscriptions as events on the stream "webhooks" (WebhookCreated,
// WebhookDeleted), like tenants and tokens (directory.h): audited, and
// rebuilt on start by reading that stream. A webhook's secret must stay
// usable for HMAC signing, so it cannot be reduced to a hash as a token's
// is; it is kept out of the log, in a key file (DATA/keys/webhooks.json,
// mode 0600, keyed by webhook id), and the event holds only a fingerprint.
//
// Thread-safety: every member may be called from any thread.

#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/commands/stream_aggregate.h"
#include "domain/result.h"
#include "domain/types.h"
#include "domain/webhooks.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

inline constexpr std::string_view kWebhooksStream = "webhooks";

using domain::Webhook;

// The stream of a webhook's deliveries: "webhook-<id>".
std::string webhook_delivery_stream(std::string_view webhook_id);

// Folds one event of the "webhooks" stream into `hooks` (id -> webhook) as
// domain::evolve does; an event that does not decode changes nothing.
// Shared by the registry and the outbox, which keeps its own view as of the
// log position it has reached.
void apply_webhook_event(std::map<std::string, Webhook, std::less<>>& hooks,
                         const eventstore::Envelope& envelope);

class WebhookRegistry {
 public:
  // Reads the "webhooks" stream and the key file (created on first use;
  // its folder with mode 0700).
  static domain::Result<std::unique_ptr<WebhookRegistry>> open(eventstore::EventStore& store,
                                                               std::filesystem::path key_file);
  // Waits for the key file's pending writes.
  ~WebhookRegistry();

  // Validates (the fields of domain::webhook_field_errors, event types
  // known to the catalogue or "*", secret 16..512 bytes; the caller checks
  // that the tenant exists), then, off the calling thread, stores the
  // secret and appends WebhookCreated as domain::decide decides.
  // kValidation with every field error; kInternal when the key file or the
  // store fails. `done` runs on the store's completer thread or the key
  // writer's, or at once on the caller's for invalid fields.
  void create(std::string url, std::vector<std::string> events, std::string tenant,
              std::string secret, const domain::Actor& by, domain::Instant now,
              Answer<Webhook> done);
  // Appends WebhookDeleted, then forgets the secret; kNotFound for an
  // unknown or deleted id.
  void remove(std::string id, const domain::Actor& by, domain::Instant now, Answer<void> done);

  // Live webhooks in creation order.
  std::vector<Webhook> list() const;
  // Any webhook ever created, deleted ones included.
  std::optional<Webhook> get(std::string_view id) const;
  // The signing secret; nullopt when the key file does not have it.
  std::optional<std::string> secret(std::string_view id) const;

 private:
  WebhookRegistry(eventstore::EventStore& store, std::filesystem::path key_file);
  // Writes the secrets held now to the key file; on the key writer only.
  domain::Result<void> write_keys();
  // On the key writer: stores `secret` for `id`, then appends.
  void store_and_append(domain::CreateWebhook command, std::string secret, domain::Context ctx,
                        Answer<Webhook> done);

  StreamAggregate<domain::WebhooksState, domain::WebhookEvent> hooks_;
  const std::filesystem::path key_file_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::string, std::less<>> secrets_;  // guarded by mu_
  // One thread writes the key file (it syncs to disk: not on an io thread),
  // so writes never interleave.
  boost::asio::thread_pool key_writer_{1};
};

}  // namespace ticketd::api
