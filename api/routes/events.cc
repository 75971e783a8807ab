// The log for staff: envelopes in log order, paged by position. Scoped
// staff get their tenants' ticket events only (envelope_visible_to).

#include "api/http/problem.h"
#include "api/routes/app.h"
#include "api/routes/route_docs.h"

namespace ticketd::api {
namespace {

// How many envelopes a scoped caller's page reads at most, beyond its
// limit, looking for its own: the request stays bounded however far apart
// they are, and next_after says where to go on.
constexpr std::size_t kScopedScanBudget = 10'000;

// A scoped caller's page: the envelopes it may see after `after`, at most
// `limit`, reading at most limit + kScopedScanBudget; next_after is the
// position read up to (so a page of none still moves on).
void list_scoped_events(App& app, Exchange& ex, const domain::Actor& actor, std::uint64_t after,
                        std::size_t limit) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("items");
  w.begin_array();
  std::size_t items = 0;
  std::size_t read = 0;
  auto scanned = app.store().scan(after, [&](const eventstore::Envelope& env) {
    if (envelope_visible_to(env, actor)) {
      write_envelope(w, env);
      ++items;
    }
    return items < limit && ++read < limit + kScopedScanBudget;
  });
  if (!scanned) {
    return ex.fail(domain::make_error(domain::ErrorCode::kInternal,
                                      "cannot read the log: " + scanned.error().message));
  }
  w.end_array();
  w.member("next_after", *scanned);
  w.end_object();
  ex.respond(json_response(http::status::ok, std::move(out)));
}

void list_events(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  std::uint64_t after = 0;
  if (!uint_param(*ex, "after", 0, kMaxLogPosition, after)) return;
  const std::optional<std::size_t> limit = page_limit_param(*ex);
  if (!limit) return;
  if (!domain::is_platform(*actor)) return list_scoped_events(app, *ex, *actor, after, *limit);
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
      with_audience(RouteDoc{.operation_id = "listEvents",
                             .summary = "Envelopes in log order after a position",
                             .tag = "Events",
                             .response_schema = docs::ref("EventPage"),
                             .query = {docs::after(), docs::limit()}},
                    Audience::kStaff));
}

}  // namespace ticketd::api
