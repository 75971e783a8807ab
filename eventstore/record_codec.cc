#include "eventstore/record_codec.h"

#include <cstring>

#include "eventstore/keys.h"

namespace ticketd::eventstore {
namespace {

void put_str(std::string& out, std::string_view s) {
  keys::put_u32be(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

// A bounds-checked reader over a record; any short read latches failure.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool ok() const { return ok_; }
  bool at_end() const { return p_ == end_; }

  uint8_t u8() {
    if (!need(1)) return 0;
    return static_cast<uint8_t>(*p_++);
  }
  uint32_t u32() {
    if (!need(4)) return 0;
    uint32_t v = keys::get_u32be(p_);
    p_ += 4;
    return v;
  }
  uint64_t u64() {
    if (!need(8)) return 0;
    uint64_t v = keys::get_u64be(p_);
    p_ += 8;
    return v;
  }
  void str(std::string& out) {
    uint32_t n = u32();
    if (!need(n)) return;
    out.assign(p_, n);
    p_ += n;
  }
  void hash(Hash& out) {
    if (!need(kHashBytes)) return;
    std::memcpy(out.data(), p_, kHashBytes);
    p_ += kHashBytes;
  }

 private:
  bool need(size_t n) {
    if (!ok_ || static_cast<size_t>(end_ - p_) < n) {
      ok_ = false;
      return false;
    }
    return true;
  }

  const char* p_;
  const char* end_;
  bool ok_ = true;
};

}  // namespace

RecordView record_view(const Envelope& e) {
  return RecordView{e.position,       e.stream,         e.version,        e.event_id,
                    e.type,           e.tenant,         e.actor.id,       e.actor.role,
                    e.occurred_at_ms, e.correlation_id, e.schema_version, e.data};
}

RecordView record_view(uint64_t position, std::string_view stream, uint64_t version,
                       const NewEvent& e) {
  return RecordView{position,         stream,           version,          e.event_id,
                    e.type,           e.tenant,         e.actor.id,       e.actor.role,
                    e.occurred_at_ms, e.correlation_id, e.schema_version, e.data};
}

void append_canonical(std::string& out, const RecordView& r) {
  out.push_back(static_cast<char>(kRecordFormat));
  keys::put_u64be(out, r.position);
  put_str(out, r.stream);
  keys::put_u64be(out, r.version);
  put_str(out, r.event_id);
  put_str(out, r.type);
  put_str(out, r.tenant);
  put_str(out, r.actor_id);
  put_str(out, r.actor_role);
  keys::put_u64be(out, static_cast<uint64_t>(r.occurred_at_ms));
  put_str(out, r.correlation_id);
  keys::put_u32be(out, r.schema_version);
  put_str(out, r.data);
}

Hash append_record(std::string& out, const RecordView& r, const Hash& prev_hash, Sha256& sha) {
  size_t start = out.size();
  append_canonical(out, r);
  Hash hash = sha.digest(prev_hash, std::string_view(out).substr(start));
  out.append(reinterpret_cast<const char*>(prev_hash.data()), prev_hash.size());
  out.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return hash;
}

std::string_view canonical_part(std::string_view record) {
  if (record.size() < 2 * kHashBytes) return {};
  return record.substr(0, record.size() - 2 * kHashBytes);
}

Result<void> decode_record(std::string_view record, Envelope& out) {
  Reader r(record);
  uint8_t format = r.u8();
  if (r.ok() && format != kRecordFormat) {
    return make_store_error(StoreErrorCode::kCorruption,
                            "unknown record format " + std::to_string(format));
  }
  out.position = r.u64();
  r.str(out.stream);
  out.version = r.u64();
  r.str(out.event_id);
  r.str(out.type);
  r.str(out.tenant);
  r.str(out.actor.id);
  r.str(out.actor.role);
  out.occurred_at_ms = static_cast<int64_t>(r.u64());
  r.str(out.correlation_id);
  out.schema_version = r.u32();
  r.str(out.data);
  r.hash(out.prev_hash);
  r.hash(out.hash);
  if (!r.ok()) return make_store_error(StoreErrorCode::kCorruption, "record is truncated");
  if (!r.at_end()) {
    return make_store_error(StoreErrorCode::kCorruption, "record has trailing bytes");
  }
  return {};
}

}  // namespace ticketd::eventstore
