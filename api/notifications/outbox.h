#pragma once
// The outbox: a projector over the log, with its own checkpoint,
// that turns events into notifications and delivers them at least once.
//
// One decider thread follows the log from its checkpoint. For each event it
// decides, with pure rules (notification_rules.h) over the state at that
// log position, which emails and webhook deliveries the event causes and
// appends one NotificationQueued per notification, with an event id derived
// from the source event: deciding an event again (after a crash before the
// checkpoint was saved) is a duplicate append the store ignores. The same
// thread folds the notification events it meets (queued, attempted,
// delivered, dead-lettered) into the set of pending notifications, so that
// after a restart the pending set is rebuilt from the log alone.
//
// Worker threads deliver pending notifications: in order per lane (one
// lane per ticket and recipient for email, per ticket and webhook for
// webhooks), retrying with exponential backoff, and record every outcome
// on the notification's stream ("notifications-email", "webhook-<id>"):
// NotificationAttempted (a failed attempt, with the next try),
// NotificationDelivered, NotificationDeadLettered (after max_attempts). A
// send interrupted by a crash or shutdown is repeated after the restart
// with the same Message-ID / X-Ticketd-Delivery id, so a receiver can drop
// the duplicate.
//
// Thread-safety: start() and stop() from one thread; the rest from any.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/commands/command_path.h"
#include "api/notifications/digest_email.h"
#include "api/notifications/email_templates.h"
#include "api/notifications/notification_rules.h"
#include "api/notifications/smtp_mailer.h"
#include "api/notifications/unsubscribe_token.h"
#include "api/notifications/webhook_registry.h"
#include "api/notifications/webhook_sender.h"
#include "domain/accounts.h"
#include "eventstore/blob_store.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

inline constexpr std::string_view kEmailNotificationStream = "notifications-email";
// The alerts collected for digests (NotificationQueued, data.channel "digest").
inline constexpr std::string_view kDigestNotificationStream = "notifications-digest";

struct OutboxOptions {
  std::string mail_from = "ticketd@localhost";  // "addr" or "Name <addr>"
  std::chrono::milliseconds retry_base{std::chrono::seconds(10)};
  std::chrono::milliseconds retry_cap{std::chrono::hours(1)};
  int max_attempts = 12;
  int workers = 4;
  std::filesystem::path checkpoint_file;  // DATA/outbox/checkpoint.json
  // The time the outbox goes by: its events' occurred_at, when a retry is
  // due, an email's Date and a webhook signature's t. Empty: the system
  // clock. Tests pass a clock they move by hand.
  std::function<domain::Instant()> clock;
  // A customer's or agent's email attaches the files of the message it
  // carries while their total stays within this; the others are linked
  // under public_url (--public-url; empty: only named).
  std::uint64_t mail_attach_max_bytes = std::uint64_t{10} << 20;
  std::string public_url;
  // Staff alerts set to "digest" (domain/alert_preferences.h) are collected
  // and mailed once per period, periods counted from the Unix epoch (an
  // hour: on the UTC hour; --digest-period-seconds).
  std::chrono::milliseconds digest_period{std::chrono::hours(1)};
  // Signs the List-Unsubscribe links of staff alerts (with public_url);
  // null: no such header. Must outlive the outbox.
  const UnsubscribeTokens* unsubscribe = nullptr;
};

class Outbox {
 public:
  // `mailer` may be null: then no email is decided or sent; `blobs` may
  // be null: then emails attach no files (they link them). Everything
  // passed in must outlive the outbox.
  Outbox(eventstore::EventStore& store, const CommandPath& commands,
         const WebhookRegistry& webhooks, const SmtpMailer* mailer, const WebhookSender& sender,
         OutboxOptions options, const eventstore::BlobStore* blobs = nullptr);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Reads the checkpoint (none: decisions start at the current head, so an
  // existing log does not mail its whole history) and starts the threads.
  void start();
  // Stops the threads (aborting sends in flight, which stay pending) and
  // saves the checkpoint. Idempotent.
  void stop();

  // The last log position decided, and the notifications not yet delivered
  // or dead-lettered.
  std::uint64_t decided() const { return decided_.load(); }
  std::size_t pending() const;

 private:
  struct Pending;
  void decider_loop();
  void worker_loop();
  bool process(const eventstore::Envelope& env);
  bool decide(const eventstore::Envelope& env);
  // Staff tokens and tenants (their names and mail settings), in log order.
  void fold_directory(const eventstore::Envelope& env);
  // People with accounts: active staff are mailed like token holders, and
  // an account's language is its mail's.
  void fold_accounts(const eventstore::Envelope& env);
  // The brand of `tenant`'s mail to `to`, in `to`'s own language if their
  // account has one.
  MailBrand brand_for(const std::string& tenant, const Recipient& to, bool customer) const;
  void fold_notification(const eventstore::Envelope& env);
  // The digest (outbox_digest.cc): collected alerts, folded from their
  // NotificationQueued on "notifications-digest" until a digest's
  // NotificationQueued names them; flush_digests() queues the digests due.
  struct Collected;
  void fold_collected(const eventstore::Envelope& env);
  void fold_digest_queued(const eventstore::Envelope& env);
  // After `staff`'s preferences, token or account changed: their collected
  // alerts of a kind now "off" (by the API or an unsubscribe link), or of a
  // tenant they no longer reach (token revoked, account disabled, scope or
  // role narrowed), are dropped, never mailed.
  void recheck_collected(std::string_view staff);
  // Whether `staff` (a token holder's or account's id) may see `tenant`'s
  // tickets now.
  bool reaches(std::string_view staff, std::string_view tenant) const;
  void flush_digests();
  std::uint64_t collected_low_water() const;
  // The staff with an email address who may see tickets of `tenant`.
  std::vector<Recipient> staff(std::string_view tenant) const;
  void save_checkpoint();
  domain::Instant clock_now() const;
  DeliveryOutcome deliver(const Pending& p, bool& permanent);

  eventstore::EventStore& store_;
  const CommandPath& commands_;
  const WebhookRegistry& webhooks_;
  const SmtpMailer* mailer_;
  const WebhookSender& sender_;
  const OutboxOptions options_;
  const eventstore::BlobStore* blobs_;
  std::string mail_address_;
  std::string mail_domain_;

  // Decider thread only.
  std::uint64_t scan_ = 0;
  std::map<std::string, Webhook, std::less<>> hooks_;     // as of scan_
  std::map<std::string, domain::Actor> staff_tokens_;     // token id -> staff member, as of scan_
  std::map<std::string, MailBrand, std::less<>> brands_;  // tenant -> its mail's look, as of scan_
  domain::AlertPreferencesState preferences_;             // as of scan_
  domain::AccountsState accounts_;                        // as of scan_
  // The active staff among accounts_, by id: what staff() goes through for
  // every ticket event (accounts_ holds every customer too).
  std::map<std::string, domain::Actor> staff_accounts_;
  std::map<std::string, std::vector<Collected>> collected_;  // staff id -> not yet in a digest
  std::chrono::steady_clock::time_point last_save_{};
  std::atomic<std::uint64_t> decided_{0};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Pending> pending_;      // guarded by mu_
  std::map<std::string, std::deque<std::string>> lanes_;  // lane -> ids in order; guarded by mu_

  std::atomic<bool> stopping_{false};
  // Workers start once the decider has folded the log up to the head seen
  // at start(), so a notification finished before a restart is not sent
  // again just because its NotificationDelivered was not folded yet.
  std::uint64_t start_head_ = 0;
  std::atomic<bool> caught_up_{false};
  std::vector<std::thread> threads_;
};

}  // namespace ticketd::api
