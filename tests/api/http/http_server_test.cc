// The HTTP core on a real loopback socket: keep-alive, pipelining order,
// limits, timeouts, the connection caps, the reserve, closing idle
// connections near the cap, and graceful drain.

#include "api/http/http_server.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "api/http/router.h"

namespace ticketd::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

Response text(std::string body) {
  Response response{http::status::ok, 11};
  response.set(http::field::content_type, "text/plain");
  response.body() = std::move(body);
  return response;
}

// A server with a few routes, running on two threads until destroyed:
// either both run one io_context (a strand per connection) or each runs its
// own (connections spread over them).
enum class Threads { kSharedContext, kContextEach };

class TestServer {
 public:
  explicit TestServer(ServerOptions options = {}, Threads threads = Threads::kSharedContext) {
    auto handler = [this](auto ex) { router_.dispatch(std::move(ex)); };
    if (threads == Threads::kSharedContext) {
      server_.emplace(io_, options, handler);
    } else {
      server_.emplace(std::vector<net::io_context*>{&io_, &io2_}, options, handler);
    }
    router_.add(
        http::verb::get, "/echo",
        [](auto ex, const PathParams&) { ex->respond(text(std::string(ex->request().target()))); },
        {});
    router_.add(http::verb::post, "/echo",
                [](auto ex, const PathParams&) {
                  ex->respond(text(std::to_string(ex->request().body().size())));
                },
                {});
    router_.add(http::verb::get, "/healthz",
                [](auto ex, const PathParams&) { ex->respond(text("ok")); }, {});
    // Answered only when the test calls release_held().
    router_.add(http::verb::get, "/hold",
                [this](auto ex, const PathParams&) {
                  {
                    std::lock_guard lock(mutex_);
                    held_.push_back(std::move(ex));
                  }
                  started_.notify_all();
                },
                {});
    router_.add(http::verb::get, "/slow/{ms}",
                [this](auto ex, const PathParams& p) {
                  {
                    std::lock_guard lock(mutex_);
                    ++slow_started_;
                  }
                  started_.notify_all();
                  auto timer = std::make_shared<net::steady_timer>(
                      io_, std::chrono::milliseconds(std::stoi(std::string(p.get("ms")))));
                  timer->async_wait([ex, timer](beast::error_code) { ex->respond(text("slow")); });
                },
                {});
    server_->listen(tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    if (threads == Threads::kSharedContext) {
      for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
    } else {
      threads_.emplace_back([this] { io_.run(); });
      threads_.emplace_back([this] { io2_.run(); });
    }
  }
  ~TestServer() {
    release_held();  // a failed test must not leave shutdown waiting for them
    shutdown();
    for (auto& t : threads_) t.join();
  }
  unsigned short port() const { return server_->port(); }
  void shutdown() {
    server_->shutdown();
    keep_io2_.reset();
  }
  // Waits until `n` /slow requests have reached their handler.
  void wait_for_slow_request(int n = 1) {
    std::unique_lock lock(mutex_);
    started_.wait_for(lock, std::chrono::seconds(10), [this, n] { return slow_started_ >= n; });
  }
  // Waits until `n` /hold requests are held.
  void wait_for_held(std::size_t n = 1) {
    std::unique_lock lock(mutex_);
    started_.wait_for(lock, std::chrono::seconds(10), [this, n] { return held_.size() >= n; });
  }
  // Waits until `n` connections wait idle for a next request (as the
  // server's sweep sees them).
  void wait_for_idle(std::size_t n) {
    for (int i = 0; i < 10000 && server_->idle_connections() != n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    BOOST_REQUIRE_EQUAL(server_->idle_connections(), n);
  }
  void release_held() {
    std::vector<std::shared_ptr<Exchange>> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& ex : held) ex->respond(text("released"));
  }
  void join() {
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  net::io_context io_;
  net::io_context io2_;  // with Threads::kContextEach
  net::executor_work_guard<net::io_context::executor_type> keep_io2_ = net::make_work_guard(io2_);
  std::mutex mutex_;
  std::condition_variable started_;
  int slow_started_ = 0;
  std::vector<std::shared_ptr<Exchange>> held_;
  Router router_;
  std::optional<HttpServer> server_;
  std::vector<std::thread> threads_;
};

// A client connection whose every wait has a deadline, so a test cannot
// hang: an answer that does not come within it is an error. (A socket
// receive timeout would not do: Asio's blocking reads poll again after it.)
// On Linux any 127.x.y.z is a local address, so `source` lets a test connect
// from another client address.
class Client {
 public:
  explicit Client(unsigned short port, const char* source = "127.0.0.1") : socket_(io_) {
    socket_.open(tcp::v4());
    socket_.bind(tcp::endpoint(net::ip::make_address(source), 0));
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  void send(std::string_view raw) { net::write(socket_, net::buffer(raw)); }
  // Throws (failing the test) when no whole answer comes before the deadline.
  Response receive() {
    Response response;
    beast::error_code result;
    http::async_read(socket_, buffer_, response,
                     [&result](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (result) throw beast::system_error(result);
    return response;
  }
  // True when the server closed the connection (read returns EOF or reset)
  // before the deadline.
  bool closed_by_peer() {
    char c;
    beast::error_code result;
    socket_.async_read_some(net::buffer(&c, 1),
                            [&result](beast::error_code ec, std::size_t) { result = ec; });
    run();
    return result == net::error::eof || result == net::error::connection_reset;
  }

 private:
  static constexpr std::chrono::seconds kDeadline{10};
  // Runs the operation started on io_, cancelling it at the deadline.
  void run() {
    io_.restart();
    io_.run_for(kDeadline);
    if (!io_.stopped()) {
      beast::error_code ec;
      socket_.cancel(ec);
      io_.run();
    }
  }

  net::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

constexpr std::string_view kGetEcho = "GET /echo HTTP/1.1\r\nHost: t\r\n\r\n";

BOOST_AUTO_TEST_SUITE(http_server_test)

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection) {
  TestServer server;
  Client client(server.port());
  for (int i = 0; i < 3; ++i) {
    client.send("GET /echo?n=" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    Response r = client.receive();
    BOOST_TEST(r.result_int() == 200u);
    BOOST_TEST(r.body() == "/echo?n=" + std::to_string(i));
    BOOST_TEST(r.keep_alive());
  }
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_request_order) {
  TestServer server;
  Client client(server.port());
  // The first answer is produced last; it must still be written first.
  client.send(
      "GET /slow/200 HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /echo?second HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
  BOOST_TEST(client.receive().body() == "slow");
  BOOST_TEST(client.receive().body() == "/echo?second");
  BOOST_TEST(client.receive().body() == "3");
}

BOOST_AUTO_TEST_CASE(unknown_path_is_404_and_wrong_method_is_405_with_allow) {
  TestServer server;
  Client client(server.port());
  client.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n");
  Response missing = client.receive();
  BOOST_TEST(missing.result_int() == 404u);
  BOOST_TEST(missing[http::field::content_type] == "application/problem+json");
  client.send("DELETE /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  Response wrong = client.receive();
  BOOST_TEST(wrong.result_int() == 405u);
  BOOST_TEST(wrong[http::field::allow] == "GET, POST");
}

BOOST_AUTO_TEST_CASE(oversized_header_block_is_431_and_closes) {
  TestServer server;
  Client client(server.port());
  client.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  BOOST_TEST(client.receive().result_int() == 431u);
  BOOST_TEST(client.closed_by_peer());
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413_and_closes) {
  ServerOptions options;
  options.body_limit = 1024;
  TestServer server(options);
  Client client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
  BOOST_TEST(client.receive().result_int() == 413u);
  BOOST_TEST(client.closed_by_peer());
}

BOOST_AUTO_TEST_CASE(malformed_request_is_400) {
  TestServer server;
  Client client(server.port());
  client.send("THIS IS NOT HTTP\r\n\r\n");
  BOOST_TEST(client.receive().result_int() == 400u);
  BOOST_TEST(client.closed_by_peer());
}

BOOST_AUTO_TEST_CASE(a_client_that_stops_mid_request_is_cut_off) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  TestServer server(options);
  Client client(server.port());
  client.send("GET /echo HTTP/1.1\r\nHost: t\r\n");  // never finishes the header
  BOOST_TEST(client.closed_by_peer());
}

BOOST_AUTO_TEST_CASE(connections_over_the_cap_get_503) {
  ServerOptions options;
  options.max_connections = 1;
  options.max_connections_per_address = 1000;
  options.reserve_connections = 0;
  TestServer server(options);
  Client first(server.port());
  first.send(kGetEcho);
  BOOST_TEST(first.receive().result_int() == 200u);
  Client second(server.port());
  Response refused = second.receive();
  BOOST_TEST(refused.result_int() == 503u);
  BOOST_TEST(refused[http::field::retry_after] == "1");
  BOOST_TEST(refused.body().find("\"overloaded\"") != std::string::npos);
  BOOST_TEST(second.closed_by_peer());
}

BOOST_AUTO_TEST_CASE(an_address_at_its_cap_is_refused_while_another_address_is_served) {
  ServerOptions options;
  options.max_connections = 8;
  options.max_connections_per_address = 2;
  TestServer server(options);
  // Given one address holding its two connections (served, then idle)
  Client a1(server.port(), "127.0.0.1");
  Client a2(server.port(), "127.0.0.1");
  for (Client* c : {&a1, &a2}) {
    c->send(kGetEcho);
    BOOST_TEST(c->receive().result_int() == 200u);
  }
  // When it opens a third, and sends a request on it right away
  Client a3(server.port(), "127.0.0.1");
  a3.send(kGetEcho);
  // Then that one gets a short 503 that says why, and is closed
  Response refused = a3.receive();
  BOOST_TEST(refused.result_int() == 503u);
  BOOST_TEST(refused[http::field::retry_after] == "1");
  BOOST_TEST(refused[http::field::content_type] == "application/problem+json");
  BOOST_TEST(refused.body().find("\"too_many_connections\"") != std::string::npos);
  BOOST_TEST(!refused.keep_alive());
  BOOST_TEST(a3.closed_by_peer());
  // While another address is served, and the first one's connections work
  Client b(server.port(), "127.0.0.2");
  b.send(kGetEcho);
  BOOST_TEST(b.receive().result_int() == 200u);
  a1.send(kGetEcho);
  BOOST_TEST(a1.receive().result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(an_address_gets_its_place_back_when_a_connection_closes) {
  ServerOptions options;
  options.max_connections = 8;
  options.max_connections_per_address = 1;
  TestServer server(options);
  {
    Client first(server.port());
    first.send("GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    BOOST_TEST(first.receive().result_int() == 200u);
    BOOST_TEST(first.closed_by_peer());
  }
  // The server releases the place when its side of the connection is gone,
  // which it may not have done yet: a refusal until then is right, a
  // refusal for ever (a leaked count) is the bug.
  unsigned status = 0;
  for (int attempt = 0; attempt < 1000 && status != 200u; ++attempt) {
    Client again(server.port());
    again.send(kGetEcho);
    status = again.receive().result_int();
  }
  BOOST_TEST(status == 200u);
}

BOOST_AUTO_TEST_CASE(over_the_cap_the_reserve_serves_healthz_and_refuses_other_requests) {
  ServerOptions options;
  options.max_connections = 1;
  options.max_connections_per_address = 100;
  options.reserve_connections = 2;
  options.high_water_connections = 100;  // no idle sweep in this test
  TestServer server(options);
  // Given the only regular connection taken
  Client regular(server.port());
  regular.send(kGetEcho);
  BOOST_TEST(regular.receive().result_int() == 200u);
  // A health check still answers, once per reserve connection
  Client health(server.port());
  health.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  Response ok = health.receive();
  BOOST_TEST(ok.result_int() == 200u);
  BOOST_TEST(ok.body() == "ok");
  BOOST_TEST(!ok.keep_alive());
  BOOST_TEST(health.closed_by_peer());
  // But the reserve is no way around the cap for anything else
  Client other(server.port());
  other.send(kGetEcho);
  Response refused = other.receive();
  BOOST_TEST(refused.result_int() == 503u);
  BOOST_TEST(refused[http::field::retry_after] == "1");
  BOOST_TEST(refused.body().find("\"overloaded\"") != std::string::npos);
  BOOST_TEST(other.closed_by_peer());
  // And the regular connection is served as before
  regular.send(kGetEcho);
  BOOST_TEST(regular.receive().result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(near_the_cap_idle_connections_are_closed_and_busy_ones_kept) {
  ServerOptions options;
  options.max_connections = 5;
  options.max_connections_per_address = 5;
  options.reserve_connections = 0;
  options.high_water_connections = 5;
  options.pressure_idle_time = std::chrono::milliseconds(0);
  TestServer server(options);
  // Given an answer pending on one connection
  Client pending(server.port());
  pending.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
  server.wait_for_held();
  // Half of a next request received on another (sent with the first, in one write)
  Client partial(server.port());
  partial.send("GET /echo?1 HTTP/1.1\r\nHost: t\r\n\r\nGET /echo?2 HTTP/1.1\r\n");
  BOOST_TEST(partial.receive().body() == "/echo?1");
  // And two idle ones: served, then waiting; connected, nothing sent
  Client served(server.port());
  served.send(kGetEcho);
  BOOST_TEST(served.receive().result_int() == 200u);
  Client silent(server.port());
  server.wait_for_idle(2);
  // When one more connection reaches the high-water mark
  Client last(server.port());
  // Then the idle two are closed
  BOOST_TEST(silent.closed_by_peer());
  BOOST_TEST(served.closed_by_peer());
  // And the busy two are still served
  partial.send("Host: t\r\n\r\n");
  BOOST_TEST(partial.receive().body() == "/echo?2");
  server.release_held();
  BOOST_TEST(pending.receive().body() == "released");
}

BOOST_AUTO_TEST_CASE(shutdown_answers_requests_in_flight_then_closes) {
  TestServer server;
  Client client(server.port());
  client.send("GET /slow/300 HTTP/1.1\r\nHost: t\r\n\r\n");
  Client idle(server.port());
  server.wait_for_slow_request();
  server.shutdown();
  Response r = client.receive();
  BOOST_TEST(r.body() == "slow");
  BOOST_TEST(!r.keep_alive());
  BOOST_TEST(client.closed_by_peer());
  BOOST_TEST(idle.closed_by_peer());
  server.join();  // the io_context ran out of work: nothing left hanging
}

BOOST_AUTO_TEST_CASE(with_a_context_per_thread_connections_keep_order_and_drain) {
  TestServer server({}, Threads::kContextEach);
  // Connections land on both threads; answers produced on another thread
  // (the slow route's timer runs on the first context) are still written
  // in request order.
  std::vector<std::unique_ptr<Client>> clients;
  for (int c = 0; c < 4; ++c) {
    clients.push_back(std::make_unique<Client>(server.port()));
    clients.back()->send(
        "GET /slow/50 HTTP/1.1\r\nHost: t\r\n\r\n"
        "GET /echo?c=" +
        std::to_string(c) + " HTTP/1.1\r\nHost: t\r\n\r\n");
  }
  for (int c = 0; c < 4; ++c) {
    BOOST_TEST(clients[c]->receive().body() == "slow");
    BOOST_TEST(clients[c]->receive().body() == "/echo?c=" + std::to_string(c));
  }
  // Shutdown answers what is in flight on either thread, then closes.
  for (auto& client : clients) client->send("GET /slow/200 HTTP/1.1\r\nHost: t\r\n\r\n");
  server.wait_for_slow_request(8);
  server.shutdown();
  for (auto& client : clients) {
    Response r = client->receive();
    BOOST_TEST(r.body() == "slow");
    BOOST_TEST(!r.keep_alive());
    BOOST_TEST(client->closed_by_peer());
  }
  server.join();  // both contexts ran out of work
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
