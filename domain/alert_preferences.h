#pragma once
// A staff member's choice, per kind of alert, of how the outbox tells them:
// at once, in the periodic digest, or not at all. Each change is one
// AlertPreferencesChanged holding the member's whole new choice, on the
// stream "alert-preferences" (one stream for every member, so the outbox
// folds them in log order beside the staff tokens). No secret is here.
// Pure.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/json_writer.h"
#include "domain/result.h"

namespace ticketd::domain {

// The alerts staff receive (api/notifications/notification_rules.h).
enum class AlertKind { kNewTicket, kAssigned, kCustomerReply, kSlaWarning, kSlaBreached };
inline constexpr std::size_t kAlertKindCount = 5;

enum class AlertDelivery { kImmediately, kDigest, kOff };

// Wire names: "new_ticket", "assigned", "customer_reply", "sla_warning",
// "sla_breached"; "immediately", "digest", "off".
std::string_view to_string(AlertKind kind);
std::optional<AlertKind> parse_alert_kind(std::string_view text);
std::string_view to_string(AlertDelivery delivery);
std::optional<AlertDelivery> parse_alert_delivery(std::string_view text);

// Every kind `immediately` unless set otherwise: what a member who never
// chose gets.
struct AlertPreferences {
  std::array<AlertDelivery, kAlertKindCount> kinds{};
  AlertDelivery of(AlertKind kind) const { return kinds[static_cast<std::size_t>(kind)]; }
  void set(AlertKind kind, AlertDelivery d) { kinds[static_cast<std::size_t>(kind)] = d; }
  friend bool operator==(const AlertPreferences&, const AlertPreferences&) = default;
};

inline constexpr std::string_view kAlertPreferencesChanged = "AlertPreferencesChanged";

// `via`: "api" (the member or an admin) or "unsubscribe" (a mail's
// one-click List-Unsubscribe link).
struct AlertPreferencesChanged {
  std::string staff;  // the member's id: an account id or a token holder's id
  AlertPreferences preferences;
  std::string via;
  friend bool operator==(const AlertPreferencesChanged&, const AlertPreferencesChanged&) = default;
};

// {"new_ticket":"immediately",...}: every kind, in AlertKind order.
void write_alert_preferences(JsonWriter& w, const AlertPreferences& p);
// The event's data, and back (kInternal for data that is not one).
std::string encode_alert_preferences_changed(const AlertPreferencesChanged& e);
Result<AlertPreferencesChanged> decode_alert_preferences_changed(std::string_view data);

// Every member's preferences as of a log position.
struct AlertPreferencesState {
  std::map<std::string, AlertPreferences, std::less<>> by_staff;
  // The defaults for a member who never chose.
  AlertPreferences of(std::string_view staff) const;
};
AlertPreferencesState evolve(AlertPreferencesState s, const AlertPreferencesChanged& e);

}  // namespace ticketd::domain
