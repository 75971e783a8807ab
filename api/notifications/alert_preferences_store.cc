#include "api/notifications/alert_preferences_store.h"

#include "api/commands/ids.h"

namespace ticketd::api {

domain::Result<StoredAlertPreferences> load_alert_preferences(const eventstore::EventStore& store) {
  auto envs = store.read_stream(kAlertPreferencesStream);
  if (!envs) return domain::make_error(domain::ErrorCode::kInternal, envs.error().message);
  StoredAlertPreferences out;
  for (const eventstore::Envelope& env : *envs) {
    if (env.type != domain::kAlertPreferencesChanged) continue;
    auto e = domain::decode_alert_preferences_changed(env.data);
    if (!e) return e.error();
    out.state = domain::evolve(std::move(out.state), *e);
  }
  if (!envs->empty()) {
    out.version = envs->back().version;
    out.position = envs->back().position;
  }
  return out;
}

domain::Result<std::optional<std::uint64_t>> append_alert_preferences(
    eventstore::EventStore& store, std::string_view staff, const domain::AlertPreferences& next,
    std::uint64_t version, const domain::Actor& actor, std::string_view via, domain::Instant now) {
  eventstore::NewEvent e;
  e.event_id = new_event_id('p');
  e.type = domain::kAlertPreferencesChanged;
  e.actor = eventstore::ActorRef{actor.id, std::string(domain::to_string(actor.role))};
  e.occurred_at_ms = now.time_since_epoch().count();
  e.data = domain::encode_alert_preferences_changed(
      domain::AlertPreferencesChanged{std::string(staff), next, std::string(via)});
  std::vector<eventstore::NewEvent> events;
  events.push_back(std::move(e));
  auto r = store.append(std::string(kAlertPreferencesStream),
                        eventstore::ExpectedVersion::exactly(version), std::move(events));
  if (!r) {
    if (r.error().code == eventstore::StoreErrorCode::kWrongExpectedVersion)
      return std::optional<std::uint64_t>();
    return domain::make_error(domain::ErrorCode::kInternal,
                              "cannot record the preferences: " + r.error().message);
  }
  return std::optional<std::uint64_t>(r->last_position);
}

}  // namespace ticketd::api
