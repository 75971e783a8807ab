#include "api/notifications/webhook_registry.h"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "api/commands/ids.h"
#include "api/views/event_types.h"
#include "codec/directory_codec.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

namespace dom = simdjson::dom;
using domain::ErrorCode;

bool known_event_type(std::string_view type) {
  if (type == "*") return true;
  for (const EventTypeDoc& d : event_type_docs()) {
    if (d.type == type) return true;
  }
  return false;
}

}  // namespace

std::string webhook_delivery_stream(std::string_view webhook_id) {
  return "webhook-" + std::string(webhook_id);
}

void apply_webhook_event(std::map<std::string, Webhook, std::less<>>& hooks,
                         const eventstore::Envelope& env) {
  domain::Result<domain::WebhookEvent> event = codec::to_webhook_event(env);
  if (!event) return;
  domain::WebhooksState state{std::move(hooks)};
  hooks = domain::evolve(std::move(state), *event).hooks;
}

WebhookRegistry::WebhookRegistry(eventstore::EventStore& store, std::filesystem::path key_file)
    : hooks_(store, std::string(kWebhooksStream), 'w',
             {codec::to_webhook_event,
              [](const domain::WebhookEvent& e, std::string id) {
                return codec::to_new_event(e, std::move(id));
              },
              [](domain::WebhooksState s, const domain::WebhookEvent& e) {
                return domain::evolve(std::move(s), e);
              }}),
      key_file_(std::move(key_file)) {}

WebhookRegistry::~WebhookRegistry() { key_writer_.join(); }

