// The SLA clock of a ticket (start, pause, resume, stop, restart, retarget)
// under 24x7 and business-hours calendars, and the default SLA policy.

#include "domain/sla_clock.h"

#include <boost/test/unit_test.hpp>

#include "domain/sla_policy.h"
#include "tests/domain/sla_test_support.h"

namespace ticketd::domain {
namespace {

using namespace sla_testing;

const Instant kT0 = utc(2026, 3, 2, 10);  // a Monday

SlaTargets targets(Millis first_response, Millis resolution) {
  return SlaTargets{first_response, resolution};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sla_clock_test)

BOOST_AUTO_TEST_CASE(default_policy_targets_by_priority) {
  const SlaPolicy p = SlaPolicy::defaults();
  BOOST_TEST((p.for_priority(Priority::kUrgent) == targets(hours{2}, hours{4})));
  BOOST_TEST((p.for_priority(Priority::kHigh) == targets(hours{4}, hours{24})));
  BOOST_TEST((p.for_priority(Priority::kMedium) == targets(hours{24}, hours{72})));
  BOOST_TEST((p.for_priority(Priority::kLow) == targets(hours{48}, hours{168})));
  BOOST_TEST((p.targets[0] == p.for_priority(Priority::kLow)));
  BOOST_TEST(p.business_hours.always_open());
  BOOST_TEST((p == SlaPolicy::defaults()));
}

BOOST_AUTO_TEST_CASE(start_runs_both_clocks_from_the_opening) {
  // Given a 24x7 calendar, when an urgent ticket opens
  const BusinessCalendar cal;
  const SlaClock c = sla_start(cal, targets(hours{2}, hours{4}), kT0);
  // Then both dues are real hours later and the resolution clock runs
  BOOST_TEST(str(c.first_response_due) == "2026-03-02 12:00:00.000");
  BOOST_TEST(str(c.resolution_due) == "2026-03-02 14:00:00.000");
  BOOST_TEST(c.first_response_target == hours{2});
  BOOST_TEST(c.resolution_target == hours{4});
  BOOST_TEST(c.resolution_consumed == Millis{0});
  BOOST_TEST(str(c.running_since) == str(kT0));
  BOOST_TEST(!c.paused);
  BOOST_TEST(!c.stopped);
  BOOST_TEST(sla_resolution_elapsed(c, cal, kT0 + minutes{90}) == minutes{90});
}

BOOST_AUTO_TEST_CASE(start_counts_business_hours) {
  // Given 09:00-17:00 weekdays, when an urgent ticket opens on Friday 16:00
  const BusinessCalendar cal = calendar(nine_to_five());
  const SlaClock c = sla_start(cal, targets(hours{2}, hours{4}), utc(2026, 3, 6, 16));
  // Then the targets run out on Monday
  BOOST_TEST(str(c.first_response_due) == "2026-03-09 10:00:00.000");
  BOOST_TEST(str(c.resolution_due) == "2026-03-09 12:00:00.000");
  // And the weekend does not count as elapsed
  BOOST_TEST(sla_resolution_elapsed(c, cal, utc(2026, 3, 9, 9, 30)) == minutes{90});
}

BOOST_AUTO_TEST_CASE(a_pause_over_the_weekend_moves_the_due_by_the_business_time_missed) {
  // Given 09:00-17:00 weekdays and a high ticket opened Friday 10:00
  const BusinessCalendar cal = calendar(nine_to_five());
  SlaClock c = sla_start(cal, targets(hours{4}, hours{24}), utc(2026, 3, 6, 10));
  const Instant first_due = *c.resolution_due;
  BOOST_TEST(str(first_due) == "2026-03-11 10:00:00.000");
  // When it waits on the customer from Friday 16:00
  sla_pause(c, cal, utc(2026, 3, 6, 16));
  // Then the clock holds 6h and has no due
  BOOST_TEST(c.paused);
  BOOST_TEST(!c.resolution_due.has_value());
  BOOST_TEST(!c.running_since.has_value());
  BOOST_TEST(c.resolution_consumed == hours{6});
  BOOST_TEST(sla_resolution_elapsed(c, cal, utc(2026, 3, 9, 12)) == hours{6});
  // When the customer answers on Monday 10:00
  sla_resume(c, cal, utc(2026, 3, 9, 10));
  // Then 18h remain from Monday 10:00, and the due moved by exactly the two
  // business hours missed (Friday 16-17 and Monday 9-10)
  BOOST_TEST(!c.paused);
  BOOST_TEST(str(c.resolution_due) == "2026-03-11 12:00:00.000");
  BOOST_TEST(cal.between(first_due, *c.resolution_due) == hours{2});
  // And the first-response due never pauses
  BOOST_TEST(str(c.first_response_due) == "2026-03-06 14:00:00.000");
}

BOOST_AUTO_TEST_CASE(several_pauses_add_up) {
  // Given a 24x7 calendar and a 10h resolution target
  const BusinessCalendar cal;
  SlaClock c = sla_start(cal, targets(hours{1}, hours{10}), kT0);
  // When it runs 1h, pauses 2h, runs 1h, pauses 6h
  sla_pause(c, cal, kT0 + hours{1});
  sla_resume(c, cal, kT0 + hours{3});
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{12}));
  sla_pause(c, cal, kT0 + hours{4});
  sla_resume(c, cal, kT0 + hours{10});
  // Then 2h are used and 8h remain
  BOOST_TEST(c.resolution_consumed == hours{2});
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{18}));
  BOOST_TEST(sla_resolution_elapsed(c, cal, kT0 + hours{11}) == hours{3});
}

