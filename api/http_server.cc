#include "api/http_server.h"

#include <boost/asio/strand.hpp>

#include "api/http_session.h"
#include "api/problem.h"

namespace ticketd::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpServer::HttpServer(net::io_context& io, ServerOptions options, RequestHandler handler,
                       ExchangeObserver observer)
    : contexts_{&io},
      options_(options),
      handler_(std::move(handler)),
      observer_(std::move(observer)),
      acceptor_(net::make_strand(io)) {}

HttpServer::HttpServer(std::vector<net::io_context*> contexts, ServerOptions options,
                       RequestHandler handler, ExchangeObserver observer)
    : contexts_(std::move(contexts)),
      one_thread_each_(true),
      options_(options),
      handler_(std::move(handler)),
      observer_(std::move(observer)),
      acceptor_(net::make_strand(*contexts_.at(0))) {}

net::any_io_executor HttpServer::next_executor() {
  if (!one_thread_each_) return net::make_strand(*contexts_.front());
  net::io_context& io = *contexts_[next_context_];
  next_context_ = (next_context_ + 1) % contexts_.size();
  return io.get_executor();
}

HttpServer::~HttpServer() = default;

void HttpServer::listen(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  do_accept();
}

void HttpServer::do_accept() {
  acceptor_.async_accept(next_executor(), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || stopping_.load()) return;
    if (!ec) {
      if (connections_.load() >= options_.max_connections) {
        // Over the cap: a short, honest answer instead of a silent reset.
        Response response = problem_response(http::status::service_unavailable, "overloaded",
                                             "Too many open connections; try again shortly.");
        response.set(http::field::retry_after, "1");
        response.keep_alive(false);
        response.prepare_payload();
        beast::error_code write_ec;
        http::write(socket, response, write_ec);
        socket.shutdown(tcp::socket::shutdown_both, write_ec);
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        connections_.fetch_add(1);
        auto session = std::make_shared<HttpSession>(
            beast::tcp_stream(std::move(socket)), options_, handler_, observer_,
            [this] { connections_.fetch_sub(1); });
        {
          std::lock_guard lock(sessions_mutex_);
          sessions_.remove_if([](const auto& weak) { return weak.expired(); });
          sessions_.push_back(session);
        }
        session->start();
      }
    }
    do_accept();
  });
}

void HttpServer::shutdown() {
  stopping_.store(true);
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  std::lock_guard lock(sessions_mutex_);
  for (auto& weak : sessions_) {
    if (auto session = weak.lock()) session->drain();
  }
  sessions_.clear();
}

}  // namespace ticketd::api
