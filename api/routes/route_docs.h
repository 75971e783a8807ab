#pragma once
// Pieces of RouteDoc that many routes share: references to the named
// schemas (openapi_schemas.h) and the query parameters of lists.

#include <string>
#include <string_view>

#include "api/http/router.h"

namespace ticketd::api::docs {

// {"$ref":"#/components/schemas/<name>"}
inline std::string ref(std::string_view name) {
  return R"({"$ref":"#/components/schemas/)" + std::string(name) + R"("})";
}

inline QueryDoc limit() {
  return {"limit", R"({"type":"integer","minimum":1,"default":50})",
          "Page size; above 500 a page has 500"};
}
inline QueryDoc cursor() {
  return {"cursor", R"({"type":"string"})", "The previous page's next_cursor"};
}
inline QueryDoc min_position() {
  return {"min_position", R"({"type":"integer","minimum":0})",
          "Answer only once the views have applied this log position (a command's "
          "X-Log-Position): reads your own writes; 503 after --read-wait-ms"};
}
inline QueryDoc tenant(std::string description) {
  return {"tenant", R"({"type":"string"})", std::move(description)};
}
inline QueryDoc instant(std::string name, std::string description) {
  return {std::move(name), R"({"type":"string","format":"date-time"})", std::move(description)};
}
inline QueryDoc ticket_status() {
  return {"status", ref("TicketStatus"), "Only tickets in this status"};
}
inline QueryDoc after() {
  return {"after", R"({"type":"integer","minimum":0,"default":0})",
          "Log position to continue after (the previous page's next_after)"};
}

// A command on one ticket: it answers the ticket (with ETag and
// X-Log-Position), refuses what the workflow does not allow (409) and a
// stale If-Match (412), and takes an Idempotency-Key.
inline RouteDoc ticket_command(std::string operation_id, std::string summary, std::string tag,
                               std::string request_schema, std::string request_example = {}) {
  return RouteDoc{.operation_id = std::move(operation_id),
                  .summary = std::move(summary),
                  .tag = std::move(tag),
                  .request_schema = std::move(request_schema),
                  .response_schema = ref("Ticket"),
                  .errors = {409, 412},
                  .headers = {"If-Match", "Idempotency-Key"},
                  .request_example = std::move(request_example)};
}

}  // namespace ticketd::api::docs
