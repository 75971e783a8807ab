#pragma once
// POSTs webhook deliveries with libcurl and signs them (API.md, "Webhook
// delivery"): X-Ticketd-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>" keyed with the webhook's secret>.
//
// Thread-safety: post() may run on several threads at once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/notifications/delivery_outcome.h"
#include "api/notifications/outbound_policy.h"

namespace ticketd::api {

// Lowercase hex HMAC-SHA256 of `data` keyed with `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// The X-Ticketd-Signature value for `body` sent at `unix_seconds`.
std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body);

// The answer's first bytes as one line of printable text, at most `max`
// characters: what a delivery log keeps of it.
std::string text_excerpt(std::string_view bytes, std::size_t max = 200);

class WebhookSender {
 public:
  // Initialises libcurl once per process; call before other threads use it.
  WebhookSender(std::chrono::milliseconds timeout, OutboundPolicy policy = OutboundPolicy());
  virtual ~WebhookSender() = default;

  // POSTs `body` as application/json with `headers`; any 2xx is success.
  // The URL goes through the outbound policy first (resolved once, the
  // connection pinned to that address; refused: a failed attempt saying
  // why). Redirects are not followed (a 3xx is a failure); at most 64 KiB
  // of the answer is read, and a failure's error quotes its start
  // (text_excerpt). `cancel` turning true aborts (outcome.cancelled).
  // Virtual so that the outbox's tests can put a fake sender in its place.
  virtual DeliveryOutcome post(const std::string& url, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::atomic<bool>& cancel) const;

 private:
  std::chrono::milliseconds timeout_;
  OutboundPolicy policy_;
};

}  // namespace ticketd::api
