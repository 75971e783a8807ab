#include "api/notifications/outbox.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/commands/accounts.h"
#include "api/commands/directory.h"
#include "api/commands/ids.h"
#include "api/notifications/alert_preferences_store.h"
#include "api/notifications/email_templates.h"
#include "api/notifications/mail_message.h"
#include "api/notifications/outbox_support.h"
#include "api/views/envelope_json.h"
#include "domain/event_codec.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"

namespace ticketd::api {

using namespace outbox_detail;

namespace {

// The bytes of a file an email attaches; nullopt when its blob is missing
// or not the size the event says.
std::optional<std::string> read_blob(const eventstore::BlobStore& blobs,
                                     const domain::Attachment& file) {
  const std::filesystem::path path = blobs.path_of(file.sha256);
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string content = std::move(bytes).str();
  if (content.size() != file.size) return std::nullopt;
  return content;
}

}  // namespace

Outbox::Outbox(eventstore::EventStore& store, const CommandPath& commands,
               const WebhookRegistry& webhooks, const SmtpMailer* mailer,
               const WebhookSender& sender, OutboxOptions options,
               const eventstore::BlobStore* blobs)
    : store_(store),
      commands_(commands),
      webhooks_(webhooks),
      mailer_(mailer),
      sender_(sender),
      options_(std::move(options)),
      blobs_(blobs),
      mail_address_(address_of(options_.mail_from)),
      mail_domain_(domain_of(options_.mail_from)) {}

Outbox::~Outbox() { stop(); }

domain::Instant Outbox::clock_now() const { return options_.clock ? options_.clock() : now_ms(); }

void Outbox::start() {
  std::uint64_t decided = store_.head();
  std::uint64_t low_water = 0;
  std::error_code ec;
  if (!options_.checkpoint_file.empty() && std::filesystem::exists(options_.checkpoint_file, ec)) {
    std::ifstream in(options_.checkpoint_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string json = text.str();
    dom::parser parser;
    dom::object o;
    if (parser.parse(json.data(), json.size()).get_object().get(o) == simdjson::SUCCESS) {
      decided = static_cast<std::uint64_t>(get_int(o, "decided"));
      low_water =
          std::min<std::uint64_t>(static_cast<std::uint64_t>(get_int(o, "low_water")), decided);
    } else {
      log_line("unreadable checkpoint; rescanning the log for pending notifications");
    }
  }
  decided_ = decided;
  scan_ = low_water;
  // Staff and webhooks as they were at the scan's starting point; the scan
  // folds the rest in log order.
  for (std::string_view stream :
       {kTokensStream, kTenantsStream, kWebhooksStream, kAlertPreferencesStream, kAccountsStream}) {
    auto envs = store_.read_stream(stream);
    if (!envs) {
      log_line("cannot read " + std::string(stream) + ": " + envs.error().message);
      continue;
    }
    for (const eventstore::Envelope& env : *envs) {
      if (env.position > scan_) break;
      if (stream == kTokensStream || stream == kTenantsStream) {
        fold_directory(env);
      } else if (stream == kAccountsStream) {
        fold_accounts(env);
      } else if (stream == kAlertPreferencesStream) {
        if (auto e = domain::decode_alert_preferences_changed(env.data))
          preferences_ = domain::evolve(std::move(preferences_), *e);
      } else {
        apply_webhook_event(hooks_, env);
      }
    }
  }
  stopping_ = false;
  start_head_ = store_.head();
  caught_up_ = scan_ >= start_head_;
  threads_.emplace_back([this] { decider_loop(); });
  for (int i = 0; i < std::max(1, options_.workers); ++i)
    threads_.emplace_back([this] { worker_loop(); });
}

void Outbox::stop() {
  if (threads_.empty()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

std::size_t Outbox::pending() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

void Outbox::save_checkpoint() {
  if (options_.checkpoint_file.empty()) return;
  std::uint64_t low_water = std::min(scan_, collected_low_water());
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, p] : pending_) low_water = std::min(low_water, p.queued_position - 1);
  }
  std::string json;
  domain::JsonWriter w(json);
  w.begin_object();
  w.member("decided", decided_.load());
  w.member("low_water", low_water);
  w.end_object();
  std::error_code ec;
  std::filesystem::create_directories(options_.checkpoint_file.parent_path(), ec);
  const std::filesystem::path tmp = options_.checkpoint_file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << json << "\n";
    if (!out) {
      log_line("cannot write " + tmp.string());
      return;
    }
  }
  // A stale checkpoint is safe (decisions are idempotent), so no fsync.
  std::filesystem::rename(tmp, options_.checkpoint_file, ec);
  if (ec) log_line("cannot save the checkpoint: " + ec.message());
  last_save_ = std::chrono::steady_clock::now();
}

