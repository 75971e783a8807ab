// codec: a domain event written as a NewEvent and read back from the
// envelope the store makes of it is the same event; what the envelope says
// about its actor and time is what the event's meta says.
#include "codec/envelope_codec.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "domain/event_codec.h"
#include "tests/codec/stored_envelope.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::codec {
namespace {

using namespace domain;
using namespace domain::testing;

using codec::testing::stored;

BOOST_AUTO_TEST_SUITE(envelope_codec_test)

BOOST_AUTO_TEST_CASE(an_event_survives_the_round_trip_through_an_envelope) {
  std::vector<Event> history = in_status(Status::kResolved);
  history.push_back(event(kOpenedAt + hours{2}, system_actor(),
                          StatusChanged{Status::kResolved, Status::kClosed, "auto_close"}));
  history.push_back(event(kOpenedAt + hours{3}, ann(), SatisfactionRated{5, "thanks"}));
  std::uint64_t position = 0;
  for (const Event& original : history) {
    const eventstore::NewEvent written =
        to_new_event(original, "acme", "e-" + std::to_string(position), "c-1");
    BOOST_TEST(written.type == std::string(event_type(original.body)));
    BOOST_TEST(written.tenant == "acme");
    BOOST_TEST(written.event_id == "e-" + std::to_string(position));
    BOOST_TEST(written.correlation_id == "c-1");
    BOOST_TEST(written.actor.id == original.meta.actor_id);
    BOOST_TEST(written.actor.role == std::string(to_string(original.meta.actor_role)));
    BOOST_TEST(written.schema_version == kEventSchemaVersion);
    BOOST_TEST(written.data == encode_event_data(original.body));
    const Result<Event> read = to_event(stored(written, ++position));
    BOOST_TEST_REQUIRE(read.has_value(), written.type);
    BOOST_TEST((*read == original), written.type);
  }
}

BOOST_AUTO_TEST_CASE(the_meta_comes_from_the_envelope) {
  const eventstore::NewEvent written =
      to_new_event(event(kOpenedAt, agent(), TicketAssigned{"agent-7"}), "acme", "e-1", "");
  eventstore::Envelope env = stored(written, 1);
  env.occurred_at_ms = kOpenedAt.time_since_epoch().count() + 1500;
  env.actor = eventstore::ActorRef{"admin-1", "admin"};
  const Result<Event> read = to_event(env);
  BOOST_TEST_REQUIRE(read.has_value());
  BOOST_TEST(str(read->meta.occurred_at) == "2026-11-22T10:00:01.500Z");
  BOOST_TEST(read->meta.actor_id == "admin-1");
  BOOST_TEST((read->meta.actor_role == Role::kAdmin));
  // A role this build does not know reads as the system's.
  env.actor.role = "robot";
  BOOST_TEST((to_event(env)->meta.actor_role == Role::kSystem));
}

BOOST_AUTO_TEST_CASE(data_that_does_not_decode_is_an_error_naming_the_type) {
  eventstore::Envelope env = stored(
      to_new_event(event(kOpenedAt, agent(), TicketAssigned{"agent-7"}), "acme", "e-1", ""), 1);
  env.data = "{\"assignee\": 7}";
  Result<Event> read = to_event(env);
  BOOST_TEST_REQUIRE(!read.has_value());
  BOOST_TEST((read.error().code == ErrorCode::kValidation));
  BOOST_TEST(read.error().message.find("TicketAssigned") != std::string::npos,
             read.error().message);
  env.type = "TicketTeleported";
  env.data = "{}";
  BOOST_TEST(!to_event(env).has_value());
  env.type = "TicketAssigned";
  env.data = "{\"assignee\":\"agent-7\"}";
  env.schema_version = kEventSchemaVersion + 1;
  BOOST_TEST(!to_event(env).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::codec
