#pragma once
// The listening side of the HTTP server: accepts connections, enforces the
// connection caps (connection_limits.h), closes idle connections early when
// near the cap, and drains gracefully on shutdown.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/http/connection_limits.h"
#include "api/http/exchange.h"
#include "api/http/server_options.h"

namespace ticketd::api {

class HttpSession;

// Owns the acceptor and keeps track of live connections. Thread-safe.
class HttpServer {
 public:
  // Runs on `io`, which any number of threads may run: each connection's
  // handlers are serialized by a strand.
  HttpServer(boost::asio::io_context& io, ServerOptions options, RequestHandler handler,
             ExchangeObserver observer = {});
  // Spreads connections round-robin over `contexts` (the acceptor lives on
  // the first), each of which exactly one thread runs, so a connection's
  // handlers run in order on its thread without a strand. One context per
  // core saves strand hand-offs, the shared scheduler's lock and wake-ups
  // between threads (README, Benchmarks).
  HttpServer(std::vector<boost::asio::io_context*> contexts, ServerOptions options,
             RequestHandler handler, ExchangeObserver observer = {});
  ~HttpServer();

  // Binds and starts accepting. Throws std::system_error when the address
  // cannot be bound (a start-up failure).
  void listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // The bound port (useful with port 0).
  unsigned short port() const { return port_; }
  // Open connections, the reserve's included.
  std::size_t connections() const { return connections_.load(); }
  // The caps and the counts behind them (for /metrics).
  const ConnectionLimits& limits() const { return limits_; }
  // Connections waiting for a next request with nothing of it received (as
  // far as the idle sweep can tell without asking them).
  std::size_t idle_connections() const;

  // Stops accepting and lets every connection finish the requests it has
  // read, then close. The io_context runs out of work once all are done.
  void shutdown();

 private:
  void do_accept();
  void accept(boost::asio::ip::tcp::socket socket);
  void refuse(boost::asio::ip::tcp::socket socket, ConnectionLimits::Admission why);
  // While under pressure, every options_.sweep_interval: closes the
  // connections idle for options_.pressure_idle_time. On the acceptor's
  // executor.
  void maybe_start_sweeping();
  void sweep();
  // The executor of the next connection.
  boost::asio::any_io_executor next_executor();

  std::vector<boost::asio::io_context*> contexts_;
  bool one_thread_each_ = false;  // contexts_ are run by one thread each
  std::size_t next_context_ = 0;  // acceptor only
  ServerOptions options_;
  ConnectionLimits limits_;
  // The 503 answers of refused connections, serialized once.
  std::string refused_address_answer_;
  std::string refused_capacity_answer_;
  std::atomic<std::size_t> lingering_refusals_{0};
  RequestHandler handler_;
  ExchangeObserver observer_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer sweep_timer_;
  bool sweeping_ = false;  // acceptor's executor only
  unsigned short port_ = 0;
  std::atomic<std::size_t> connections_{0};
  std::atomic<bool> stopping_{false};
  mutable std::mutex sessions_mutex_;
  std::list<std::weak_ptr<HttpSession>> sessions_;
};

}  // namespace ticketd::api
