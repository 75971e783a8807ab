#include "api/http/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <sstream>

#include "api/http/http_session.h"

namespace ticketd::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// How long a refused connection is read from after its answer, and how many
// may linger at once.
constexpr std::chrono::seconds kRefusalLinger{1};
constexpr std::size_t kMaxLingering = 256;

std::string serialize(const Response& response) {
  std::ostringstream out;
  out << response;
  return out.str();
}

// Answers a connection the server will not serve and closes it, without
// blocking the acceptor on a client that does not read. After the answer it
// sends FIN and reads and drops what the client sends, for kRefusalLinger at
// most: closing a socket with unread bytes (a request sent right after
// connecting) sends a reset, which can destroy the answer before the client
// has read it. Past kMaxLingering lingering refusals, one closes right after
// its answer instead, so a flood cannot pile them up.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket socket, const std::string& answer, std::atomic<std::size_t>& lingering)
      : stream_(std::move(socket)), answer_(answer), lingering_(lingering) {
    linger_ = lingering_.fetch_add(1) < kMaxLingering;
    if (!linger_) lingering_.fetch_sub(1);
  }
  ~Refusal() {
    if (linger_) lingering_.fetch_sub(1);
  }

  // Runs on the socket's executor, like a session.
  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->answer(); });
  }

 private:
  void answer() {
    stream_.expires_after(kRefusalLinger);
    net::async_write(stream_, net::buffer(answer_),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return;
                       self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
                       if (self->linger_) self->drain();
                     });
  }
  void drain() {
    stream_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) self->drain();
                            });
  }

  beast::tcp_stream stream_;
  const std::string& answer_;  // the server's, which outlives its connections
  std::atomic<std::size_t>& lingering_;
  bool linger_ = false;
  char scratch_[1024];
};

}  // namespace

HttpServer::HttpServer(net::io_context& io, ServerOptions options, RequestHandler handler,
                       ExchangeObserver observer)
    : contexts_{&io},
      options_(std::move(options)),
      limits_(options_),
      refused_address_answer_(
          serialize(connection_refused_response(ConnectionLimits::Admission::kRefusedAddress))),
      refused_capacity_answer_(
          serialize(connection_refused_response(ConnectionLimits::Admission::kRefusedCapacity))),
      handler_(std::move(handler)),
      observer_(std::move(observer)),
      acceptor_(net::make_strand(io)),
      sweep_timer_(acceptor_.get_executor()) {}

HttpServer::HttpServer(std::vector<net::io_context*> contexts, ServerOptions options,
                       RequestHandler handler, ExchangeObserver observer)
    : contexts_(std::move(contexts)),
      one_thread_each_(true),
      options_(std::move(options)),
      limits_(options_),
      refused_address_answer_(
          serialize(connection_refused_response(ConnectionLimits::Admission::kRefusedAddress))),
      refused_capacity_answer_(
          serialize(connection_refused_response(ConnectionLimits::Admission::kRefusedCapacity))),
      handler_(std::move(handler)),
      observer_(std::move(observer)),
      acceptor_(net::make_strand(*contexts_.at(0))),
      sweep_timer_(acceptor_.get_executor()) {}

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
    if (!ec) accept(std::move(socket));
    do_accept();
  });
}

void HttpServer::accept(tcp::socket socket) {
  beast::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return;  // gone before we got to it
  const ConnectionLimits::Admission admission = limits_.admit(remote.address());
  if (admission == ConnectionLimits::Admission::kRefusedAddress ||
      admission == ConnectionLimits::Admission::kRefusedCapacity) {
    return refuse(std::move(socket), admission);
  }
  socket.set_option(tcp::no_delay(true), ec);
  connections_.fetch_add(1);
  auto session = std::make_shared<HttpSession>(
      beast::tcp_stream(std::move(socket)), options_, handler_, observer_,
      [this, address = remote.address(), admission] {
        limits_.release(address, admission);
        connections_.fetch_sub(1);
      },
      admission == ConnectionLimits::Admission::kReserve);
  {
    std::lock_guard lock(sessions_mutex_);
    // shutdown() sets stopping_ before it drains what is in sessions_ under
    // this lock: a connection accepted meanwhile is closed, not started.
    if (stopping_.load()) return;
    sessions_.remove_if([](const auto& weak) { return weak.expired(); });
    sessions_.push_back(session);
  }
  session->start();
  maybe_start_sweeping();
}

std::size_t HttpServer::idle_connections() const {
  std::lock_guard lock(sessions_mutex_);
  std::size_t idle = 0;
  for (const auto& weak : sessions_) {
    if (auto session = weak.lock(); session && session->idle_since()) ++idle;
  }
  return idle;
}

void HttpServer::refuse(tcp::socket socket, ConnectionLimits::Admission why) {
  const std::string& answer = why == ConnectionLimits::Admission::kRefusedAddress
                                  ? refused_address_answer_
                                  : refused_capacity_answer_;
  std::make_shared<Refusal>(std::move(socket), answer, lingering_refusals_)->start();
}

void HttpServer::maybe_start_sweeping() {
  if (sweeping_ || !limits_.under_pressure()) return;
  sweeping_ = true;
  sweep();
}

void HttpServer::sweep() {
  if (stopping_.load() || !limits_.under_pressure()) {
    sweeping_ = false;
    return;
  }
  // A hint first (an atomic per connection), so a sweep of thousands of busy
  // connections posts nothing; each candidate decides on its own thread.
  const auto before = std::chrono::steady_clock::now() - options_.pressure_idle_time;
  {
    std::lock_guard lock(sessions_mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      auto session = it->lock();
      if (!session) {
        it = sessions_.erase(it);
        continue;
      }
      const auto since = session->idle_since();
      if (since && *since <= before) {
        session->close_if_idle(before, [this] { limits_.count_idle_closed(); });
      }
      ++it;
    }
  }
  sweep_timer_.expires_after(options_.sweep_interval);
  sweep_timer_.async_wait([this](beast::error_code ec) {
    if (ec) {
      sweeping_ = false;
      return;
    }
    sweep();
  });
}

void HttpServer::shutdown() {
  stopping_.store(true);
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    sweep_timer_.cancel();
  });
  std::lock_guard lock(sessions_mutex_);
  for (auto& weak : sessions_) {
    if (auto session = weak.lock()) session->drain();
  }
  sessions_.clear();
}

}  // namespace ticketd::api
