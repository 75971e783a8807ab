// ticketd: the HTTP server. Opens the event log (DATA/log) and the
// projections (DATA/projections), serves API.md on one io_context thread
// per core, and drains in-flight requests on SIGTERM/SIGINT.

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/audit/chain_checkpointer.h"
#include "api/audit/log_audit.h"
#include "api/audit/log_guard.h"
#include "api/automation/automation.h"
#include "api/commands/accounts.h"
#include "api/commands/attachments.h"
#include "api/commands/credentials.h"
#include "api/commands/sign_in_throttle.h"
#include "api/http/access_log.h"
#include "api/http/http_server.h"
#include "api/main_flags.h"
#include "api/notifications/auth_mail.h"
#include "api/notifications/outbox.h"
#include "api/notifications/smtp_mailer.h"
#include "api/notifications/webhook_registry.h"
#include "api/notifications/webhook_sender.h"
#include "api/routes/alert_preferences.h"
#include "api/routes/app.h"
#include "api/routes/component_metrics.h"
#include "api/routes/console.h"
#include "api/routes/openapi.h"
#include "api/routes/request_metrics.h"
#include "domain/time_format.h"

// jemalloc (linked by CMakeLists.txt) reads its options from this symbol: a
// background thread hands pages freed for a second back to the system, so
// the resident size of a quiet server is what it holds, not what a rebuild
// or a burst once needed. Unused under another allocator.
extern "C" {
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

namespace {

using namespace ticketd;

// A data directory of its own, removed with everything in it at exit.
struct TempDataDir {
  TempDataDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ticketd-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "ticketd: cannot create a temporary directory\n";
      std::exit(1);
    }
    path = pattern;
  }
  ~TempDataDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDataDir(const TempDataDir&) = delete;
  TempDataDir& operator=(const TempDataDir&) = delete;
  std::filesystem::path path;
};

}  // namespace

