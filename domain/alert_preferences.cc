#include "domain/alert_preferences.h"

#include <simdjson.h>

#include <utility>

namespace ticketd::domain {
namespace {

constexpr std::array<std::string_view, kAlertKindCount> kKindNames{
    "new_ticket", "assigned", "customer_reply", "sla_warning", "sla_breached"};
constexpr std::array<std::string_view, 3> kDeliveryNames{"immediately", "digest", "off"};

Error undecodable(std::string_view what) {
  return make_error(ErrorCode::kInternal,
                    std::string(kAlertPreferencesChanged) + " data " + std::string(what));
}

}  // namespace

std::string_view to_string(AlertKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<AlertKind> parse_alert_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == text) return static_cast<AlertKind>(i);
  }
  return std::nullopt;
}

std::string_view to_string(AlertDelivery delivery) {
  return kDeliveryNames[static_cast<std::size_t>(delivery)];
}

std::optional<AlertDelivery> parse_alert_delivery(std::string_view text) {
  for (std::size_t i = 0; i < kDeliveryNames.size(); ++i) {
    if (kDeliveryNames[i] == text) return static_cast<AlertDelivery>(i);
  }
  return std::nullopt;
}

void write_alert_preferences(JsonWriter& w, const AlertPreferences& p) {
  w.begin_object();
  for (std::size_t i = 0; i < kAlertKindCount; ++i) w.member(kKindNames[i], to_string(p.kinds[i]));
  w.end_object();
}

std::string encode_alert_preferences_changed(const AlertPreferencesChanged& e) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("staff", e.staff);
  w.key("kinds");
  write_alert_preferences(w, e.preferences);
  w.member("via", e.via);
  w.end_object();
  return out;
}

Result<AlertPreferencesChanged> decode_alert_preferences_changed(std::string_view data) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS)
    return undecodable("is not a JSON object");
  AlertPreferencesChanged e;
  std::string_view text;
  if (o["staff"].get_string().get(text) != simdjson::SUCCESS || text.empty())
    return undecodable("has no staff");
  e.staff = text;
  if (o["via"].get_string().get(text) == simdjson::SUCCESS) e.via = text;
  simdjson::dom::object kinds;
  if (o["kinds"].get_object().get(kinds) != simdjson::SUCCESS) return undecodable("has no kinds");
  for (auto [key, value] : kinds) {
    const std::optional<AlertKind> kind = parse_alert_kind(key);
    std::optional<AlertDelivery> delivery;
    if (value.get_string().get(text) == simdjson::SUCCESS) delivery = parse_alert_delivery(text);
    // A kind this version does not know is left to the version that wrote it.
    if (!kind) continue;
    if (!delivery) return undecodable("has an unknown delivery for " + std::string(key));
    e.preferences.set(*kind, *delivery);
  }
  return e;
}

AlertPreferences AlertPreferencesState::of(std::string_view staff) const {
  const auto it = by_staff.find(staff);
  return it == by_staff.end() ? AlertPreferences{} : it->second;
}

AlertPreferencesState evolve(AlertPreferencesState s, const AlertPreferencesChanged& e) {
  s.by_staff[e.staff] = e.preferences;
  return s;
}

}  // namespace ticketd::domain
