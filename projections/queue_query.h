#pragma once
// The agents' queue query (GET /admin/v1/tickets, API.md): filters, sort,
// cursor and limit, typed, plus a parser from query-string parameters that
// the HTTP layer can hand its parameters to.
//
// Sorts: `created` and `updated` oldest first, `priority` urgent first,
// `due` soonest unmet SLA target first (a target is unmet while it is still
// measured: first response not given yet, resolution clock running; breached
// ones count, so overdue tickets come first; tickets without one come
// last). A leading '-' reverses the whole order. Ties are broken by slot
// (the order tickets were opened in the log), so every sort is total.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/types.h"
#include "projections/query_error.h"
#include "projections/ticket_summary.h"

namespace ticketd::projections {

inline constexpr std::int64_t kDefaultPageLimit = 50;
inline constexpr std::int64_t kMaxPageLimit = 500;

enum class QueueSortKey : std::uint8_t { kCreated, kUpdated, kPriority, kDue };

struct QueueSort {
  QueueSortKey key = QueueSortKey::kCreated;
  bool descending = true;
  friend bool operator==(const QueueSort&, const QueueSort&) = default;
};

// "created", "-created", "updated", "-updated", "priority", "-priority",
// "due", "-due"; std::nullopt for anything else.
std::optional<QueueSort> parse_queue_sort(std::string_view text);
std::string to_string(QueueSort sort);

// The PageCursor kind of a queue cursor made for `sort` (0..7).
inline std::uint8_t cursor_kind(QueueSort sort) {
  return static_cast<std::uint8_t>(static_cast<int>(sort.key) * 2 + (sort.descending ? 1 : 0));
}

struct QueueQuery {
  std::optional<domain::Status> status;
  std::optional<domain::Priority> priority;
  std::optional<std::string> tenant;
  std::optional<std::string> assignee;  // an agent id
  bool unassigned = false;              // assignee=none
  std::optional<domain::Category> category;
  std::optional<std::string> tag;     // matched after the domain's normalisation (lowercase)
  std::optional<bool> escalated;      // escalation_level > 0
  std::optional<bool> breached;       // either SLA target breached
  std::string q;                      // subject words, see text_tokens.h; blank = no filter
  std::string sort;                   // "" = "-created"
  std::string cursor;                 // "" = first page
  std::optional<std::int64_t> limit;  // default 50, above 500 clamped; below 1 invalid
  // The tenants the caller may reach (domain::Actor::scope: sorted,
  // unique); empty: every tenant. Not a query parameter: the caller's. A
  // `tenant` outside it matches nothing; without `tenant` the page holds
  // tickets of these tenants only, found from the tenant indexes.
  std::vector<std::string> scope;
};

// A page of ticket summaries (queue and tenant views).
struct TicketPage {
  std::vector<TicketSummary> items;
  std::optional<std::string> next_cursor;  // nullopt on the last page
  std::uint64_t position = 0;              // log position the answer reflects
};

// The same page written as JSON, as the HTTP layer sends it: `items` is
// the text the caller passed to query_json (the opening of its answer, so
// the array is written in place), then a JSON array of summary_json.h's
// objects.
struct TicketPageJson {
  std::string items;
  std::optional<std::string> next_cursor;
  std::uint64_t position = 0;
};

// Looks up one query-string parameter by name (already percent-decoded).
using QueryParams = std::function<std::optional<std::string_view>(std::string_view name)>;

// Builds a QueueQuery from `status, priority, tenant, assignee, category,
// tag, escalated, breached, q, sort, cursor, limit`. Unknown enum values,
// booleans other than true/false and non-numeric limits are kValidation
// errors naming the parameter; sort and cursor are checked by the query
// itself (QueueView::query).
QueryResult<QueueQuery> parse_queue_query(const QueryParams& params);

// The page size a limit asks for: default 50, clamped to 500; kValidation
// below 1.
QueryResult<std::size_t> page_limit(std::optional<std::int64_t> limit);

// Parses `limit` text as page_limit() wants it (kValidation if not a number).
QueryResult<std::optional<std::int64_t>> parse_limit(std::optional<std::string_view> text);

}  // namespace ticketd::projections
