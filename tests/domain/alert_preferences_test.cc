// Alert preferences: the wire names, the event's JSON round trip, and the
// fold that keeps each member's latest choice.

#include "domain/alert_preferences.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::domain {
namespace {

BOOST_AUTO_TEST_SUITE(alert_preferences_test)

BOOST_AUTO_TEST_CASE(defaults_are_immediately_for_every_kind) {
  const AlertPreferencesState none;
  for (std::size_t i = 0; i < kAlertKindCount; ++i) {
    BOOST_TEST((none.of("agent-7").of(static_cast<AlertKind>(i)) == AlertDelivery::kImmediately));
  }
}

BOOST_AUTO_TEST_CASE(names_parse_back) {
  for (std::size_t i = 0; i < kAlertKindCount; ++i) {
    const auto kind = static_cast<AlertKind>(i);
    BOOST_TEST((parse_alert_kind(to_string(kind)) == kind));
  }
  BOOST_TEST(to_string(AlertKind::kSlaWarning) == "sla_warning");
  BOOST_TEST((parse_alert_delivery("digest") == AlertDelivery::kDigest));
  BOOST_TEST(!parse_alert_kind("resolved"));
  BOOST_TEST(!parse_alert_delivery("weekly"));
}

BOOST_AUTO_TEST_CASE(the_event_round_trips_through_its_json) {
  AlertPreferencesChanged e{"acc_0123456789abcdef", {}, "unsubscribe"};
  e.preferences.set(AlertKind::kNewTicket, AlertDelivery::kDigest);
  e.preferences.set(AlertKind::kSlaWarning, AlertDelivery::kOff);
  const std::string json = encode_alert_preferences_changed(e);
  BOOST_TEST(json.find("\"sla_warning\":\"off\"") != std::string::npos);
  auto back = decode_alert_preferences_changed(json);
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((*back == e));
}

BOOST_AUTO_TEST_CASE(data_that_is_no_such_event_is_refused) {
  BOOST_TEST(!decode_alert_preferences_changed("[]"));
  BOOST_TEST(!decode_alert_preferences_changed(R"({"kinds":{}})"));
  BOOST_TEST(!decode_alert_preferences_changed(R"({"staff":"a","kinds":{"assigned":"weekly"}})"));
  // A kind a later version added is left alone.
  auto later = decode_alert_preferences_changed(R"({"staff":"a","kinds":{"mentioned":"off"}})");
  BOOST_TEST_REQUIRE(later.has_value());
  BOOST_TEST((later->preferences == AlertPreferences{}));
}

BOOST_AUTO_TEST_CASE(the_fold_keeps_each_members_latest_choice) {
  AlertPreferences off_new;
  off_new.set(AlertKind::kNewTicket, AlertDelivery::kOff);
  AlertPreferences digest_all;
  digest_all.kinds.fill(AlertDelivery::kDigest);
  AlertPreferencesState s;
  s = evolve(std::move(s), {"agent-7", off_new, "api"});
  s = evolve(std::move(s), {"agent-8", digest_all, "api"});
  s = evolve(std::move(s), {"agent-7", AlertPreferences{}, "api"});
  BOOST_TEST((s.of("agent-7") == AlertPreferences{}));
  BOOST_TEST((s.of("agent-8") == digest_all));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
