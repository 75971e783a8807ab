// Property test: random command histories, decided and folded step by
// step, keep the ticket's invariants, replay to the same state and survive
// the event codec. Seeds are fixed, so a failure reproduces exactly.
#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

#include "domain/workflow.h"
#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

class RandomHistory {
 public:
  explicit RandomHistory(unsigned seed) : rng_(seed) {}

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng_)];
  }
  int number(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Command command(const TicketState& s) {
    const std::string id = "m-" + std::to_string(++messages_);
    const SlaTargetKind target =
        number(0, 1) ? SlaTargetKind::kFirstResponse : SlaTargetKind::kResolution;
    const auto due =
        target == SlaTargetKind::kFirstResponse ? s.sla.first_response_due : s.sla.resolution_due;
    switch (number(0, 13)) {
      case 0:
      case 1:
        return PostMessage{id, "reply " + id, number(0, 3) == 0};
      case 2:
        return Assign{pick(std::vector<std::string>{"agent-1", "agent-2"})};
      case 3:
        return Unassign{};
      case 4:
      case 5:
        return ChangeStatus{static_cast<Status>(number(0, 5)),
                            number(0, 2) == 0 ? std::optional<std::string>("why") : std::nullopt,
                            id};
      case 6:
        return ChangePriority{static_cast<Priority>(number(0, 3))};
      case 7:
        return ChangeCategory{static_cast<Category>(number(0, 5))};
      case 8:
        return Escalate{"escalating"};
      case 9:
        return Tag{{pick(std::vector<std::string>{"a", "B", "c"})},
                   {pick(std::vector<std::string>{"a", "b", "d"})}};
      case 10:
        return RateSatisfaction{number(1, 5), ""};
      case 11:
        return RecordSlaWarning{target, due.value_or(Instant{})};
      case 12:
        return RecordSlaBreach{target, due.value_or(Instant{})};
      default:
        return AutoClose{};
    }
  }

 private:
  std::mt19937 rng_;
  int messages_ = 0;
};

void check_invariants(const TicketState& s, const std::vector<Event>& history) {
  BOOST_TEST_REQUIRE((s == fold(history)));
  BOOST_TEST(s.version == history.size());

  std::size_t public_messages = 0;
  std::optional<Instant> first_response;
  for (const Message& m : s.messages) {
    if (!m.internal) ++public_messages;
    if (!first_response && !m.internal &&
        (m.author.role == Role::kAgent || m.author.role == Role::kAdmin)) {
      first_response = m.created_at;
    }
  }
  BOOST_TEST(s.public_message_count == public_messages);
  BOOST_TEST(str(s.first_response_at) == str(first_response));
  BOOST_TEST(std::is_sorted(s.tags.begin(), s.tags.end()));
  BOOST_TEST((std::adjacent_find(s.tags.begin(), s.tags.end()) == s.tags.end()));

  BOOST_TEST(s.sla.paused == is_paused_status(s.status), to_string(s.status));
  BOOST_TEST(s.sla.stopped == (s.status == Status::kResolved || s.status == Status::kClosed));
  BOOST_TEST((s.sla.resolution_due.has_value() || s.sla.paused || s.sla.stopped));
  if (s.resolved_at) BOOST_TEST((s.status == Status::kResolved || s.status == Status::kClosed));
  if (s.status == Status::kResolved) BOOST_TEST(s.resolved_at.has_value());
  BOOST_TEST(s.closed_at.has_value() == (s.status == Status::kClosed));

  int escalations = 0;
  int breaches[2] = {0, 0};
  int warnings[2] = {0, 0};
  for (const Event& e : history) {
    if (std::holds_alternative<TicketEscalated>(e.body)) ++escalations;
    if (const auto* b = std::get_if<SlaBreached>(&e.body)) ++breaches[static_cast<int>(b->target)];
    if (const auto* w = std::get_if<SlaWarning>(&e.body)) ++warnings[static_cast<int>(w->target)];
  }
  BOOST_TEST(s.escalation_level == escalations);
  for (int t = 0; t < 2; ++t) {
    BOOST_TEST(breaches[t] <= 1);
    BOOST_TEST(warnings[t] <= 1);
  }
}

BOOST_AUTO_TEST_SUITE(replay_test)

BOOST_AUTO_TEST_CASE(random_histories_keep_the_invariants) {
  const std::vector<Actor> actors = {ann(), acme_admin(), agent(), admin(), system_actor()};
  std::size_t accepted = 0;
  std::size_t refused = 0;
  for (unsigned seed = 1; seed <= 150; ++seed) {
    RandomHistory random(seed);
    std::vector<Event> history = opened(static_cast<Priority>(random.number(0, 3)));
    TicketState state = fold(history);
    Instant now = kOpenedAt;
    for (int step = 0; step < 60 && state.status != Status::kClosed; ++step) {
      now += minutes{random.number(1, 600)};
      const Command command = random.command(state);
      const Context c = ctx(random.pick(actors), now);
      const Result<std::vector<Event>> result = decide(command, state, c);
      if (!result) {
        ++refused;
        continue;
      }
      ++accepted;
      for (const Event& e : *result) {
        BOOST_TEST_REQUIRE((e.meta == EventMeta{now, c.actor.id, c.actor.role}));
        const Result<EventBody> back =
            decode_event_data(event_type(e.body), encode_event_data(e.body), kEventSchemaVersion);
        BOOST_TEST_REQUIRE((back.has_value() && *back == e.body), "seed " << seed);
        state = evolve(std::move(state), e);
        history.push_back(e);
      }
      check_invariants(state, history);
    }
  }
  BOOST_TEST_MESSAGE("accepted " << accepted << ", refused " << refused);
  // Both paths were exercised in bulk.
  BOOST_TEST(accepted > 1000u);
  BOOST_TEST(refused > 1000u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
