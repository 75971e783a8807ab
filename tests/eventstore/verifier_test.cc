// verify() on a healthy store, and on stores edited behind its back with raw
// RocksDB: each kind of damage is found and pinned to the first bad position.
#include "eventstore/verifier.h"

#include <rocksdb/db.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "eventstore/event_store.h"
#include "eventstore/keys.h"
#include "eventstore/store_backup.h"
#include "test_support.h"

namespace ticketd::eventstore {
namespace {

using testing::error_of;
using testing::events;
using testing::ok;
using testing::open_store;
using testing::TempDir;

// The store's database opened directly, as an attacker or a bad disk would.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& dir) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "log", "streams", "dedup", "meta", "secrets"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* db = nullptr;
    rocksdb::Status s =
        rocksdb::DB::Open(rocksdb::DBOptions(), dir.string(), families, &handles_, &db);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    db_.reset(db);
  }
  ~RawDb() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }

  rocksdb::ColumnFamilyHandle* log() { return handles_[1]; }
  rocksdb::ColumnFamilyHandle* streams() { return handles_[2]; }
  rocksdb::ColumnFamilyHandle* dedup() { return handles_[3]; }

  // Writes the memtables out, so that everything is in table files.
  void flush() { BOOST_REQUIRE(db_->Flush(rocksdb::FlushOptions(), handles_).ok()); }
  // The table files of the `log` column family.
  std::vector<std::filesystem::path> log_tables() {
    std::vector<rocksdb::LiveFileMetaData> files;
    db_->GetLiveFilesMetaData(&files);
    std::vector<std::filesystem::path> out;
    for (const auto& f : files) {
      if (f.column_family_name == "log") out.emplace_back(f.db_path + "/" + f.name);
    }
    return out;
  }

  std::string get(rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
    std::string v;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf, key, &v);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    return v;
  }
  void put(rocksdb::ColumnFamilyHandle* cf, const std::string& key, const std::string& value) {
    BOOST_REQUIRE(db_->Put(rocksdb::WriteOptions(), cf, key, value).ok());
  }
  void erase(rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
    BOOST_REQUIRE(db_->Delete(rocksdb::WriteOptions(), cf, key).ok());
  }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

// Ten events: streams "a" (versions 1..5 at positions 1,3,5,7,9) and "b".
void make_store(const std::filesystem::path& dir) {
  auto store = open_store(dir);
  for (int i = 0; i < 10; ++i) {
    ok(store->append(i % 2 == 0 ? "a" : "b", ExpectedVersion::any(),
                     events({"e" + std::to_string(i + 1)})));
  }
  BOOST_REQUIRE(ok(store->verify()).ok);
}

VerifyReport verify(const std::filesystem::path& dir) {
  auto store = open_store(dir);
  return ok(store->verify());
}

void expect_bad_at(const VerifyReport& report, uint64_t position) {
  BOOST_TEST(!report.ok);
  BOOST_TEST(report.first_bad_position.value_or(0) == position);
  BOOST_TEST(!report.problem.empty());
  BOOST_TEST_MESSAGE("problem: " << report.problem);
}

BOOST_AUTO_TEST_SUITE(verifier_test)

BOOST_AUTO_TEST_CASE(a_healthy_store_verifies) {
  TempDir dir;
  make_store(dir.store());
  auto report = verify(dir.store());
  BOOST_TEST(report.ok);
  BOOST_TEST(report.events == 10u);
  BOOST_TEST(report.head == 10u);
  BOOST_TEST(!report.first_bad_position.has_value());
  BOOST_TEST(report.problem.empty());

  TempDir empty;
  auto store = open_store(empty.store());
  auto none = ok(store->verify());
  BOOST_TEST(none.ok);
  BOOST_TEST(none.events == 0u);
  BOOST_TEST(none.head_hash == Hash{});
}

