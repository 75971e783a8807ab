// The command path over a real event store: commands become events, a
// repeat with the same event-id prefix is recognised, and the state cache
// never hides events appended behind its back.

#include "api/commands/command_path.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include "api/commands/ids.h"
#include "codec/envelope_codec.h"
#include "domain/event_codec.h"
#include "tests/eventstore/test_support.h"

namespace ticketd::api {
namespace {

struct Fixture {
  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("ticketd-command-path-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(dir);
    store = std::move(eventstore::EventStore::open(dir).value());
    path = std::make_unique<CommandPath>(
        *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
        [this] { return now; });
  }
  ~Fixture() {
    path.reset();
    store->close();
    std::filesystem::remove_all(dir);
  }

  CommandResult run(CommandRequest request) {
    std::promise<CommandResult> done;
    path->execute(std::move(request), [&done](CommandResult r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  CommandRequest open(std::string id) {
    domain::OpenTicket open;
    open.ticket_id = id;
    open.tenant = "acme";
    open.requester = {"u-ann", "ann@acme.test", "Ann"};
    open.subject = "Cannot log in";
    open.description = "Since this morning";
    open.first_message_id = id + "-m1";
    return CommandRequest{id, open, ann, std::nullopt, "", ""};
  }

  static inline int counter = 0;
  std::filesystem::path dir;
  std::unique_ptr<eventstore::EventStore> store;
  std::unique_ptr<CommandPath> path;
  domain::Instant now = domain::Instant(domain::Millis(1'800'000'000'000));
  domain::Actor ann{"u-ann", domain::Role::kCustomer, "acme", "ann@acme.test", "Ann"};
  domain::Actor agent{"agent-7", domain::Role::kAgent, "", "a7@support.test", "Agent Seven"};
};

BOOST_AUTO_TEST_SUITE(command_path_test)

BOOST_FIXTURE_TEST_CASE(an_open_allocates_the_tenant_number_and_answers_201, Fixture) {
  CommandResult first = run(open("t1"));
  CommandResult second = run(open("t2"));
  BOOST_REQUIRE(first);
  BOOST_REQUIRE(second);
  BOOST_TEST(first->created);
  BOOST_TEST(first->ticket->number == 1u);
  BOOST_TEST(second->ticket->number == 2u);
  BOOST_TEST(second->position == store->head());
}

BOOST_FIXTURE_TEST_CASE(a_cached_state_still_sees_events_appended_by_another_writer, Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  auto before = path->load("t1");  // now cached
  BOOST_REQUIRE(before);
  const std::uint64_t version = before->state.version;
  // Another writer (a second process, a tool) appends behind the cache's back.
  domain::Event note;
  note.meta = {now, "agent-7", domain::Role::kAgent};
  note.body = domain::MessagePosted{
      "m-x", domain::Author{"agent-7", "Agent Seven", domain::Role::kAgent}, "internal", true};
  std::vector<eventstore::NewEvent> events{codec::to_new_event(note, "acme", "e-x", "")};
  BOOST_REQUIRE(store->append(ticket_stream("t1"), eventstore::ExpectedVersion::exactly(version),
                              std::move(events)));
  auto latest = path->load_latest("t1");
  BOOST_REQUIRE(latest);
  BOOST_TEST((*latest)->state.version == version + 1);
  auto after = path->load("t1");
  BOOST_REQUIRE(after);
  BOOST_TEST(after->state.version == version + 1);
  BOOST_TEST(after->state.messages.size() == before->state.messages.size() + 1);
  BOOST_TEST(after->position == store->head());
  // An older version is still served on request, and is not taken for the
  // latest afterwards.
  CommandPath fresh(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; });
  for (CommandPath* p : {path.get(), &fresh}) {
    auto old = p->load("t1", version);
    BOOST_REQUIRE(old);
    BOOST_TEST(old->state.version == version);
    auto head = p->load("t1");
    BOOST_REQUIRE(head);
    BOOST_TEST(head->state.version == version + 1);
    auto shared = p->load_latest("t1");
    BOOST_REQUIRE(shared);
    BOOST_TEST((*shared)->state.version == version + 1);
  }
}

BOOST_FIXTURE_TEST_CASE(the_state_a_command_caches_is_the_fold_of_the_log, Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  now += domain::Millis(1500);
  BOOST_REQUIRE(
      run({"t1", domain::PostMessage{"m2", "on it", false}, agent, std::nullopt, "", ""}));
  now += domain::Millis(2500);
  BOOST_REQUIRE(run({"t1", domain::Assign{"agent-7"}, agent, std::nullopt, "", ""}));
  now += domain::Millis(700);
  CommandResult last =
      run({"t1", domain::ChangeStatus{domain::Status::kOnHold, "waiting on a fix", "m3"}, agent,
           std::nullopt, "", ""});
  BOOST_REQUIRE(last);
  // The cached path answers from what the commands left in its cache; a
  // path without a cache folds the stream from the log.
  auto cached = path->load("t1");
  auto shared = path->load_latest("t1");
  CommandPath uncached(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; }, 0);
  auto folded = uncached.load("t1");
  BOOST_REQUIRE(cached);
  BOOST_REQUIRE(folded);
  // opened + description, reply, assigned + in_progress, note + on_hold
  BOOST_TEST(folded->state.version == 7u);
  BOOST_CHECK(cached->state == folded->state);
  BOOST_REQUIRE(shared);
  BOOST_CHECK((*shared)->state == folded->state);
  BOOST_CHECK(*last->ticket == folded->state);
  BOOST_TEST(cached->position == folded->position);
  BOOST_TEST(cached->position == store->head());
}

BOOST_FIXTURE_TEST_CASE(load_through_folds_what_the_follower_read_onto_the_cached_state, Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  auto cached = path->load_latest("t1");  // version 2, cached
  BOOST_REQUIRE(cached);
  const std::uint64_t v = (*cached)->state.version;
  BOOST_REQUIRE(
      run({"t1", domain::PostMessage{"m2", "on it", false}, agent, std::nullopt, "", ""}));
  BOOST_REQUIRE(run({"t1", domain::Assign{"agent-7"}, agent, std::nullopt, "", ""}));
  // What a log follower read: the reply only (the assignment lies beyond).
  auto log = store->read_all(store->head() - 3, 100);
  BOOST_REQUIRE(log);
  std::vector<const eventstore::Envelope*> reply;
  for (const eventstore::Envelope& e : *log) {
    if (e.stream == ticket_stream("t1") && e.version == v + 1) reply.push_back(&e);
  }
  BOOST_REQUIRE_EQUAL(reply.size(), 1u);
  CommandPath uncached(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; }, 0);
  auto expected = uncached.load("t1", v + 1);
  BOOST_REQUIRE(expected);

