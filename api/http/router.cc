#include "api/http/router.h"

#include "api/http/problem.h"
#include "domain/hex.h"

namespace ticketd::api {
namespace {

// Percent-decodes one path segment; false when an escape is malformed.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = domain::hex_digit_value(in[i + 1]);
    const int lo = domain::hex_digit_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

// Next "/"-separated segment of `s` starting at `pos` (which points past a '/').
std::string_view next_segment(std::string_view s, std::size_t& pos) {
  const std::size_t end = s.find('/', pos);
  std::string_view segment = s.substr(pos, end == std::string_view::npos ? s.npos : end - pos);
  pos = end == std::string_view::npos ? s.size() + 1 : end + 1;
  return segment;
}

// RFC 3986 query characters besides '%': unreserved, sub-delims, ':', '@',
// '/' and '?'.
bool query_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
    case '?':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> malformed_query_parameter(std::string_view query) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    for (std::size_t i = 0; i < param.size(); ++i) {
      const bool escape_ok = param[i] == '%' && i + 2 < param.size() &&
                             domain::hex_digit_value(param[i + 1]) >= 0 &&
                             domain::hex_digit_value(param[i + 2]) >= 0;
      if (param[i] == '%' ? !escape_ok : !query_char(param[i])) {
        const std::string_view name = param.substr(0, param.find('='));
        std::string decoded;
        return percent_decode(name, decoded) ? decoded : std::string(name);
      }
      if (param[i] == '%') i += 2;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::string_view PathParams::get(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  return {};
}

std::string_view path_of(std::string_view target) {
  const std::size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

namespace {

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether `path` has the segments `pattern` asks for (literal ones equal,
// parameters non-empty), without decoding anything: most routes a request
// is tried against fail here, before any allocation.
bool same_shape(std::string_view pattern, std::string_view path) {
  std::size_t p = 1;
  std::size_t q = 1;
  while (p <= pattern.size() && q <= path.size()) {
    const std::string_view want = next_segment(pattern, p);
    const std::string_view have = next_segment(path, q);
    if (is_param(want) ? have.empty() : want != have) return false;
  }
  return p > pattern.size() && q > path.size();
}

}  // namespace

bool match_route(std::string_view pattern, std::string_view path, PathParams& params) {
  if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
  if (!same_shape(pattern, path)) return false;
  std::size_t p = 1;
  std::size_t q = 1;
  std::string decoded;
  while (p <= pattern.size() && q <= path.size()) {
    const std::string_view want = next_segment(pattern, p);
    const std::string_view have = next_segment(path, q);
    if (is_param(want)) {
      if (have.empty() || !percent_decode(have, decoded)) return false;
      params.add(std::string(want.substr(1, want.size() - 2)), decoded);
    } else if (want != have) {
      return false;
    }
  }
  return p > pattern.size() && q > path.size();
}

void Router::add(http::verb method, std::string pattern, RouteHandler handler, RouteDoc doc) {
  routes_.push_back(Route{method, std::move(pattern), std::move(handler), std::move(doc)});
}

void Router::add_streaming(http::verb method, std::string pattern, RouteHandler handler,
                           RouteDoc doc) {
  streaming_.emplace_back(method, pattern);
  routes_.push_back(Route{method, std::move(pattern), std::move(handler), std::move(doc), true});
}

bool Router::streams_body(http::verb method, std::string_view target) const {
  const std::string_view path = path_of(target);
  for (const auto& [route_method, pattern] : streaming_) {
    PathParams params;
    if (route_method == method && match_route(pattern, path, params)) return true;
  }
  return false;
}

void Router::dispatch(std::shared_ptr<Exchange> exchange) const {
  const std::string_view target = exchange->request().target();
  const std::string_view path = path_of(target);
  if (path.size() < target.size()) {
    // A query that cannot be decoded would otherwise lose every parameter
    // (query_param() finds none) and be served as if unfiltered.
    if (std::optional<std::string> bad =
            malformed_query_parameter(target.substr(path.size() + 1))) {
      exchange->set_route("-");
      const std::string message =
          "has a malformed percent-escape or a character not allowed in a query";
      exchange->respond(problem_response(domain::ErrorCode::kMalformedQuery,
                                         "The query string cannot be decoded: " +
                                             (bad->empty() ? std::string("a parameter") : *bad) +
                                             " " + message + ".",
                                         {{*bad, message}}));
      return;
    }
  }
  std::string allow;
  for (const Route& route : routes_) {
    PathParams params;
    if (!match_route(route.pattern, path, params)) continue;
    if (route.method == exchange->request().method()) {
      exchange->set_route(route.pattern);
      route.handler(std::move(exchange), params);
      return;
    }
    if (!allow.empty()) allow += ", ";
    allow += std::string(http::to_string(route.method));
  }
  if (allow.empty() && fallback_) {
    exchange->set_route("console");
    fallback_(std::move(exchange), PathParams());
    return;
  }
  if (allow.empty()) {
    exchange->set_route("-");
    exchange->respond(problem_response(domain::ErrorCode::kNotFound, "No such resource."));
    return;
  }
  exchange->set_route("-");
  Response response = problem_response(domain::ErrorCode::kMethodNotAllowed,
                                       "This resource does not support that method.");
  response.set(http::field::allow, allow);
  exchange->respond(std::move(response));
}

}  // namespace ticketd::api
