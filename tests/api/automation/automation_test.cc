// The automation over a real event store and projections, with a clock the
// test moves: an SLA timer that falls due is recorded once, by the system,
// and not before; a breach that fell due while no automation ran is found
// and recorded once by the next one, and by no later one again.

#include "api/automation/automation.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "domain/event_codec.h"
#include "domain/time_format.h"
#include "tests/api/test_support.h"
#include "tests/eventstore/test_support.h"

namespace ticketd::api::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// 2026-03-02 09:00 UTC. An urgent ticket opened then, under the default
// policy (24x7): first response due in 2 h (warning at 80%: 1 h 36 min),
// resolution in 4 h (warning at 3 h 12 min).
const domain::Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + hours(9)};
const domain::Instant kFirstResponseWarning = kT0 + minutes(96);
const domain::Instant kFirstResponseDue = kT0 + hours(2);
const domain::Requester kAnn{"u-ann", "ann@acme.test", "Ann"};
const domain::Actor kAnnActor{"u-ann", domain::Role::kCustomer, "acme", "ann@acme.test", "Ann"};
const domain::Actor kAgent{"agent-7", domain::Role::kAgent, "", "a7@support.test", "Agent Seven"};

std::string iso(domain::Instant t) { return domain::format_instant(t); }

struct Fixture {
  Fixture() {
    auto opened = projections::Projections::open(*store, dir.path() / "projections");
    BOOST_REQUIRE(opened.has_value());
    projections = std::move(*opened);
    auto dir_opened = Directory::open(*store, "");
    BOOST_REQUIRE(dir_opened.has_value());
    directory = std::move(*dir_opened);
    commands = std::make_unique<CommandPath>(
        *store, [this](std::string_view tenant) { return directory->policy(tenant); },
        [this] { return clock.now(); });
  }
  ~Fixture() {
    automation.reset();
    commands.reset();
    projections->stop();
    projections.reset();
    store->close();
  }

  void start() {
    automation = std::make_unique<Automation>(*store, *projections, *directory, *commands,
                                              [this] { return clock.now(); });
    automation->start();
  }
  void stop() { automation.reset(); }

  // Returns once the automation has acted on the clock as it is now: it
  // wakes for every log change, and publishes the position it read up to
  // only after firing the timers due by then.
  void settle() {
    wait_until([&] { return automation->status().ready; }, "the automation's start-up");
    std::vector<eventstore::NewEvent> nudge{
        eventstore::testing::make_event("nudge-" + std::to_string(++nudges))};
    auto appended =
        store->append("test-nudges", eventstore::ExpectedVersion::any(), std::move(nudge));
    BOOST_REQUIRE(appended.has_value());
    const std::uint64_t position = appended->last_position;
    wait_until([&] { return automation->status().position >= position; },
               "the automation to read the log");
  }

  // The ticket's events of `type`, decoded.
  template <class Body>
  std::vector<std::pair<eventstore::Envelope, Body>> ticket_events(const std::string& id) {
    std::vector<std::pair<eventstore::Envelope, Body>> out;
    for (eventstore::Envelope& env : events_of(*store, ticket_stream(id), Body::kType)) {
      auto body = domain::decode_event_data(env.type, env.data, env.schema_version);
      BOOST_REQUIRE(body.has_value());
      out.emplace_back(std::move(env), std::get<Body>(*body));
    }
    return out;
  }

