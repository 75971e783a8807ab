#pragma once
// Persisting pools next to the rows that refer to them: each new entry is
// saved once under "p" + kind + id (big-endian, so entries load in id order
// and before the "r" rows). Shared by every model's save() and load().

#include <cstdint>
#include <string_view>

#include "projections/calendar_pool.h"
#include "projections/read_model.h"
#include "projections/string_pool.h"

namespace ticketd::projections {

// Pool kinds used in keys.
inline constexpr char kPoolTenants = 'a';
inline constexpr char kPoolAgents = 'b';
inline constexpr char kPoolCalendars = 'c';
inline constexpr char kPoolTags = 'd';
inline constexpr char kPoolRequesters = 'e';

// Writes the entries added since the pool's last save and marks it saved.
void save_pool(ModelSink& sink, char kind, StringPool& pool);
void save_pool(ModelSink& sink, CalendarPool& pool);

// Whether `key` is a pool entry key; if so, its kind and id.
bool parse_pool_key(std::string_view key, char& kind, std::uint32_t& id);

// Restores entry `id` (entries arrive in id order). False when malformed
// or out of order.
bool load_pool_entry(StringPool& pool, std::uint32_t id, std::string_view value);
bool load_pool_entry(CalendarPool& pool, std::uint32_t id, std::string_view value);

}  // namespace ticketd::projections
