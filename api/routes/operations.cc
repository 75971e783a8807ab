// Operations, without a token: /healthz, /metrics (Prometheus text) and
// /openapi.json (generated from the route table itself).

#include "api/routes/app.h"
#include "api/routes/openapi.h"
#include "api/routes/request_metrics.h"
#include "api/routes/route_docs.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

void healthz(App& app, std::shared_ptr<Exchange> ex) {
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("status", "ok");
  w.member("log_position", app.store().head());
  w.key("projections");
  w.begin_object();
  for (const auto& s : app.projections().runtime().status()) w.member(s.name, s.position);
  w.end_object();
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

}  // namespace

void add_operations_routes(Router& router, App& app, const RequestMetrics& metrics) {
  router.add(
      http::verb::get, "/healthz",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) { healthz(app, std::move(ex)); },
      RouteDoc{.operation_id = "getHealth",
               .summary = "Liveness, log head and projection positions",
               .tag = "Operations",
               .authenticated = false,
               .response_schema = docs::ref("Health")});
  router.add(
      http::verb::get, "/metrics",
      [&app, &metrics](std::shared_ptr<Exchange> ex, const PathParams&) {
        Response r{http::status::ok, 11};
        r.set(http::field::content_type, "text/plain; version=0.0.4");
        r.body() = metrics.prometheus(app);
        r.prepare_payload();
        ex->respond(std::move(r));
      },
      RouteDoc{.operation_id = "getPrometheusMetrics",
               .summary = "Prometheus metrics",
               .tag = "Operations",
               .authenticated = false,
               .response_schema =
                   R"({"type":"string","description":"The Prometheus text format, version 0.0.4"})",
               .response_media_type = "text/plain"});
  router.add(
      http::verb::get, "/openapi.json",
      [&app, &router](std::shared_ptr<Exchange> ex, const PathParams&) {
        ex->respond(json_response(http::status::ok, openapi_document(router, app.public_url())));
      },
      RouteDoc{.operation_id = "getOpenApiDocument",
               .summary = "This API as OpenAPI 3.1",
               .tag = "Operations",
               .authenticated = false,
               .response_schema = R"({"type":"object","description":"This document"})"});
}

}  // namespace ticketd::api
