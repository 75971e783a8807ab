// The outbox over a real event store, with a fake mailer and webhook sender
// and a clock the test moves: what an event queues (ids from the event),
// delivery in order per lane, retries with backoff at their due time,
// dead-lettering, and signed webhook deliveries. Restarts are in
// outbox_restart_test.cc.

#include "api/notifications/outbox.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "domain/time_format.h"
#include "tests/api/notifications/outbox_test_support.h"

namespace ticketd::api::testing {
namespace {

using std::chrono::seconds;

std::string iso(domain::Instant t) { return domain::format_instant(t); }

std::string header(const Call& call, std::string_view name) {
  for (const auto& [n, v] : call.headers) {
    if (n == name) return v;
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_test)

BOOST_FIXTURE_TEST_CASE(an_event_queues_its_emails_with_ids_from_the_event_and_sends_them,
                        OutboxFixture) {
  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  const CommandOutcome reply =
      run(commands, "t1", domain::PostMessage{"t1-m2", "We are on it", false}, kAgent);
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 2; },
             "two emails delivered");

  // TicketOpened, the description (covered by the opening's email), the reply.
  const std::vector<eventstore::Envelope> ticket = store->read_stream(ticket_stream("t1")).value();
  BOOST_REQUIRE(ticket.size() == 3u);
  const std::vector<Record> queued = emails(*store, "NotificationQueued");
  BOOST_REQUIRE(queued.size() == 2u);
  BOOST_TEST(queued[0].kind == "ticket_opened");
  BOOST_TEST(queued[0].source_event_id == ticket[0].event_id);
  BOOST_TEST(queued[1].kind == "agent_reply");
  BOOST_TEST(queued[1].source_event_id == ticket[2].event_id);
  for (const Record& q : queued) {
    BOOST_TEST(q.to == "ann@acme.test");
    BOOST_TEST(q.lane == queued[0].lane);  // one lane per ticket and recipient
    BOOST_TEST(q.event_id == q.id);
    BOOST_TEST(q.correlation_id == q.source_event_id);
    BOOST_TEST(q.actor_id == "outbox");
    BOOST_TEST(q.actor_role == "system");
  }
  BOOST_TEST(queued[0].id != queued[1].id);

