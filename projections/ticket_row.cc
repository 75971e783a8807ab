#include "projections/ticket_row.h"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace ticketd::projections {
namespace {

constexpr std::uint8_t kRowFormat = 1;

// Adds a message id; false when it was present already.
bool add_message_id(TicketRow& row, std::string_view id) {
  const std::uint64_t fp = fingerprint(id);
  auto it = std::lower_bound(row.message_ids.begin(), row.message_ids.end(), fp);
  if (it != row.message_ids.end() && *it == fp) return false;
  row.message_ids.insert(it, fp);
  return true;
}

void count_message(TicketRow& row, bool internal) {
  ++row.message_count;
  if (!internal) ++row.public_message_count;
}

TicketLinks& links_of(TicketRow& row) {
  if (!row.links) row.links = std::make_unique<TicketLinks>();
  return *row.links;
}

void change_tags(TicketRow& row, const domain::TagsChanged& e, RowPools& pools) {
  auto by_text = [&](std::uint32_t a, std::uint32_t b) {
    return pools.tags.at(a) < pools.tags.at(b);
  };
  for (const std::string& tag : e.removed) {
    const std::optional<std::uint32_t> id = pools.tags.find(tag);
    if (!id) continue;
    auto it = std::find(row.tags.begin(), row.tags.end(), *id);
    if (it != row.tags.end()) row.tags.erase(it);
  }
  for (const std::string& tag : e.added) {
    const std::uint32_t id = pools.tags.intern(tag);
    auto it = std::lower_bound(row.tags.begin(), row.tags.end(), id, by_text);
    if (it == row.tags.end() || *it != id) row.tags.insert(it, id);
  }
}

}  // namespace

std::uint64_t fingerprint(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

void apply_row(TicketRow& row, const domain::Event& event, RowPools& pools) {
  apply_core(row.core, event, pools.core);
  bool visible = true;
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, domain::TicketOpened>) {
          row.id = e.ticket_id;
          row.subject = e.subject;
          row.number = e.number;
          row.requester = pools.requesters.intern(encode_requester(e.requester));
          if (e.follow_up_of) links_of(row).follow_up_of = e.follow_up_of;
        } else if constexpr (std::is_same_v<E, domain::MessagePosted>) {
          add_message_id(row, e.message_id);
          count_message(row, e.internal);
          visible = !e.internal;
        } else if constexpr (std::is_same_v<E, domain::MergeReceived>) {
          visible = false;
          for (const domain::Message& m : e.messages) {
            if (!add_message_id(row, m.id)) continue;
            count_message(row, m.internal);
            visible = visible || !m.internal;
          }
        } else if constexpr (std::is_same_v<E, domain::TagsChanged>) {
          change_tags(row, e, pools);
        } else if constexpr (std::is_same_v<E, domain::TicketMerged>) {
          links_of(row).merged_into = e.into_ticket_id;
        } else if constexpr (std::is_same_v<E, domain::SlaWarning>) {
          visible = false;
        }
      },
      event.body);
  if (visible) {
    row.visible_updated_at = to_ms(event.meta.occurred_at);
    row.visible_version = row.core.version;
  }
  row.dirty = true;
}

TicketSummary summarize(const TicketRow& row, const RowPools& pools, Audience audience) {
  const TicketCore& c = row.core;
  TicketSummary s;
  s.id = row.id;
  s.number = row.number;
  s.tenant = pools.core.tenants.at(c.tenant);
  s.key = s.tenant + "-" + std::to_string(row.number);
  s.subject = row.subject;
  s.status = c.status;
  s.priority = c.priority;
  s.category = c.category;
  s.tags.reserve(row.tags.size());
  for (std::uint32_t tag : row.tags) s.tags.push_back(pools.tags.at(tag));
  s.requester = decode_requester(pools.requesters.at(row.requester));
  if (c.assignee != StringPool::kNone) s.assignee = pools.core.agents.at(c.assignee);
  s.escalation_level = c.escalation_level;
  s.created_at = to_instant(c.created_at);
  const bool customer = audience == Audience::kCustomer;
  s.updated_at = to_instant(customer ? row.visible_updated_at : c.updated_at);
  s.first_response_at = to_optional(c.first_response_at);
  s.resolved_at = to_optional(c.resolved_at);
  s.closed_at = to_optional(c.closed_at);
  s.sla.first_response_due = c.sla.first_response_due;
  s.sla.resolution_due = c.sla.resolution_due;
  s.sla.first_response_breached = c.first_response_breached;
  s.sla.resolution_breached = c.resolution_breached;
  s.sla.paused = c.sla.paused;
  s.message_count = customer ? row.public_message_count : row.message_count;
  s.version = customer ? row.visible_version : c.version;
  if (row.links) {
    s.merged_into = row.links->merged_into;
    s.follow_up_of = row.links->follow_up_of;
  }
  return s;
}