void Outbox::decider_loop() {
  while (!stopping_) {
    auto batch = store_.read_all(scan_, kBatch);
    if (!batch) {
      log_line("cannot read the log: " + batch.error().message);
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    bool failed = false;
    for (const eventstore::Envelope& env : *batch) {
      if (stopping_) break;
      if (!process(env)) {
        failed = true;
        break;
      }
      scan_ = env.position;
    }
    if (!caught_up_ && scan_ >= start_head_) {
      {
        std::lock_guard lock(mu_);
        caught_up_ = true;
      }
      cv_.notify_all();
    }
    if (std::chrono::steady_clock::now() - last_save_ > std::chrono::milliseconds(200))
      save_checkpoint();
    // Digests are decided once the log is folded to its head, so none
    // leaves out an alert a digest queued before a restart has taken.
    if (caught_up_ && !failed && batch->empty()) flush_digests();
    if (failed) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    } else if (batch->empty()) {
      store_.wait_for(scan_, std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
    }
  }
  save_checkpoint();
}

bool Outbox::process(const eventstore::Envelope& env) {
  if (env.stream == kTokensStream || env.stream == kTenantsStream) {
    fold_directory(env);
  } else if (env.stream == kAccountsStream) {
    fold_accounts(env);
  } else if (env.stream == kWebhooksStream) {
    apply_webhook_event(hooks_, env);
  } else if (env.stream == kAlertPreferencesStream) {
    if (auto e = domain::decode_alert_preferences_changed(env.data)) {
      preferences_ = domain::evolve(std::move(preferences_), *e);
      recheck_collected(e->staff);
    } else {
      log_line("cannot read " + env.event_id + ": " + e.error().message);
    }
  } else if (env.type.starts_with("Notification")) {
    fold_notification(env);
    return true;
  }
  if (env.position <= decided_) return true;
  if (!decide(env)) return false;
  decided_ = env.position;
  return true;
}

DeliveryOutcome Outbox::deliver(const Pending& p, bool& permanent) {
  permanent = false;
  if (p.channel == "email") {
    OutgoingEmail email;
    email.from = options_.mail_from;
    email.to_email = p.to.email;
    email.to_name = p.to.name;
    email.subject = p.subject;
    email.text = p.text;
    email.html = p.html;
    email.message_id = p.message_id;
    email.in_reply_to = p.in_reply_to;
    email.references = p.references;
    email.reply_to = p.reply_to;
    email.date = clock_now();
    email.delivery_id = p.id;
    // Staff alerts (and digests) can be turned off with one click.
    const std::optional<EmailKind> kind = parse_email_kind(p.kind);
    const std::optional<domain::AlertKind> alert = kind ? alert_kind_of(*kind) : std::nullopt;
    if (options_.unsubscribe != nullptr && !options_.public_url.empty() && !p.to.id.empty() &&
        (alert || kind == EmailKind::kDigest)) {
      email.list_unsubscribe =
          options_.public_url + "/v1/unsubscribe?token=" +
          options_.unsubscribe->sign(p.to.id, alert ? domain::to_string(*alert) : "digest");
    }
    for (const domain::Attachment& file : p.attachments) {
      std::optional<std::string> content =
          blobs_ != nullptr ? read_blob(*blobs_, file) : std::nullopt;
      if (!content) {
        // Damage (ticketctl verify names it): retried, then dead-lettered.
        return DeliveryOutcome{false, false, 0,
                               "the file " + file.name + " is missing from the blob store"};
      }
      email.attachments.push_back(MailAttachment{file.name, file.type, std::move(*content)});
    }
    return mailer_->send(mail_address_, p.to.email, compose_mime(email), stopping_);
  }
  const std::optional<Webhook> hook = webhooks_.get(p.webhook_id);
  if (!hook || hook->deleted) {
    permanent = true;
    return DeliveryOutcome{false, false, 0, "the webhook was deleted"};
  }
  const std::optional<std::string> secret = webhooks_.secret(p.webhook_id);
  if (!secret)
    return DeliveryOutcome{false, false, 0, "no secret for this webhook in the key file"};
  auto source = store_.read_all(p.source_position - 1, 1);
  if (!source || source->empty() || source->front().event_id != p.source_event_id) {
    return DeliveryOutcome{
        false, false, 0, "cannot read the event at position " + std::to_string(p.source_position)};
  }
  std::string body;
  domain::JsonWriter w(body);
  write_envelope(w, source->front());
  const std::int64_t t =
      std::chrono::duration_cast<std::chrono::seconds>(clock_now().time_since_epoch()).count();
  return sender_.post(hook->url, body,
                      {{"X-Ticketd-Delivery", p.id},
                       {"X-Ticketd-Event", p.source_type},
                       {"X-Ticketd-Signature", webhook_signature(*secret, t, body)}},
                      stopping_);
}

void Outbox::worker_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (!caught_up_) {
      cv_.wait_for(lock, std::chrono::milliseconds(50));
      continue;
    }
    // The first lane whose head is due and not being sent.
    const domain::Instant now = clock_now();
    Pending* next = nullptr;
    domain::Instant earliest = now + std::chrono::seconds(1);
    for (auto& [lane, ids] : lanes_) {
      auto it = pending_.find(ids.front());
      if (it == pending_.end() || it->second.in_flight) continue;
      if (it->second.channel == "email" && mailer_ == nullptr) continue;
      if (it->second.next_at <= now) {
        next = &it->second;
        break;
      }
      earliest = std::min(earliest, it->second.next_at);
    }
    if (next == nullptr) {
      cv_.wait_for(lock, std::max(std::chrono::milliseconds(1), earliest - now));
      continue;
    }
    next->in_flight = true;
    const Pending p = *next;
    lock.unlock();

    bool permanent = false;
    const DeliveryOutcome outcome = deliver(p, permanent);
    const int attempt = p.attempts + 1;
    std::string type;
    std::string event_id;
    std::string data;
    domain::Instant next_at{};
    if (!outcome.cancelled) {
      domain::JsonWriter w(data);
      w.begin_object();
      w.member("id", p.id);
      w.member("channel", p.channel);
      if (!p.webhook_id.empty()) w.member("webhook_id", p.webhook_id);
      if (p.channel == "email") w.member("to", p.to.email);
      w.member("attempt", attempt);
      w.key("status");
      outcome.status != 0 ? w.value(outcome.status) : w.value(nullptr);
      if (outcome.ok) {
        type = "NotificationDelivered";
        event_id = p.id + "/delivered";
      } else if (permanent || attempt >= options_.max_attempts) {
        type = "NotificationDeadLettered";
        event_id = p.id + "/dead";
        w.member("error", outcome.error);
      } else {
        type = "NotificationAttempted";
        event_id = p.id + "/a" + std::to_string(attempt);
        next_at = clock_now() + retry_delay(attempt, options_.retry_base, options_.retry_cap);
        w.member("error", outcome.error);
        w.member("next_attempt_at", next_at);
      }
      w.end_object();
    }
    bool recorded = false;
    if (!outcome.cancelled) {
      std::vector<eventstore::NewEvent> events;
      events.push_back(
          outbox_event(event_id, type, p.tenant, p.source_event_id, std::move(data), clock_now()));
      auto r = store_.append(p.stream, eventstore::ExpectedVersion::any(), std::move(events));
      recorded = r.has_value();
      if (!r) log_line("cannot record " + event_id + ": " + r.error().message);
    }

    lock.lock();
    auto it = pending_.find(p.id);
    if (it == pending_.end()) continue;
    it->second.in_flight = false;
    if (!recorded) {
      // Nothing recorded: try again a little later (the store may be
      // closing, in which case the restart sends it).
      it->second.next_at = clock_now() + std::chrono::seconds(1);
      continue;
    }
    if (type == "NotificationAttempted") {
      it->second.attempts = attempt;
      it->second.next_at = next_at;
    } else {
      auto lane = lanes_.find(p.lane);
      if (lane != lanes_.end()) {
        std::erase(lane->second, p.id);
        if (lane->second.empty()) lanes_.erase(lane);
      }
      pending_.erase(it);
    }
    cv_.notify_all();
  }
}

}  // namespace ticketd::api
