// The metrics view on a small history whose figures are worked out by
// hand: counts, daily series, percentiles, SLA compliance, satisfaction and
// per-agent workload with handle times, for all tenants, one tenant and a
// date range.
#include "projections/metrics_view.h"

#include <boost/test/unit_test.hpp>

#include "api/commands/command_path.h"
#include "codec/envelope_codec.h"
#include "domain/decide.h"
#include "domain/evolve.h"
#include "domain/time_format.h"
#include "projection_test_support.h"
#include "tools/demo_history.h"

namespace ticketd::projections::testing {
namespace {

using domain::Actor;
using domain::Role;
using std::chrono::hours;
using std::chrono::minutes;

const domain::Instant kT0 = *domain::parse_instant("2026-03-02T10:00:00.000Z");
const Actor kAnn{"ann", Role::kCustomer, "acme", "ann@acme.test", "Ann"};
const Actor kGus{"gus", Role::kCustomer, "globex", "gus@globex.test", "Gus"};
const Actor kAgent1{"agent-1", Role::kAgent, "", "a1@support.test", "One"};
const Actor kAgent2{"agent-2", Role::kAgent, "", "a2@support.test", "Two"};
const Actor kSystem{"system", Role::kSystem, "", "", "ticketd"};

// One ticket driven through decide and appended like the command path.
class Ticket {
 public:
  Ticket(eventstore::EventStore& store, std::string id) : store_(store), id_(std::move(id)) {}

  void act(const domain::Command& command, const Actor& actor, domain::Instant at) {
    auto events =
        domain::decide(command, state_, domain::Context{actor, at, domain::SlaPolicy::defaults()});
    BOOST_REQUIRE_MESSAGE(events.has_value(), "refused: " << events.error().message);
    if (events->empty()) return;  // a no-op (a repeated breach): nothing to append
    std::vector<eventstore::NewEvent> out;
    for (domain::Event& e : *events) {
      if (auto* opened = std::get_if<domain::TicketOpened>(&e.body)) opened->number = ++numbers_;
      state_ = domain::evolve(std::move(state_), e);
      out.push_back(
          codec::to_new_event(e, state_.tenant, id_ + "-" + std::to_string(state_.version), "c"));
    }
    BOOST_REQUIRE(
        store_.append(api::ticket_stream(id_), eventstore::ExpectedVersion::any(), std::move(out)));
  }
  void open(const Actor& by, const Actor& requester, domain::Priority p, domain::Instant at,
            std::optional<std::string> assignee = std::nullopt) {
    domain::OpenTicket o{id_,
                         requester.tenant,
                         {requester.id, requester.email, requester.name},
                         "Subject " + id_,
                         "Help",
                         id_ + "-m0",
                         std::nullopt,
                         p,
                         assignee,
                         std::nullopt};
    act(o, by, at);
  }
  void say(const Actor& by, domain::Instant at, bool internal = false) {
    act(domain::PostMessage{id_ + "-m" + std::to_string(++messages_), "text", internal}, by, at);
  }
  const domain::TicketState& state() const { return state_; }

 private:
  eventstore::EventStore& store_;
  std::string id_;
  domain::TicketState state_ = domain::initial_state();
  int messages_ = 0;
  inline static std::uint64_t numbers_ = 0;
};

std::string json_of(const MetricsReport& r) {
  std::string out;
  domain::JsonWriter w(out);
  write_metrics_json(w, r);
  return out;
}

BOOST_AUTO_TEST_SUITE(metrics_view_test)

BOOST_AUTO_TEST_CASE(figures_match_a_history_worked_out_by_hand) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto projections = open_projections(*store, dir.views());

  Ticket a(*store, "a");  // urgent: first response due in 2h, resolution in 4h
  a.open(kAnn, kAnn, domain::Priority::kUrgent, kT0);
  a.act(domain::Assign{"agent-1"}, kAgent1, kT0 + minutes(30));
  a.say(kAgent1, kT0 + hours(1));  // first response after 3600 s: met
  a.act(domain::ChangeStatus{domain::Status::kResolved, std::nullopt, ""}, kAgent1, kT0 + hours(3));
  a.act(domain::RateSatisfaction{5, "great"}, kAnn, kT0 + hours(4));