  eventstore::testing::TempDir dir;
  ManualClock clock{kT0};
  std::unique_ptr<eventstore::EventStore> store = eventstore::testing::open_store(dir.store());
  std::unique_ptr<projections::Projections> projections;
  std::unique_ptr<Directory> directory;
  std::unique_ptr<CommandPath> commands;
  std::unique_ptr<Automation> automation;
  int nudges = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(automation_test)

BOOST_FIXTURE_TEST_CASE(an_sla_timer_is_recorded_once_by_the_system_when_due_and_not_before,
                        Fixture) {
  start();
  run(*commands, "t1", open_ticket("t1", kAnn, domain::Priority::kUrgent), kAnnActor);
  settle();
  BOOST_TEST(automation->status().tickets == 1u);
  BOOST_REQUIRE(automation->status().next_at.has_value());
  BOOST_TEST(iso(*automation->status().next_at) == iso(kFirstResponseWarning));

  clock.set(kFirstResponseWarning - domain::Millis(1));
  settle();
  BOOST_TEST(ticket_events<domain::SlaWarning>("t1").empty());

  clock.set(kFirstResponseWarning);
  settle();
  const auto warnings = ticket_events<domain::SlaWarning>("t1");
  BOOST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST((warnings[0].second.target == domain::SlaTargetKind::kFirstResponse));
  BOOST_TEST(iso(warnings[0].second.due_at) == iso(kFirstResponseDue));
  BOOST_TEST(warnings[0].first.actor.id == "system");
  BOOST_TEST(warnings[0].first.actor.role == "system");
  BOOST_TEST(ticket_events<domain::SlaBreached>("t1").empty());

  clock.set(kFirstResponseDue);
  settle();
  const auto breaches = ticket_events<domain::SlaBreached>("t1");
  BOOST_REQUIRE(breaches.size() == 1u);
  BOOST_TEST((breaches[0].second.target == domain::SlaTargetKind::kFirstResponse));
  BOOST_TEST(iso(breaches[0].second.due_at) == iso(kFirstResponseDue));
  BOOST_TEST(breaches[0].first.actor.id == "system");
  BOOST_TEST(breaches[0].first.actor.role == "system");
  BOOST_TEST(breaches[0].first.occurred_at_ms == kFirstResponseDue.time_since_epoch().count());
  const auto escalations = ticket_events<domain::TicketEscalated>("t1");
  BOOST_REQUIRE(escalations.size() == 1u);
  BOOST_TEST(escalations[0].second.level == 1);

  // Later rounds find nothing more to do about the first response.
  clock.advance(minutes(10));
  settle();
  BOOST_TEST(ticket_events<domain::SlaWarning>("t1").size() == 1u);
  BOOST_TEST(ticket_events<domain::SlaBreached>("t1").size() == 1u);
  BOOST_TEST(ticket_events<domain::TicketEscalated>("t1").size() == 1u);
  BOOST_TEST(automation->status().failures == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_first_response_in_time_leaves_no_first_response_timer, Fixture) {
  start();
  run(*commands, "t1", open_ticket("t1", kAnn, domain::Priority::kUrgent), kAnnActor);
  clock.set(kT0 + minutes(30));
  run(*commands, "t1", domain::PostMessage{"t1-m2", "Looking into it", false}, kAgent);
  settle();
  clock.set(kFirstResponseDue + minutes(1));
  settle();
  BOOST_TEST(ticket_events<domain::SlaWarning>("t1").empty());
  BOOST_TEST(ticket_events<domain::SlaBreached>("t1").empty());
}

BOOST_FIXTURE_TEST_CASE(a_breach_due_while_down_is_recorded_once_by_the_next_start_only, Fixture) {
  start();
  run(*commands, "t1", open_ticket("t1", kAnn, domain::Priority::kUrgent), kAnnActor);
  settle();
  BOOST_TEST(automation->status().tickets == 1u);
  stop();

  // Down past the first response's warning and due, not yet at the
  // resolution's warning.
  const domain::Instant back = kFirstResponseDue + minutes(30);
  clock.set(back);
  start();
  settle();
  const auto breaches = ticket_events<domain::SlaBreached>("t1");
  BOOST_REQUIRE(breaches.size() == 1u);
  // Recorded with the instant it fell due, at the time it was found.
  BOOST_TEST(iso(breaches[0].second.due_at) == iso(kFirstResponseDue));
  BOOST_TEST(breaches[0].first.occurred_at_ms == back.time_since_epoch().count());
  BOOST_TEST(breaches[0].first.actor.role == "system");
  BOOST_TEST(ticket_events<domain::TicketEscalated>("t1").size() == 1u);
  // A warning once the target is due would tell nobody anything.
  BOOST_TEST(ticket_events<domain::SlaWarning>("t1").empty());
  BOOST_TEST(automation->status().actions == 1u);
  stop();

  start();
  settle();
  BOOST_TEST(ticket_events<domain::SlaBreached>("t1").size() == 1u);
  BOOST_TEST(ticket_events<domain::TicketEscalated>("t1").size() == 1u);
  BOOST_TEST(automation->status().actions == 0u);
  BOOST_TEST(automation->status().tickets == 1u);
  const std::uint64_t head = store->head();
  clock.advance(minutes(5));
  settle();
  BOOST_TEST(store->head() == head + 1);  // only the nudge
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api::testing