  // A cache holding an older state: the reply is folded onto it, giving the
  // state through the reply -- not the latest, so the stream was not read.
  CommandPath follower(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; });
  BOOST_REQUIRE(follower.load("t1", v));  // caches version v
  auto through = follower.load_through("t1", reply, CommandPath::CacheUse::kBypass);
  BOOST_REQUIRE(through);
  BOOST_TEST((*through)->state.version == v + 1);
  BOOST_CHECK((*through)->state == expected->state);
  BOOST_TEST((*through)->position == expected->position);

  // A cached state newer than what was read is served as it is.
  auto latest = path->load_through("t1", reply, CommandPath::CacheUse::kBypass);
  BOOST_REQUIRE(latest);
  BOOST_TEST((*latest)->state.version == v + 3);
  // Nothing cached, or events that do not continue the cached state: the
  // latest state, read from the stream.
  auto cold = uncached.load_through("t1", reply, CommandPath::CacheUse::kBypass);
  BOOST_REQUIRE(cold);
  BOOST_TEST((*cold)->state.version == v + 3);
  CommandPath behind(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; });
  BOOST_REQUIRE(behind.load("t1", v - 1));
  auto gap = behind.load_through("t1", reply, CommandPath::CacheUse::kBypass);
  BOOST_REQUIRE(gap);
  BOOST_TEST((*gap)->state.version == v + 3);
}