std::string encode_requester(const domain::Requester& r) {
  std::string out;
  ByteWriter w(out);
  w.str(r.id);
  w.str(r.email);
  w.str(r.name);
  return out;
}

domain::Requester decode_requester(std::string_view bytes) {
  ByteReader r(bytes);
  domain::Requester out;
  out.id = std::string(r.str());
  out.email = std::string(r.str());
  out.name = std::string(r.str());
  return out;
}

void encode_row(std::string& out, const TicketRow& row) {
  ByteWriter w(out);
  w.u8(kRowFormat);
  encode_core(w, row.core);
  w.str(row.id);
  w.str(row.subject);
  w.varint(row.number);
  w.svarint(row.visible_updated_at);
  w.varint(row.visible_version);
  w.varint(row.requester);
  w.varint(row.message_count);
  w.varint(row.public_message_count);
  w.varint(row.tags.size());
  for (std::uint32_t tag : row.tags) w.varint(tag);
  w.varint(row.message_ids.size());
  for (std::uint64_t fp : row.message_ids) w.u64be(fp);
  const bool merged = row.links && row.links->merged_into;
  const bool follow = row.links && row.links->follow_up_of;
  w.u8(static_cast<std::uint8_t>((merged ? 1 : 0) | (follow ? 2 : 0)));
  if (merged) w.str(*row.links->merged_into);
  if (follow) w.str(*row.links->follow_up_of);
}

bool decode_row(std::string_view bytes, TicketRow& row, const RowPools& pools) {
  ByteReader r(bytes);
  if (r.u8() != kRowFormat || !decode_core(r, row.core)) return false;
  row.id = std::string(r.str());
  row.subject = std::string(r.str());
  row.number = r.varint();
  row.visible_updated_at = r.svarint();
  row.visible_version = r.varint();
  row.requester = static_cast<std::uint32_t>(r.varint());
  row.message_count = static_cast<std::uint32_t>(r.varint());
  row.public_message_count = static_cast<std::uint32_t>(r.varint());
  const std::uint64_t tags = r.varint();
  row.tags.clear();
  for (std::uint64_t i = 0; i < tags && r.ok(); ++i) {
    const auto tag = static_cast<std::uint32_t>(r.varint());
    if (tag >= pools.tags.size()) return false;
    row.tags.push_back(tag);
  }
  const std::uint64_t ids = r.varint();
  row.message_ids.clear();
  if (ids > bytes.size()) return false;
  row.message_ids.reserve(ids);
  for (std::uint64_t i = 0; i < ids && r.ok(); ++i) row.message_ids.push_back(r.u64be());
  const std::uint8_t link_flags = r.u8();
  row.links.reset();
  if (link_flags & 1) links_of(row).merged_into = std::string(r.str());
  if (link_flags & 2) links_of(row).follow_up_of = std::string(r.str());
  const TicketCore& c = row.core;
  const bool pools_ok =
      (!c.exists ||
       (c.tenant < pools.core.tenants.size() && row.requester < pools.requesters.size())) &&
      (c.assignee == StringPool::kNone || c.assignee < pools.core.agents.size()) &&
      c.calendar < pools.core.calendars.size();
  return r.done() && pools_ok;
}

}  // namespace ticketd::projections