  Ticket b(*store, "b");  // high: first response due in 4h
  b.open(kAnn, kAnn, domain::Priority::kHigh, kT0 + hours(1));
  b.act(domain::RecordSlaBreach{domain::SlaTargetKind::kFirstResponse,
                                *b.state().sla.first_response_due},
        kSystem, kT0 + hours(5));
  b.act(domain::Assign{"agent-1"}, kAgent1, kT0 + hours(6));
  b.say(kAgent1, kT0 + hours(7));  // first response after 21600 s, breached
  b.act(domain::ChangeStatus{domain::Status::kResolved, std::nullopt, ""}, kAgent1,
        kT0 + hours(10));
  b.say(kAnn, kT0 + hours(11));  // reopens it: resolution and credit withdrawn

  Ticket c(*store, "c");  // medium, opened by an agent, assigned at creation
  c.open(kAgent2, kGus, domain::Priority::kMedium, kT0 + hours(2), "agent-2");
  c.say(kAgent2, kT0 + hours(3));        // first response after 3600 s
  c.say(kAgent2, kT0 + hours(4), true);  // internal note
  c.act(domain::ChangeStatus{domain::Status::kResolved, std::nullopt, ""}, kAgent2,
        kT0 + hours(26));

  await_caught_up(*projections, *store);
  const MetricsView& view = projections->metrics();
  const MetricsReport all = ok(view.report(MetricsQuery{}));
  BOOST_TEST(all.by_status[static_cast<int>(domain::Status::kResolved)] == 2u);
  BOOST_TEST(all.by_status[static_cast<int>(domain::Status::kOpen)] == 1u);
  BOOST_TEST(all.by_priority[3] == 1u);
  BOOST_TEST(all.by_priority[2] == 1u);
  BOOST_TEST(all.by_priority[1] == 1u);
  BOOST_TEST(all.by_category[static_cast<int>(domain::Category::kGeneral)] == 3u);
  BOOST_REQUIRE_EQUAL(all.by_tenant.size(), 2u);
  BOOST_TEST(all.by_tenant[0].first == "acme");
  BOOST_TEST(all.by_tenant[0].second == 2u);
  BOOST_TEST(all.by_tenant[1].second == 1u);
  BOOST_REQUIRE_EQUAL(all.daily.size(), 2u);
  BOOST_TEST(all.daily[0].created == 3u);
  BOOST_TEST(all.daily[0].resolved == 1u);  // a; b was reopened
  BOOST_TEST(all.daily[1].created == 0u);
  BOOST_TEST(all.daily[1].resolved == 1u);  // c, the next day
  BOOST_TEST(all.first_response.count == 3u);
  BOOST_TEST(all.first_response.p50 == 3600.0);  // of 3600, 3600, 21600
  BOOST_TEST(all.first_response.p90 == 21600.0);
  BOOST_TEST(all.first_response.p99 == 21600.0);
  BOOST_TEST(all.resolution.count == 2u);
  BOOST_TEST(all.resolution.p50 == 10800.0);  // of 10800, 86400
  BOOST_TEST(all.resolution.p90 == 86400.0);
  BOOST_TEST(all.sla[3].met == 2u);  // urgent a: both targets met
  BOOST_TEST(all.sla[3].breached == 0u);
  BOOST_TEST(all.sla[2].met == 0u);  // high b: first response breached, resolution pending
  BOOST_TEST(all.sla[2].breached == 1u);
  BOOST_TEST(all.sla[1].met == 2u);  // medium c
  BOOST_TEST(all.satisfaction_count == 1u);
  BOOST_TEST(all.satisfaction_sum == 5u);
  const std::string json = json_of(all);
  BOOST_TEST(
      json.find(
          R"("daily":[{"date":"2026-03-02","created":3,"resolved":1},{"date":"2026-03-03","created":0,"resolved":1}])") !=
          std::string::npos,
      json);
  BOOST_TEST(
      json.find(
          R"("sla":{"urgent":{"met":2,"breached":0,"compliance":1},"high":{"met":0,"breached":1,"compliance":0},"medium":{"met":2,"breached":0,"compliance":1},"low":{"met":0,"breached":0,"compliance":null}})") !=
          std::string::npos,
      json);
  BOOST_TEST(json.find(R"("satisfaction":{"count":1,"average":5})") != std::string::npos, json);
  BOOST_TEST(json.find(R"("resolution_s":{"count":2,"p50":10800,"p90":86400,"p99":86400})") !=
                 std::string::npos,
             json);

  const MetricsReport acme = ok(view.report(MetricsQuery{"acme", std::nullopt, std::nullopt}));
  BOOST_TEST(acme.by_tenant.size() == 1u);
  BOOST_TEST(acme.first_response.count == 2u);
  BOOST_TEST(acme.resolution.count == 1u);

