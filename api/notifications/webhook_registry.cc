#include "api/notifications/webhook_registry.h"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "api/commands/ids.h"
#include "api/views/event_types.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

namespace dom = simdjson::dom;
using domain::ErrorCode;

std::string_view get_string(dom::object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

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
  dom::parser parser;
  dom::object o;
  if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS) return;
  if (env.type == "WebhookCreated") {
    Webhook h;
    h.id = get_string(o, "id");
    h.url = get_string(o, "url");
    dom::array events;
    if (o["events"].get_array().get(events) == simdjson::SUCCESS) {
      for (dom::element e : events) {
        std::string_view s;
        if (e.get_string().get(s) == simdjson::SUCCESS) h.events.emplace_back(s);
      }
    }
    h.tenant = get_string(o, "tenant");
    h.secret_fingerprint = get_string(o, "secret_fingerprint");
    h.created_at = domain::Instant(domain::Millis(env.occurred_at_ms));
    h.created_position = env.position;
    hooks[h.id] = std::move(h);
  } else if (env.type == "WebhookDeleted") {
    auto it = hooks.find(get_string(o, "id"));
    if (it != hooks.end()) it->second.deleted = true;
  }
}

domain::Result<std::unique_ptr<WebhookRegistry>> WebhookRegistry::open(
    eventstore::EventStore& store, std::filesystem::path key_file) {
  std::unique_ptr<WebhookRegistry> r(new WebhookRegistry(store, std::move(key_file)));
  auto envs = store.read_stream(kWebhooksStream);
  if (!envs) return domain::make_error(ErrorCode::kInternal, envs.error().message);
  for (const eventstore::Envelope& env : *envs) apply_webhook_event(r->hooks_, env);
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
        return domain::make_error(ErrorCode::kInternal,
                                  "the webhook key file " + r->key_file_.string() + " is not a JSON object");
      }
      for (auto [id, secret] : o) {
        std::string_view s;
        if (secret.get_string().get(s) == simdjson::SUCCESS) r->secrets_[std::string(id)] = std::string(s);
      }
    }
  }
  return r;
}

domain::Result<void> WebhookRegistry::write_keys(
    const std::map<std::string, std::string, std::less<>>& keys) {
  std::error_code ec;
  const std::filesystem::path dir = key_file_.parent_path();
  std::filesystem::create_directories(dir, ec);
  if (ec) return domain::make_error(ErrorCode::kInternal, "cannot create " + dir.string() + ": " + ec.message());
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
  if (fd < 0) return domain::make_error(ErrorCode::kInternal, "cannot write " + tmp.string() + ": " + std::strerror(errno));
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
  if (ec) return domain::make_error(ErrorCode::kInternal, "cannot rename to " + key_file_.string() + ": " + ec.message());
  return {};
}

