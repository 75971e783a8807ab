#pragma once
// ticketd's command line: every flag, its default and its checks.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "api/commands/attachments.h"
#include "api/commands/credentials.h"
#include "api/commands/sign_in_throttle.h"
#include "api/http/server_options.h"
#include "api/notifications/outbox.h"
#include "api/notifications/smtp_mailer.h"
#include "api/routes/app.h"
#include "eventstore/options.h"
#include "projections/projections.h"

namespace ticketd::api {

struct Flags {
  std::filesystem::path data = "data";
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  ServerOptions server;
  eventstore::Options store;
  App::Options app;
  projections::Projections::Options projections;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::chrono::seconds checkpoint_interval{300};
  SmtpConfig smtp;
  OutboxOptions outbox;
  std::chrono::milliseconds webhook_timeout{std::chrono::seconds(10)};
  std::optional<std::uint64_t> accept_log_loss;
  std::string public_url;
  std::filesystem::path console;
  bool print_openapi = false;
  bool data_given = false;
  bool secure_cookies = false;
  std::chrono::seconds link_ttl{900};
  Credentials::Options credentials;
  SignInThrottle::Options sign_ins;
  AttachmentOptions attachments;
};

// The flags of argv; exits 0 after --help, 2 (with the usage on stderr) for
// a flag it does not know or a value it cannot take.
Flags parse_flags(int argc, char** argv);

}  // namespace ticketd::api
