#include "api/notifications/email_strings.h"

#include <date/tz.h>

#include "api/notifications/email_templates.h"
#include "domain/business_calendar.h"

namespace ticketd::api {
namespace {

// Sentences are one paragraph each; "\n" inside starts a new line. In the
// text part they are wrapped at 76 columns.
const Wording kEnglish{
    "en",
    "Hello {{to_name}},",
    "",
    "Files:",
    "attached",
    "on the ticket",
    "Open the ticket",
    "Earlier in this conversation",
    "Ticket {{key}} · {{status}}",
    "You receive this email because you are the requester of ticket {{key}}.",
    "You receive this email because you work on the tickets of {{tenant}}.",
    "You receive this email because you work on the tickets of this helpdesk.",
    "nobody",
    "The reply reopened the ticket: it was {{was_status}} and is {{status}} again.",
    {
        // kTicketOpened
        {"[{{key}}] {{subject}}",
         "we received your request \"{{subject}}\" and opened ticket {{*key}}. We will get back "
         "to you soon.",
         "", "Reply to this email to add to your ticket."},
        // kNewTicketAlert
        {"[{{key}}] New ticket: {{subject}}",
         "New ticket {{*key}} \"{{subject}}\" from {{requester}} ({{requester_email}}).\n"
         "Priority {{priority}}, category {{category}}.",
         "", ""},
        // kAgentReply
        {"[{{key}}] {{subject}}", "{{author}} replied to your ticket {{*key}} \"{{subject}}\":", "",
         "Reply to this email to answer."},
        // kAssigned
        {"[{{key}}] Assigned to you: {{subject}}",
         "Ticket {{*key}} \"{{subject}}\" from {{requester}} was assigned to you.\n"
         "Status {{status}}, priority {{priority}}.",
         "", ""},
        // kResolved
        {"[{{key}}] Resolved: {{subject}}",
         "your ticket {{*key}} \"{{subject}}\" was resolved. If something is still wrong, reply "
         "to this email and it opens again.",
         "", ""},
        // kSlaWarning
        {"[{{key}}] {{Target}} due in {{left}}: {{subject}}",
         "The {{target}} target of ticket {{*key}} \"{{subject}}\" is due in {{left}}.\n"
         "It is due {{*due_at}}.",
         "Requester {{requester}} ({{requester_email}}), assignee {{assignee}}.\n"
         "Priority {{priority}}, status {{status}}, escalation level {{escalation}}.",
         ""},
        // kSlaBreached
        {"[{{key}}] {{Target}} overdue: {{subject}}",
         "The {{target}} target of ticket {{*key}} \"{{subject}}\" was missed.\n"
         "It was due {{*due_at}}, {{overdue}} ago.\n"
         "The ticket is now at escalation level {{*escalation}}.",
         "Requester {{requester}} ({{requester_email}}), assignee {{assignee}}.\n"
         "Priority {{priority}}, status {{status}}.",
         ""},
        // kCustomerReply
        {"[{{key}}] Customer reply: {{subject}}",
         "{{requester}} replied to ticket {{*key}} \"{{subject}}\":", "", ""},
        // kDigest: {{count}} "1 alert" or "3 alerts", {{since}} the period's start
        {"Digest: {{count}} since {{since}}",
         "Since {{since}}: {{*count}} you chose to receive as a digest.", "",
         "In your profile in the console you choose which alerts come at once, which in the "
         "digest and which not at all."},
    },
};

const Wording kGerman{
    "de",
    "Hallo {{to_name}},",
    "Bitte schreiben Sie Ihre Antwort oberhalb dieser Markierung.",
    "Dateien:",
    "angehängt",
    "im Ticket",
    "Ticket öffnen",
    "Bisheriger Verlauf",
    "Ticket {{key}} · {{status}}",
    "Sie erhalten diese E-Mail, weil Sie die Anfrage {{key}} gestellt haben.",
    "Sie erhalten diese E-Mail, weil Sie Tickets von {{tenant}} bearbeiten.",
    "Sie erhalten diese E-Mail, weil Sie Tickets in diesem Helpdesk bearbeiten.",
    "niemand",
    "Die Antwort hat das Ticket wieder geöffnet (Status vorher: {{was_status}}, jetzt: "
    "{{status}}).",
    {
        // kTicketOpened
        {"[{{key}}] {{subject}}",
         "wir haben Ihre Anfrage „{{subject}}“ erhalten und das Ticket {{*key}} eröffnet. Wir "
         "melden uns so bald wie möglich bei Ihnen.",
         "", "Antworten Sie auf diese E-Mail, um Ihrem Ticket etwas hinzuzufügen."},
        // kNewTicketAlert
        {"[{{key}}] Neues Ticket: {{subject}}",
         "Neues Ticket {{*key}} „{{subject}}“ von {{requester}} ({{requester_email}}).\n"
         "Priorität {{priority}}, Kategorie {{category}}.",
         "", ""},
        // kAgentReply
        {"[{{key}}] {{subject}}",
         "{{author}} hat auf Ihr Ticket {{*key}} „{{subject}}“ geantwortet:", "",
         "Sie können einfach auf diese E-Mail antworten."},
        // kAssigned
        {"[{{key}}] Ihnen zugewiesen: {{subject}}",
         "Das Ticket {{*key}} „{{subject}}“ von {{requester}} wurde Ihnen zugewiesen.\n"
         "Status {{status}}, Priorität {{priority}}.",
         "", ""},
        // kResolved
        {"[{{key}}] Gelöst: {{subject}}",
         "Ihr Ticket {{*key}} „{{subject}}“ wurde gelöst. Falls noch etwas nicht stimmt, "
         "antworten Sie auf diese E-Mail, dann wird es wieder geöffnet.",
         "", ""},
        // kSlaWarning
        {"[{{key}}] {{Target}} fällig in {{left_dative}}: {{subject}}",
         "Die Frist für die {{target}} bei Ticket {{*key}} „{{subject}}“ endet in "
         "{{left_dative}}.\n"
         "Sie ist fällig am {{*due_at}}.",
         "Anfrage von {{requester}} ({{requester_email}}), zuständig: {{assignee}}.\n"
         "Priorität {{priority}}, Status {{status}}, Eskalationsstufe {{escalation}}.",
         ""},
        // kSlaBreached
        {"[{{key}}] {{Target}} überfällig: {{subject}}",
         "Die Frist für die {{target}} bei Ticket {{*key}} „{{subject}}“ wurde verpasst.\n"
         "Sie war fällig am {{*due_at}} und ist seit {{overdue_dative}} überschritten.\n"
         "Das Ticket hat jetzt Eskalationsstufe {{*escalation}}.",
         "Anfrage von {{requester}} ({{requester_email}}), zuständig: {{assignee}}.\n"
         "Priorität {{priority}}, Status {{status}}.",
         ""},
        // kCustomerReply
        {"[{{key}}] Kundenantwort: {{subject}}",
         "{{requester}} hat auf das Ticket {{*key}} „{{subject}}“ geantwortet:", "", ""},
        // kDigest
        {"Zusammenfassung: {{count}} seit {{since}}",
         "Seit {{since}}: {{*count}}, die Sie gesammelt erhalten möchten.", "",
         "In Ihrem Profil in der Konsole wählen Sie, welche Benachrichtigungen sofort, gesammelt "
         "oder gar nicht kommen."},
    },
};

bool german(const Wording& w) { return &w == &kGerman; }

std::string german_duration(std::chrono::milliseconds d, bool dative) {
  using std::chrono::duration_cast;
  if (d < std::chrono::minutes{1})
    return dative ? "weniger als einer Minute" : "weniger als eine Minute";
  const auto total = duration_cast<std::chrono::minutes>(d).count();
  const long long days = total / (24 * 60), hours = total / 60 % 24, mins = total % 60;
  auto part = [](long long n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  const std::string_view days_word = dative ? "Tagen" : "Tage";
  if (days > 0) {
    return part(days, "Tag", days_word) + (hours > 0 ? " " + part(hours, "Stunde", "Stunden") : "");
  }
  if (hours > 0) {
    return part(hours, "Stunde", "Stunden") +
           (mins > 0 ? " " + part(mins, "Minute", "Minuten") : "");
  }
  return part(mins, "Minute", "Minuten");
}

}  // namespace

const Wording& wording_for(std::string_view language) {
  return language == "de" ? kGerman : kEnglish;
}

const KindWording& kind_wording(const Wording& w, EmailKind kind) {
  return w.kinds[static_cast<int>(kind)];
}

std::string_view status_words(const Wording& w, domain::Status s) {
  using domain::Status;
  const bool de = german(w);
  switch (s) {
    case Status::kOpen:
      return de ? "offen" : "open";
    case Status::kInProgress:
      return de ? "in Bearbeitung" : "in progress";
    case Status::kWaitingOnCustomer:
      return de ? "wartet auf Rückmeldung" : "waiting on customer";
    case Status::kOnHold:
      return de ? "zurückgestellt" : "on hold";
    case Status::kResolved:
      return de ? "gelöst" : "resolved";
    case Status::kClosed:
      return de ? "geschlossen" : "closed";
  }
  return domain::to_string(s);
}

std::string_view priority_words(const Wording& w, domain::Priority p) {
  using domain::Priority;
  const bool de = german(w);
  switch (p) {
    case Priority::kLow:
      return de ? "niedrig" : "low";
    case Priority::kMedium:
      return de ? "mittel" : "medium";
    case Priority::kHigh:
      return de ? "hoch" : "high";
    case Priority::kUrgent:
      return de ? "dringend" : "urgent";
  }
  return domain::to_string(p);
}

std::string_view category_words(const Wording& w, domain::Category c) {
  using domain::Category;
  const bool de = german(w);
  switch (c) {
    case Category::kBilling:
      return de ? "Abrechnung" : "billing";
    case Category::kTechnical:
      return de ? "Technik" : "technical";
    case Category::kAccount:
      return de ? "Konto" : "account";
    case Category::kBug:
      return de ? "Fehler" : "bug";
    case Category::kFeatureRequest:
      return de ? "Funktionswunsch" : "feature request";
    case Category::kGeneral:
      return de ? "Allgemein" : "general";
  }
  return domain::to_string(c);
}

std::string_view target_words(const Wording& w, domain::SlaTargetKind t, bool capital) {
  const bool first = t == domain::SlaTargetKind::kFirstResponse;
  if (german(w)) return first ? "Erstreaktion" : "Lösung";
  if (capital) return first ? "First response" : "Resolution";
  return first ? "first response" : "resolution";
}

std::string time_words(const Wording& w, domain::Instant t, std::string_view zone) {
  if (!german(w)) return local_time_words(t, zone);
  const date::time_zone* tz = domain::find_zone(zone);  // none: UTC, which the text says
  const auto minutes = std::chrono::floor<std::chrono::minutes>(t);
  static constexpr std::string_view kDays[] = {"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."};
  if (tz == nullptr) {
    const date::weekday day{std::chrono::floor<date::days>(minutes)};
    return std::string(kDays[day.c_encoding()]) + ", " +
           date::format("%d.%m.%Y, %H:%M Uhr (UTC)", minutes);
  }
  const date::zoned_time local{tz, minutes};
  const date::weekday day{std::chrono::floor<date::days>(local.get_local_time())};
  return std::string(kDays[day.c_encoding()]) + ", " + date::format("%d.%m.%Y, %H:%M Uhr", local) +
         " (" + std::string(tz->name()) + ")";
}

std::string duration_in(const Wording& w, std::chrono::milliseconds d, bool dative) {
  return german(w) ? german_duration(d, dative) : duration_words(d);
}

}  // namespace ticketd::api