BOOST_AUTO_TEST_CASE(repeated_pause_and_resume_change_nothing) {
  const BusinessCalendar cal = calendar(nine_to_five());
  SlaClock c = sla_start(cal, targets(hours{4}, hours{24}), kT0);
  // Resuming a running clock is harmless
  const SlaClock running = c;
  sla_resume(c, cal, kT0 + hours{2});
  BOOST_TEST((c == running));
  // Pausing a paused clock again keeps the first pause
  sla_pause(c, cal, kT0 + hours{1});
  const SlaClock paused = c;
  sla_pause(c, cal, kT0 + hours{5});
  BOOST_TEST((c == paused));
  BOOST_TEST(c.resolution_consumed == hours{1});
}

BOOST_AUTO_TEST_CASE(stop_keeps_the_due_and_restart_runs_with_what_remains) {
  // Given a 24x7 clock with a 10h target, resolved after 4h
  const BusinessCalendar cal;
  SlaClock c = sla_start(cal, targets(hours{1}, hours{10}), kT0);
  sla_stop(c, cal, kT0 + hours{4});
  // Then it stops with 4h used and its last due kept for reporting
  BOOST_TEST(c.stopped);
  BOOST_TEST(!c.paused);
  BOOST_TEST(c.resolution_consumed == hours{4});
  BOOST_TEST(!c.running_since.has_value());
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{10}));
  BOOST_TEST(sla_resolution_elapsed(c, cal, kT0 + hours{9}) == hours{4});
  // And stopping, pausing, resuming or restarting a stopped clock the wrong
  // way changes nothing
  const SlaClock stopped = c;
  sla_stop(c, cal, kT0 + hours{6});
  sla_pause(c, cal, kT0 + hours{7});
  sla_resume(c, cal, kT0 + hours{8});
  BOOST_TEST((c == stopped));
  // When it is reopened the next day, 6h remain from then
  sla_restart(c, cal, kT0 + hours{20});
  BOOST_TEST(!c.stopped);
  BOOST_TEST(str(c.running_since) == str(kT0 + hours{20}));
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{26}));
  // And restarting a running clock changes nothing
  const SlaClock restarted = c;
  sla_restart(c, cal, kT0 + hours{21});
  BOOST_TEST((c == restarted));
}

BOOST_AUTO_TEST_CASE(stop_while_paused_keeps_no_due) {
  // Given a clock paused after 3 business hours, then resolved
  const BusinessCalendar cal = calendar(nine_to_five());
  SlaClock c = sla_start(cal, targets(hours{4}, hours{8}), utc(2026, 3, 2, 9));
  sla_pause(c, cal, utc(2026, 3, 2, 12));
  sla_stop(c, cal, utc(2026, 3, 3, 12));
  BOOST_TEST(c.stopped);
  BOOST_TEST(!c.paused);
  BOOST_TEST(!c.resolution_due.has_value());
  BOOST_TEST(c.resolution_consumed == hours{3});
  // When reopened on Friday 15:00, the 5h left run into Monday
  sla_restart(c, cal, utc(2026, 3, 6, 15));
  BOOST_TEST(str(c.resolution_due) == "2026-03-09 12:00:00.000");
}