BOOST_FIXTURE_TEST_CASE(a_cache_over_its_budget_evicts_and_still_answers_right, Fixture) {
  // Room for about two small tickets: every load past that evicts.
  CommandPath small(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; }, 4096);
  for (int i = 0; i < 12; ++i) {
    const std::string id = "t" + std::to_string(i);
    CommandRequest request = open(id);
    std::promise<CommandResult> done;
    small.execute(std::move(request), [&done](CommandResult r) { done.set_value(std::move(r)); });
    BOOST_REQUIRE(done.get_future().get());
  }
  for (int round = 0; round < 3; ++round) {
    for (int i = 11; i >= 0; --i) {
      auto loaded = small.load("t" + std::to_string(i));
      BOOST_REQUIRE(loaded);
      BOOST_TEST(loaded->state.id == "t" + std::to_string(i));
      BOOST_TEST(loaded->state.version == 2u);
      BOOST_TEST(loaded->state.number == static_cast<std::uint64_t>(i + 1));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(bypassing_reads_and_commands_leave_the_state_cache_alone, Fixture) {
  using CacheUse = CommandPath::CacheUse;
  CommandRequest opening = open("t1");
  opening.cache = CacheUse::kBypass;
  BOOST_REQUIRE(run(opening));
  // Nothing cached: every bypassing read folds the stream anew.
  auto first = path->load_latest("t1", CacheUse::kBypass);
  auto second = path->load_latest("t1", CacheUse::kBypass);
  auto third = path->load_latest("t1", CacheUse::kBypass);
  BOOST_REQUIRE(first);
  BOOST_REQUIRE(second);
  BOOST_REQUIRE(third);
  BOOST_TEST((*first)->state.version == 2u);
  BOOST_CHECK((*first)->state == (*third)->state);
  BOOST_TEST(second->get() != third->get());
  // A filling read caches it; later reads of either kind share that state.
  BOOST_REQUIRE(path->load_latest("t1"));
  auto shared = path->load_latest("t1");
  auto bypassing = path->load_latest("t1", CacheUse::kBypass);
  BOOST_REQUIRE(shared);
  BOOST_REQUIRE(bypassing);
  BOOST_TEST(bypassing->get() == shared->get());
  // A bypassing command does not replace the cached state: the next read
  // finds it stale and folds the new event onto it.
  CommandRequest reply{"t1", domain::PostMessage{"m2", "on it", false}, agent, std::nullopt, "",
                       ""};
  reply.cache = CacheUse::kBypass;
  CommandResult replied = run(reply);
  BOOST_REQUIRE(replied);
  auto after = path->load_latest("t1");
  BOOST_REQUIRE(after);
  BOOST_TEST(after->get() != shared->get());
  BOOST_CHECK((*after)->state == *replied->ticket);
}

BOOST_FIXTURE_TEST_CASE(no_read_answers_older_than_an_acknowledged_append, Fixture) {
  // Readers race a writer that appends behind the path's back; the cache
  // holds one state, so t1's state is read from the store again and again
  // while appends go by. A state read before an append must never be taken
  // as current once the append is acknowledged.
  BOOST_REQUIRE(run(open("t1")));
  BOOST_REQUIRE(run(open("t2")));
  CommandPath one(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; }, 1);
  std::atomic<std::uint64_t> acknowledged{2};
  std::atomic<bool> stop{false};
  std::atomic<int> stale_reads{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      while (!stop.load()) {
        const std::uint64_t at_least = acknowledged.load();
        auto latest = one.load_latest("t1");
        if (!latest || (*latest)->state.version < at_least) ++stale_reads;
        ++reads;
        if (r != 0 && !one.load_latest("t2")) ++stale_reads;  // evicts t1
      }
    });
  }
  for (std::uint64_t version = 2; version < 302; ++version) {
    domain::Event note;
    note.meta = {now, "agent-7", domain::Role::kAgent};
    note.body = domain::MessagePosted{
        "m" + std::to_string(version),
        domain::Author{"agent-7", "Agent Seven", domain::Role::kAgent}, "note", true};
    std::vector<eventstore::NewEvent> events{
        codec::to_new_event(note, "acme", "e" + std::to_string(version), "")};
    auto appended = store->append(ticket_stream("t1"),
                                  eventstore::ExpectedVersion::exactly(version), std::move(events));
    BOOST_REQUIRE(appended);
    acknowledged.store(version + 1);
  }
  stop.store(true);
  for (auto& t : readers) t.join();
  BOOST_TEST(reads.load() > 300);
  BOOST_TEST(stale_reads.load() == 0);
}

BOOST_FIXTURE_TEST_CASE(a_command_state_overtaken_in_its_own_batch_is_not_current, Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  // Hold the writer so that a command and another writer's append to the
  // same ticket commit in one batch, the other append last.
  std::optional<eventstore::testing::WriterGate> gate;
  gate.emplace(*store, "gate");
  std::promise<CommandResult> replied;
  path->execute({"t1", domain::PostMessage{"m2", "on it", false}, agent, std::nullopt, "", ""},
                [&replied](CommandResult r) { replied.set_value(std::move(r)); });
  domain::Event note;
  note.meta = {now, "agent-7", domain::Role::kAgent};
  note.body = domain::MessagePosted{
      "m-x", domain::Author{"agent-7", "Agent Seven", domain::Role::kAgent}, "internal", true};
  eventstore::AppendRequest other;
  other.streams.push_back(eventstore::StreamAppend{ticket_stream("t1"),
                                                   eventstore::ExpectedVersion::any(),
                                                   {codec::to_new_event(note, "acme", "e-x", "")}});
  eventstore::testing::AsyncAppend appended(*store, std::move(other));
  gate->release();
  CommandResult r = replied.get_future().get();
  eventstore::Result<eventstore::AppendResult> other_result = appended.get();
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(other_result);
  BOOST_TEST(other_result->stream_versions[0] == r->ticket->version + 1);  // same batch, after
  auto latest = path->load_latest("t1");
  BOOST_REQUIRE(latest);
  BOOST_TEST((*latest)->state.version == r->ticket->version + 1);
}