  // Sent in log order, each carrying its notification's ids.
  const std::vector<Call> sent = mailer.log.calls();
  BOOST_REQUIRE(sent.size() == 2u);
  const std::vector<Record> done = emails(*store, "NotificationDelivered");
  for (std::size_t i = 0; i < 2; ++i) {
    BOOST_TEST(sent[i].to == "ann@acme.test");
    BOOST_TEST(sent[i].delivery_id == queued[i].id);
    BOOST_TEST(sent[i].message_id == queued[i].message_id);
    BOOST_TEST(done[i].id == queued[i].id);
    BOOST_TEST(done[i].attempt == 1);
    BOOST_TEST(done[i].status == 250);
  }
  wait_pending(0);
  wait_decided(reply.position);
}

BOOST_FIXTURE_TEST_CASE(a_lane_waits_for_its_first_notification_while_other_lanes_go_on,
                        OutboxFixture) {
  auto hook = testing::answer<Webhook>([&](auto done) {
    webhooks->create("https://hooks.acme.test/in", {"MessagePosted"}, "", std::string(32, 's'),
                     kAdmin, clock.now(), std::move(done));
  });
  BOOST_REQUIRE(hook.has_value());
  // Only the first email fails.
  mailer.log.answer_with([](const Call&, std::size_t index, const std::atomic<bool>&) {
    return index == 0 ? failed(451, "4.3.0 try again later") : delivered(250);
  });
  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  run(commands, "t1", domain::PostMessage{"t1-m2", "First answer", false}, kAgent);
  run(commands, "t1", domain::PostMessage{"t1-m3", "Second answer", false}, kAgent);
  run(commands, "t1", domain::PostMessage{"t1-m4", "Note to self", true}, kAgent);

  // The webhook's lane (the ticket's four messages) is done, including the
  // delivery of the note, queued after both replies' emails...
  const std::string hook_stream = webhook_delivery_stream(hook->id);
  wait_until([&] { return records(*store, hook_stream, "NotificationDelivered").size() == 4; },
             "the webhook deliveries");
  wait_until([&] { return emails(*store, "NotificationAttempted").size() == 1; },
             "the failed first email");
  // ...while the replies' emails wait behind the failed one in Ann's lane.
  const std::vector<Record> queued = emails(*store, "NotificationQueued");
  BOOST_REQUIRE(queued.size() == 3u);
  const Record attempt = emails(*store, "NotificationAttempted").at(0);
  BOOST_TEST(attempt.id == queued[0].id);
  BOOST_TEST(mailer.log.calls().size() == 1u);
  wait_pending(3);

  BOOST_REQUIRE(attempt.next_attempt_at.has_value());
  clock.set(*attempt.next_attempt_at);
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 3; },
             "the lane to drain");
  std::vector<std::string> order;
  for (const Call& c : mailer.log.calls()) order.push_back(c.delivery_id);
  const std::vector<std::string> expected{queued[0].id, queued[0].id, queued[1].id, queued[2].id};
  BOOST_TEST(order == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_failing_send_is_retried_with_backoff_when_due_then_dead_lettered,
                        OutboxFixture) {
  mailer.log.always(failed(451, "4.3.0 mailbox busy"));
  OutboxOptions o = options();
  o.retry_base = seconds(10);
  o.retry_cap = seconds(15);
  o.max_attempts = 4;
  start(o);
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);

  // 10 s after the first failure, then twice the wait, capped at 15 s.
  const std::vector<seconds> waits{seconds(10), seconds(15), seconds(15)};
  domain::Instant due = kT0;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    wait_until(
        [&] { return emails(*store, "NotificationAttempted").size() == std::size_t(attempt); },
        "attempt " + std::to_string(attempt));
    const Record a = emails(*store, "NotificationAttempted").back();
    BOOST_TEST(a.attempt == attempt);
    BOOST_TEST(a.status == 451);
    BOOST_TEST(a.error == "4.3.0 mailbox busy");
    BOOST_TEST(iso(a.occurred_at) == iso(due));
    BOOST_REQUIRE(a.next_attempt_at.has_value());
    BOOST_TEST(iso(*a.next_attempt_at) == iso(due + waits[attempt - 1]));
    // Each try went out when it was due, not before.
    const std::vector<Call> calls = mailer.log.calls();
    BOOST_REQUIRE(calls.size() == std::size_t(attempt));
    BOOST_TEST(iso(calls.back().at) == iso(due));
    due = *a.next_attempt_at;
    clock.set(due);
  }
  wait_until([&] { return emails(*store, "NotificationDeadLettered").size() == 1; },
             "the dead letter");
  const Record dead = emails(*store, "NotificationDeadLettered").at(0);
  BOOST_TEST(dead.id == emails(*store, "NotificationQueued").at(0).id);
  BOOST_TEST(dead.attempt == 4);
  BOOST_TEST(dead.status == 451);
  BOOST_TEST(dead.error == "4.3.0 mailbox busy");
  BOOST_TEST(!dead.next_attempt_at.has_value());
  BOOST_TEST(emails(*store, "NotificationDelivered").empty());
  BOOST_TEST(mailer.log.calls().size() == 4u);
  BOOST_TEST(iso(mailer.log.calls().back().at) == iso(kT0 + seconds(40)));
  wait_pending(0);
}

