#pragma once
// The outbox suites' world: a real event store in a fresh temporary
// directory, the command path and webhook registry over it, a clock moved
// by hand, and a fake mailer and webhook sender that record every call and
// answer as the test says.

#include <simdjson.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "api/notifications/outbox.h"
#include "api/notifications/smtp_mailer.h"
#include "api/notifications/webhook_registry.h"
#include "api/notifications/webhook_sender.h"
#include "domain/time_format.h"
#include "tests/api/test_support.h"
#include "tests/eventstore/test_support.h"

namespace ticketd::api::testing {

// What one send was given.
struct Call {
  domain::Instant at{};     // the outbox's clock when it was made
  std::string to;           // email: the recipient; webhook: the URL
  std::string delivery_id;  // X-Ticketd-Delivery
  std::string message_id;   // email: Message-ID
  std::string body;         // email: the whole message; webhook: the POST body
  std::vector<std::pair<std::string, std::string>> headers;  // webhook
};

// The outcomes a fake can answer with.
inline DeliveryOutcome delivered(long status) { return DeliveryOutcome{true, false, status, ""}; }
inline DeliveryOutcome failed(long status, std::string error) {
  return DeliveryOutcome{false, false, status, std::move(error)};
}

// Records calls and answers each with `answer(call, index, cancel)`, index
// counting from 0; by default every call succeeds with `ok_status`.
class CallLog {
 public:
  using Answer =
      std::function<DeliveryOutcome(const Call&, std::size_t index, const std::atomic<bool>&)>;
  explicit CallLog(long ok_status) : ok_status_(ok_status) {}

  void answer_with(Answer answer) {
    std::lock_guard lock(mu_);
    answer_ = std::move(answer);
  }
  void always(DeliveryOutcome outcome) {
    answer_with([outcome](const Call&, std::size_t, const std::atomic<bool>&) { return outcome; });
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  // The calls made for the notification `id`.
  std::vector<Call> calls_for(std::string_view id) const {
    std::vector<Call> out;
    for (Call& c : calls()) {
      if (c.delivery_id == id) out.push_back(std::move(c));
    }
    return out;
  }

  DeliveryOutcome record(Call call, const std::atomic<bool>& cancel) const {
    Answer answer;
    std::size_t index = 0;
    {
      std::lock_guard lock(mu_);
      index = calls_.size();
      calls_.push_back(call);
      answer = answer_;
    }
    return answer ? answer(call, index, cancel) : delivered(ok_status_);
  }

 private:
  const long ok_status_;
  mutable std::mutex mu_;
  Answer answer_;                    // guarded by mu_
  mutable std::vector<Call> calls_;  // guarded by mu_
};

// Blocks a send until the outbox cancels it (as at shutdown).
inline DeliveryOutcome hold_until_cancelled(const Call&, std::size_t,
                                            const std::atomic<bool>& cancel) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!cancel.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return DeliveryOutcome{false, cancel.load(), 0, "cancelled"};
}

// The value of header `name` in an RFC 5322 message (first occurrence).
inline std::string header_of(std::string_view message, std::string_view name) {
  const std::string start = std::string(name) + ": ";
  for (std::size_t at = 0; at < message.size();) {
    const std::size_t end = message.find("\r\n", at);
    const std::string_view line = message.substr(at, end - at);
    if (line.empty()) break;  // the end of the headers
    if (line.starts_with(start)) return std::string(line.substr(start.size()));
    if (end == std::string_view::npos) break;
    at = end + 2;
  }
  return {};
}

class FakeMailer : public SmtpMailer {
 public:
  explicit FakeMailer(const ManualClock& clock) : SmtpMailer(SmtpConfig{}), clock_(clock) {}
  DeliveryOutcome send(const std::string&, const std::string& to, const std::string& message,
                       const std::atomic<bool>& cancel) const override {
    Call call;
    call.at = clock_.now();
    call.to = to;
    call.delivery_id = header_of(message, "X-Ticketd-Delivery");
    call.message_id = header_of(message, "Message-ID");
    call.body = message;
    return log.record(std::move(call), cancel);
  }
  CallLog log{250};

 private:
  const ManualClock& clock_;
};

class FakeSender : public WebhookSender {
 public:
  explicit FakeSender(const ManualClock& clock)
      : WebhookSender(std::chrono::seconds(1)), clock_(clock) {}
  DeliveryOutcome post(const std::string& url, const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& headers,
                       const std::atomic<bool>& cancel) const override {
    std::string delivery;
    for (const auto& [name, value] : headers) {
      if (name == "X-Ticketd-Delivery") delivery = value;
    }
    return log.record(Call{clock_.now(), url, delivery, "", body, headers}, cancel);
  }
  CallLog log{200};

