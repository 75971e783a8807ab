#pragma once
// Where staff members' alert preferences (domain/alert_preferences.h) are
// kept: one stream, "alert-preferences", read whole (it holds one small
// event per change) and appended to expecting the version read, so two
// changes of the same moment cannot lose one another.
//
// Thread-safety: the functions may be called from any thread; they block
// on the store.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/alert_preferences.h"
#include "domain/result.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

inline constexpr std::string_view kAlertPreferencesStream = "alert-preferences";

struct StoredAlertPreferences {
  domain::AlertPreferencesState state;
  std::uint64_t version = 0;   // the stream's
  std::uint64_t position = 0;  // the log position of its last event; 0: none
};

// The stream folded; kInternal when the store fails or an event is not one.
domain::Result<StoredAlertPreferences> load_alert_preferences(const eventstore::EventStore& store);

// Sets `staff`'s preferences to what `change` makes of the current ones,
// recorded as AlertPreferencesChanged by `actor` (`via` "api" or
// "unsubscribe"), deciding again when another change came first. No event
// when nothing changes. Answers the preferences after and the log position
// that holds them.
struct SavedAlertPreferences {
  domain::AlertPreferences preferences;
  std::uint64_t position = 0;
};
template <class Change>
domain::Result<SavedAlertPreferences> change_alert_preferences(
    eventstore::EventStore& store, std::string_view staff, Change change,
    const domain::Actor& actor, std::string_view via, domain::Instant now);

// The non-template part of change_alert_preferences: appends `next` for
// `staff` expecting `version`; false (no error) on a version conflict.
domain::Result<std::optional<std::uint64_t>> append_alert_preferences(
    eventstore::EventStore& store, std::string_view staff, const domain::AlertPreferences& next,
    std::uint64_t version, const domain::Actor& actor, std::string_view via, domain::Instant now);

template <class Change>
domain::Result<SavedAlertPreferences> change_alert_preferences(
    eventstore::EventStore& store, std::string_view staff, Change change,
    const domain::Actor& actor, std::string_view via, domain::Instant now) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto stored = load_alert_preferences(store);
    if (!stored) return stored.error();
    const domain::AlertPreferences before = stored->state.of(staff);
    domain::AlertPreferences next = before;
    change(next);
    if (next == before) return SavedAlertPreferences{next, stored->position};
    auto appended = append_alert_preferences(store, staff, next, stored->version, actor, via, now);
    if (!appended) return appended.error();
    if (*appended) return SavedAlertPreferences{next, **appended};
  }
  return domain::make_error(domain::ErrorCode::kConflict,
                            "the preferences kept changing; try again");
}

}  // namespace ticketd::api