BOOST_AUTO_TEST_CASE(a_requested_stop_ends_the_walk_as_closed) {
  TempDir dir;
  make_store(dir.store());
  auto store = open_store(dir.store());
  std::stop_source stop;
  stop.request_stop();
  BOOST_TEST(error_of(store->verify({}, stop.get_token())) == StoreErrorCode::kClosed);
  // A stop never requested changes nothing.
  std::stop_source idle;
  BOOST_TEST(ok(store->verify({}, idle.get_token())).ok);
}
BOOST_AUTO_TEST_CASE(detects_a_flipped_byte) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    std::string record = raw.get(raw.log(), keys::log_key(6));
    record[record.size() - 64 - 2] ^= 0x01;  // inside the payload
    raw.put(raw.log(), keys::log_key(6), record);
  }
  expect_bad_at(verify(dir.store()), 6);
}

BOOST_AUTO_TEST_CASE(detects_a_flipped_byte_that_breaks_parsing) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    std::string record = raw.get(raw.log(), keys::log_key(4));
    record[9] ^= 0x40;  // the stream name's length
    raw.put(raw.log(), keys::log_key(4), record);
  }
  expect_bad_at(verify(dir.store()), 4);
  // Readers refuse it too.
  auto store = open_store(dir.store());
  BOOST_TEST(error_of(store->read_all(0, 100)) == StoreErrorCode::kCorruption);
}

BOOST_AUTO_TEST_CASE(detects_a_deleted_record) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    raw.erase(raw.log(), keys::log_key(7));
  }
  expect_bad_at(verify(dir.store()), 7);
  auto store = open_store(dir.store());
  BOOST_TEST(error_of(store->read_all(5, 100)) == StoreErrorCode::kCorruption);
}

BOOST_AUTO_TEST_CASE(detects_two_swapped_records) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    std::string r3 = raw.get(raw.log(), keys::log_key(3));
    std::string r4 = raw.get(raw.log(), keys::log_key(4));
    raw.put(raw.log(), keys::log_key(3), r4);
    raw.put(raw.log(), keys::log_key(4), r3);
  }
  expect_bad_at(verify(dir.store()), 3);
}

BOOST_AUTO_TEST_CASE(detects_a_stream_index_entry_pointing_elsewhere) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    // Stream "a" version 3 is position 5; point it at position 2 instead.
    raw.put(raw.streams(), keys::stream_entry_key("a", 3), keys::u64be(2));
  }
  expect_bad_at(verify(dir.store()), 5);
}

BOOST_AUTO_TEST_CASE(detects_a_missing_dedup_entry) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    raw.erase(raw.dedup(), "e8");
  }
  expect_bad_at(verify(dir.store()), 8);
}

BOOST_AUTO_TEST_CASE(detects_index_entries_without_records) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    raw.put(raw.dedup(), "ghost", keys::u64be(4));  // points at e4's record
  }
  expect_bad_at(verify(dir.store()), 4);

  TempDir dir2;
  make_store(dir2.store());
  {
    RawDb raw(dir2.store());
    raw.put(raw.streams(), keys::stream_entry_key("a", 6), keys::u64be(11));  // beyond the log
  }
  expect_bad_at(verify(dir2.store()), 11);
}

BOOST_AUTO_TEST_CASE(a_truncated_log_refuses_to_open_for_writing_but_verifies_read_only) {
  TempDir dir;
  make_store(dir.store());
  {
    RawDb raw(dir.store());
    raw.erase(raw.log(), keys::log_key(10));
  }
  BOOST_TEST(error_of(EventStore::open(dir.store())) == StoreErrorCode::kCorruption);
  Options read_only;
  read_only.read_only = true;
  auto store = open_store(dir.store(), read_only);
  expect_bad_at(ok(store->verify()), 10);
}

