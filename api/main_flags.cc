#include "api/main_flags.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace ticketd::api {
namespace {

constexpr const char* kUsage =
    R"(usage: ticketd [--data DIR] [--listen HOST:PORT] [--body-limit BYTES]
               [--read-timeout SECONDS] [--threads N]
               [--block-cache-mb MB] [--state-cache-mb MB] [--summary-cache-mb MB]
               [--rate-limit N] [--read-wait-ms MS]
               [--smtp-url URL] [--smtp-user U] [--smtp-password P] [--mail-from ADDRESS]
               [--notify-retry-ms MS] [--notify-retry-max-ms MS] [--notify-attempts N]
               [--digest-period-seconds S]
               [--webhook-timeout-ms MS] [--accept-log-loss HEAD]
               [--max-connections N] [--max-connections-per-address N]
               [--public-url URL] [--secure-cookies] [--session-idle-minutes N]
               [--session-max-hours N] [--sign-in-free-failures N] [--sign-in-lock-ms MS]
               [--password-hash-threads N] [--sign-in-link-seconds N] [--console DIR]
               [--attachment-max-bytes N] [--attachment-quota-mb MB]
               [--attachment-ttl-seconds N] [--mail-max-bytes N]
               [--mail-attach-max-bytes N] [--outbound-allow HOST[:PORT]]...
               [--mail-authserv-id ID]
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
  --digest-period-seconds S  period of the staff alert digest (default 3600:
                        hourly, on the UTC hour; periods count from the epoch)
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
  --attachment-max-bytes N
                        largest attached file (default 26214400: 25 MiB); the
                        files are kept in DIR/blobs, named by their SHA-256
  --attachment-quota-mb MB
                        what one tenant's files may take (default 10240; 0:
                        no quota)
  --attachment-ttl-seconds N
                        an upload no message references is removed after this
                        long (default 86400)
  --mail-max-bytes N    largest raw mail the inbound route reads (default
                        67108864: 64 MiB, room for files under the limits
                        above once base64 grew them by a third)
  --mail-attach-max-bytes N
                        an email attaches the files of the message it carries
                        while they take at most N bytes together (default
                        10485760: 10 MiB; 0: none) and links the rest under
                        --public-url (only names them without it)
  --mail-authserv-id ID the authserv-id of the receiving mail server whose
                        Authentication-Results header inbound mail is judged
                        by: mail that fails DMARC (or, without DMARC, SPF and
                        DKIM) is never added as the requester's; the tenant's
                        unverified_mail setting holds it as an internal note
                        (an agent may accept it as the requester's reply)
                        or opens a ticket of its own. Headers of other hosts
                        are ignored. Without it From: is trusted as it is
                        (development only)
  --outbound-allow HOST[:PORT]
                        let webhooks reach this destination although it is
                        internal (loopback, private, link-local, ...: refused
                        otherwise), as URLs name it: a name, an IPv4 address
                        or an [IPv6] address, any port or that one;
                        repeatable
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

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "ticketd: " << message << "\n" << kUsage;
  std::exit(2);
}

}  // namespace

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
    } else if (arg == "--digest-period-seconds") {
      f.outbox.digest_period = std::chrono::seconds(std::clamp(number(next()), 1ul, 604800ul));
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
    } else if (arg == "--attachment-max-bytes") {
      f.attachments.max_file_bytes = std::max(1ul, number(next()));
    } else if (arg == "--attachment-quota-mb") {
      f.attachments.tenant_quota_bytes = static_cast<std::uint64_t>(number(next())) << 20;
    } else if (arg == "--mail-authserv-id") {
      f.app.mail_authserv_id = next();
    } else if (arg == "--outbound-allow") {
      f.app.outbound_allow.push_back(next());
    } else if (arg == "--mail-attach-max-bytes") {
      f.outbox.mail_attach_max_bytes = number(next());
    } else if (arg == "--mail-max-bytes") {
      f.app.mail_max_bytes = std::max(1ul, number(next()));
    } else if (arg == "--attachment-ttl-seconds") {
      f.attachments.unreferenced_ttl = std::chrono::seconds(std::max(1ul, number(next())));
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

}  // namespace ticketd::api
