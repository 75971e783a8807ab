// Opening a store whose write-ahead log was damaged after it closed: a bad
// record is refused as corruption (not replayed up to it and the rest
// silently dropped), an incomplete last record -- a crash mid-append -- is
// tolerated, and LogRecovery::kTruncateAtDamage opens at the surviving head.
#include "eventstore/storage.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "eventstore/event_store.h"
#include "test_support.h"
#include "wal_file.h"

namespace ticketd::eventstore {
namespace {

using testing::error_of;
using testing::events;
using testing::newest_wal;
using testing::ok;
using testing::open_store;
using testing::TempDir;

constexpr uint64_t kEvents = 200;

// A closed store of kEvents one-event appends, all still in its WAL (a
// store flushes nothing on close).
void write_store(const std::filesystem::path& dir) {
  auto store = open_store(dir);
  for (uint64_t i = 1; i <= kEvents; ++i) {
    ok(store->append("s-" + std::to_string(i % 7), ExpectedVersion::any(),
                     events({"e-" + std::to_string(i)})));
  }
}

Options with(bool read_only, LogRecovery recovery) {
  Options o;
  o.read_only = read_only;
  o.create_if_missing = false;
  o.recovery = recovery;
  return o;
}

BOOST_AUTO_TEST_SUITE(storage_test)

BOOST_AUTO_TEST_CASE(a_flipped_wal_byte_is_corruption_not_a_shorter_log) {
  TempDir tmp;
  write_store(tmp.store());
  testing::flip_wal_byte(newest_wal(tmp.store()), 0.5);

  // Neither a writable nor a read-only strict open replays up to the damage.
  auto writable = EventStore::open(tmp.store(), with(false, LogRecovery::kStrict));
  BOOST_TEST(error_of(writable) == StoreErrorCode::kCorruption);
  BOOST_CHECK_MESSAGE(writable.error().message.find("checksum") != std::string::npos,
                      writable.error().message);
  auto read_only = EventStore::open(tmp.store(), with(true, LogRecovery::kStrict));
  BOOST_TEST(error_of(read_only) == StoreErrorCode::kCorruption);

  // Read-only point-in-time recovery tells what would survive, and changes
  // nothing: the strict open still refuses afterwards.
  uint64_t surviving = 0;
  {
    auto peek = open_store(tmp.store(), with(true, LogRecovery::kTruncateAtDamage));
    surviving = peek->head();
  }
  BOOST_TEST(surviving > 0u);
  BOOST_TEST(surviving < kEvents);
  BOOST_TEST(error_of(EventStore::open(tmp.store(), with(true, LogRecovery::kStrict))) ==
             StoreErrorCode::kCorruption);

  // Accepting the loss opens at that head, with an intact chain, and goes on.
  {
    auto store = open_store(tmp.store(), with(false, LogRecovery::kTruncateAtDamage));
    BOOST_TEST(store->head() == surviving);
    BOOST_TEST(ok(store->verify()).ok);
    BOOST_TEST(
        ok(store->append("after", ExpectedVersion::any(), events({"after-1"}))).last_position ==
        surviving + 1);
  }
  // The recovered log is whole again: strict opens work.
  auto again = open_store(tmp.store(), with(false, LogRecovery::kStrict));
  BOOST_TEST(again->head() == surviving + 1);
  BOOST_TEST(ok(again->verify()).ok);
}

BOOST_AUTO_TEST_CASE(an_incomplete_last_record_is_tolerated_as_a_crash_mid_append) {
  TempDir tmp;
  write_store(tmp.store());
  const std::filesystem::path wal = newest_wal(tmp.store());
  const testing::WalRecord last = testing::wal_records(wal).back();
  // Cut the last append (never acknowledged by a crashed writer) in half.
  std::filesystem::resize_file(wal, last.offset + last.header + last.length / 2);

  auto store = open_store(tmp.store(), with(false, LogRecovery::kStrict));
  BOOST_TEST(store->head() == kEvents - 1);
  BOOST_TEST(ok(store->verify()).ok);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
