#pragma once
// Limits and timeouts of the HTTP server. Defaults follow API.md.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/http/http_types.h"

namespace ticketd::api {

struct ServerOptions {
  // Largest request header block; larger answers 431 and closes.
  std::size_t header_limit = 8 * 1024;
  // Largest request body; larger answers 413 and closes.
  std::size_t body_limit = 1024 * 1024;
  // Time a client has to send one whole request (also the keep-alive idle
  // time between requests): a slow-loris client is cut off after it.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};
  // Time a client has to take one whole response.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  // Open connections at most; further ones are answered 503 and closed
  // (except those the reserve below takes).
  std::size_t max_connections = 4096;
  // Open connections one client address may hold (IPv4-mapped IPv6 counts as
  // its IPv4 address), so that one client cannot lock everyone else out;
  // further ones are answered 503 and closed. 0: an eighth of
  // max_connections. Clients behind one NAT or proxy share it: raise it
  // (up to max_connections, which turns it off) for such deployments.
  std::size_t max_connections_per_address = 0;
  // Connections accepted beyond max_connections for operational requests:
  // each is served one request, only for a path in reserve_paths (other
  // requests get 503), and has reserve_read_timeout to send it. So a health
  // check still answers while the cap is full.
  std::size_t reserve_connections = 16;
  std::chrono::milliseconds reserve_read_timeout{std::chrono::seconds(2)};
  std::vector<std::string> reserve_paths = {"/healthz", "/metrics"};
  // At or above this many open connections (0: seven eighths of
  // max_connections) the server is under pressure: every sweep_interval it
  // closes the connections that have waited longer than pressure_idle_time
  // for a next request of which no byte has come.
  std::size_t high_water_connections = 0;
  std::chrono::milliseconds pressure_idle_time{std::chrono::seconds(2)};
  std::chrono::milliseconds sweep_interval{std::chrono::milliseconds(500)};
  // Requests one connection may have read but not yet answered (pipelining);
  // reading pauses at the cap.
  std::size_t pipeline_limit = 16;
  // Whether a request's body is read as a stream by its handler
  // (Exchange::request_body: uploads) rather than whole, within body_limit,
  // before the handler runs. Called with the request's header; unset: none.
  std::function<bool(const http::request_header<>&)> streams_body;
  // A streamed body: the most bytes the server reads of one (its handler
  // has its own, smaller limits), each piece within read_timeout, the whole
  // within streamed_body_timeout.
  std::uint64_t streamed_body_limit = std::uint64_t{1} << 32;
  std::chrono::milliseconds streamed_body_timeout{std::chrono::minutes(30)};
};

}  // namespace ticketd::api
