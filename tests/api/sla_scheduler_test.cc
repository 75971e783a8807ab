// SlaScheduler: one ordered set of every ticket's timers, replaced per
// ticket, handing out what has come due earliest first and one per ticket.
#include "api/sla_scheduler.h"

#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
