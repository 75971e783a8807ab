#include "api/notifications/notification_rules.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ticketd::api {
namespace {

constexpr std::array<std::pair<EmailKind, std::string_view>, 9> kKindNames{{
    {EmailKind::kTicketOpened, "ticket_opened"},
    {EmailKind::kNewTicketAlert, "new_ticket_alert"},
    {EmailKind::kAgentReply, "agent_reply"},
    {EmailKind::kAssigned, "assigned"},
    {EmailKind::kResolved, "resolved"},
    {EmailKind::kSlaWarning, "sla_warning"},
    {EmailKind::kSlaBreached, "sla_breached"},
    {EmailKind::kCustomerReply, "customer_reply"},
    {EmailKind::kDigest, "digest"},
}};

Recipient requester_of(const domain::TicketState& t) {
  return Recipient{t.requester.id, t.requester.email, t.requester.name};
}

const Recipient* staff_member(const std::vector<Recipient>& staff, std::string_view id) {
  auto it =
      std::find_if(staff.begin(), staff.end(), [&](const Recipient& r) { return r.id == id; });
  return it == staff.end() ? nullptr : &*it;
}

// The assignee when the ticket has one we can write to, else every agent.
std::vector<Recipient> assignee_or_staff(const domain::TicketState& t,
                                         const std::vector<Recipient>& staff) {
  if (t.assignee) {
    if (const Recipient* r = staff_member(staff, *t.assignee)) return {*r};
  }
  return staff;
}

bool is_actor(const Recipient& r, const domain::EventMeta& meta) {
  return !r.id.empty() && r.id == meta.actor_id;
}

}  // namespace

std::string_view to_string(EmailKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<EmailKind> parse_email_kind(std::string_view text) {
  for (const auto& [k, name] : kKindNames) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::vector<EmailIntent> decide_emails(const domain::Event& event, const domain::TicketState& after,
                                       const std::vector<Recipient>& staff) {
  std::vector<EmailIntent> out;
  if (!after.exists) return out;
  auto add = [&](EmailKind kind, const Recipient& to) {
    if (to.email.empty() || is_actor(to, event.meta)) return;
    const bool repeat = std::any_of(out.begin(), out.end(), [&](const EmailIntent& e) {
      return e.kind == kind && e.to.email == to.email;
    });
    if (!repeat) out.push_back(EmailIntent{kind, to});
  };
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, domain::TicketOpened>) {
          // The requester is told even when an agent opened it for them.
          const Recipient req = requester_of(after);
          if (!req.email.empty()) out.push_back(EmailIntent{EmailKind::kTicketOpened, req});
          for (const Recipient& r : staff) add(EmailKind::kNewTicketAlert, r);
        } else if constexpr (std::is_same_v<E, domain::MessagePosted>) {
          if (e.internal) return;
          // The description is covered by the TicketOpened emails, whoever
          // opened the ticket.
          if (!after.messages.empty() && after.messages.front().id == e.message_id) return;
          // By who wrote it: a held mail an agent accepted is the customer's.
          if (domain::works_tickets(e.author.role)) {
            add(EmailKind::kAgentReply, requester_of(after));
            return;
          }
          if (event.meta.actor_role == domain::Role::kSystem) return;
          for (const Recipient& r : assignee_or_staff(after, staff))
            add(EmailKind::kCustomerReply, r);
        } else if constexpr (std::is_same_v<E, domain::TicketAssigned>) {
          if (const Recipient* r = staff_member(staff, e.assignee)) add(EmailKind::kAssigned, *r);
        } else if constexpr (std::is_same_v<E, domain::StatusChanged>) {
          if (e.to == domain::Status::kResolved) add(EmailKind::kResolved, requester_of(after));
        } else if constexpr (std::is_same_v<E, domain::SlaWarning>) {
          for (const Recipient& r : assignee_or_staff(after, staff)) add(EmailKind::kSlaWarning, r);
        } else if constexpr (std::is_same_v<E, domain::SlaBreached>) {
          for (const Recipient& r : assignee_or_staff(after, staff))
            add(EmailKind::kSlaBreached, r);
        }
      },
      event.body);
  return out;
}

std::optional<domain::AlertKind> alert_kind_of(EmailKind kind) {
  switch (kind) {
    case EmailKind::kNewTicketAlert:
      return domain::AlertKind::kNewTicket;
    case EmailKind::kAssigned:
      return domain::AlertKind::kAssigned;
    case EmailKind::kCustomerReply:
      return domain::AlertKind::kCustomerReply;
    case EmailKind::kSlaWarning:
      return domain::AlertKind::kSlaWarning;
    case EmailKind::kSlaBreached:
      return domain::AlertKind::kSlaBreached;
    default:
      return std::nullopt;
  }
}

RoutedEmails route_by_preferences(std::vector<EmailIntent> intents,
                                  const domain::AlertPreferencesState& preferences) {
  RoutedEmails out;
  for (EmailIntent& intent : intents) {
    const std::optional<domain::AlertKind> alert = alert_kind_of(intent.kind);
    const domain::AlertDelivery how = alert && !intent.to.id.empty()
                                          ? preferences.of(intent.to.id).of(*alert)
                                          : domain::AlertDelivery::kImmediately;
    if (how == domain::AlertDelivery::kImmediately) {
      out.now.push_back(std::move(intent));
    } else if (how == domain::AlertDelivery::kDigest) {
      out.digest.push_back(std::move(intent));
    }
  }
  return out;
}

domain::Instant digest_due(domain::Instant at, std::chrono::milliseconds period) {
  const std::int64_t p = std::max<std::int64_t>(1, period.count());
  const std::int64_t t = at.time_since_epoch().count();
  const std::int64_t start = t >= 0 ? t - t % p : t - ((t % p) + p) % p;
  return domain::Instant(domain::Millis(start + p));
}

bool webhook_wants(const WebhookFilter& filter, std::string_view type, std::string_view tenant) {
  if (type.starts_with("Notification") || type.starts_with("Webhook")) return false;
  if (!filter.tenant.empty() && filter.tenant != tenant) return false;
  // Token events only when named: "*" means the tickets and tenants.
  const bool token = type.starts_with("Token");
  return std::any_of(filter.events.begin(), filter.events.end(),
                     [&](const std::string& t) { return t == type || (t == "*" && !token); });
}

std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base,
                                      std::chrono::milliseconds cap) {
  std::chrono::milliseconds d = base;
  for (int i = 1; i < attempt && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

}  // namespace ticketd::api
