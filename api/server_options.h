#pragma once
// Limits and timeouts of the HTTP server. Defaults follow API.md.

#include <chrono>
#include <cstddef>

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
  // Open connections at most; further ones are answered 503 and closed.
  std::size_t max_connections = 4096;
  // Requests one connection may have read but not yet answered (pipelining);
  // reading pauses at the cap.
  std::size_t pipeline_limit = 16;
};

}  // namespace ticketd::api
