// Reads: ticket lists (queue and tenant views), ticket detail and history,
// metrics and agent workload. Lists and metrics come from the projections
// (honouring min_position); detail and history fold the ticket's stream.

#include <map>

#include "api/commands/accounts.h"
#include "api/http/problem.h"
#include "api/routes/app.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "api/views/ticket_history.h"
#include "api/views/ticket_json.h"
#include "domain/decide.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"
#include "projections/metrics_report.h"
#include "projections/tenant_query.h"

namespace ticketd::api {

// The ticket {id} as `actor` may see it, folded from its stream; answers
// 404 itself when it does not exist or is not visible.
std::shared_ptr<const CommandPath::Loaded> visible_ticket(App& app, Exchange& ex,
                                                          const PathParams& p,
                                                          const domain::Actor& actor) {
  const std::string id = app.resolve_ticket(p.get("id"));
  if (id.empty()) {
    ex.respond(ticket_not_found());
    return nullptr;
  }
  auto loaded = app.commands().load_latest(id);
  if (!loaded) {
    ex.fail(loaded.error());
    return nullptr;
  }
  if (!(*loaded)->state.exists || !domain::visible_to((*loaded)->state, actor)) {
    ex.respond(ticket_not_found());
    return nullptr;
  }
  return std::move(*loaded);
}

namespace {

// The request's query parameters (percent-decoded, parsed once), as the
// views' parsers want them.
class Params {
 public:
  explicit Params(const Request& request) : values_(query_params(request)) {}
  projections::QueryParams lookup() const {
    return [this](std::string_view name) -> std::optional<std::string_view> {
      auto it = values_.find(name);
      if (it == values_.end()) return std::nullopt;
      return std::string_view(it->second);
    };
  }
  std::optional<std::string> get(std::string_view name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

Response query_problem(const projections::QueryError& e) {
  Response r = problem_response(projections::to_domain_error(e));
  if (e.code == projections::QueryErrorCode::kNotReady) r.set(http::field::retry_after, "1");
  return r;
}

// The opening of a page's answer, which query_json appends the items to.
constexpr std::string_view kPageOpening = "{\"items\":";

// Closes the answer `page` holds (kPageOpening and the items array).
Response page_response(projections::TicketPageJson& page) {
  std::string out = std::move(page.items);
  out.append(",\"next_cursor\":");
  domain::JsonWriter(out).value(page.next_cursor);
  out.push_back('}');
  Response r = json_response(http::status::ok, std::move(out));
  r.set("X-Log-Position", std::to_string(page.position));
  return r;
}

// A from/to/as_of parameter: an RFC 3339 instant, or (when `date_ok`) a
// date meaning its midnight UTC. False after answering 422.
bool time_param(Exchange& ex, const Params& params, const std::string& name, bool date_ok,
                std::optional<domain::Instant>& out) {
  std::optional<std::string> text = params.get(name);
  if (!text) return true;
  if (auto t = domain::parse_instant(*text)) {
    out = *t;
    return true;
  }
  if (date_ok) {
    if (auto d = domain::parse_date(*text)) {
      out = domain::Instant(*d);
      return true;
    }
  }
  ex.respond(problem_response(domain::ErrorCode::kValidation,
                              name + ": must be an RFC 3339 instant",
                              {{name, "must be an RFC 3339 instant"}}));
  return false;
}

void list_queue(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  app.after_min_position(ex, [&app, ex, scope = std::move(actor->scope)]() mutable {
    Params params(ex->request());
    auto query = projections::parse_queue_query(params.lookup());
    if (!query) return ex->respond(query_problem(query.error()));
    query->scope = std::move(scope);  // a scoped caller's tenants only
    auto page = app.projections().queue().query_json(*query, std::string(kPageOpening));
    if (!page) return ex->respond(query_problem(page.error()));
    ex->respond(page_response(*page));
  });
}

void list_tenant(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kCustomer);
  if (!actor) return;
  app.after_min_position(ex, [&app, ex, caller = *actor] {
    Params params(ex->request());
    auto query = projections::parse_tenant_query(params.lookup(), caller);
    if (!query) return ex->respond(query_problem(query.error()));
    auto page = app.projections().tenant().query_json(*query, std::string(kPageOpening));
    if (!page) return ex->respond(query_problem(page.error()));
    ex->respond(page_response(*page));
  });
}

void detail(App& app, std::shared_ptr<Exchange> ex, const PathParams& p, Audience audience) {
  auto actor = app.authorize(*ex, audience);
  if (!actor) return;
  app.after_min_position(ex, [&app, ex, p, actor = *actor] {
    auto loaded = visible_ticket(app, *ex, p, actor);
    if (!loaded) return;
    Response r = json_response(http::status::ok, ticket_json(loaded->state, actor));
    r.set(http::field::etag, "\"" + std::to_string(loaded->state.version) + "\"");
    r.set("X-Log-Position", std::to_string(loaded->position));
    ex->respond(std::move(r));
  });
}

void history(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  Params params(ex->request());
  HistoryPoint point;
  if (!time_param(*ex, params, "as_of", false, point.as_of)) return;
  auto loaded = visible_ticket(app, *ex, p, *actor);
  if (!loaded) return;
  auto history = load_ticket_history(app.store(), loaded->state.id, point);
  if (!history) {
    return ex->fail(history.error());
  }
  std::string out;
  domain::JsonWriter w(out);
  write_ticket_history(w, *history, *actor);
  ex->respond(json_response(http::status::ok, std::move(out)));
}

void metrics(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kStaff);
  if (!actor) return;
  app.after_min_position(ex, [&app, ex, scope = std::move(actor->scope)]() mutable {
    Params params(ex->request());
    projections::MetricsQuery query;
    query.tenant = params.get("tenant");
    // A scoped caller's tenants only; another tenant counts as unknown.
    query.scope = std::move(scope);
    if (!time_param(*ex, params, "from", true, query.from) ||
        !time_param(*ex, params, "to", true, query.to)) {
      return;
    }
    auto report = app.projections().metrics().report(query);
    if (!report) return ex->respond(query_problem(report.error()));
    std::string out;
    domain::JsonWriter w(out);
    projections::write_metrics_json(w, *report);
    ex->respond(json_response(http::status::ok, std::move(out)));
  });
}

// The name an agent id goes by: its account's, or else the holder name of
// its live API token; empty when neither names it.
std::string agent_name(App& app, std::string_view id) {
  if (People* people = app.people()) {
    if (std::optional<domain::Account> a = people->accounts.account(id)) return a->name;
  }
  for (const TokenInfo& t : app.directory().tokens_of(id)) {
    if (!t.actor.name.empty()) return t.actor.name;
  }
  return {};
}

// Workload counts every tenant's tickets (it is not kept per tenant), so
// it is for platform staff.
void agents(App& app, std::shared_ptr<Exchange> ex) {
  if (!app.authorize(*ex, Audience::kPlatformStaff)) return;
  app.after_min_position(ex, [&app, ex] {
    Params params(ex->request());
    projections::AgentsQuery query;
    if (!time_param(*ex, params, "from", true, query.from) ||
        !time_param(*ex, params, "to", true, query.to)) {
      return;
    }
    query.cursor = params.get("cursor").value_or("");
    auto limit = projections::parse_limit(params.lookup()("limit"));
    if (!limit) return ex->respond(query_problem(limit.error()));
    query.limit = *limit;
    auto page = app.projections().metrics().agents(query);
    if (!page) return ex->respond(query_problem(page.error()));
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.key("items");
    w.begin_array();
    for (const auto& agent : page->items) {
      w.begin_object();
      projections::write_agent_members(w, agent);
      const std::string name = agent_name(app, agent.agent);
      w.key("name");
      name.empty() ? w.value(nullptr) : w.value(name);
      // The agent's auto-assign setting (PUT /admin/v1/agents/{id}), null
      // for an agent never configured (no auto-assigned tickets).
      w.key("auto_assign");
      if (std::optional<Agent> a = app.directory().agent(agent.agent)) {
        w.begin_object();
        write_agent_setting(w, *a);
        w.end_object();
      } else {
        w.value(nullptr);
      }
      w.end_object();
    }
    w.end_array();
    w.member("next_cursor", page->next_cursor);
    w.end_object();
    ex->respond(json_response(http::status::ok, std::move(out)));
  });
}

// An instant or a date (from/to of reports).
QueryDoc date_or_instant(std::string name, std::string description) {
  return {std::move(name),
          R"({"anyOf":[{"type":"string","format":"date-time"},{"type":"string","format":"date"}]})",
          std::move(description)};
}

}  // namespace

void add_ticket_query_routes(Router& router, App& app) {
  router.add(
      http::verb::get, "/v1/tickets",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { list_tenant(app, std::move(ex)); },
      with_audience(RouteDoc{.operation_id = "listMyTickets",
                             .summary = "The caller's visible tickets, newest first",
                             .tag = "Portal",
                             .response_schema = docs::ref("TicketPage"),
                             .query = {docs::ticket_status(), docs::cursor(), docs::limit(),
                                       docs::min_position()},
                             .errors = {503}},
                    Audience::kCustomer));
  router.add(
      http::verb::get, "/v1/tickets/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        detail(app, std::move(ex), p, Audience::kCustomer);
      },
      with_audience(RouteDoc{.operation_id = "getMyTicket",
                             .summary = "A ticket with its public messages",
                             .tag = "Portal",
                             .response_schema = docs::ref("Ticket"),
                             .query = {docs::min_position()},
                             .errors = {503}},
                    Audience::kCustomer));
  router.add(
      http::verb::get, "/admin/v1/tickets",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { list_queue(app, std::move(ex)); },
      with_audience(
          RouteDoc{
              .operation_id = "listQueue",
              .summary = "The queue: filters, sorts, cursor paging",
              .tag = "Tickets",
              .response_schema = docs::ref("TicketPage"),
              .query =
                  {docs::ticket_status(),
                   {"priority", docs::ref("Priority"), "Only tickets of this priority"},
                   docs::tenant("Only this tenant's tickets"),
                   {"assignee", R"({"type":"string"})",
                    "Only tickets assigned to this agent; none for unassigned ones"},
                   {"category", docs::ref("Category"), "Only tickets of this category"},
                   {"tag", R"({"type":"string"})", "Only tickets with this tag"},
                   {"escalated", R"({"type":"boolean"})", "Only (un)escalated tickets"},
                   {"breached", R"({"type":"boolean"})",
                    "Only tickets whose SLA is (not) breached"},
                   {"q", R"({"type":"string"})", "Words the subject contains"},
                   {"sort",
                    R"({"type":"string","enum":["created","-created","updated","-updated","priority","-priority","due","-due"],"default":"-created"})",
                    "The order; a leading - reverses it"},
                   docs::cursor(),
                   docs::limit(),
                   docs::min_position()},
              .errors = {503},
              .response_example =
                  R"({"items":[{"id":"t5d2c1f0e9a8b7c6d5e4f","number":42,"key":"acme-42","tenant":"acme","subject":"Printer on fire","status":"open","priority":"urgent","category":"technical","tags":["hardware"],"requester":{"id":"ann@example.com","email":"ann@example.com","name":"Ann Lee"},"assignee":null,"escalation_level":0,"created_at":"2026-12-04T09:12:03.120Z","updated_at":"2026-12-04T09:12:03.120Z","first_response_at":null,"resolved_at":null,"closed_at":null,"sla":{"first_response_due":"2026-12-04T11:12:03.120Z","resolution_due":"2026-12-04T13:12:03.120Z","first_response_breached":false,"resolution_breached":false,"paused":false},"message_count":1,"version":2,"merged_into":null,"follow_up_of":null}],"next_cursor":null})"},
          Audience::kStaff));
  router.add(
      http::verb::get, "/admin/v1/tickets/{id}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        detail(app, std::move(ex), p, Audience::kStaff);
      },
      with_audience(RouteDoc{.operation_id = "getTicket",
                             .summary = "A ticket with all messages",
                             .tag = "Tickets",
                             .response_schema = docs::ref("Ticket"),
                             .query = {docs::min_position()},
                             .errors = {503}},
                    Audience::kStaff));
  router.add(
      http::verb::get, "/admin/v1/tickets/{id}/history",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) { history(app, std::move(ex), p); },
      with_audience(
          RouteDoc{
              .operation_id = "getTicketHistory",
              .summary = "The ticket as of an instant and its events up to it",
              .tag = "Tickets",
              .response_schema = docs::ref("TicketHistory"),
              .query = {docs::instant("as_of", "The instant to see the ticket at; now if absent"),
                        docs::min_position()},
              .errors = {503}},
          Audience::kStaff));
  router.add(
      http::verb::get, "/admin/v1/metrics",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { metrics(app, std::move(ex)); },
      with_audience(
          RouteDoc{.operation_id = "getMetrics",
                   .summary = "Counts, daily figures, percentiles, SLA compliance, satisfaction",
                   .tag = "Reports",
                   .response_schema = docs::ref("Metrics"),
                   .query = {docs::tenant("Only this tenant's figures"),
                             date_or_instant("from", "Start of the period (inclusive)"),
                             date_or_instant("to", "End of the period (exclusive)"),
                             docs::min_position()},
                   .errors = {503}},
          Audience::kStaff));
  router.add(
      http::verb::get, "/admin/v1/agents",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { agents(app, std::move(ex)); },
      with_audience(RouteDoc{.operation_id = "listAgentWorkload",
                             .summary = "Per-agent workload",
                             .tag = "Reports",
                             .response_schema = docs::ref("AgentPage"),
                             .query = {date_or_instant("from", "Start of the period (inclusive)"),
                                       date_or_instant("to", "End of the period (exclusive)"),
                                       docs::cursor(), docs::limit(), docs::min_position()},
                             .errors = {503}},
                    Audience::kPlatformStaff));
}

}  // namespace ticketd::api
