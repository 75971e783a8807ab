// ticketd: the HTTP server. Opens the event log (DATA/log) and the
// projections (DATA/projections), serves API.md on one io_context thread
// per core, and drains in-flight requests on SIGTERM/SIGINT.

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
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
#include "api/commands/credentials.h"
#include "api/commands/sign_in_throttle.h"
#include "api/http/access_log.h"
#include "api/http/http_server.h"
#include "api/notifications/auth_mail.h"
#include "api/notifications/outbox.h"
#include "api/notifications/smtp_mailer.h"
#include "api/notifications/webhook_registry.h"
#include "api/notifications/webhook_sender.h"
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

constexpr const char* kUsage =
    R"(usage: ticketd [--data DIR] [--listen HOST:PORT] [--body-limit BYTES]
               [--read-timeout SECONDS] [--threads N]
               [--block-cache-mb MB] [--state-cache-mb MB] [--summary-cache-mb MB]
               [--rate-limit N] [--read-wait-ms MS]
               [--smtp-url URL] [--smtp-user U] [--smtp-password P] [--mail-from ADDRESS]
               [--notify-retry-ms MS] [--notify-retry-max-ms MS] [--notify-attempts N]
               [--webhook-timeout-ms MS] [--accept-log-loss HEAD]
               [--max-connections N] [--max-connections-per-address N]
               [--public-url URL] [--secure-cookies] [--session-idle-minutes N]
               [--session-max-hours N] [--sign-in-free-failures N] [--sign-in-lock-ms MS]
               [--password-hash-threads N] [--sign-in-link-seconds N] [--console DIR]
       ticketd --print-openapi [--public-url URL]

  --data DIR            data directory (default ./data): DIR/log holds the
                        event log, DIR/projections the read models
  --listen HOST:PORT    address to listen on (default 127.0.0.1:8080; port 0
                        picks a free one)
  --body-limit BYTES    largest request body (default 1048576)
  --read-timeout S      seconds a client has to send a request (default 30)
  --max-connections N   open connections at most (default 4096; 503 above it,
                        but for a reserve of 16 that serves only /healthz and
                        /metrics); idle ones close after 2 s when 7/8 full
  --max-connections-per-address N  open connections one client address may
                        hold (default: an eighth of --max-connections; 503
                        above it); raise it when clients share a NAT or proxy
  --threads N           io threads (default: one per core)
  --block-cache-mb MB   RocksDB block cache of the event log (default 64)
  --state-cache-mb MB   folded states of recently used tickets (default 128; 0
                        turns it off); see ticketd_state_cache_* in /metrics
  --summary-cache-mb MB list items rendered as JSON, for queue and tenant pages
                        (default 32; 0 turns it off); ticketd_summary_cache_*
  --rate-limit N        requests per second per token user, burst 2N
                        (default 200; 0 turns the limit off; 429 above it)
  --read-wait-ms MS     longest wait for min_position (default 2000; 503 after)
  --smtp-url URL        outbound email over smtp://HOST:PORT (STARTTLS when
                        offered; required with credentials) or smtps://HOST:PORT;
                        without it no email is sent
  --smtp-user U         SMTP AUTH user (and --smtp-password P)
  --smtp-password P
  --mail-from ADDRESS   sender of notification emails (default ticketd@localhost);
                        its domain names Message-IDs
  --notify-retry-ms MS  first retry delay of email and webhook deliveries
                        (default 10000); doubles per attempt
  --notify-retry-max-ms MS  longest retry delay (default 3600000)
  --notify-attempts N   attempts before a notification is dead-lettered (default 12)
  --webhook-timeout-ms MS  time a webhook receiver has to answer (default 10000)
  --checkpoint-interval S  seconds between signed checkpoints of the chain
                        head in DIR/checkpoints (default 300; 0 turns them
                        off); the Ed25519 key is DIR/keys/checkpoint-ed25519.pem
  --accept-log-loss HEAD  start although the event log lost acknowledged
                        events, continuing after position HEAD (the one the
                        refusal names): records the loss in the log and on
                        stderr, rebuilds the views, rewinds the outbox and moves
                        the signed checkpoints the log contradicts to
                        DIR/checkpoints/lost-at-HEAD/. Restore a backup first
                        if one holds more (README, "When the log is damaged")
  --public-url URL      where people reach ticketd (default http://HOST:PORT of
                        --listen): the links of sign-in, reset and invitation
                        emails start with it
  --secure-cookies      session cookies get Secure (serve over TLS, or behind a
                        TLS proxy)
  --session-idle-minutes N  a session ends after N minutes without a request
                        (default 1440)
  --session-max-hours N a session ends N hours after sign-in (default 336)
  --sign-in-free-failures N  failed sign-ins per account before each further one
                        locks it (default 5); locks start at --sign-in-lock-ms
                        (default 30000), double, and stop at 15 minutes
  --sign-in-link-seconds N  sign-in links expire after N seconds (default 900),
                        reset links after 4N
  --password-hash-threads N  passwords hashed at once (argon2id, 19 MiB, 2
                        passes; default 2), at a lower priority than requests
  --console DIR         serve the web console built in DIR (web/'s build writes
                        BUILD/web/dist; ./run.sh passes it): its pages on every
                        path the API does not use, its files under /assets/
  --print-openapi       print this server's /openapi.json and exit (on a
                        temporary data directory unless --data is given)
  --help                this text