BOOST_AUTO_TEST_CASE(resuming_an_overdue_clock_is_due_at_once) {
  // Given a 24x7 clock with a 4h target paused after 6h
  const BusinessCalendar cal;
  SlaClock c = sla_start(cal, targets(hours{1}, hours{4}), kT0);
  sla_pause(c, cal, kT0 + hours{6});
  // When it resumes 3h later, it is due at the resume instant, not later
  sla_resume(c, cal, kT0 + hours{9});
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{9}));
  BOOST_TEST(sla_resolution_elapsed(c, cal, kT0 + hours{10}) == hours{7});
  // Given business hours, an overdue clock resumed on Saturday is due then
  const BusinessCalendar hours9to5 = calendar(nine_to_five());
  SlaClock b = sla_start(hours9to5, targets(hours{1}, hours{2}), utc(2026, 3, 2, 9));
  sla_pause(b, hours9to5, utc(2026, 3, 2, 15));
  sla_resume(b, hours9to5, utc(2026, 3, 7, 12));
  BOOST_TEST(str(b.resolution_due) == "2026-03-07 12:00:00.000");
}

BOOST_AUTO_TEST_CASE(retarget_recomputes_the_dues_from_the_time_used) {
  // Given a medium ticket opened at kT0 on a 24x7 calendar
  const BusinessCalendar cal;
  SlaClock c = sla_start(cal, targets(hours{24}, hours{72}), kT0);
  // When it becomes urgent 5h later, both new targets already ran out: the
  // dues are the instants they ran out, in the past
  sla_retarget(c, cal, targets(hours{2}, hours{4}), kT0, kT0 + hours{5});
  BOOST_TEST(str(c.first_response_due) == str(kT0 + hours{2}));
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{4}));
  BOOST_TEST(c.resolution_target == hours{4});
  // When it becomes low, the dues move out again
  sla_retarget(c, cal, targets(hours{48}, hours{168}), kT0, kT0 + hours{6});
  BOOST_TEST(str(c.first_response_due) == str(kT0 + hours{48}));
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{168}));
  BOOST_TEST(c.resolution_consumed == Millis{0});
  BOOST_TEST(str(c.running_since) == str(kT0));
}

BOOST_AUTO_TEST_CASE(retarget_counts_earlier_running_stretches) {
  // Given a 10h target: 6h used, paused 2h, running again since kT0+8h
  const BusinessCalendar cal;
  SlaClock c = sla_start(cal, targets(hours{1}, hours{10}), kT0);
  sla_pause(c, cal, kT0 + hours{6});
  sla_resume(c, cal, kT0 + hours{8});
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{12}));
  // When the target becomes 20h, 14h remain from kT0+8h
  sla_retarget(c, cal, targets(hours{1}, hours{20}), kT0, kT0 + hours{9});
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{22}));
  // When it becomes 4h, it was used up before this stretch began: due then
  sla_retarget(c, cal, targets(hours{1}, hours{4}), kT0, kT0 + hours{9});
  BOOST_TEST(str(c.resolution_due) == str(kT0 + hours{8}));
}

BOOST_AUTO_TEST_CASE(retarget_respects_paused_and_stopped_clocks) {
  // Given 09:00-17:00 weekdays and a ticket opened Monday 09:00, paused at 11:00
  const BusinessCalendar cal = calendar(nine_to_five());
  const Instant opened = utc(2026, 3, 2, 9);
  SlaClock c = sla_start(cal, targets(hours{24}, hours{72}), opened);
  sla_pause(c, cal, utc(2026, 3, 2, 11));
  // When it becomes urgent while paused
  sla_retarget(c, cal, targets(hours{2}, hours{4}), opened, utc(2026, 3, 2, 12));
  // Then the first-response due follows the new target, the resolution
  // clock stays paused without a due
  BOOST_TEST(str(c.first_response_due) == "2026-03-02 11:00:00.000");
  BOOST_TEST(c.paused);
  BOOST_TEST(!c.resolution_due.has_value());
  // And resuming on Tuesday 09:00 uses the new target: 2h left
  sla_resume(c, cal, utc(2026, 3, 3, 9));
  BOOST_TEST(str(c.resolution_due) == "2026-03-03 11:00:00.000");
  // Given it is then resolved at 10:00, a retarget keeps it stopped with its
  // last due, and a reopening uses the new target
  sla_stop(c, cal, utc(2026, 3, 3, 10));
  sla_retarget(c, cal, targets(hours{4}, hours{24}), opened, utc(2026, 3, 3, 12));
  BOOST_TEST(c.stopped);
  BOOST_TEST(str(c.resolution_due) == "2026-03-03 11:00:00.000");
  BOOST_TEST(str(c.first_response_due) == "2026-03-02 13:00:00.000");
  sla_restart(c, cal, utc(2026, 3, 3, 16));
  BOOST_TEST(str(c.resolution_due) == "2026-03-06 13:00:00.000");  // 21h left
}