 private:
  const ManualClock& clock_;
};

// One notification event (NotificationQueued, ...Attempted, ...Delivered,
// ...DeadLettered) as the log has it.
struct Record {
  std::string type;
  std::string event_id;
  std::string id;  // the notification's
  std::string actor_id;
  std::string actor_role;
  domain::Instant occurred_at{};
  std::string correlation_id;
  // Queued
  std::string kind;
  std::string to;  // email address
  std::string lane;
  std::string source_event_id;
  std::string message_id;
  // Attempted, Delivered, DeadLettered
  std::int64_t attempt = 0;
  std::int64_t status = 0;  // 0: null
  std::string error;
  std::optional<domain::Instant> next_attempt_at;
};

inline std::vector<Record> records(const eventstore::EventStore& store, std::string_view stream,
                                   std::string_view type) {
  std::vector<Record> out;
  simdjson::dom::parser parser;
  for (const eventstore::Envelope& env : events_of(store, stream, type)) {
    simdjson::dom::object o;
    BOOST_REQUIRE(parser.parse(env.data).get_object().get(o) == simdjson::SUCCESS);
    auto text = [&](simdjson::dom::object obj, std::string_view key) {
      std::string_view v;
      return obj[key].get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
    };
    auto number = [&](std::string_view key) {
      std::int64_t v = 0;
      return o[key].get_int64().get(v) == simdjson::SUCCESS ? v : 0;
    };
    Record r;
    r.type = env.type;
    r.event_id = env.event_id;
    r.id = text(o, "id");
    r.actor_id = env.actor.id;
    r.actor_role = env.actor.role;
    r.occurred_at = domain::Instant(domain::Millis(env.occurred_at_ms));
    r.correlation_id = env.correlation_id;
    r.kind = text(o, "kind");
    simdjson::dom::object to;
    r.to = o["to"].get_object().get(to) == simdjson::SUCCESS ? text(to, "email") : text(o, "to");
    r.lane = text(o, "lane");
    r.source_event_id = text(o, "source_event_id");
    r.message_id = text(o, "message_id");
    r.attempt = number("attempt");
    r.status = number("status");
    r.error = text(o, "error");
    r.next_attempt_at = domain::parse_instant(text(o, "next_attempt_at"));
    out.push_back(std::move(r));
  }
  return out;
}

inline std::vector<Record> emails(const eventstore::EventStore& store, std::string_view type) {
  return records(store, kEmailNotificationStream, type);
}

// 2026-03-02 09:00 UTC, a Monday.
inline const domain::Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} +
                                 std::chrono::hours(9)};
inline const domain::Requester kAnn{"u-ann", "ann@acme.test", "Ann"};
inline const domain::Requester kBob{"u-bob", "bob@acme.test", "Bob"};
inline const domain::Actor kAnnActor{"u-ann", domain::Role::kCustomer, "acme", "ann@acme.test",
                                     "Ann"};
inline const domain::Actor kBobActor{"u-bob", domain::Role::kCustomer, "acme", "bob@acme.test",
                                     "Bob"};
inline const domain::Actor kAgent{"agent-7", domain::Role::kAgent, "", "a7@support.test",
                                  "Agent Seven"};
inline const domain::Actor kAdmin{"admin-1", domain::Role::kAdmin, "", "", "Admin"};

struct OutboxFixture {
  OutboxFixture() {
    auto opened = WebhookRegistry::open(*store, dir.path() / "keys" / "webhooks.json");
    BOOST_REQUIRE(opened.has_value());
    webhooks = std::move(*opened);
  }
  ~OutboxFixture() {
    outbox.reset();
    store->close();
  }

  // Retries after 10 s, 20 s, ... at most 1 min; three attempts; one worker,
  // so the order of sends across lanes is the order the worker scans them.
  OutboxOptions options() {
    OutboxOptions o;
    o.mail_from = "Acme Support <support@acme.test>";
    o.retry_base = std::chrono::seconds(10);
    o.retry_cap = std::chrono::minutes(1);
    o.max_attempts = 3;
    o.workers = 1;
    o.checkpoint_file = dir.path() / "outbox" / "checkpoint.json";
    o.clock = [this] { return clock.now(); };
    return o;
  }
  void start(OutboxOptions o) {
    outbox = std::make_unique<Outbox>(*store, commands, *webhooks, &mailer, sender, std::move(o));
    outbox->start();
  }
  void start() { start(options()); }
  // Stops the outbox as a shutdown does (saving its checkpoint).
  void stop() { outbox.reset(); }
  // Waits until `n` notifications are pending. A worker records an outcome
  // in the log before it forgets the notification, so the count may lag
  // the log by a moment.
  void wait_pending(std::size_t n) {
    wait_until([&] { return outbox->pending() == n; }, std::to_string(n) + " pending");
  }
  // Waits until the outbox has decided up to `position`, which it notes
  // just after appending what the event there caused.
  void wait_decided(std::uint64_t position) {
    wait_until([&] { return outbox->decided() >= position; }, "the decisions");
    BOOST_TEST(outbox->decided() == position);
  }

  eventstore::testing::TempDir dir;
  ManualClock clock{kT0};
  std::unique_ptr<eventstore::EventStore> store = eventstore::testing::open_store(dir.store());
  CommandPath commands{*store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
                       [this] { return clock.now(); }};
  std::unique_ptr<WebhookRegistry> webhooks;
  FakeMailer mailer{clock};
  FakeSender sender{clock};
  std::unique_ptr<Outbox> outbox;
};

}  // namespace ticketd::api::testing