Environment: TICKETD_ADMIN_TOKEN is accepted as an admin token.
Exit status: 0 after SIGTERM or SIGINT, 1 when it cannot start, 2 for bad
flags, 3 when it refuses to start because the event log lost acknowledged
events or does not match its signed checkpoints (stderr says what it found).
)";

struct Flags {
  std::filesystem::path data = "data";
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  api::ServerOptions server;
  eventstore::Options store;
  api::App::Options app;
  projections::Projections::Options projections;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::chrono::seconds checkpoint_interval{300};
  api::SmtpConfig smtp;
  api::OutboxOptions outbox;
  std::chrono::milliseconds webhook_timeout{std::chrono::seconds(10)};
  std::optional<std::uint64_t> accept_log_loss;
  std::string public_url;
  std::filesystem::path console;
  bool print_openapi = false;
  bool data_given = false;
  bool secure_cookies = false;
  std::chrono::seconds link_ttl{900};
  api::Credentials::Options credentials;
  api::SignInThrottle::Options sign_ins;
};

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

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "ticketd: " << message << "\n" << kUsage;
  std::exit(2);
}

Flags parse_flags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    auto number = [&](const std::string& text) -> unsigned long {
      try {
        std::size_t used = 0;
        const unsigned long n = std::stoul(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return n;
      } catch (const std::exception&) {
        usage_error(arg + ": not a number: " + text);
      }
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--console") {
      f.console = next();
    } else if (arg == "--print-openapi") {
      f.print_openapi = true;
    } else if (arg == "--data") {
      f.data_given = true;
      f.data = next();
    } else if (arg == "--listen") {
      const std::string v = next();
      const auto colon = v.rfind(':');
      if (colon == std::string::npos) usage_error("--listen wants HOST:PORT");
      f.host = v.substr(0, colon);
      const unsigned long port = number(v.substr(colon + 1));
      if (port > 65535) usage_error("--listen: port out of range");
      f.port = static_cast<unsigned short>(port);
    } else if (arg == "--body-limit") {
      f.server.body_limit = number(next());
    } else if (arg == "--read-timeout") {
      f.server.read_timeout = std::chrono::seconds(number(next()));
    } else if (arg == "--max-connections") {
      f.server.max_connections = std::max(1ul, number(next()));
    } else if (arg == "--max-connections-per-address") {
      f.server.max_connections_per_address = number(next());
    } else if (arg == "--rate-limit") {
      f.app.rate_limit = static_cast<double>(number(next()));
      f.app.rate_burst = 2 * f.app.rate_limit;
    } else if (arg == "--read-wait-ms") {
      f.app.read_wait = std::chrono::milliseconds(number(next()));
    } else if (arg == "--smtp-url") {
      f.smtp.url = next();
      if (!f.smtp.url.starts_with("smtp://") && !f.smtp.url.starts_with("smtps://")) {
        usage_error("--smtp-url wants smtp://HOST:PORT or smtps://HOST:PORT");
      }
    } else if (arg == "--smtp-user") {
      f.smtp.user = next();
    } else if (arg == "--smtp-password") {
      f.smtp.password = next();
    } else if (arg == "--mail-from") {
      f.outbox.mail_from = next();
    } else if (arg == "--notify-retry-ms") {
      f.outbox.retry_base = std::chrono::milliseconds(std::max(1ul, number(next())));
    } else if (arg == "--notify-retry-max-ms") {
      f.outbox.retry_cap = std::chrono::milliseconds(std::max(1ul, number(next())));
    } else if (arg == "--notify-attempts") {
      f.outbox.max_attempts = static_cast<int>(std::clamp(number(next()), 1ul, 1000ul));
    } else if (arg == "--webhook-timeout-ms") {
      f.webhook_timeout = std::chrono::milliseconds(std::max(1ul, number(next())));
    } else if (arg == "--accept-log-loss") {
      f.accept_log_loss = number(next());
    } else if (arg == "--public-url") {
      f.public_url = next();
      if (!f.public_url.starts_with("http://") && !f.public_url.starts_with("https://"))
        usage_error("--public-url wants http://... or https://...");
      while (f.public_url.ends_with('/')) f.public_url.pop_back();
    } else if (arg == "--sign-in-link-seconds") {
      f.link_ttl = std::chrono::seconds(std::clamp(number(next()), 1ul, 86400ul));
    } else if (arg == "--secure-cookies") {
      f.secure_cookies = true;
    } else if (arg == "--session-idle-minutes") {
      f.credentials.session_idle = std::chrono::minutes(std::max(1ul, number(next())));
    } else if (arg == "--session-max-hours") {
      f.credentials.session_max = std::chrono::hours(std::max(1ul, number(next())));
    } else if (arg == "--sign-in-free-failures") {
      f.sign_ins.free_failures = static_cast<unsigned>(std::clamp(number(next()), 1ul, 1000ul));
    } else if (arg == "--sign-in-lock-ms") {
      f.sign_ins.first_lock = std::chrono::milliseconds(std::max(1ul, number(next())));
    } else if (arg == "--password-hash-threads") {
      f.credentials.hash_threads = static_cast<unsigned>(std::clamp(number(next()), 1ul, 64ul));
    } else if (arg == "--checkpoint-interval") {
      f.checkpoint_interval = std::chrono::seconds(number(next()));
    } else if (arg == "--threads") {
      f.threads = std::max(1ul, number(next()));
    } else if (arg == "--block-cache-mb") {
      f.store.block_cache_bytes = std::clamp(number(next()), 1ul, 1ul << 20) << 20;
    } else if (arg == "--state-cache-mb") {
      f.app.state_cache_bytes = std::min(number(next()), 1ul << 20) << 20;
    } else if (arg == "--summary-cache-mb") {
      f.projections.summary_cache_bytes = std::min(number(next()), 1ul << 20) << 20;
    } else {
      usage_error("unknown flag " + arg);
    }
  }
  f.app.public_url = f.public_url;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = parse_flags(argc, argv);
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
  api::WebhookSender webhook_sender(flags.webhook_timeout);
  api::OutboxOptions outbox_options = flags.outbox;
  outbox_options.checkpoint_file = flags.data / "outbox" / "checkpoint.json";
  api::Outbox outbox(**store, app.commands(), **webhooks, mailer ? &*mailer : nullptr,
                     webhook_sender, outbox_options);
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
  if (console) api::add_console(router, std::move(console));
  api::add_automation_metrics(metrics, automation, **store);
  api::add_outbox_metrics(metrics, outbox, **store);
  // In the order that lets what is in flight finish first.
  auto stop_all = [&] {
    (*credentials)->pool().join();  // sign-ins in flight record their events first
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
