#pragma once
// The wording of notification emails per language (English and German):
// every sentence as a template for email_templates.cc, where {{name}} is a
// value and {{*name}} a value shown bold in the HTML part; and the words for
// statuses, priorities, categories, SLA targets, times and durations.

#include <chrono>
#include <string>
#include <string_view>

#include "api/notifications/notification_rules.h"
#include "domain/types.h"

namespace ticketd::api {

// What one kind of email says, in one language. Empty: not said.
struct KindWording {
  std::string_view subject;
  std::string_view intro;    // a paragraph above the message (after the greeting)
  std::string_view details;  // a paragraph below the intro (SLA facts)
  std::string_view closing;  // a paragraph below the files and link
};

struct Wording {
  std::string_view lang;             // "en", "de": the HTML's lang
  std::string_view greeting;         // customer emails' first line
  std::string_view reply_hint;       // the line below the reply marker; empty: none
  std::string_view files;            // "Files:"
  std::string_view attached;         // "attached"
  std::string_view on_ticket;        // a file neither attached nor linked
  std::string_view open_link;        // the link's label ("Open the ticket")
  std::string_view history;          // the heading of the earlier messages
  std::string_view ticket_line;      // "Ticket {{key}} · {{status}}"
  std::string_view footer_customer;  // "You receive this email because ..."
  std::string_view footer_staff;
  std::string_view footer_staff_no_tenant;
  std::string_view nobody;  // no assignee
  // A customer reply's alert, when the reply reopened the ticket:
  // {{was_status}} before it, {{status}} after.
  std::string_view reopened;
  KindWording kinds[9];  // by EmailKind
};

// The wording of `language`; English for anything but "de".
const Wording& wording_for(std::string_view language);

const KindWording& kind_wording(const Wording& w, EmailKind kind);

std::string_view status_words(const Wording& w, domain::Status s);
std::string_view priority_words(const Wording& w, domain::Priority p);
std::string_view category_words(const Wording& w, domain::Category c);
// "first response" / "Erstreaktion"; `capital` for the start of a subject.
std::string_view target_words(const Wording& w, domain::SlaTargetKind t, bool capital);

// `t` in time zone `zone` as the language writes it: local_time_words for
// English; German "Do., 03.12.2026, 23:05 Uhr (Europe/Berlin)", "(UTC)"
// when the zone is empty or unknown.
std::string time_words(const Wording& w, domain::Instant t, std::string_view zone);

// A duration in the language's words (duration_words for English). German
// has two forms: "3 Tage" and after "in"/"seit" the dative "3 Tagen".
std::string duration_in(const Wording& w, std::chrono::milliseconds d, bool dative = false);

}  // namespace ticketd::api
