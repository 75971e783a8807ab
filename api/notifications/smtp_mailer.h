#pragma once
// Sends one message over SMTP with libcurl: smtp://HOST:PORT (STARTTLS when
// the server offers it, required when credentials are set, so a password
// never crosses the network in clear) or smtps://HOST:PORT (TLS from the
// start), with optional AUTH.
//
// Thread-safety: send() may run on several threads at once (one libcurl
// handle per call).

#include <atomic>
#include <chrono>
#include <string>

#include "api/notifications/delivery_outcome.h"

namespace ticketd::api {

struct SmtpConfig {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string user;
  std::string password;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

class SmtpMailer {
 public:
  // Initialises libcurl once per process; call before other threads use it.
  explicit SmtpMailer(SmtpConfig config);
  virtual ~SmtpMailer() = default;

  // Sends `message` (RFC 5322 bytes) from `from` to `to` (bare addresses).
  // `cancel` turning true aborts the transaction (outcome.cancelled).
  // Virtual so that the outbox's tests can put a fake mailer in its place.
  virtual DeliveryOutcome send(const std::string& from, const std::string& to,
                               const std::string& message, const std::atomic<bool>& cancel) const;

 private:
  SmtpConfig config_;
};

// curl_global_init, once (the first call wins; later ones do nothing).
void init_curl_once();

}  // namespace ticketd::api