domain::Result<Webhook> WebhookRegistry::create(std::string url, std::vector<std::string> events,
                                                std::string tenant, std::string secret,
                                                const domain::Actor& by, domain::Instant now) {
  domain::Error errors = domain::make_error(ErrorCode::kValidation, "invalid webhook");
  if (!(url.starts_with("http://") || url.starts_with("https://")) || url.size() > 2048 ||
      url.find_first_of(" \r\n\t") != std::string::npos) {
    errors.fields.push_back({"url", "must be an http:// or https:// URL (at most 2048 characters)"});
  }
  if (events.empty()) errors.fields.push_back({"events", "must list event types or \"*\""});
  for (const std::string& e : events) {
    if (!known_event_type(e)) errors.fields.push_back({"events", "unknown event type \"" + e + "\""});
  }
  if (secret.size() < 16 || secret.size() > 512) {
    errors.fields.push_back({"secret", "must be 16 to 512 characters"});
  }
  if (!errors.fields.empty()) {
    errors.message = errors.fields.front().field + ": " + errors.fields.front().message;
    return errors;
  }
  std::lock_guard write(write_mu_);
  Webhook h;
  h.id = "wh_" + random_hex(8);
  h.url = std::move(url);
  h.events = std::move(events);
  h.tenant = std::move(tenant);
  h.secret_fingerprint = sha256_hex(secret).substr(0, 16);
  h.created_at = now;
  std::map<std::string, std::string, std::less<>> keys;
  {
    std::shared_lock lock(mu_);
    keys = secrets_;
  }
  keys[h.id] = secret;
  // The key first: a webhook whose event exists always has its secret.
  if (auto r = write_keys(keys); !r) return r.error();
  std::string data;
  domain::JsonWriter w(data);
  w.begin_object();
  w.member("id", h.id);
  w.member("url", h.url);
  w.key("events");
  w.begin_array();
  for (const std::string& e : h.events) w.value(e);
  w.end_array();
  w.key("tenant");
  h.tenant.empty() ? w.value(nullptr) : w.value(h.tenant);
  w.member("secret_fingerprint", h.secret_fingerprint);
  w.end_object();
  eventstore::NewEvent e;
  e.event_id = new_event_id('w');
  e.type = "WebhookCreated";
  e.tenant = h.tenant;
  e.actor = eventstore::ActorRef{by.id, std::string(domain::to_string(by.role))};
  e.occurred_at_ms = now.time_since_epoch().count();
  e.data = std::move(data);
  std::vector<eventstore::NewEvent> batch;
  batch.push_back(std::move(e));
  auto appended = store_.append(std::string(kWebhooksStream), eventstore::ExpectedVersion::any(),
                                std::move(batch));
  if (!appended) {
    keys.erase(h.id);
    (void)write_keys(keys);  // best effort: an orphan secret is harmless
    return domain::make_error(ErrorCode::kInternal, "the event store failed: " + appended.error().message);
  }
  h.created_position = appended->last_position;
  std::unique_lock lock(mu_);
  secrets_ = std::move(keys);
  hooks_[h.id] = h;
  return h;
}

domain::Result<void> WebhookRegistry::remove(std::string_view id, const domain::Actor& by,
                                             domain::Instant now) {
  std::lock_guard write(write_mu_);
  std::string tenant;
  {
    std::shared_lock lock(mu_);
    auto it = hooks_.find(id);
    if (it == hooks_.end() || it->second.deleted) {
      return domain::make_error(ErrorCode::kNotFound, "no such webhook");
    }
    tenant = it->second.tenant;
  }
  std::string data;
  domain::JsonWriter w(data);
  w.begin_object();
  w.member("id", id);
  w.end_object();
  eventstore::NewEvent e;
  e.event_id = new_event_id('w');
  e.type = "WebhookDeleted";
  e.tenant = tenant;
  e.actor = eventstore::ActorRef{by.id, std::string(domain::to_string(by.role))};
  e.occurred_at_ms = now.time_since_epoch().count();
  e.data = std::move(data);
  std::vector<eventstore::NewEvent> batch;
  batch.push_back(std::move(e));
  auto appended = store_.append(std::string(kWebhooksStream), eventstore::ExpectedVersion::any(),
                                std::move(batch));
  if (!appended) return domain::make_error(ErrorCode::kInternal, "the event store failed: " + appended.error().message);
  std::map<std::string, std::string, std::less<>> keys;
  {
    std::unique_lock lock(mu_);
    hooks_[std::string(id)].deleted = true;
    secrets_.erase(std::string(id));
    keys = secrets_;
  }
  (void)write_keys(keys);  // the webhook is gone either way; the secret goes with it if it can
  return {};
}

std::vector<Webhook> WebhookRegistry::list() const {
  std::shared_lock lock(mu_);
  std::vector<Webhook> out;
  for (const auto& [id, h] : hooks_) {
    if (!h.deleted) out.push_back(h);
  }
  std::sort(out.begin(), out.end(),
            [](const Webhook& a, const Webhook& b) { return a.created_position < b.created_position; });
  return out;
}

std::optional<Webhook> WebhookRegistry::get(std::string_view id) const {
  std::shared_lock lock(mu_);
  auto it = hooks_.find(id);
  if (it == hooks_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> WebhookRegistry::secret(std::string_view id) const {
  std::shared_lock lock(mu_);
  auto it = secrets_.find(id);
  if (it == secrets_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ticketd::api
