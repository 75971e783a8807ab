// The log for admins: envelopes in log order, paged by position.

#include "api/http/problem.h"
#include "api/routes/app.h"

namespace ticketd::api {
namespace {

void list_events(App& app, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kStaff)) return;
  std::uint64_t after = 0;
  if (!uint_param(*ex, "after", 0, kMaxLogPosition, after)) return;
  const std::optional<std::size_t> limit = page_limit_param(*ex);
  if (!limit) return;
  auto envs = app.store().read_all(after, *limit);
  if (!envs) {
    return ex->fail(domain::make_error(domain::ErrorCode::kInternal,
                                       "cannot read the log: " + envs.error().message));
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
  router.add(
      http::verb::get, "/admin/v1/events",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { list_events(app, std::move(ex)); },
      RouteDoc{
          "Envelopes in log order after a position",
          "admin",
          true,
          "",
          R"({"type":"object","properties":{"items":{"type":"array"},"next_after":{"type":"integer"}}})",
          200,
          {"after", "limit"}});
}

}  // namespace ticketd::api
