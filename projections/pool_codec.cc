#include "projections/pool_codec.h"

#include <string>

#include "projections/byte_codec.h"

namespace ticketd::projections {
namespace {

std::string pool_key(char kind, std::uint32_t id) {
  std::string key = "p";
  key.push_back(kind);
  ByteWriter(key).u32be(id);
  return key;
}

}  // namespace

void save_pool(ModelSink& sink, char kind, StringPool& pool) {
  for (std::uint32_t id = pool.saved(); id < pool.size(); ++id)
    sink.put(pool_key(kind, id), pool.at(id));
  pool.mark_saved();
}

void save_pool(ModelSink& sink, CalendarPool& pool) {
  for (std::uint32_t id = pool.saved(); id < pool.size(); ++id) {
    sink.put(pool_key(kPoolCalendars, id), CalendarPool::encode(pool.hours(id)));
  }
  pool.mark_saved();
}

bool parse_pool_key(std::string_view key, char& kind, std::uint32_t& id) {
  if (key.size() != 6 || key[0] != 'p') return false;
  kind = key[1];
  ByteReader r(key.substr(2));
  id = r.u32be();
  return r.done();
}

bool load_pool_entry(StringPool& pool, std::uint32_t id, std::string_view value) {
  if (id != pool.size() || pool.intern(value) != id) return false;
  pool.mark_saved();
  return true;
}

bool load_pool_entry(CalendarPool& pool, std::uint32_t id, std::string_view value) {
  domain::BusinessHours hours;
  if (!CalendarPool::decode(value, hours)) return false;
  // Id 0 (the default hours) exists from construction; later ids are new.
  const bool expected = id == pool.size() || id == CalendarPool::kDefault;
  if (!expected || pool.intern(hours) != id) return false;
  pool.mark_saved();
  return true;
}

}  // namespace ticketd::projections
