#pragma once
// The OpenAPI 3.1 document of every route in a Router: paths, methods,
// parameters, request and response schemas from each route's RouteDoc.

#include <string>
#include <string_view>
#include <vector>

#include "api/router.h"

namespace ticketd::api {

std::string openapi_document(const Router& router);

// Every event type the log may hold, with what it records: the ticket
// events of the domain and the directory's own (tenants, tokens).
struct EventTypeDoc {
  std::string_view type;
  std::string_view description;
};
std::vector<EventTypeDoc> event_type_docs();

}  // namespace ticketd::api
