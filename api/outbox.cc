#include "api/outbox.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/app.h"
#include "api/email_templates.h"
#include "api/ids.h"
#include "api/mail_message.h"
#include "domain/event_codec.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

namespace dom = simdjson::dom;

constexpr std::size_t kBatch = 256;
constexpr std::string_view kTicketStreamPrefix = "ticket-";

domain::Instant now_ms() {
  return std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now());
}

std::string_view get_string(dom::object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

std::int64_t get_int(dom::object o, std::string_view key) {
  std::int64_t v = 0;
  if (o[key].get_int64().get(v) != simdjson::SUCCESS) return 0;
  return v;
}

void log_line(std::string_view what) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::cerr << "ticketd outbox: " << what << std::endl;
}

eventstore::NewEvent outbox_event(std::string id, std::string type, std::string tenant,
                                  std::string correlation, std::string data) {
  eventstore::NewEvent e;
  e.event_id = std::move(id);
  e.type = std::move(type);
  e.tenant = std::move(tenant);
  e.actor = eventstore::ActorRef{"outbox", "system"};
  e.occurred_at_ms = now_ms().time_since_epoch().count();
  e.correlation_id = std::move(correlation);
  e.data = std::move(data);
  return e;
}

}  // namespace

struct Outbox::Pending {
  std::string id;
  std::string channel;  // "email" or "webhook"
  std::string stream;   // where its events go
  std::string lane;
  std::string tenant;
  std::string source_event_id;
  std::uint64_t queued_position = 0;
  // email
  Recipient to;
  std::string message_id, in_reply_to, references, subject, text, html;
  // webhook
  std::string webhook_id;
  std::uint64_t source_position = 0;
  std::string source_type;

  int attempts = 0;
  domain::Instant next_at{};
  bool in_flight = false;
};

Outbox::Outbox(eventstore::EventStore& store, const CommandPath& commands,
               const WebhookRegistry& webhooks, const SmtpMailer* mailer,
               const WebhookSender& sender, OutboxOptions options)
    : store_(store),
      commands_(commands),
      webhooks_(webhooks),
      mailer_(mailer),
      sender_(sender),
      options_(std::move(options)),
      mail_address_(address_of(options_.mail_from)),
      mail_domain_(domain_of(options_.mail_from)) {}

Outbox::~Outbox() { stop(); }

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
      low_water = std::min<std::uint64_t>(static_cast<std::uint64_t>(get_int(o, "low_water")), decided);
    } else {
      log_line("unreadable checkpoint; rescanning the log for pending notifications");
    }
  }
  decided_ = decided;
  scan_ = low_water;
  // Staff and webhooks as they were at the scan's starting point; the scan
  // folds the rest in log order.
  for (std::string_view stream : {std::string_view("tokens"), kWebhooksStream}) {
    auto envs = store_.read_stream(stream);
    if (!envs) {
      log_line("cannot read " + std::string(stream) + ": " + envs.error().message);
      continue;
    }
    for (const eventstore::Envelope& env : *envs) {
      if (env.position > scan_) break;
      if (stream == "tokens") {
        fold_token(env);
      } else {
        apply_webhook_event(hooks_, env);
      }
    }
  }
  stopping_ = false;
  start_head_ = store_.head();
  caught_up_ = scan_ >= start_head_;
  threads_.emplace_back([this] { decider_loop(); });
  for (int i = 0; i < std::max(1, options_.workers); ++i) threads_.emplace_back([this] { worker_loop(); });
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
  std::uint64_t low_water = scan_;
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
    if (std::chrono::steady_clock::now() - last_save_ > std::chrono::milliseconds(200)) save_checkpoint();
    if (failed) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    } else if (batch->empty()) {
      store_.wait_for(scan_, std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
    }
  }
  save_checkpoint();
}

bool Outbox::process(const eventstore::Envelope& env) {
  if (env.stream == "tokens") {
    fold_token(env);
  } else if (env.stream == kWebhooksStream) {
    apply_webhook_event(hooks_, env);
  } else if (env.type.starts_with("Notification")) {
    fold_notification(env);
    return true;
  }
  if (env.position <= decided_) return true;
  if (!decide(env)) return false;
  decided_ = env.position;
  return true;
}

void Outbox::fold_token(const eventstore::Envelope& env) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS) return;
  const std::string id(get_string(o, "id"));
  if (env.type == "TokenIssued") {
    const std::string_view role = get_string(o, "role");
    const std::string_view email = get_string(o, "email");
    if ((role == "agent" || role == "admin") && !email.empty()) {
      staff_tokens_[id] = Recipient{std::string(get_string(o, "user_id")), std::string(email),
                                    std::string(get_string(o, "name"))};
    }
  } else if (env.type == "TokenRevoked") {
    staff_tokens_.erase(id);
  }
}

