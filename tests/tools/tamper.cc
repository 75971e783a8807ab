// The tools tests' vandal: edits a store's RocksDB directly, as a bad disk
// or an attacker with file access would, so the tests can show that
// `ticketctl verify` catches it.
//
//   ticketd_tamper LOGDIR flip POS      flip one byte inside record POS's payload
//   ticketd_tamper LOGDIR delete POS    delete record POS
//   ticketd_tamper LOGDIR swap P1 P2    swap two records
//   ticketd_tamper LOGDIR rewrite POS   change record POS's time by 1 ms and
//                                       re-hash it and every later record and
//                                       the chain head: a careful forgery that
//                                       only a signed checkpoint exposes
//   ticketd_tamper LOGDIR flip-table    flush the log into table files, then
//                                       flip one byte a quarter into the `log`
//                                       column family's (among its data
//                                       blocks) behind RocksDB's back, as a bad
//                                       disk would; prints the file

#include <rocksdb/db.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"

namespace {

using namespace ticketd::eventstore;

int die(const std::string& message) {
  std::fprintf(stderr, "ticketd_tamper: %s\n", message.c_str());
  return 2;
}

// Flips one bit of `file` at `offset`.
bool flip_file_byte(const std::string& file, long offset) {
  std::FILE* f = std::fopen(file.c_str(), "r+b");
  if (f == nullptr) return false;
  bool ok = std::fseek(f, offset, SEEK_SET) == 0;
  const int c = ok ? std::fgetc(f) : EOF;
  ok = c != EOF && std::fseek(f, offset, SEEK_SET) == 0 && std::fputc(c ^ 0x01, f) != EOF;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || (argc < 4 && std::string(argv[2]) != "flip-table")) {
    return die("usage: ticketd_tamper LOGDIR flip|delete|swap|rewrite POS [POS2] | flip-table");
  }
  const std::string dir = argv[1];
  const std::string op = argv[2];
  const uint64_t pos = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {"default", "log", "streams", "dedup", "meta", "secrets"}) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), dir, families, &handles, &raw);
  if (!s.ok()) return die(s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* log = handles[1];
  rocksdb::ColumnFamilyHandle* meta = handles[4];
  auto get = [&](uint64_t p, std::string& out) {
    return db->Get(rocksdb::ReadOptions(), log, keys::log_key(p), &out);
  };
  rocksdb::WriteOptions sync;
  sync.sync = true;
  int rc = 0;

  std::string record;
  if (op == "flip") {
    if (!get(pos, record).ok()) return die("no record " + std::to_string(pos));
    record[record.size() - 2 * kHashBytes - 2] ^= 0x01;  // inside the payload
    s = db->Put(sync, log, keys::log_key(pos), record);
  } else if (op == "delete") {
    s = db->Delete(sync, log, keys::log_key(pos));
  } else if (op == "swap" && argc == 5) {
    const uint64_t other = std::strtoull(argv[4], nullptr, 10);
    std::string second;
    if (!get(pos, record).ok() || !get(other, second).ok()) return die("no such records");
    rocksdb::WriteBatch batch;
    batch.Put(log, keys::log_key(pos), second);
    batch.Put(log, keys::log_key(other), record);
    s = db->Write(sync, &batch);
  } else if (op == "rewrite") {
    Sha256 sha;
    Hash prev{};
    if (pos > 1) {
      Envelope before;
      if (!get(pos - 1, record).ok() || !decode_record(record, before))
        return die("no record before");
      prev = before.hash;
    }
    rocksdb::WriteBatch batch;
    uint64_t p = pos;
    for (; get(p, record).ok(); ++p) {
      Envelope env;
      if (!decode_record(record, env)) return die("record does not parse");
      if (p == pos) env.occurred_at_ms += 1;
      std::string out;
      prev = append_record(out, record_view(env), prev, sha);
      batch.Put(log, keys::log_key(p), out);
    }
    std::string chain = keys::u64be(p - 1);
    chain.append(reinterpret_cast<const char*>(prev.data()), prev.size());
    batch.Put(meta, keys::kChainKey, chain);
    s = db->Write(sync, &batch);
  } else if (op == "flip-table") {
    s = db->Flush(rocksdb::FlushOptions(), handles);
    std::vector<rocksdb::LiveFileMetaData> files;
    db->GetLiveFilesMetaData(&files);
    std::string table;
    for (const auto& f : files) {
      if (f.column_family_name == "log") table = f.db_path + "/" + f.name;
    }
    if (s.ok() && table.empty()) rc = die("no table file of the log");
    if (s.ok() && !table.empty()) {
      // Closed first, so that RocksDB reads the damaged bytes afresh.
      for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
      handles.clear();
      db->Close();
      db.reset();
      std::error_code ec;
      const auto size = std::filesystem::file_size(table, ec);
      if (ec || !flip_file_byte(table, static_cast<long>(size / 4)))
        return die("cannot flip a byte of " + table);
      std::printf("%s\n", table.c_str());
      return 0;
    }
  } else {
    rc = die("unknown operation " + op);
  }
  if (!s.ok()) rc = die(s.ToString());
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  db->Close();
  return rc;
}
