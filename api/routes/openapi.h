#pragma once
// The OpenAPI 3.1 document of every route in a Router: paths, methods,
// parameters, request and response schemas and error answers, from each
// route's RouteDoc and the named schemas of openapi_schemas.h.

#include <string>
#include <string_view>

#include "api/http/router.h"

namespace ticketd::api {

// `server_url` is where clients reach ticketd (--public-url); empty
// leaves the server relative ("/").
std::string openapi_document(const Router& router, std::string_view server_url);

// The error statuses `route` can answer: those of its kind (a credential,
// a path parameter, a body, query parameters) and its own RouteDoc::errors.
std::vector<unsigned> error_statuses(const Route& route);

}  // namespace ticketd::api