BOOST_FIXTURE_TEST_CASE(a_webhook_gets_the_events_it_wants_signed_with_its_secret, OutboxFixture) {
  const std::string secret = "whsec-0123456789abcdef0123456789";
  auto hook = testing::answer<Webhook>([&](auto done) {
    webhooks->create("https://hooks.acme.test/in", {"TicketOpened"}, "acme", secret, kAdmin,
                     clock.now(), std::move(done));
  });
  auto other_tenant = testing::answer<Webhook>([&](auto done) {
    webhooks->create("https://hooks.globex.test/in", {"*"}, "globex", std::string(16, 'g'), kAdmin,
                     clock.now(), std::move(done));
  });
  BOOST_REQUIRE(hook.has_value());
  BOOST_REQUIRE(other_tenant.has_value());
  start();
  clock.advance(seconds(5));
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);

  const std::string stream = webhook_delivery_stream(hook->id);
  wait_until([&] { return records(*store, stream, "NotificationDelivered").size() == 1; },
             "the webhook delivery");
  const eventstore::Envelope opened = store->read_stream(ticket_stream("t1")).value().at(0);
  const std::vector<Record> queued = records(*store, stream, "NotificationQueued");
  BOOST_REQUIRE(queued.size() == 1u);  // TicketOpened only, not the description's MessagePosted
  BOOST_TEST(queued[0].source_event_id == opened.event_id);

  const std::vector<Call> calls = sender.log.calls();
  BOOST_REQUIRE(calls.size() == 1u);
  BOOST_TEST(calls[0].to == "https://hooks.acme.test/in");
  BOOST_TEST(calls[0].delivery_id == queued[0].id);
  BOOST_TEST(header(calls[0], "X-Ticketd-Event") == "TicketOpened");
  BOOST_TEST(calls[0].body.find("\"event_id\":\"" + opened.event_id + "\"") != std::string::npos);
  const std::int64_t t =
      std::chrono::duration_cast<seconds>((kT0 + seconds(5)).time_since_epoch()).count();
  BOOST_TEST(header(calls[0], "X-Ticketd-Signature") ==
             webhook_signature(secret, t, calls[0].body));

  const Record done = records(*store, stream, "NotificationDelivered").at(0);
  BOOST_TEST(done.id == queued[0].id);
  BOOST_TEST(done.status == 200);
  BOOST_TEST(done.attempt == 1);
  // The other tenant's webhook wants every event, but only of its tenant.
  BOOST_TEST(
      records(*store, webhook_delivery_stream(other_tenant->id), "NotificationQueued").empty());
}

BOOST_FIXTURE_TEST_CASE(a_delivery_to_a_deleted_webhook_is_dead_lettered_without_more_tries,
                        OutboxFixture) {
  auto hook = testing::answer<Webhook>([&](auto done) {
    webhooks->create("https://hooks.acme.test/in", {"TicketOpened"}, "", std::string(32, 's'),
                     kAdmin, clock.now(), std::move(done));
  });
  BOOST_REQUIRE(hook.has_value());
  sender.log.always(failed(503, "HTTP 503"));
  start();
  run(commands, "t1", open_ticket("t1", kAnn), kAnnActor);
  const std::string stream = webhook_delivery_stream(hook->id);
  wait_until([&] { return records(*store, stream, "NotificationAttempted").size() == 1; },
             "the failed first try");
  const Record first = records(*store, stream, "NotificationAttempted").at(0);
  BOOST_TEST(first.status == 503);

  BOOST_REQUIRE(testing::answer<void>([&](auto done) {
                  webhooks->remove(hook->id, kAdmin, clock.now(), std::move(done));
                }).has_value());
  BOOST_REQUIRE(first.next_attempt_at.has_value());
  clock.set(*first.next_attempt_at);
  wait_until([&] { return records(*store, stream, "NotificationDeadLettered").size() == 1; },
             "the dead letter");
  const Record dead = records(*store, stream, "NotificationDeadLettered").at(0);
  BOOST_TEST(dead.id == first.id);
  BOOST_TEST(dead.attempt == 2);  // before max_attempts (3): given up at once
  BOOST_TEST(!dead.error.empty());
  BOOST_TEST(sender.log.calls().size() == 1u);
  // With Ann's email about the opening, nothing is left.
  wait_until([&] { return emails(*store, "NotificationDelivered").size() == 1; }, "the email");
  wait_pending(0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api::testing
