#pragma once
// What the command routes share: reading the ticket reference, If-Match,
// enum fields, and turning a parsed body into a CommandRequest.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "api/http/json_body.h"
#include "api/http/problem.h"
#include "api/routes/app.h"
#include "api/routes/attachment_support.h"

namespace ticketd::api {

// Parses `field` of `body` as an enum with `parse`; a field error when the
// value is unknown.
template <class Parse>
auto enum_field(JsonBody& body, std::string_view field, Parse parse, bool required = false)
    -> decltype(parse(std::string_view())) {
  std::optional<std::string> text = body.string(field, required);
  if (!text) return std::nullopt;
  auto value = parse(*text);
  if (!value) body.fail(std::string(field), "unknown value \"" + *text + "\"");
  return value;
}

// An Answer (stream_aggregate.h) that answers the exchange: the problem for
// an error, else `respond(value)` (`respond()` for a Result<void>).
template <class T, class Respond>
Answer<T> answer_with(std::shared_ptr<Exchange> exchange, Respond respond) {
  return [exchange = std::move(exchange), respond = std::move(respond)](domain::Result<T> r) {
    if (!r) return exchange->fail(r.error());
    if constexpr (std::is_void_v<T>) {
      exchange->respond(respond());
    } else {
      exchange->respond(respond(*r));
    }
  };
}

// Reads the body (or answers the problem) for a command route.
inline std::unique_ptr<JsonBody> command_body(Exchange& exchange, bool allow_empty = false) {
  Response problem;
  std::unique_ptr<JsonBody> body = JsonBody::parse(exchange.request(), problem, allow_empty);
  if (!body) exchange.respond(std::move(problem));
  return body;
}

// Answers 422 with the body's field errors when there are any.
inline bool fields_ok(Exchange& exchange, const JsonBody& body) {
  if (body.ok()) return true;
  exchange.fail(body.error());
  return false;
}

// The If-Match version ("5", quoted or not); a header that is no version
// can never match, so it is reported as a mismatch (version 0 never exists
// for an existing ticket).
inline std::optional<std::uint64_t> if_match(const Request& request) {
  std::string_view v = request[http::field::if_match];
  if (v.empty()) return std::nullopt;
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > UINT64_MAX / 10) return std::uint64_t{0};
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v.empty() ? 0 : n;
}

// Builds the request for the ticket named by path parameter "id" and runs
// it; answers 404 when no ticket has that id or key.
inline std::optional<CommandRequest> ticket_request(App& app, Exchange& exchange,
                                                    const PathParams& params, domain::Actor actor,
                                                    domain::Command command) {
  std::string id = app.resolve_ticket(params.get("id"));
  if (id.empty()) {
    exchange.respond(ticket_not_found());
    return std::nullopt;
  }
  CommandRequest request;
  request.ticket_id = std::move(id);
  request.command = std::move(command);
  request.actor = std::move(actor);
  request.if_match = if_match(exchange.request());
  return request;
}

inline void run_ticket_command(App& app, std::shared_ptr<Exchange> exchange,
                               const PathParams& params, domain::Actor actor,
                               domain::Command command, std::string_view location_prefix) {
  auto request = ticket_request(app, *exchange, params, std::move(actor), std::move(command));
  if (request) app.run_command(std::move(exchange), std::move(*request), location_prefix);
}

// The ticket {id} as `actor` may see it, folded from its stream; answers
// 404 itself when it does not exist or is not visible (ticket_queries.cc).
std::shared_ptr<const CommandPath::Loaded> visible_ticket(App& app, Exchange& ex,
                                                          const PathParams& p,
                                                          const domain::Actor& actor);

// A new message id.
std::string new_message_id();

// Opens `open` (fields already read) as a new ticket with fresh ids and
// answers 201 with its Location under `location_prefix`.
inline void run_open_ticket(App& app, std::shared_ptr<Exchange> exchange, domain::Actor actor,
                            domain::OpenTicket open, std::string_view location_prefix,
                            std::vector<std::string> attachment_ids = {}) {
  open.ticket_id = new_ticket_id();
  open.first_message_id = new_message_id();
  CommandRequest request;
  request.ticket_id = open.ticket_id;
  request.command = std::move(open);
  request.actor = std::move(actor);
  run_with_attachments(app, std::move(exchange), std::move(attachment_ids), std::move(request),
                       location_prefix);
}

}  // namespace ticketd::api
