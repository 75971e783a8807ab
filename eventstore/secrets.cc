// EventStore's key store (event_store.h, keys.h "secrets").

#include <rocksdb/db.h>

#include "eventstore/event_store.h"
#include "eventstore/storage.h"

namespace ticketd::eventstore {
namespace {

StoreError no_key_store() {
  return make_store_error(StoreErrorCode::kClosed, "this log has no key store (opened read-only)");
}

rocksdb::WriteOptions synced() {
  rocksdb::WriteOptions write;
  write.sync = true;
  return write;
}

}  // namespace

Result<void> EventStore::put_secret(std::string_view key, std::string_view value) {
  if (storage_->secrets() == nullptr || storage_->read_only()) return no_key_store();
  rocksdb::Status s = storage_->db()->Put(synced(), storage_->secrets(), key, value);
  if (!s.ok()) return storage_error(s, "key store put");
  return {};
}

Result<void> EventStore::erase_secret(std::string_view key) {
  if (storage_->secrets() == nullptr || storage_->read_only()) return no_key_store();
  rocksdb::Status s = storage_->db()->Delete(synced(), storage_->secrets(), key);
  if (!s.ok()) return storage_error(s, "key store delete");
  return {};
}

Result<std::optional<std::string>> EventStore::get_secret(std::string_view key) const {
  if (storage_->secrets() == nullptr) return no_key_store();
  std::string value;
  rocksdb::Status s = storage_->db()->Get(rocksdb::ReadOptions(), storage_->secrets(), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return storage_error(s, "key store get");
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::pair<std::string, std::string>>> EventStore::secrets_with_prefix(
    std::string_view prefix) const {
  if (storage_->secrets() == nullptr) return no_key_store();
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      storage_->db()->NewIterator(rocksdb::ReadOptions(), storage_->secrets()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return storage_error(it->status(), "key store scan");
  return out;
}

}  // namespace ticketd::eventstore
