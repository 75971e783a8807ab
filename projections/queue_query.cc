#include "projections/queue_query.h"

#include <charconv>

namespace ticketd::projections {
namespace {

QueryError invalid(std::string field, std::string message) {
  return query_error(QueryErrorCode::kValidation, std::move(field), std::move(message));
}

template <class E>
QueryResult<std::optional<E>> parse_enum(const QueryParams& params, std::string_view name,
                                         std::optional<E> (*parse)(std::string_view)) {
  const std::optional<std::string_view> text = params(name);
  if (!text) return std::optional<E>();
  const std::optional<E> value = parse(*text);
  if (!value) {
    return invalid(std::string(name),
                   "unknown " + std::string(name) + " \"" + std::string(*text) + "\"");
  }
  return value;
}

QueryResult<std::optional<bool>> parse_bool(const QueryParams& params, std::string_view name) {
  const std::optional<std::string_view> text = params(name);
  if (!text) return std::optional<bool>();
  if (*text == "true") return std::optional<bool>(true);
  if (*text == "false") return std::optional<bool>(false);
  return invalid(std::string(name), std::string(name) + " must be true or false");
}

std::optional<std::string> text_param(const QueryParams& params, std::string_view name) {
  const std::optional<std::string_view> text = params(name);
  if (!text) return std::nullopt;
  return std::string(*text);
}

}  // namespace

std::optional<QueueSort> parse_queue_sort(std::string_view text) {
  QueueSort sort;
  sort.descending = text.starts_with('-');
  if (sort.descending) text.remove_prefix(1);
  if (text == "created") {
    sort.key = QueueSortKey::kCreated;
  } else if (text == "updated") {
    sort.key = QueueSortKey::kUpdated;
  } else if (text == "priority") {
    sort.key = QueueSortKey::kPriority;
  } else if (text == "due") {
    sort.key = QueueSortKey::kDue;
  } else {
    return std::nullopt;
  }
  return sort;
}

std::string to_string(QueueSort sort) {
  static constexpr std::string_view kNames[] = {"created", "updated", "priority", "due"};
  return (sort.descending ? "-" : "") + std::string(kNames[static_cast<int>(sort.key)]);
}

QueryResult<std::size_t> page_limit(std::optional<std::int64_t> limit) {
  if (!limit) return static_cast<std::size_t>(kDefaultPageLimit);
  if (*limit < 1) return invalid("limit", "limit must be at least 1");
  return static_cast<std::size_t>(std::min(*limit, kMaxPageLimit));
}

QueryResult<std::optional<std::int64_t>> parse_limit(std::optional<std::string_view> text) {
  if (!text) return std::optional<std::int64_t>();
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec == std::errc::result_out_of_range && ptr == end && !text->starts_with('-')) {
    return std::optional<std::int64_t>(kMaxPageLimit);  // huge: clamped like any big limit
  }
  if (ec != std::errc() || ptr != end) return invalid("limit", "limit must be an integer");
  return std::optional<std::int64_t>(value);
}

QueryResult<QueueQuery> parse_queue_query(const QueryParams& params) {
  QueueQuery query;
  auto status = parse_enum(params, "status", &domain::parse_status);
  if (!status) return status.error();
  query.status = *status;
  auto priority = parse_enum(params, "priority", &domain::parse_priority);
  if (!priority) return priority.error();
  query.priority = *priority;
  auto category = parse_enum(params, "category", &domain::parse_category);
  if (!category) return category.error();
  query.category = *category;
  auto escalated = parse_bool(params, "escalated");
  if (!escalated) return escalated.error();
  query.escalated = *escalated;
  auto breached = parse_bool(params, "breached");
  if (!breached) return breached.error();
  query.breached = *breached;
  query.tenant = text_param(params, "tenant");
  if (std::optional<std::string> assignee = text_param(params, "assignee")) {
    if (*assignee == "none") {
      query.unassigned = true;
    } else {
      query.assignee = std::move(assignee);
    }
  }
  query.tag = text_param(params, "tag");
  query.q = text_param(params, "q").value_or("");
  query.sort = text_param(params, "sort").value_or("");
  query.cursor = text_param(params, "cursor").value_or("");
  auto limit = parse_limit(params("limit"));
  if (!limit) return limit.error();
  query.limit = *limit;
  return query;
}

}  // namespace ticketd::projections
