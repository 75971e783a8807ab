#pragma once
// Routing is a table: each resource file adds its routes here (STYLE.md),
// and /openapi.json is generated from the same table.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/exchange.h"

namespace ticketd::api {

// Values captured by `{name}` segments of a route pattern, percent-decoded.
class PathParams {
 public:
  void add(std::string name, std::string value) {
    values_.emplace_back(std::move(name), std::move(value));
  }
  // The captured value, or an empty view when the pattern has no such name.
  std::string_view get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

using RouteHandler = std::function<void(std::shared_ptr<Exchange>, const PathParams&)>;

// A query parameter as /openapi.json describes it.
struct QueryDoc {
  std::string name;
  std::string schema;  // JSON Schema (raw JSON): type, range, enum
  std::string description = {};
};

// What /openapi.json says about a route, kept beside the route itself so the
// two cannot drift apart. The error answers are derived from it
// (openapi.cc: 400 always; 401, 403 and 429 with a credential; 404 with a
// path parameter; 413, 415 and 422 with a body; 422 with query parameters),
// plus `errors` for what only this route answers.
struct RouteDoc {
  // "openTicket": names the call in generated clients; never renamed.
  std::string operation_id = {};
  std::string summary = {};
  std::string tag = {};              // a tag of openapi.cc's list: "Tickets", "Accounts", ...
  bool authenticated = true;         // false for the public routes (security: [])
  std::string request_schema = {};   // JSON Schema of the body (raw JSON), empty if none
  std::string response_schema = {};  // JSON Schema of the success body (raw JSON), empty if none
  unsigned success_status = 200;
  unsigned other_success_status = 0;  // a second success answer with the same body (201), if any
  std::vector<QueryDoc> query = {};
  // The roles that may call the route ("x-roles" in /openapi.json), and
  // whether only platform-wide holders of them may (no tenant scope:
  // "x-platform-only"). Empty for the routes without a token.
  std::vector<std::string> roles = {};
  bool platform_only = false;
  std::vector<unsigned> errors = {};  // statuses beyond the derived ones (409, 412, 503, ...)
  // Request headers the route reads, of openapi.cc's list: "If-Match",
  // "Idempotency-Key", "Last-Event-ID".
  std::vector<std::string> headers = {};
  std::string request_media_type = "application/json";
  // More media types the body may have, each with its schema (raw JSON).
  std::vector<std::pair<std::string, std::string>> other_request_media_types = {};
  std::string response_media_type = "application/json";
  std::string request_example = {};   // raw JSON, valid against request_schema
  std::string response_example = {};  // raw JSON, valid against response_schema
  std::string description = {};       // longer prose, when the summary is not enough
};

struct Route {
  http::verb method;
  std::string pattern;  // "/admin/v1/tickets/{id}/messages"
  RouteHandler handler;
  RouteDoc doc;
  // The handler reads the body as a stream (Exchange::request_body).
  bool streams_body = false;
};

// Immutable once the server runs; lookups are thread-safe.
class Router {
 public:
  void add(http::verb method, std::string pattern, RouteHandler handler, RouteDoc doc);
  // A route whose handler reads the body as a stream (an upload): the
  // server hands it the request with its header alone.
  void add_streaming(http::verb method, std::string pattern, RouteHandler handler, RouteDoc doc);
  // Whether the request with this method and target goes to such a route
  // (ServerOptions::streams_body).
  bool streams_body(http::verb method, std::string_view target) const;

  // Runs the matching route, or the fallback for a path no route has, or
  // answers 404 (no such path) or 405 with an `Allow` header (path exists,
  // method does not).
  void dispatch(std::shared_ptr<Exchange> exchange) const;

  const std::vector<Route>& routes() const { return routes_; }

  // What answers a path no route has (the web console's pages and files);
  // without one such a path is 404. Not part of /openapi.json.
  void set_fallback(RouteHandler fallback) { fallback_ = std::move(fallback); }

 private:
  std::vector<Route> routes_;
  std::vector<std::pair<http::verb, std::string>> streaming_;  // checked per request header
  RouteHandler fallback_;
};

// The name (decoded where it can be) of the first parameter of `query`
// (what follows '?') with a malformed percent-escape or a character RFC 3986
// does not allow in a query; nullopt when the whole query is well-formed.
std::optional<std::string> malformed_query_parameter(std::string_view query);

// Splits "/a/b?x=1" into its path "/a/b" (without query).
std::string_view path_of(std::string_view target);
// Whether `path` matches `pattern`, filling `params` on success.
bool match_route(std::string_view pattern, std::string_view path, PathParams& params);

}  // namespace ticketd::api
