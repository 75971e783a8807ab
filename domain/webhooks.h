#pragma once
// Webhook subscriptions: the stream "webhooks", decided and evolved like the
// directory's streams (directory.h). A webhook's signing secret never
// reaches the domain: the caller keeps it beside the log and the event holds
// only its fingerprint.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/context.h"
#include "domain/directory.h"
#include "domain/result.h"
#include "domain/types.h"
#include "domain/validation.h"

namespace ticketd::domain {

inline constexpr std::size_t kMaxWebhookUrlBytes = 2048;

struct Webhook {
  std::string id;  // "wh_" + 16 hex digits
  std::string url;
  std::vector<std::string> events;  // event types, or {"*"}
  std::string tenant;               // empty: every tenant
  std::string secret_fingerprint;   // first 16 hex digits of SHA-256(secret)
  Instant created_at{};
  std::uint64_t created_position = 0;  // log position of WebhookCreated
  bool deleted = false;
};

struct WebhookCreated {
  std::string id;
  std::string url;
  std::vector<std::string> events;
  std::string tenant;
  std::string secret_fingerprint;
  friend bool operator==(const WebhookCreated&, const WebhookCreated&) = default;
};
// `tenant` is the webhook's, kept on the stored envelope (not in its data).
struct WebhookDeleted {
  std::string id;
  std::string tenant;
  friend bool operator==(const WebhookDeleted&, const WebhookDeleted&) = default;
};

using WebhookEventBody = std::variant<WebhookCreated, WebhookDeleted>;
using WebhookEvent = StoredEvent<WebhookEventBody>;

std::string_view webhook_event_type(const WebhookEventBody& body);

struct WebhooksState {
  std::map<std::string, Webhook, std::less<>> hooks;  // by id, deleted ones included
};

// The caller has checked `events` against the event catalogue and the
// tenant's existence (both outside this stream) and made the id.
struct CreateWebhook {
  std::string id;
  std::string url;
  std::vector<std::string> events;
  std::string tenant;
  std::string secret_fingerprint;
};
struct DeleteWebhook {
  std::string id;
};

// The fields decide() refuses: "url" (http:// or https://, at most 2048
// bytes, no white space) and "events" (not empty).
FieldErrors webhook_field_errors(const CreateWebhook& c);

// Whether `actor` may see and manage `hook`: one tenant's webhook its
// tenant's admins (in_scope), a webhook of every tenant platform admins.
bool webhook_in_scope(const Webhook& hook, const Actor& actor);

// kForbidden unless administers_tenants (directory.h), and for a webhook
// of every tenant unless may_administer; kValidation "tenant: no such
// tenant" for a tenant outside the actor's scope, and webhook_field_errors;
// kConflict for an id in use.
Result<std::vector<WebhookEvent>> decide(const CreateWebhook& c, const WebhooksState& s,
                                         const Context& ctx);
// kNotFound for an unknown or deleted webhook, or one outside the actor's
// scope (webhook_in_scope).
Result<std::vector<WebhookEvent>> decide(const DeleteWebhook& c, const WebhooksState& s,
                                         const Context& ctx);

WebhooksState evolve(WebhooksState s, const WebhookEvent& e);

}  // namespace ticketd::domain