BOOST_FIXTURE_TEST_CASE(a_repeat_with_the_same_prefix_replays_the_first_answer, Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  CommandRequest reply{
      "t1", domain::PostMessage{"m2", "hello", false}, agent, std::nullopt, "idem/k1", "c1"};
  CommandResult first = run(reply);
  BOOST_REQUIRE(first);
  const std::uint64_t head = store->head();
  reply.command = domain::PostMessage{"m3", "hello", false};  // fresh ids, same prefix
  CommandResult again = run(reply);
  BOOST_REQUIRE(again);
  BOOST_TEST(store->head() == head);  // nothing appended
  BOOST_TEST(again->position == first->position);
  BOOST_TEST(again->ticket->version == first->ticket->version);
  auto replay = path->replay("idem/k1");
  BOOST_REQUIRE(replay);
  BOOST_REQUIRE(replay->has_value());
  BOOST_TEST((*replay)->correlation_id == "c1");
}

BOOST_FIXTURE_TEST_CASE(if_match_on_a_moved_ticket_fails_and_appends_nothing, Fixture) {
  CommandResult opened = run(open("t1"));
  BOOST_REQUIRE(opened);
  const std::uint64_t head = store->head();
  CommandRequest stale{"t1",  domain::ChangePriority{domain::Priority::kHigh},
                       agent, opened->ticket->version - 1,
                       "",    ""};
  CommandResult r = run(stale);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == domain::ErrorCode::kPreconditionFailed));
  BOOST_TEST(store->head() == head);
}

BOOST_FIXTURE_TEST_CASE(a_customer_reply_to_a_closed_ticket_answers_the_follow_up_it_opened,
                        Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  BOOST_REQUIRE(run({"t1", domain::ChangeStatus{domain::Status::kResolved, std::nullopt, ""}, agent,
                     std::nullopt, "", ""}));
  BOOST_REQUIRE(run({"t1", domain::ChangeStatus{domain::Status::kClosed, std::nullopt, ""}, agent,
                     std::nullopt, "", ""}));
  CommandRequest reply{"t1",         domain::PostMessage{"m9", "It broke again", false},
                       ann,          std::nullopt,
                       "idem/reply", "c1"};
  CommandResult first = run(reply);
  BOOST_REQUIRE(first);
  BOOST_TEST(first->created);
  // Its id comes from the idempotency prefix, so a repeat finds it.
  BOOST_TEST(first->ticket->id == "t" + sha256_hex("idem/reply").substr(0, 20));
  BOOST_TEST(first->ticket->subject == "Re: Cannot log in");
  BOOST_TEST(first->ticket->number == 2u);
  BOOST_TEST((first->ticket->follow_up_of == std::optional<std::string>("t1")));
  BOOST_TEST(first->position == store->head());
  auto closed = path->load("t1");
  BOOST_REQUIRE(closed);
  BOOST_TEST(closed->state.messages.size() == 1u);  // the reply went to the follow-up only
  const std::uint64_t head = store->head();
  CommandResult again = run(reply);
  BOOST_REQUIRE(again);
  BOOST_TEST(store->head() == head);
  BOOST_TEST(again->ticket->id == first->ticket->id);
  BOOST_TEST(again->created);
}

BOOST_FIXTURE_TEST_CASE(a_merge_appends_to_both_tickets_at_once_and_answers_the_target, Fixture) {
  BOOST_REQUIRE(run(open("t1")));
  BOOST_REQUIRE(run(open("t2")));
  const std::uint64_t head = store->head();
  CommandResult missing = run({"t1", domain::Merge{"t404", ""}, agent, std::nullopt, "", ""});
  BOOST_REQUIRE(!missing);
  BOOST_TEST(missing.error().fields.at(0).field == "into");
  BOOST_TEST(store->head() == head);

  CommandResult merged = run({"t1", domain::Merge{"t2", ""}, agent, std::nullopt, "", ""});
  BOOST_REQUIRE(merged);
  BOOST_TEST(merged->ticket->id == "t2");
  BOOST_TEST(merged->ticket->merged_from == std::vector<std::string>{"t1"});
  BOOST_TEST(merged->ticket->messages.size() == 2u);  // its own description and t1's
  BOOST_TEST(!merged->created);
  BOOST_TEST(merged->position == store->head());
  BOOST_TEST(store->head() == head + 2);
  auto source = path->load("t1");
  BOOST_REQUIRE(source);
  BOOST_TEST((source->state.merged_into == std::optional<std::string>("t2")));
  BOOST_TEST(domain::to_string(source->state.status) == "closed");
  // The answer is what the target's stream folds to.
  CommandPath uncached(
      *store, [](std::string_view) { return domain::SlaPolicy::defaults(); },
      [this] { return now; }, 0);
  auto target = uncached.load("t2");
  BOOST_REQUIRE(target);
  BOOST_CHECK(target->state == *merged->ticket);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