int main(int argc, char** argv) {
  api::Flags flags = api::parse_flags(argc, argv);
  // --print-openapi builds the same server on a data directory of its own
  // (removed on exit), so the document printed is the one served.
  std::optional<TempDataDir> temp_data;
  if (flags.print_openapi && !flags.data_given) flags.data = temp_data.emplace().path;
  // The console's files, read before anything starts (none without --console).
  std::shared_ptr<const api::ConsoleFiles> console;
  if (!flags.console.empty()) {
    auto files = api::ConsoleFiles::load(flags.console);
    if (!files) {
      std::cerr << "ticketd: " << files.error().message
                << " (build it: cmake --build BUILD --target web_console)\n";
      return 1;
    }
    console = std::move(*files);
  }
  std::error_code ec;
  std::filesystem::create_directories(flags.data, ec);
  if (ec) {
    std::cerr << "ticketd: cannot create " << flags.data << ": " << ec.message() << "\n";
    return 1;
  }
  // Refuses a log that lost acknowledged events unless the loss is accepted.
  auto store = api::open_checked_log(flags.data, flags.store, flags.accept_log_loss, std::cerr);
  if (!store) return store.error().exit_code;
  auto projections =
      projections::Projections::open(**store, flags.data / "projections", flags.projections);
  if (!projections) {
    std::cerr << "ticketd: cannot open the projections: " << projections.error().message << "\n";
    return 1;
  }
  const char* admin_token = std::getenv("TICKETD_ADMIN_TOKEN");
  auto directory = api::Directory::open(**store, admin_token ? admin_token : "");
  if (!directory) {
    std::cerr << "ticketd: cannot read tenants and tokens: " << directory.error().message << "\n";
    return 1;
  }
  // Signed checkpoints of the chain head (ticketctl verify --checkpoint).
  auto checkpointer = api::ChainCheckpointer::open(
      **store, flags.data, flags.checkpoint_interval,
      [] { return std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now()); },
      [](std::string_view line) { std::cerr << "ticketd: " << line << "\n"; });
  if (!checkpointer) {
    std::cerr << "ticketd: cannot set up checkpoints: " << checkpointer.error().message << "\n";
    return 1;
  }
  (*checkpointer)->start();
  // One io_context per thread (http_server.h); this first one, run by the
  // main thread, also carries the application's own work (event streams,
  // signals).
  boost::asio::io_context io(1);
  std::vector<std::unique_ptr<boost::asio::io_context>> more_io;
  std::vector<boost::asio::io_context*> contexts{&io};
  for (unsigned i = 1; i < flags.threads; ++i) {
    contexts.push_back(more_io.emplace_back(std::make_unique<boost::asio::io_context>(1)).get());
  }
  // The other contexts have no work of their own while no connection is on
  // them: keep them running until shutdown.
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_running;
  for (auto& c : more_io) keep_running.push_back(boost::asio::make_work_guard(*c));
  api::App app(**store, **projections, **directory, io, flags.app);
  // Notifications: webhook subscriptions, and the outbox that
  // follows the log and delivers email and webhooks.
  auto webhooks = api::WebhookRegistry::open(**store, flags.data / "keys" / "webhooks.json");
  if (!webhooks) {
    std::cerr << "ticketd: cannot read webhooks: " << webhooks.error().message << "\n";
    return 1;
  }
  app.set_webhooks(webhooks->get());
  std::optional<api::SmtpMailer> mailer;
  if (!flags.smtp.url.empty()) mailer.emplace(flags.smtp);
  // People: accounts, their credentials in the key store, sign-in's guards.
  auto accounts = api::Accounts::open(**store, **directory);
  if (!accounts) {
    std::cerr << "ticketd: cannot read accounts: " << accounts.error().message << "\n";
    return 1;
  }
  auto credentials = api::Credentials::open(**store, flags.credentials, app.now());
  if (!credentials) {
    std::cerr << "ticketd: cannot read sessions: " << credentials.error().message << "\n";
    return 1;
  }
  api::SignInThrottle sign_ins(flags.sign_ins);
  api::SignInThrottle link_requests(api::SignInThrottle::Options{
      .free_failures = 3, .free_address_failures = 30, .first_lock = std::chrono::minutes(1)});
  std::optional<api::AuthMail> auth_mail;
  if (mailer) {
    auth_mail.emplace(*mailer, flags.outbox.mail_from,
                      flags.public_url.empty()
                          ? "http://" + flags.host + ":" + std::to_string(flags.port)
                          : flags.public_url);
  }
  api::People people{**accounts,
                     **credentials,
                     sign_ins,
                     link_requests,
                     auth_mail ? &*auth_mail : nullptr,
                     flags.secure_cookies,
                     flags.link_ttl,
                     4 * flags.link_ttl};
  app.set_people(&people);
  // Attachments: their bytes in the blob store beside the log, their
  // uploads' records in the key store.
  auto blobs = eventstore::BlobStore::open(flags.data / "blobs");
  if (!blobs) {
    std::cerr << "ticketd: cannot open the blob store: " << blobs.error().message << "\n";
    return 1;
  }
  auto attachments = api::Attachments::open(**store, **blobs, flags.attachments);
  if (!attachments) {
    std::cerr << "ticketd: cannot read uploads: " << attachments.error().message << "\n";
    return 1;
  }
  app.set_attachments(attachments->get());
  api::WebhookSender webhook_sender(flags.webhook_timeout, app.outbound_policy());
  // The key that signs staff alerts' List-Unsubscribe links.
  auto unsubscribe_tokens = api::UnsubscribeTokens::open(**store);
  if (!unsubscribe_tokens) {
    std::cerr << "ticketd: cannot read the unsubscribe key: " << unsubscribe_tokens.error().message
              << "\n";
    return 1;
  }
  api::OutboxOptions outbox_options = flags.outbox;
  outbox_options.unsubscribe = &*unsubscribe_tokens;
  outbox_options.checkpoint_file = flags.data / "outbox" / "checkpoint.json";
  outbox_options.public_url = flags.public_url;
  while (outbox_options.public_url.ends_with('/')) outbox_options.public_url.pop_back();
  api::Outbox outbox(**store, app.commands(), **webhooks, mailer ? &*mailer : nullptr,
                     webhook_sender, outbox_options, blobs->get());
  outbox.start();
  api::RequestMetrics metrics;
  api::Router router;
  api::add_all_routes(router, app, metrics);
  // SLA engine and automations: warnings, breaches, auto-close
  // and auto-assign, as events by the system.
  api::Automation automation(**store, **projections, **directory, app.commands(),
                             [&app] { return app.now(); });
  api::add_automation_status_route(router, app, automation);
  // The log's integrity as a platform admin sees it (GET /admin/v1/audit).
  api::LogAudit audit(**store, flags.data, [&app] { return app.now(); });
  api::add_audit_routes(router, app, audit);
  api::add_alert_preference_routes(router, app, *unsubscribe_tokens, flags.outbox.digest_period);
  if (console) api::add_console(router, std::move(console));
  api::add_automation_metrics(metrics, automation, **store);
  api::add_outbox_metrics(metrics, outbox, **store);
  // In the order that lets what is in flight finish first.
  auto stop_all = [&] {
    (*credentials)->pool().join();  // sign-ins in flight record their events first
    (*attachments)->pool().join();  // and uploads theirs
    automation.stop();
    outbox.stop();
    (*checkpointer)->stop();
    audit.stop();
    (*projections)->stop();
    (*store)->close();
  };
  if (flags.print_openapi) {
    std::cout << api::openapi_document(router, flags.public_url) << std::endl;
    stop_all();
    return 0;
  }
  automation.start();

  // Uploads no message referenced in time are removed, checked every minute.
  boost::asio::steady_timer collector(io);
  std::function<void()> collect_later = [&] {
    collector.expires_after(std::min<std::chrono::seconds>(flags.attachments.unreferenced_ttl,
                                                           std::chrono::seconds(60)));
    collector.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      boost::asio::post((*attachments)->pool(), [&] {
        if (auto removed = (*attachments)->collect(app.now()); !removed) {
          std::cerr << "ticketd: collecting uploads: " << removed.error().message << "\n";
        }
      });
      collect_later();
    });
  };
  collect_later();
  // Upload routes read their bodies as streams.
  flags.server.streams_body = [&router](const api::http::request_header<>& header) {
    return router.streams_body(header.method(), header.target());
  };

  // One JSON line per answered request on stderr.
  api::AccessLog access_log(api::AccessLog::Options{});
  api::HttpServer server(
      contexts, flags.server,
      [&router](std::shared_ptr<api::Exchange> ex) { router.dispatch(std::move(ex)); },
      [&metrics, &access_log](const api::ExchangeRecord& r) {
        metrics.record(r);
        access_log.record(r);
      });
  api::add_connection_metrics(metrics, server);
  try {
    server.listen({boost::asio::ip::make_address(flags.host), flags.port});
  } catch (const std::exception& e) {
    std::cerr << "ticketd: cannot listen on " << flags.host << ":" << flags.port << ": " << e.what()
              << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.shutdown();
    collector.cancel();
    keep_running.clear();
  });
  std::cout << "ticketd listening on http://" << flags.host << ":" << server.port() << std::endl;

  std::vector<std::thread> threads;
  for (auto& c : more_io) threads.emplace_back([&c] { c->run(); });
  io.run();
  for (auto& t : threads) t.join();
  stop_all();
  std::cout << "ticketd stopped" << std::endl;
  return 0;
}
