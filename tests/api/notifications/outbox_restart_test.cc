// The outbox stopped and started again over the same log, as at a restart
// or after a crash: it resumes from its checkpoint, decides nothing twice
// (a notification's id comes from its source event), and delivers what was
// pending when it is due -- and nothing that was delivered already.

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "api/notifications/outbox.h"
#include "domain/time_format.h"
#include "tests/api/notifications/outbox_test_support.h"

namespace ticketd::api::testing {
namespace {

std::string iso(domain::Instant t) { return domain::format_instant(t); }

const Record* find(const std::vector<Record>& records, std::string_view id) {
  for (const Record& r : records) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_restart_test)

BOOST_FIXTURE_TEST_CASE(a_restart_retries_what_was_pending_when_due_and_decides_nothing_again,
                        OutboxFixture) {
  mailer.log.always(failed(451, "4.3.0 mailbox busy"));
  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  wait_until([&] { return emails(*store, "NotificationAttempted").size() == 1; },
             "the first, failed try");
  stop();
  const Record queued = emails(*store, "NotificationQueued").at(0);
  const Record tried = emails(*store, "NotificationAttempted").at(0);
  BOOST_REQUIRE(tried.next_attempt_at.has_value());

  mailer.log.always(delivered(250));
  start();
  // Before the retry is due, a new ticket's email (in a lane the one
  // worker looks at after Ann's) goes out; Ann's waits.
  run(commands, "t2", open_ticket("t2", kBob), kBobActor);
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 1; }, "Bob's email");
  BOOST_TEST(emails(*store, "NotificationDelivered").at(0).to == "bob@acme.test");
  BOOST_TEST(mailer.log.calls_for(queued.id).size() == 1u);  // the try before the restart
  wait_pending(1);

  clock.set(*tried.next_attempt_at);
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 2; },
             "Ann's email, retried");
  const std::vector<Record> sent = emails(*store, "NotificationDelivered");
  const Record* done = find(sent, queued.id);
  BOOST_REQUIRE(done != nullptr);
  BOOST_TEST(done->attempt == 2);  // counted on from the log
  const std::vector<Call> calls = mailer.log.calls_for(queued.id);
  BOOST_REQUIRE(calls.size() == 2u);
  BOOST_TEST(iso(calls[1].at) == iso(*tried.next_attempt_at));
  BOOST_TEST(calls[1].message_id == calls[0].message_id);

  // Ann's ticket still has the one email it was decided to have.
  const std::vector<Record> all = emails(*store, "NotificationQueued");
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].id == queued.id);
  BOOST_TEST(all[1].to == "bob@acme.test");
  wait_pending(0);
}

BOOST_FIXTURE_TEST_CASE(a_checkpoint_lost_in_a_crash_decides_nothing_twice_nor_sends_again,
                        OutboxFixture) {
  // The checkpoint of an outbox that has decided nothing yet.
  start();
  stop();
  const std::filesystem::path checkpoint = options().checkpoint_file;
  const std::filesystem::path early = dir.path() / "early-checkpoint.json";
  BOOST_REQUIRE(std::filesystem::exists(checkpoint));
  std::filesystem::copy_file(checkpoint, early);

  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  run(commands, "t1", domain::PostMessage{"t1-m2", "We are on it", false}, kAgent);
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 2; },
             "two emails delivered");
  stop();
  // A crash before any later checkpoint was saved: the outbox starts
  // again from the early one, and decides the whole log again.
  std::filesystem::copy_file(early, checkpoint, std::filesystem::copy_options::overwrite_existing);
  start();
  const CommandOutcome reply =
      run(commands, "t1", domain::PostMessage{"t1-m3", "Fixed now", false}, kAgent);
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 3; },
             "the new reply's email");
  wait_decided(reply.position);

  // Exactly the new reply, its queued email and its delivery were added
  // (a stream's events are readable as soon as they commit, the head may
  // follow a moment later: count the streams).
  BOOST_TEST(store->read_stream(ticket_stream("t1")).value().size() == 4u);
  BOOST_TEST(store->read_stream(kEmailNotificationStream).value().size() == 6u);
  const std::vector<Record> queued = emails(*store, "NotificationQueued");
  BOOST_REQUIRE(queued.size() == 3u);
  std::set<std::string> sources;
  for (const Record& q : queued) sources.insert(q.source_event_id);
  BOOST_TEST(sources.size() == 3u);
  // The first two were not sent again: the same lane would have sent them
  // before the new one.
  std::vector<std::string> order;
  for (const Call& c : mailer.log.calls()) order.push_back(c.delivery_id);
  const std::vector<std::string> expected{queued[0].id, queued[1].id, queued[2].id};
  BOOST_TEST(order == expected, boost::test_tools::per_element());
  wait_pending(0);
}

BOOST_FIXTURE_TEST_CASE(a_send_cut_short_by_stop_is_sent_again_with_the_same_ids, OutboxFixture) {
  mailer.log.answer_with(hold_until_cancelled);
  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  wait_until([&] { return mailer.log.calls().size() == 1; }, "the send to begin");
  stop();
  // A cancelled send is no attempt: nothing is recorded.
  BOOST_TEST(emails(*store, "NotificationAttempted").empty());
  BOOST_TEST(emails(*store, "NotificationDelivered").empty());

  mailer.log.always(delivered(250));
  start();
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 1; },
             "the email, after the restart");
  const std::vector<Call> calls = mailer.log.calls();
  BOOST_REQUIRE(calls.size() == 2u);
  BOOST_TEST(calls[1].delivery_id == calls[0].delivery_id);
  BOOST_TEST(calls[1].message_id == calls[0].message_id);
  BOOST_TEST(emails(*store, "NotificationDelivered").at(0).attempt == 1);
  BOOST_TEST(emails(*store, "NotificationQueued").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api::testing
