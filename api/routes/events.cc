// The log for admins: envelopes in log order, paged by position.

#include <charconv>

#include "api/app.h"
#include "api/problem.h"

namespace ticketd::api {
namespace {

constexpr std::size_t kDefaultLimit = 50;
constexpr std::size_t kMaxLimit = 500;

bool number_param(Exchange& ex, const std::string& name, std::uint64_t& out) {
  std::optional<std::string> text = query_param(ex.request(), name);
  if (!text) return true;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
  if (ec == std::errc() && end == text->data() + text->size()) return true;
  ex.respond(problem_response(http::status::unprocessable_entity, "validation",
                              name + ": must be a non-negative integer",
                              {{name, "must be a non-negative integer"}}));
  return false;
}

void list_events(App& app, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kStaff)) return;
  std::uint64_t after = 0;
  std::uint64_t limit = kDefaultLimit;
  if (!number_param(*ex, "after", after) || !number_param(*ex, "limit", limit)) return;
  if (query_param(ex->request(), "limit") && limit < 1) {
    return ex->respond(problem_response(http::status::unprocessable_entity, "validation",
                                        "limit: must be at least 1", {{"limit", "must be at least 1"}}));
  }
  limit = std::min<std::uint64_t>(limit, kMaxLimit);
  auto envs = app.store().read_all(after, limit);
  if (!envs) {
    return ex->respond(problem_response(http::status::internal_server_error, "internal", envs.error().message));
  }
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const auto& env : *envs) write_envelope(w, env);
  w.end_array();
  w.member("next_after", envs->empty() ? after : envs->back().position);
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

}  // namespace

void add_event_routes(Router& router, App& app) {
  router.add(http::verb::get, "/admin/v1/events",
             [&app](std::shared_ptr<Exchange> ex, const PathParams&) { list_events(app, std::move(ex)); },
             RouteDoc{"Envelopes in log order after a position", "admin", true, "",
                      R"({"type":"object","properties":{"items":{"type":"array"},"next_after":{"type":"integer"}}})",
                      200, {"after", "limit"}});
}

}  // namespace ticketd::api