BOOST_AUTO_TEST_CASE(a_ticket_life_under_business_hours_in_berlin) {
  // Given 09:00-17:00 Berlin across the change to summer time
  const BusinessCalendar cal = calendar(nine_to_five("Europe/Berlin"));
  // Opened Friday 27 March 15:00 CET (14:00 UTC), 8h target
  SlaClock c = sla_start(cal, targets(hours{1}, hours{8}), utc(2026, 3, 27, 14));
  BOOST_TEST(str(c.first_response_due) == "2026-03-27 15:00:00.000");
  BOOST_TEST(str(c.resolution_due) == "2026-03-30 13:00:00.000");  // Monday 15:00 CEST
  // Waiting on the customer from 16:00 CET to Monday 10:00 CEST
  sla_pause(c, cal, utc(2026, 3, 27, 15));
  sla_resume(c, cal, utc(2026, 3, 30, 8));
  BOOST_TEST(str(c.resolution_due) == "2026-03-30 15:00:00.000");  // 17:00 CEST
  // Resolved at 12:00 CEST: 1h on Friday, 2h on Monday
  sla_stop(c, cal, utc(2026, 3, 30, 10));
  BOOST_TEST(c.resolution_consumed == hours{3});
}

BOOST_AUTO_TEST_CASE(a_pause_spanning_a_holiday_skips_the_holiday) {
  // Given 09:00-17:00 weekdays with Wednesday 4 March a holiday, and an 8h
  // resolution target started Tuesday 13:00: due Thursday 13:00
  const BusinessCalendar cal = calendar(nine_to_five("UTC", {"2026-03-04"}));
  SlaClock c = sla_start(cal, targets(hours{1}, hours{8}), utc(2026, 3, 3, 13));
  BOOST_TEST(str(c.resolution_due) == "2026-03-05 13:00:00.000");
  // When it waits on the customer from Tuesday 15:00 to Thursday 11:00
  sla_pause(c, cal, utc(2026, 3, 3, 15));
  sla_resume(c, cal, utc(2026, 3, 5, 11));
  // Then 2h were used, and 6h remain from Thursday 11:00: due Thursday 17:00
  BOOST_TEST(c.resolution_consumed == hours{2});
  BOOST_TEST(str(c.resolution_due) == "2026-03-05 17:00:00.000");
  // The pause cost exactly the business hours it covered (Tue 15-17, Thu 9-11)
  BOOST_TEST(cal.between(utc(2026, 3, 5, 13), *c.resolution_due) == hours{4});
}

BOOST_AUTO_TEST_CASE(a_pause_wholly_inside_a_closed_period_does_not_move_the_due) {
  // Given 09:00-17:00 weekdays and an 8h target started Friday 13:00
  const BusinessCalendar cal = calendar(nine_to_five());
  SlaClock c = sla_start(cal, targets(hours{1}, hours{8}), utc(2026, 3, 6, 13));
  const std::optional<Instant> due = c.resolution_due;
  BOOST_TEST(str(due) == "2026-03-09 13:00:00.000");
  // When it is paused on Saturday and resumed on Sunday night
  sla_pause(c, cal, utc(2026, 3, 7, 10));
  BOOST_TEST(c.resolution_consumed == hours{4});  // Friday 13-17
  sla_resume(c, cal, utc(2026, 3, 8, 23));
  // Then the due is where it was: no business time was missed
  BOOST_TEST(str(c.resolution_due) == str(due));
}

BOOST_AUTO_TEST_CASE(a_pause_overnight_counts_only_the_open_hours_it_covers) {
  // Given 09:00-17:00 weekdays and a 4h target started Monday 15:00
  const BusinessCalendar cal = calendar(nine_to_five());
  SlaClock c = sla_start(cal, targets(hours{1}, hours{4}), utc(2026, 3, 2, 15));
  BOOST_TEST(str(c.resolution_due) == "2026-03-03 11:00:00.000");
  // When it is paused from Monday 16:30 (closed at 17:00) to Tuesday 09:30
  sla_pause(c, cal, utc(2026, 3, 2, 16, 30));
  sla_resume(c, cal, utc(2026, 3, 3, 9, 30));
  // Then 1.5h were used; 2.5h remain from 09:30: due 12:00, one hour later
  BOOST_TEST(c.resolution_consumed == minutes{90});
  BOOST_TEST(str(c.resolution_due) == "2026-03-03 12:00:00.000");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::domain
