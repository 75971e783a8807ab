#pragma once
// The HTTP vocabulary shared by the server core, the router and the routes.

#include <boost/beast/http.hpp>

namespace ticketd::api {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

}  // namespace ticketd::api