std::vector<Recipient> Outbox::staff() const {
  // One entry per user (a user may hold several tokens), ordered by id.
  std::map<std::string, Recipient> by_user;
  for (const auto& [token, r] : staff_tokens_) by_user[r.id] = r;
  std::vector<Recipient> out;
  for (auto& [id, r] : by_user) out.push_back(r);
  return out;
}

bool Outbox::decide(const eventstore::Envelope& env) {
  struct Queued {
    std::string stream;
    eventstore::NewEvent event;
  };
  std::vector<Queued> queued;
  // Webhooks: every live subscription that wants this event.
  for (const auto& [hid, hook] : hooks_) {
    if (hook.deleted || hook.created_position >= env.position) continue;
    if (!webhook_wants(WebhookFilter{hook.events, hook.tenant}, env.type, env.tenant)) continue;
    const std::string id = "wd" + sha256_hex(hid + "\n" + env.event_id).substr(0, 24);
    std::string data;
    domain::JsonWriter w(data);
    w.begin_object();
    w.member("id", id);
    w.member("channel", "webhook");
    w.member("webhook_id", hid);
    w.member("url", hook.url);
    w.member("lane", hid + "|" + env.stream);
    w.member("source_event_id", env.event_id);
    w.member("source_position", env.position);
    w.member("source_type", env.type);
    w.member("source_stream", env.stream);
    w.end_object();
    queued.push_back({webhook_delivery_stream(hid),
                      outbox_event(id, "NotificationQueued", env.tenant, env.event_id, std::move(data))});
  }
  // Email: ticket events, when there is a mailer.
  if (mailer_ != nullptr && env.stream.starts_with(kTicketStreamPrefix)) {
    domain::Result<domain::EventBody> body =
        domain::decode_event_data(env.type, env.data, env.schema_version);
    if (body) {
      const std::string ticket_id = env.stream.substr(kTicketStreamPrefix.size());
      domain::Event event;
      event.meta.occurred_at = domain::Instant(domain::Millis(env.occurred_at_ms));
      event.meta.actor_id = env.actor.id;
      event.meta.actor_role = domain::parse_role(env.actor.role).value_or(domain::Role::kSystem);
      event.body = std::move(*body);
      auto after = commands_.load(ticket_id, env.version);
      if (!after) {
        log_line("cannot load ticket " + ticket_id + ": " + after.error().message);
        return false;
      }
      const std::vector<EmailIntent> intents = decide_emails(event, after->state, staff());
      // A new ticket's emails quote its description, the event after it.
      domain::TicketState shown = after->state;
      if (!intents.empty() && std::holds_alternative<domain::TicketOpened>(event.body)) {
        auto with_description = commands_.load(ticket_id, env.version + 1);
        if (!with_description) return false;
        shown = std::move(with_description->state);
      }
      for (const EmailIntent& intent : intents) {
        const std::string id =
            "em" + sha256_hex(env.event_id + "\n" + std::string(to_string(intent.kind)) + "\n" +
                              intent.to.email)
                       .substr(0, 24);
        const EmailContent content = render_email(intent.kind, shown, event, intent.to);
        const std::string thread = ticket_thread_id(ticket_id, mail_domain_);
        std::string data;
        domain::JsonWriter w(data);
        w.begin_object();
        w.member("id", id);
        w.member("channel", "email");
        w.member("kind", to_string(intent.kind));
        w.key("to");
        w.begin_object();
        w.member("id", intent.to.id);
        w.member("email", intent.to.email);
        w.member("name", intent.to.name);
        w.end_object();
        w.member("ticket_id", ticket_id);
        w.member("ticket_key", shown.key());
        w.member("lane", "email|" + ticket_id + "|" + intent.to.email);
        w.member("source_event_id", env.event_id);
        w.member("source_position", env.position);
        w.member("source_type", env.type);
        w.member("message_id", notification_message_id(ticket_id, id, mail_domain_));
        w.member("in_reply_to", intent.kind == EmailKind::kTicketOpened ? std::string() : thread);
        w.member("references", thread);
        w.member("subject", content.subject);
        w.member("text", content.text);
        w.member("html", content.html);
        w.end_object();
        queued.push_back({std::string(kEmailNotificationStream),
                          outbox_event(id, "NotificationQueued", env.tenant, env.event_id, std::move(data))});
      }
    }
  }
  if (queued.empty()) return true;
  auto append_all = [&](std::vector<Queued> items) {
    eventstore::AppendRequest request;
    for (Queued& q : items) {
      auto it = std::find_if(request.streams.begin(), request.streams.end(),
                             [&](const eventstore::StreamAppend& s) { return s.stream == q.stream; });
      if (it == request.streams.end()) {
        request.streams.push_back({q.stream, eventstore::ExpectedVersion::any(), {}});
        it = std::prev(request.streams.end());
      }
      it->events.push_back(std::move(q.event));
    }
    return store_.append(std::move(request));
  };
  auto r = append_all(queued);
  if (!r && r.error().code == eventstore::StoreErrorCode::kDuplicateMismatch) {
    // Some were queued before (by a run with other settings): one by one.
    for (Queued& q : queued) {
      auto one = append_all({q});
      if (!one) {
        log_line("cannot queue " + q.event.event_id + ": " + one.error().message);
        return false;
      }
    }
    return true;
  }
  if (!r) {
    log_line("cannot queue notifications of " + env.event_id + ": " + r.error().message);
    return false;
  }
  return true;
}

