// SlaScheduler: one ordered set of every ticket's timers, replaced per
// ticket, handing out what has come due earliest first and one per ticket.
#include "api/automation/sla_scheduler.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <set>
#include <tuple>

namespace ticketd::api {
namespace {

using domain::Instant;
using domain::SlaTimer;
using domain::TimerKind;
using std::chrono::seconds;

const Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

SlaTimer timer(TimerKind kind, int at_s, int due_s) {
  return SlaTimer{kind, kT0 + seconds(at_s), kT0 + seconds(due_s)};
}

std::string describe(const std::vector<SlaScheduler::Entry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += e.ticket_id + ":" + std::string(domain::to_string(e.kind)) + "@" +
           std::to_string((e.at - kT0) / seconds(1)) + " ";
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sla_scheduler_test)

BOOST_AUTO_TEST_CASE(next_is_the_earliest_timer_of_any_ticket) {
  SlaScheduler s;
  BOOST_TEST(!s.next().has_value());
  s.replace("a", {timer(TimerKind::kFirstResponseWarning, 8, 10),
                  timer(TimerKind::kFirstResponseBreach, 10, 10)});
  s.replace("b", {timer(TimerKind::kResolutionBreach, 5, 5)});
  BOOST_TEST((s.next() == kT0 + seconds(5)));
  BOOST_TEST(s.size() == 3u);
  BOOST_TEST(s.tickets() == 2u);
}

BOOST_AUTO_TEST_CASE(replace_drops_a_tickets_old_timers) {
  SlaScheduler s;
  s.replace("a", {timer(TimerKind::kFirstResponseBreach, 10, 10)});
  s.replace("b", {timer(TimerKind::kResolutionBreach, 20, 20)});
  // The due moved (a pause, a priority change): only the new instant counts
  s.replace("a", {timer(TimerKind::kFirstResponseBreach, 30, 30)});
  BOOST_TEST((s.next() == kT0 + seconds(20)));
  BOOST_TEST(s.size() == 2u);
  s.remove("b");
  s.remove("never-there");
  BOOST_TEST((s.next() == kT0 + seconds(30)));
  s.replace("a", {});
  BOOST_TEST(!s.next().has_value());
  BOOST_TEST(s.tickets() == 0u);
}

BOOST_AUTO_TEST_CASE(take_due_hands_out_due_timers_earliest_first_one_per_ticket) {
  SlaScheduler s;
  s.replace("a", {timer(TimerKind::kFirstResponseWarning, 8, 10),
                  timer(TimerKind::kFirstResponseBreach, 10, 10)});
  s.replace("b", {timer(TimerKind::kResolutionBreach, 9, 9)});
  s.replace("c", {timer(TimerKind::kAutoClose, 50, 50)});
  // At 12 s everything of a and b is due, but a's breach waits for its warning
  BOOST_TEST(describe(s.take_due(kT0 + seconds(12), 10)) ==
             "a:first_response_warning@8 b:resolution_breach@9 ");
  BOOST_TEST(describe(s.take_due(kT0 + seconds(12), 10)) == "a:first_response_breach@10 ");
  BOOST_TEST(s.take_due(kT0 + seconds(12), 10).empty());
  BOOST_TEST((s.next() == kT0 + seconds(50)));
  BOOST_TEST(s.tickets() == 1u);
}

BOOST_AUTO_TEST_CASE(take_due_respects_its_limit_and_the_instant) {
  SlaScheduler s;
  for (int i = 0; i < 5; ++i)
    s.replace("t" + std::to_string(i), {timer(TimerKind::kResolutionBreach, i, i)});
  BOOST_TEST(describe(s.take_due(kT0 + seconds(3), 2)) ==
             "t0:resolution_breach@0 t1:resolution_breach@1 ");
  BOOST_TEST(describe(s.take_due(kT0 + seconds(3), 10)) ==
             "t2:resolution_breach@2 t3:resolution_breach@3 ");
  BOOST_TEST(s.size() == 1u);
}

BOOST_AUTO_TEST_CASE(behaves_like_a_plain_ordered_set_of_copies) {
  // The reference: (at, ticket, kind, due) tuples in a std::set, replaced
  // per ticket, due ones handed out earliest first and one per ticket.
  using Tuple = std::tuple<Instant, std::string, TimerKind, Instant>;
  std::set<Tuple> model;
  SlaScheduler s;
  std::mt19937 rng(11);
  const TimerKind kinds[] = {TimerKind::kFirstResponseWarning, TimerKind::kFirstResponseBreach,
                             TimerKind::kResolutionWarning, TimerKind::kResolutionBreach,
                             TimerKind::kAutoClose};
  int now_s = 0;
  for (int step = 0; step < 4000; ++step) {
    const std::string id = "t" + std::to_string(rng() % 30);
    if (rng() % 4 != 0) {
      std::vector<SlaTimer> timers;
      for (TimerKind kind : kinds) {
        if (rng() % 2 == 0) continue;
        const int at = now_s + static_cast<int>(rng() % 50);
        timers.push_back(timer(kind, at, at + static_cast<int>(rng() % 3)));
      }
      std::erase_if(model, [&](const Tuple& t) { return std::get<1>(t) == id; });
      for (const SlaTimer& t : timers) model.insert({t.at, id, t.kind, t.due_at});
      s.replace(id, timers);
    } else {
      now_s += static_cast<int>(rng() % 10);
      const std::size_t max = 1 + rng() % 8;
      std::vector<Tuple> expected;
      std::set<std::string> taken;
      for (const Tuple& t : model) {
        if (std::get<0>(t) > kT0 + seconds(now_s) || expected.size() == max) break;
        if (taken.insert(std::get<1>(t)).second) expected.push_back(t);
      }
      for (const Tuple& t : expected) model.erase(t);
      std::vector<SlaScheduler::Entry> got = s.take_due(kT0 + seconds(now_s), max);
      BOOST_REQUIRE_EQUAL(got.size(), expected.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST((got[i].at == std::get<0>(expected[i])));
        BOOST_TEST(got[i].ticket_id == std::get<1>(expected[i]));
        BOOST_TEST((got[i].kind == std::get<2>(expected[i])));
        BOOST_TEST((got[i].due_at == std::get<3>(expected[i])));
      }
    }
    BOOST_REQUIRE_EQUAL(s.size(), model.size());
    std::set<std::string> ids;
    for (const Tuple& t : model) ids.insert(std::get<1>(t));
    BOOST_REQUIRE_EQUAL(s.tickets(), ids.size());
    BOOST_REQUIRE(
        (s.next() ==
         (model.empty() ? std::nullopt : std::optional<Instant>(std::get<0>(*model.begin())))));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
