// The outbox's digests: alerts a staff member chose to collect are queued
// one by one on "notifications-digest" (decided like every notification,
// with ids derived from their source event); once the period they were
// decided in has ended, one digest email per member lists them, queued on
// "notifications-email" with the ids of the alerts it took. Folding the
// log rebuilds what is still collected, so a restart neither loses an
// alert nor mails one twice: a digest is queued only once the log is
// folded to its head, and its own id comes from the alerts it lists.
// Turning a kind off drops that kind's alerts not yet in a digest; turning
// it to "immediately" leaves them for the digest they were collected for.
// A member whose token is revoked, account disabled or scope narrowed loses
// the alerts of the tenants they no longer reach.

#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <set>

#include "api/commands/ids.h"
#include "api/notifications/mail_message.h"
#include "api/notifications/notification_rules.h"
#include "api/notifications/outbox.h"
#include "api/notifications/outbox_support.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"
#include "domain/types.h"

namespace ticketd::api {

using namespace outbox_detail;

void Outbox::fold_collected(const eventstore::Envelope& env) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS)
    return;
  Collected c;
  c.id = get_string(o, "id");
  c.tenant = env.tenant;
  dom::object to;
  if (o["to"].get_object().get(to) == simdjson::SUCCESS) {
    c.to = Recipient{std::string(get_string(to, "id")), std::string(get_string(to, "email")),
                     std::string(get_string(to, "name"))};
  }
  if (c.to.id.empty() || c.to.email.empty()) return;
  c.item.kind = parse_email_kind(get_string(o, "kind")).value_or(EmailKind::kNewTicketAlert);
  c.item.ticket_key = get_string(o, "ticket_key");
  c.item.subject = get_string(o, "subject");
  c.item.link = get_string(o, "link");
  c.item.at = domain::parse_instant(get_string(o, "at"))
                  .value_or(domain::Instant(domain::Millis(env.occurred_at_ms)));
  // The period it was decided in, by the instant recorded with it: the same
  // on every replay.
  c.due = digest_due(domain::Instant(domain::Millis(env.occurred_at_ms)), options_.digest_period);
  c.queued_position = env.position;
  std::vector<Collected>& list = collected_[c.to.id];
  if (std::none_of(list.begin(), list.end(), [&](const Collected& x) { return x.id == c.id; }))
    list.push_back(std::move(c));
}

void Outbox::fold_digest_queued(const eventstore::Envelope& env) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(env.data.data(), env.data.size()).get_object().get(o) != simdjson::SUCCESS)
    return;
  std::set<std::string, std::less<>> taken;
  dom::array items;
  if (o["items"].get_array().get(items) == simdjson::SUCCESS) {
    for (dom::element item : items) {
      std::string_view id;
      if (item.get_string().get(id) == simdjson::SUCCESS) taken.emplace(id);
    }
  }
  for (auto it = collected_.begin(); it != collected_.end();) {
    std::erase_if(it->second, [&](const Collected& c) { return taken.contains(c.id); });
    it = it->second.empty() ? collected_.erase(it) : std::next(it);
  }
}

void Outbox::recheck_collected(std::string_view staff) {
  const auto it = collected_.find(std::string(staff));
  if (it == collected_.end()) return;
  // Folded in log order, live and on every replay alike: an alert collected
  // before the change and dropped by it is dropped again after a restart.
  const domain::AlertPreferences now = preferences_.of(staff);
  std::erase_if(it->second, [&](const Collected& c) {
    const std::optional<domain::AlertKind> kind = alert_kind_of(c.item.kind);
    return (kind && now.of(*kind) == domain::AlertDelivery::kOff) || !reaches(staff, c.tenant);
  });
  if (it->second.empty()) collected_.erase(it);
}

bool Outbox::reaches(std::string_view staff, std::string_view tenant) const {
  const auto account = staff_accounts_.find(std::string(staff));
  if (account != staff_accounts_.end() && domain::in_scope(account->second, tenant)) return true;
  return std::any_of(staff_tokens_.begin(), staff_tokens_.end(), [&](const auto& token) {
    return token.second.id == staff && domain::in_scope(token.second, tenant);
  });
}

std::uint64_t Outbox::collected_low_water() const {
  std::uint64_t low = UINT64_MAX;
  for (const auto& [staff, list] : collected_) {
    for (const Collected& c : list) low = std::min(low, c.queued_position - 1);
  }
  return low;
}

void Outbox::flush_digests() {
  const domain::Instant now = clock_now();
  for (auto it = collected_.begin(); it != collected_.end();) {
    // The alerts whose period has ended; those of the running period wait
    // for theirs. (Called whenever the decider is idle: nothing is copied
    // for a member with nothing due.)
    const auto is_due = [&](const Collected& c) { return c.due <= now; };
    if (std::none_of(it->second.begin(), it->second.end(), is_due)) {
      ++it;
      continue;
    }
    std::vector<Collected> list;
    std::vector<Collected> waiting;
    for (Collected& c : it->second) (is_due(c) ? list : waiting).push_back(c);
    const auto first_due =
        std::min_element(list.begin(), list.end(),
                         [](const Collected& a, const Collected& b) { return a.due < b.due; });
    // Its address and name as of the latest alert; the tenant's look when
    // every alert is of one tenant; the member's language if they chose one.
    const Recipient to = list.back().to;
    const bool one_tenant = std::all_of(list.begin(), list.end(), [&](const Collected& c) {
      return c.tenant == list.front().tenant;
    });
    MailBrand look = brand_for(list.front().tenant, to, false);
    if (!one_tenant) {
      MailBrand plain;
      plain.language = look.language;
      look = std::move(plain);
    }
    std::vector<DigestItem> items;
    std::string ids;
    for (const Collected& c : list) {
      items.push_back(c.item);
      ids += c.id + "\n";
    }
    const domain::Instant since = first_due->due - options_.digest_period;
    const EmailContent content = render_digest(items, to, since, look);
    const std::string id = "dg" + sha256_hex(it->first + "\n" + ids).substr(0, 24);
    std::string data;
    domain::JsonWriter w(data);
    begin_mail_queued(w, id, "email", EmailKind::kDigest, to);
    w.key("items");
    w.begin_array();
    for (const Collected& c : list) w.value(c.id);
    w.end_array();
    w.member("lane", "digest|" + to.email);
    w.member("message_id", "<" + id + "@" + mail_domain_ + ">");
    w.member("subject", content.subject);
    w.member("text", content.text);
    w.member("html", content.html);
    w.end_object();
    std::vector<eventstore::NewEvent> events;
    events.push_back(outbox_event(id, "NotificationQueued", one_tenant ? list.front().tenant : "",
                                  id, std::move(data), now));
    auto r = store_.append(std::string(kEmailNotificationStream),
                           eventstore::ExpectedVersion::any(), std::move(events));
    if (!r) {
      // Kept: the next round tries again.
      log_line("cannot queue the digest " + id + ": " + r.error().message);
      ++it;
      continue;
    }
    // Folding the digest's NotificationQueued takes the same alerts out;
    // until then they are not collected for another.
    if (waiting.empty()) {
      it = collected_.erase(it);
    } else {
      it->second = std::move(waiting);
      ++it;
    }
  }
}

}  // namespace ticketd::api