void Outbox::fold_notification(const eventstore::Envelope& env) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS) return;
  const std::string id(get_string(o, "id"));
  std::lock_guard lock(mu_);
  if (env.type == "NotificationQueued") {
    if (pending_.contains(id)) return;
    Pending p;
    p.id = id;
    p.channel = get_string(o, "channel");
    p.stream = env.stream;
    p.lane = get_string(o, "lane");
    p.tenant = env.tenant;
    p.source_event_id = get_string(o, "source_event_id");
    p.queued_position = env.position;
    p.source_position = static_cast<std::uint64_t>(get_int(o, "source_position"));
    p.source_type = get_string(o, "source_type");
    p.webhook_id = get_string(o, "webhook_id");
    dom::object to;
    if (o["to"].get_object().get(to) == simdjson::SUCCESS) {
      p.to = Recipient{std::string(get_string(to, "id")), std::string(get_string(to, "email")),
                       std::string(get_string(to, "name"))};
    }
    p.message_id = get_string(o, "message_id");
    p.in_reply_to = get_string(o, "in_reply_to");
    p.references = get_string(o, "references");
    p.subject = get_string(o, "subject");
    p.text = get_string(o, "text");
    p.html = get_string(o, "html");
    p.next_at = domain::Instant(domain::Millis(env.occurred_at_ms));
    lanes_[p.lane].push_back(id);
    pending_.emplace(id, std::move(p));
    cv_.notify_one();
    return;
  }
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  if (env.type == "NotificationAttempted") {
    const int attempt = static_cast<int>(get_int(o, "attempt"));
    if (attempt > it->second.attempts && !it->second.in_flight) {
      it->second.attempts = attempt;
      if (auto next = domain::parse_instant(get_string(o, "next_attempt_at"))) it->second.next_at = *next;
    }
  } else if (env.type == "NotificationDelivered" || env.type == "NotificationDeadLettered") {
    if (it->second.in_flight) return;  // its worker finishes it
    auto lane = lanes_.find(it->second.lane);
    if (lane != lanes_.end()) {
      std::erase(lane->second, id);
      if (lane->second.empty()) lanes_.erase(lane);
    }
    pending_.erase(it);
  }
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
    email.date = now_ms();
    email.delivery_id = p.id;
    return mailer_->send(mail_address_, p.to.email, compose_mime(email), stopping_);
  }
  const std::optional<Webhook> hook = webhooks_.get(p.webhook_id);
  if (!hook || hook->deleted) {
    permanent = true;
    return DeliveryOutcome{false, false, 0, "the webhook was deleted"};
  }
  const std::optional<std::string> secret = webhooks_.secret(p.webhook_id);
  if (!secret) return DeliveryOutcome{false, false, 0, "no secret for this webhook in the key file"};
  auto source = store_.read_all(p.source_position - 1, 1);
  if (!source || source->empty() || source->front().event_id != p.source_event_id) {
    return DeliveryOutcome{false, false, 0, "cannot read the event at position " +
                                                std::to_string(p.source_position)};
  }
  std::string body;
  domain::JsonWriter w(body);
  write_envelope(w, source->front());
  const std::int64_t t =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
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
    const domain::Instant now = now_ms();
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
        next_at = now_ms() + retry_delay(attempt, options_.retry_base, options_.retry_cap);
        w.member("error", outcome.error);
        w.member("next_attempt_at", next_at);
      }
      w.end_object();
    }
    bool recorded = false;
    if (!outcome.cancelled) {
      std::vector<eventstore::NewEvent> events;
      events.push_back(outbox_event(event_id, type, p.tenant, p.source_event_id, std::move(data)));
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
      it->second.next_at = now_ms() + std::chrono::seconds(1);
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