  // From the second day (inclusive): only c's resolution falls in it.
  const auto day2 =
      domain::Instant(std::chrono::sys_days(std::chrono::year(2026) / 3 / 3).time_since_epoch());
  const MetricsReport later = ok(view.report(MetricsQuery{std::nullopt, day2, std::nullopt}));
  BOOST_TEST(later.by_tenant.empty());
  BOOST_TEST(later.resolution.count == 1u);
  BOOST_TEST(later.resolution.p50 == 86400.0);
  BOOST_TEST(later.first_response.count == 0u);
  BOOST_TEST(
      json_of(later).find(R"("first_response_s":{"count":0,"p50":null,"p90":null,"p99":null})") !=
      std::string::npos);
  // `to` is exclusive: c resolved at T0+26h is outside [T0, T0+26h).
  const MetricsReport before = ok(view.report(MetricsQuery{std::nullopt, kT0, kT0 + hours(26)}));
  BOOST_TEST(before.resolution.count == 1u);
  BOOST_TEST(!view.report(MetricsQuery{std::nullopt, day2, kT0}).has_value());

  const AgentsPage agents = ok(view.agents(AgentsQuery{}));
  BOOST_REQUIRE_EQUAL(agents.items.size(), 2u);
  BOOST_TEST(agents.items[0].agent == "agent-1");
  BOOST_TEST(agents.items[0].open_assigned == 1u);         // b
  BOOST_TEST(agents.items[0].resolved == 1u);              // a; b's credit was withdrawn
  BOOST_TEST(*agents.items[0].median_handle_s == 9000.0);  // assigned 10:30, resolved 13:00
  BOOST_TEST(agents.items[1].agent == "agent-2");
  BOOST_TEST(agents.items[1].open_assigned == 0u);
  BOOST_TEST(*agents.items[1].median_handle_s == 86400.0);  // assigned at creation
  BOOST_TEST(!agents.next_cursor.has_value());
  std::string agent_json;
  domain::JsonWriter w(agent_json);
  write_agent_json(w, agents.items[0]);
  BOOST_TEST(agent_json ==
             R"({"agent":"agent-1","open_assigned":1,"resolved":1,"median_handle_s":9000})");
}

BOOST_AUTO_TEST_CASE(sla_compliance_counts_each_target_once_even_when_resolved_while_paused) {
  TempDir dir;
  auto store = open_store(dir.log());
  auto projections = open_projections(*store, dir.views());
  const auto status = [](domain::Status s) { return domain::ChangeStatus{s, std::nullopt, ""}; };

  // low: first response due in 48h, resolution in 168h (24x7)
  Ticket d(*store, "d");  // over its resolution target, then on hold before any breach
  d.open(kAnn, kAnn, domain::Priority::kLow, kT0);
  d.say(kAgent1, kT0 + hours(1));
  d.act(status(domain::Status::kOnHold), kAgent1, kT0 + hours(170));
  d.act(status(domain::Status::kResolved), kAgent1, kT0 + hours(200));
  BOOST_TEST(!d.state().sla.resolution_due.has_value());  // nothing to compare resolved_at with

  Ticket e(*store, "e");  // on hold well within its target, resolved much later
  e.open(kAnn, kAnn, domain::Priority::kLow, kT0);
  e.say(kAgent1, kT0 + hours(1));
  e.act(status(domain::Status::kOnHold), kAgent1, kT0 + hours(10));
  e.act(status(domain::Status::kResolved), kAgent1, kT0 + hours(300));

  Ticket f(*store, "f");  // first response breach recorded, then a late reply
  f.open(kAnn, kAnn, domain::Priority::kLow, kT0);
  f.act(domain::RecordSlaBreach{domain::SlaTargetKind::kFirstResponse, kT0 + hours(48)}, kSystem,
        kT0 + hours(48));
  f.act(domain::RecordSlaBreach{domain::SlaTargetKind::kFirstResponse, kT0 + hours(48)}, kSystem,
        kT0 + hours(49));  // a repeat: a no-op
  f.say(kAgent1, kT0 + hours(50));
  f.act(status(domain::Status::kResolved), kAgent1, kT0 + hours(60));

  await_caught_up(*projections, *store);
  const MetricsReport r = ok(projections->metrics().report(MetricsQuery{}));
  // met: d first response, e both targets, f resolution; breached:
  // d resolution (170h used of 168h), f first response (once)
  BOOST_TEST(r.sla[0].met == 4u);
  BOOST_TEST(r.sla[0].breached == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections::testing
