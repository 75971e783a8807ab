#pragma once
// TicketRow: one ticket as the queue and tenant views keep it -- TicketCore
// plus what a list shows (id, subject, requester, tags, counts, links) --
// with repeated strings interned. apply_row() folds one event into it like
// domain::evolve(); summarize() turns it into the public TicketSummary for
// agents or for customers.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/events.h"
#include "projections/byte_codec.h"
#include "projections/string_pool.h"
#include "projections/ticket_core.h"
#include "projections/ticket_summary.h"

namespace ticketd::projections {

// Pools of the rows of one model.
struct RowPools {
  CorePools core;
  StringPool tags;
  // Requesters interned as encode_requester() bytes: customers open many
  // tickets, and the tenant view matches on them.
  StringPool requesters;
};

// Links to other tickets; rare, so kept out of line.
struct TicketLinks {
  std::optional<std::string> merged_into;
  std::optional<std::string> follow_up_of;
};

struct TicketRow {
  TicketCore core;
  std::string id;
  std::string subject;
  std::uint64_t number = 0;
  // occurred_at and stream version of the latest event a customer can see
  // (see apply_row).
  std::int64_t visible_updated_at = 0;
  std::uint64_t visible_version = 0;
  std::uint32_t requester = StringPool::kNone;
  std::uint32_t message_count = 0;
  std::uint32_t public_message_count = 0;
  std::vector<std::uint32_t> tags;  // tag ids, ordered by tag text
  // 64-bit fingerprints of the message ids on the ticket, sorted: evolve
  // copies merged messages only when their id is new, so counting them
  // needs to know which ids are present (8 bytes per message instead of
  // the messages themselves).
  std::vector<std::uint64_t> message_ids;
  std::unique_ptr<TicketLinks> links;
  bool dirty = false;  // changed since the model last saved it
};

enum class Audience { kAgent, kCustomer };

// Folds `event` into `row` as evolve() does for the fields kept. Customers
// see every event except internal notes, SLA warnings and merges that bring
// no public message; visible_updated_at and visible_version move only with
// those they see, so a customer can tell neither when nor whether agents
// wrote internal notes (the stream version would count them).
void apply_row(TicketRow& row, const domain::Event& event, RowPools& pools);

// The public form of `row` (which must exist) for `audience`.
TicketSummary summarize(const TicketRow& row, const RowPools& pools, Audience audience);

// The interning key of a requester, and its inverse.
std::string encode_requester(const domain::Requester& requester);
domain::Requester decode_requester(std::string_view bytes);

// Row persistence (the pools are saved separately). decode_row returns
// false on malformed bytes or pool ids out of range.
void encode_row(std::string& out, const TicketRow& row);
bool decode_row(std::string_view bytes, TicketRow& row, const RowPools& pools);

// FNV-1a, the fingerprint of a message id.
std::uint64_t fingerprint(std::string_view s);

}  // namespace ticketd::projections
