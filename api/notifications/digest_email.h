#pragma once
// The digest: one email to a staff member listing the alerts they chose to
// collect (AlertDelivery::kDigest) over one period, in the look and
// languages of every other notification (email_layout.h, email_strings.h).
// Pure.

#include <string>
#include <vector>

#include "api/notifications/email_templates.h"
#include "api/notifications/notification_rules.h"
#include "domain/types.h"

namespace ticketd::api {

// One collected alert: what it was about and when it happened.
struct DigestItem {
  EmailKind kind = EmailKind::kNewTicketAlert;
  std::string ticket_key;  // "acme-42"
  std::string subject;     // the ticket's subject
  std::string link;        // the ticket in the console; empty without a public URL
  domain::Instant at{};    // the event's instant
  friend bool operator==(const DigestItem&, const DigestItem&) = default;
};

// The digest for `to` of `items` (in the order given), collected since
// `since`, in `brand`'s language and colour; times in UTC.
EmailContent render_digest(const std::vector<DigestItem>& items, const Recipient& to,
                           domain::Instant since, const MailBrand& brand = {});

}  // namespace ticketd::api