BOOST_AUTO_TEST_CASE(a_table_file_checksum_mismatch_is_damage_that_says_where) {
  TempDir dir;
  {
    auto store = open_store(dir.store());
    for (int i = 0; i < 40; ++i) {
      std::vector<NewEvent> batch;
      for (int j = 0; j < 50; ++j) {
        batch.push_back(testing::make_event("t" + std::to_string(i * 50 + j),
                                            "{\"n\":" + std::to_string(j) + "}"));
      }
      ok(store->append("s" + std::to_string(i), ExpectedVersion::any(), std::move(batch)));
    }
  }
  std::filesystem::path table;
  {
    RawDb raw(dir.store());
    raw.flush();
    auto tables = raw.log_tables();
    BOOST_REQUIRE(tables.size() == 1u);
    table = tables.front();
  }
  // A quarter into the file: among the data blocks, which come first.
  const auto at = static_cast<std::streamoff>(std::filesystem::file_size(table) / 4);
  std::fstream f(table, std::ios::binary | std::ios::in | std::ios::out);
  f.seekg(at);
  char c = 0;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(c ^ 0x01));
  f.close();

  Options read_only;
  read_only.read_only = true;
  auto store = open_store(dir.store(), read_only);
  const VerifyReport report = ok(store->verify());
  BOOST_TEST(!report.ok);
  BOOST_TEST(report.first_bad_position.value_or(0) > 1u);
  BOOST_TEST(report.first_bad_position.value_or(0) <= 2000u);
  BOOST_CHECK_MESSAGE(report.problem.find(table.filename().string()) != std::string::npos,
                      report.problem);
  BOOST_CHECK_MESSAGE(report.problem.find("checksum") != std::string::npos, report.problem);
}

BOOST_AUTO_TEST_CASE(reports_progress_up_to_the_head) {
  TempDir dir;
  auto store = open_store(dir.store());
  for (int i = 0; i < 9000; i += 500) {
    std::vector<NewEvent> batch;
    for (int j = i; j < i + 500; ++j) batch.push_back(testing::make_event("p" + std::to_string(j)));
    ok(store->append("s" + std::to_string(i), ExpectedVersion::any(), std::move(batch)));
  }
  std::vector<uint64_t> seen;
  auto report = ok(store->verify([&](uint64_t checked, uint64_t head) {
    BOOST_TEST(head == 9000u);
    seen.push_back(checked);
  }));
  BOOST_TEST(report.ok);
  BOOST_TEST(seen == (std::vector<uint64_t>{4096, 8192}));
}

BOOST_AUTO_TEST_CASE(a_backup_restores_the_same_log) {
  TempDir dir;
  make_store(dir.store());
  auto store = open_store(dir.store());
  const VerifyReport before = ok(store->verify());
  BOOST_TEST_REQUIRE(store->put_secret("password/acc_1", "$argon2id$...").has_value());
  auto first = ok(store->backup(dir.path() / "backups"));
  ok(store->append("c", ExpectedVersion::any(), events({"e11"})));
  auto second = ok(store->backup(dir.path() / "backups"));
  BOOST_TEST(first.id == 1u);
  BOOST_TEST(second.id == 2u);
  BOOST_TEST(first.head == 10u);
  BOOST_TEST(first.head_hash == before.head_hash);
  BOOST_TEST(second.head == 11u);
  BOOST_TEST(ok(list_backups(dir.path() / "backups")).size() == 2u);

  auto restored = ok(restore_backup(dir.path() / "backups", dir.path() / "restored", 1u));
  BOOST_TEST(restored.head == 10u);
  auto copy = open_store(dir.path() / "restored");
  const VerifyReport after = ok(copy->verify());
  BOOST_TEST(after.ok);
  BOOST_TEST(after.head_hash == before.head_hash);
  BOOST_TEST(ok(copy->read_all(0, 100)) == ok(store->read_all(0, 10)));
  BOOST_TEST(ok(copy->find_event("e7")).value_or(0) == 7u);
  // The key store beside the log comes back with it.
  BOOST_TEST(ok(copy->get_secret("password/acc_1")).value_or("") == "$argon2id$...");
  // The target must be new.
  BOOST_TEST(error_of(restore_backup(dir.path() / "backups", dir.path() / "restored",
                                     std::nullopt)) == StoreErrorCode::kInvalidArgument);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