domain::Result<std::unique_ptr<WebhookRegistry>> WebhookRegistry::open(
    eventstore::EventStore& store, std::filesystem::path key_file) {
  std::unique_ptr<WebhookRegistry> r(new WebhookRegistry(store, std::move(key_file)));
  if (auto loaded = r->hooks_.load(); !loaded) return loaded.error();
  std::error_code ec;
  if (std::filesystem::exists(r->key_file_, ec)) {
    std::ifstream in(r->key_file_, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string json = text.str();
    dom::parser parser;
    dom::object o;
    if (!json.empty()) {
      if (parser.parse(json.data(), json.size()).get_object().get(o) != simdjson::SUCCESS) {
        return domain::make_error(
            ErrorCode::kInternal,
            "the webhook key file " + r->key_file_.string() + " is not a JSON object");
      }
      for (auto [id, secret] : o) {
        std::string_view s;
        if (secret.get_string().get(s) == simdjson::SUCCESS)
          r->secrets_[std::string(id)] = std::string(s);
      }
    }
  }
  return r;
}

domain::Result<void> WebhookRegistry::write_keys() {
  std::map<std::string, std::string, std::less<>> keys;
  {
    std::shared_lock lock(mu_);
    keys = secrets_;
  }
  std::error_code ec;
  const std::filesystem::path dir = key_file_.parent_path();
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return domain::make_error(ErrorCode::kInternal,
                              "cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  std::string json;
  domain::JsonWriter w(json);
  w.begin_object();
  for (const auto& [id, secret] : keys) w.member(id, secret);
  w.end_object();
  json.push_back('\n');
  // Written beside the file, synced, then renamed over it: a crash leaves
  // the old file or the new one, never half of one.
  const std::filesystem::path tmp = key_file_.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return domain::make_error(ErrorCode::kInternal,
                              "cannot write " + tmp.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  std::size_t done = 0;
  while (done < json.size()) {
    const ssize_t n = ::write(fd, json.data() + done, json.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return domain::make_error(ErrorCode::kInternal, "cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return domain::make_error(ErrorCode::kInternal, "cannot sync " + tmp.string());
  }
  std::filesystem::rename(tmp, key_file_, ec);
  if (ec)
    return domain::make_error(ErrorCode::kInternal,
                              "cannot rename to " + key_file_.string() + ": " + ec.message());
  return {};
}

void WebhookRegistry::create(std::string url, std::vector<std::string> events, std::string tenant,
                             std::string secret, const domain::Actor& by, domain::Instant now,
                             Answer<Webhook> done) {
  domain::CreateWebhook command{"wh_" + random_hex(8), std::move(url), std::move(events),
                                std::move(tenant), sha256_hex(secret).substr(0, 16)};
  domain::FieldErrors errors = domain::webhook_field_errors(command);
  for (const std::string& e : command.events) {
    if (!known_event_type(e)) errors.push_back({"events", "unknown event type \"" + e + "\""});
  }
  if (secret.size() < 16 || secret.size() > 512)
    errors.push_back({"secret", "must be 16 to 512 characters"});
  if (std::optional<domain::Error> invalid = domain::validation_error(std::move(errors))) {
    return done(std::move(*invalid));
  }
  boost::asio::post(
      key_writer_, [this, command = std::move(command), secret = std::move(secret),
                    ctx = domain::Context{by, now, {}}, done = std::move(done)]() mutable {
        store_and_append(std::move(command), std::move(secret), std::move(ctx), std::move(done));
      });
}

void WebhookRegistry::store_and_append(domain::CreateWebhook command, std::string secret,
                                       domain::Context ctx, Answer<Webhook> done) {
  const std::string id = command.id;
  {
    std::unique_lock lock(mu_);
    secrets_[id] = std::move(secret);
  }
  // The key first: a webhook whose event exists always has its secret.
  if (auto written = write_keys(); !written) {
    std::unique_lock lock(mu_);
    secrets_.erase(id);
    return done(std::move(written.error()));
  }
  hooks_.execute([command = std::move(command), ctx = std::move(ctx)](
                     const domain::WebhooksState& s) { return domain::decide(command, s, ctx); },
                 [this, id, done = std::move(done)](
                     domain::Result<Committed<domain::WebhookEvent>> r) mutable {
                   if (r) return done(*get(id));
                   {
                     std::unique_lock lock(mu_);
                     secrets_.erase(id);
                   }
                   // An orphan secret would be harmless; the key file drops it if it can.
                   boost::asio::post(key_writer_, [this, error = std::move(r.error()),
                                                   done = std::move(done)]() mutable {
                     (void)write_keys();  // best effort, as above
                     done(std::move(error));
                   });
                 });
}

void WebhookRegistry::remove(std::string id, const domain::Actor& by, domain::Instant now,
                             Answer<void> done) {
  hooks_.execute(
      [c = domain::DeleteWebhook{id}, ctx = domain::Context{by, now, {}}](
          const domain::WebhooksState& s) { return domain::decide(c, s, ctx); },
      [this, id,
       done = std::move(done)](domain::Result<Committed<domain::WebhookEvent>> r) mutable {
        if (!r) return done(std::move(r.error()));
        {
          std::unique_lock lock(mu_);
          secrets_.erase(id);
        }
        // The webhook is gone either way; its secret goes with it if the
        // key file can be written. Answered once it is, or is not.
        boost::asio::post(key_writer_, [this, done = std::move(done)] {
          (void)write_keys();  // best effort: the secret of a deleted webhook is never used
          done({});
        });
      });
}

std::vector<Webhook> WebhookRegistry::list() const {
  std::vector<Webhook> out = hooks_.read([](const domain::WebhooksState& s) {
    std::vector<Webhook> live;
    for (const auto& [id, h] : s.hooks) {
      if (!h.deleted) live.push_back(h);
    }
    return live;
  });
  std::sort(out.begin(), out.end(), [](const Webhook& a, const Webhook& b) {
    return a.created_position < b.created_position;
  });
  return out;
}

std::optional<Webhook> WebhookRegistry::get(std::string_view id) const {
  return hooks_.read([&](const domain::WebhooksState& s) -> std::optional<Webhook> {
    auto it = s.hooks.find(id);
    if (it == s.hooks.end()) return std::nullopt;
    return it->second;
  });
}

std::optional<std::string> WebhookRegistry::secret(std::string_view id) const {
  std::shared_lock lock(mu_);
  auto it = secrets_.find(id);
  if (it == secrets_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ticketd::api
