// The outbox's decisions: which notifications an event causes (with the
// rules of notification_rules.h), and the folding of the events that feed
// them (staff tokens, the notification streams themselves).

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/commands/directory.h"
#include "api/commands/ids.h"
#include "api/commands/tenant_logo.h"
#include "api/notifications/email_templates.h"
#include "api/notifications/mail_message.h"
#include "api/notifications/outbox.h"
#include "api/notifications/outbox_support.h"
#include "api/views/ticket_json.h"
#include "codec/account_codec.h"
#include "codec/envelope_codec.h"
#include "domain/directory_json.h"
#include "domain/event_codec.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"

namespace ticketd::api {

using namespace outbox_detail;

void Outbox::fold_directory(const eventstore::Envelope& env) {
  domain::Result<domain::DirectoryEventBody> body =
      domain::decode_directory_event_data(env.type, env.data);
  if (!body) return;
  if (const auto* created = std::get_if<domain::TenantCreated>(&*body)) {
    brands_[created->slug].tenant_name = created->name;
  } else if (const auto* changed = std::get_if<domain::TenantSettingsChanged>(&*body)) {
    MailBrand& brand = brands_[changed->slug];
    brand.language = changed->settings.language;
    brand.color = changed->settings.brand_color;
  } else if (const auto* logo = std::get_if<domain::TenantLogoSet>(&*body)) {
    // Mail shows a logo only where clients can fetch it: under the public URL.
    brands_[logo->slug].logo_url =
        options_.public_url.empty()
            ? std::string()
            : options_.public_url + tenant_logo_path(logo->slug, logo->logo.sha256);
  } else if (const auto* removed = std::get_if<domain::TenantLogoRemoved>(&*body)) {
    brands_[removed->slug].logo_url.clear();
  } else if (const auto* issued = std::get_if<domain::TokenIssued>(&*body)) {
    if (domain::works_tickets(issued->holder.role) && !issued->holder.email.empty()) {
      staff_tokens_[issued->id] = issued->holder;
    }
  } else if (const auto* revoked = std::get_if<domain::TokenRevoked>(&*body)) {
    const auto held = staff_tokens_.find(revoked->id);
    if (held == staff_tokens_.end()) return;
    const std::string holder = held->second.id;
    staff_tokens_.erase(held);
    recheck_collected(holder);
  }
}

void Outbox::fold_accounts(const eventstore::Envelope& env) {
  domain::Result<domain::AccountEvent> event = codec::to_account_event(env);
  if (!event) return log_line("cannot read " + env.event_id + ": " + event.error().message);
  accounts_ = domain::evolve(std::move(accounts_), *event);
  const std::string id = std::visit([](const auto& body) { return body.id; }, event->body);
  const domain::Account* account = accounts_.find(id);
  if (account != nullptr && account->status == domain::AccountStatus::kActive &&
      domain::works_tickets(account->role)) {
    staff_accounts_[id] = domain::actor_of(*account);
  } else {
    staff_accounts_.erase(id);
  }
  // A disabled account, or a narrower scope or role, reaches less.
  recheck_collected(id);
}

MailBrand Outbox::brand_for(const std::string& tenant, const Recipient& to, bool customer) const {
  const auto found = brands_.find(tenant);
  MailBrand brand = found == brands_.end() ? MailBrand{} : found->second;
  const domain::Account* account = to.id.empty() ? nullptr : accounts_.find(to.id);
  if (account == nullptr) account = accounts_.by_email(customer ? tenant : "", to.email);
  if (account != nullptr && !account->language.empty()) brand.language = account->language;
  return brand;
}

std::vector<Recipient> Outbox::staff(std::string_view tenant) const {
  // One entry per user (a user may hold several tokens, and sign in to an
  // account), ordered by id; only those whose token or account reaches the
  // tenant (a scoped agent hears nothing of the tenants outside its scope).
  std::map<std::string, Recipient> by_user;
  for (const auto& [token, holder] : staff_tokens_) {
    if (domain::in_scope(holder, tenant))
      by_user[holder.id] = Recipient{holder.id, holder.email, holder.name};
  }
  for (const auto& [id, member] : staff_accounts_) {
    if (domain::in_scope(member, tenant)) by_user[id] = Recipient{id, member.email, member.name};
  }
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
    queued.push_back(
        {webhook_delivery_stream(hid), outbox_event(id, "NotificationQueued", env.tenant,
                                                    env.event_id, std::move(data), clock_now())});
  }
  // Email: ticket events, when there is a mailer.
  if (mailer_ != nullptr && env.stream.starts_with(kTicketStreamPrefix)) {
    domain::Result<domain::Event> decoded = codec::to_event(env);
    if (decoded) {
      const domain::Event& event = *decoded;
      const std::string ticket_id = env.stream.substr(kTicketStreamPrefix.size());
      auto after = commands_.load(ticket_id, env.version);
      if (!after) {
        log_line("cannot load ticket " + ticket_id + ": " + after.error().message);
        return false;
      }
      // Each staff member's preferences as of this position: at once, for
      // the digest, or not at all.
      RoutedEmails routed =
          route_by_preferences(decide_emails(event, after->state, staff(env.tenant)), preferences_);
      const std::vector<EmailIntent>& intents = routed.now;
      // A new ticket's emails quote its description, the event after it; a
      // breach's state the escalation it caused, the event after it too.
      domain::TicketState shown = after->state;
      if (!intents.empty() && (std::holds_alternative<domain::TicketOpened>(event.body) ||
                               std::holds_alternative<domain::SlaBreached>(event.body))) {
        auto next = commands_.load(ticket_id, env.version + 1);
        if (!next) return false;
        shown = std::move(next->state);
      }
      for (const EmailIntent& intent : routed.digest) {
        const std::string id =
            "di" + sha256_hex(env.event_id + "\n" + std::string(to_string(intent.kind)) + "\n" +
                              intent.to.email)
                       .substr(0, 24);
        std::string data;
        domain::JsonWriter w(data);
        begin_mail_queued(w, id, "digest", intent.kind, intent.to);
        w.member("ticket_id", ticket_id);
        w.member("ticket_key", after->state.key());
        w.member("subject", after->state.subject);
        if (!options_.public_url.empty())
          w.member("link", options_.public_url + "/tickets/" + after->state.key());
        w.member("at", event.meta.occurred_at);
        w.member("source_event_id", env.event_id);
        w.member("source_position", env.position);
        w.member("source_type", env.type);
        w.end_object();
        queued.push_back({std::string(kDigestNotificationStream),
                          outbox_event(id, "NotificationQueued", env.tenant, env.event_id,
                                       std::move(data), clock_now())});
      }
      const std::vector<domain::Attachment> message = message_files(shown, event);
      for (const EmailIntent& intent : intents) {
        const std::string id =
            "em" + sha256_hex(env.event_id + "\n" + std::string(to_string(intent.kind)) + "\n" +
                              intent.to.email)
                       .substr(0, 24);
        std::vector<MailFile> files;
        if (!message.empty()) {
          // Links need the recipient signed in: the customer's API, or the staff's.
          const std::string prefix =
              options_.public_url.empty()
                  ? std::string()
                  : options_.public_url + attachment_path(ticket_id, "", to_customer(intent.kind));
          files = plan_mail_files(message, blobs_ != nullptr ? options_.mail_attach_max_bytes : 0,
                                  prefix);
        }
        const bool customer = to_customer(intent.kind);
        const std::string link =
            options_.public_url.empty()
                ? std::string()
                : options_.public_url + (customer ? "/portal/tickets/" : "/tickets/") + shown.key();
        const EmailContent content = render_email(intent.kind, shown, event, intent.to, files, link,
                                                  brand_for(env.tenant, intent.to, customer));
        // Each audience's thread starts with its first mail about the ticket
        // (the requester's confirmation, the staff's alert), whose Message-ID
        // the later ones refer to.
        const std::string thread = ticket_thread_id(ticket_id, mail_domain_, customer);
        const bool starts_thread =
            intent.kind == EmailKind::kTicketOpened || intent.kind == EmailKind::kNewTicketAlert;
        std::string data;
        domain::JsonWriter w(data);
        begin_mail_queued(w, id, "email", intent.kind, intent.to);
        w.member("ticket_id", ticket_id);
        w.member("ticket_key", shown.key());
        w.member("lane", "email|" + ticket_id + "|" + intent.to.email);
        w.member("source_event_id", env.event_id);
        w.member("source_position", env.position);
        w.member("source_type", env.type);
        w.member("message_id",
                 starts_thread ? thread : notification_message_id(ticket_id, id, mail_domain_));
        w.member("in_reply_to", starts_thread ? std::string() : thread);
        w.member("references", starts_thread ? std::string() : thread);
        // Replies by mail come back to the ticket through its plus address.
        if (customer) w.member("reply_to", plus_address(options_.mail_from, shown.key()));
        w.member("subject", content.subject);
        w.member("text", content.text);
        w.member("html", content.html);
        std::vector<domain::Attachment> attached;
        for (const MailFile& f : files) {
          if (f.attached) attached.push_back(f.file);
        }
        // What deliver() attaches: metadata, never bytes.
        if (!attached.empty()) domain::write_attachments(w, attached);
        w.end_object();
        queued.push_back({std::string(kEmailNotificationStream),
                          outbox_event(id, "NotificationQueued", env.tenant, env.event_id,
                                       std::move(data), clock_now())});
      }
    }
  }
  if (queued.empty()) return true;
  auto append_all = [&](std::vector<Queued> items) {
    eventstore::AppendRequest request;
    for (Queued& q : items) {
      auto it =
          std::find_if(request.streams.begin(), request.streams.end(),
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
  if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS)
    return;
  const std::string id(get_string(o, "id"));
  if (env.type == "NotificationQueued" && get_string(o, "channel") == "digest") {
    fold_collected(env);
    return;
  }
  if (env.type == "NotificationQueued" && get_string(o, "kind") == "digest")
    fold_digest_queued(env);
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
    p.kind = get_string(o, "kind");
    p.webhook_id = get_string(o, "webhook_id");
    dom::object to;
    if (o["to"].get_object().get(to) == simdjson::SUCCESS) {
      p.to = Recipient{std::string(get_string(to, "id")), std::string(get_string(to, "email")),
                       std::string(get_string(to, "name"))};
    }
    p.message_id = get_string(o, "message_id");
    p.in_reply_to = get_string(o, "in_reply_to");
    p.references = get_string(o, "references");
    p.reply_to = get_string(o, "reply_to");
    p.subject = get_string(o, "subject");
    p.text = get_string(o, "text");
    p.html = get_string(o, "html");
    dom::array files;
    if (o["attachments"].get_array().get(files) == simdjson::SUCCESS) {
      for (dom::element f : files) {
        dom::object file;
        if (f.get_object().get(file) != simdjson::SUCCESS) continue;
        p.attachments.push_back(domain::Attachment{
            std::string(get_string(file, "id")), std::string(get_string(file, "name")),
            static_cast<std::uint64_t>(get_int(file, "size")),
            std::string(get_string(file, "type")), std::string(get_string(file, "sha256"))});
      }
    }
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
      if (auto next = domain::parse_instant(get_string(o, "next_attempt_at")))
        it->second.next_at = *next;
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

}  // namespace ticketd::api
