#pragma once
// The OpenAPI 3.1 document of every route in a Router: paths, methods,
// parameters, request and response schemas from each route's RouteDoc.

#include <string>
#include <string_view>
#include <vector>

#include "api/http/router.h"

namespace ticketd::api {

std::string openapi_document(const Router& router);

}  // namespace ticketd::api
