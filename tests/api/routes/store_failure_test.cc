// A store that stops taking writes (an injected write-ahead-log failure):
// the directory and the command path fail with kInternal, not a business
// conflict, and over HTTP POST /admin/v1/tenants and POST /admin/v1/tickets
// answer 500 problem+json with a correlation id -- in the body and in
// X-Correlation-Id -- that the request's log line carries together with
// what failed, which the answer itself does not say.

#include <rocksdb/env.h>
#include <simdjson.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "api/commands/directory.h"
#include "api/http/access_log.h"
#include "api/http/http_server.h"
#include "api/http/problem.h"
#include "api/routes/app.h"
#include "tests/api/test_support.h"
#include "tests/eventstore/faulty_file_system.h"
#include "tests/eventstore/test_support.h"

namespace ticketd::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

constexpr std::string_view kAdminToken = "store-failure-admin";
const domain::Actor kAdmin{"admin-1", domain::Role::kAdmin, "", "", "Ada"};

// What the request observer saw of one answered request (ExchangeRecord's
// views do not outlive the call).
struct Seen {
  unsigned status = 0;
  std::string route;
  std::string correlation_id;
  std::string error;
  std::string log_line;
};

// The whole server side over a store whose WAL writes fail once armed:
// directory, projections, App with the admin routes, and an HTTP server on
// a loopback port whose observer keeps every record and its access log line.
class Server {
 public:
  Server() {
    options_.env = env_.get();
    options_.log = [](std::string_view) {};  // the store's own copy of failed writes
    store_ = eventstore::testing::open_store(dir_.store(), options_);
    directory_ = std::move(Directory::open(*store_, std::string(kAdminToken)).value());
    projections_ =
        std::move(projections::Projections::open(*store_, dir_.path() / "projections").value());
    app_.emplace(*store_, *projections_, *directory_, io_, App::Options{});
    add_admin_config_routes(router_, *app_);
    add_admin_ticket_routes(router_, *app_);
    server_.emplace(
        io_, ServerOptions{},
        [this](std::shared_ptr<Exchange> ex) { router_.dispatch(std::move(ex)); },
        [this](const ExchangeRecord& r) {
          std::lock_guard lock(mu_);
          seen_.push_back(Seen{r.status, std::string(r.route), std::string(r.correlation_id),
                               std::string(r.error),
                               access_log_line(r, std::chrono::system_clock::now())});
        });
    server_->listen(tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~Server() {
    server_->shutdown();
    work_.reset();
    for (auto& t : threads_) t.join();
    server_.reset();
    app_.reset();
    projections_->stop();
    projections_.reset();
    store_->close();
  }

  // The disk stops taking writes.
  void fail_writes() { fs_->armed = true; }

  Directory& directory() { return *directory_; }
  CommandPath& commands() { return app_->commands(); }

  http::response<http::string_body> post(std::string target, std::string body) {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + std::string(kAdminToken));
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return res;
  }

  // The record of the last answered request; the observer runs before the
  // answer is written, so it is there once the client has the answer.
  Seen last_seen() {
    std::lock_guard lock(mu_);
    BOOST_REQUIRE(!seen_.empty());
    return seen_.back();
  }

 private:
  eventstore::testing::TempDir dir_;
  std::shared_ptr<eventstore::testing::FaultyFileSystem> fs_ =
      std::make_shared<eventstore::testing::FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env_ = rocksdb::NewCompositeEnv(fs_);
  eventstore::Options options_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<projections::Projections> projections_;
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_ = net::make_work_guard(io_);
  std::optional<App> app_;
  Router router_;
  std::optional<HttpServer> server_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::vector<Seen> seen_;
};

std::string member(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return "<not json>";
  std::string_view value;
  if (root[key].get_string().get(value) != simdjson::SUCCESS) return "<absent>";
  return std::string(value);
}

// A 500 problem+json answer whose correlation id is the one the request's
// log line carries, with the failure that the answer does not name.
void check_internal_answer(const http::response<http::string_body>& res, const Seen& seen,
                           std::string_view route) {
  BOOST_TEST(res.result_int() == 500u, res.body());
  BOOST_TEST(res[http::field::content_type] == "application/problem+json");
  BOOST_TEST(member(res.body(), "code") == "internal");
  const std::string id = member(res.body(), "correlation_id");
  BOOST_TEST(id.size() == 32u, res.body());
  BOOST_TEST(res[kCorrelationIdHeader] == id);
  BOOST_TEST(res.body().find("injected") == std::string::npos, res.body());

  BOOST_TEST(seen.status == 500u);
  BOOST_TEST(seen.route == route);
  BOOST_TEST(seen.correlation_id == id);
  BOOST_TEST(seen.error.find("injected append failure") != std::string::npos, seen.error);
  BOOST_TEST(member(seen.log_line, "correlation_id") == id, seen.log_line);
  BOOST_TEST(member(seen.log_line, "route") == std::string(route), seen.log_line);
  BOOST_TEST(member(seen.log_line, "error") == seen.error, seen.log_line);
}

domain::Result<Tenant> create_tenant(Directory& directory, std::string slug, domain::Instant now) {
  return testing::answer<Tenant>(
      [&](auto done) { directory.create_tenant(slug, "Acme", kAdmin, now, std::move(done)); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_failure_test)

BOOST_AUTO_TEST_CASE(a_failed_append_is_an_internal_error_not_a_conflict) {
  Server server;
  const domain::Instant now{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
  BOOST_REQUIRE(create_tenant(server.directory(), "acme", now));
  server.fail_writes();

  auto tenant = create_tenant(server.directory(), "globex", now);
  BOOST_REQUIRE(!tenant);
  BOOST_TEST((tenant.error().code == domain::ErrorCode::kInternal), tenant.error().message);
  BOOST_TEST(!server.directory().tenant("globex"));

  domain::OpenTicket open;
  open.ticket_id = "t1";
  open.tenant = "acme";
  open.requester = {"u-ann", "ann@acme.test", "Ann"};
  open.subject = "Cannot log in";
  open.description = "Since this morning";
  open.first_message_id = "m1";
  std::promise<CommandResult> done;
  server.commands().execute(CommandRequest{"t1", open, kAdmin, std::nullopt, "", ""},
                            [&done](CommandResult r) { done.set_value(std::move(r)); });
  CommandResult opened = done.get_future().get();
  BOOST_REQUIRE(!opened);
  BOOST_TEST((opened.error().code == domain::ErrorCode::kInternal), opened.error().message);
}

BOOST_AUTO_TEST_CASE(post_tenants_answers_500_with_a_logged_correlation_id) {
  Server server;
  server.fail_writes();
  const auto res = server.post("/admin/v1/tenants", R"({"slug":"acme","name":"Acme"})");
  check_internal_answer(res, server.last_seen(), "/admin/v1/tenants");
}

BOOST_AUTO_TEST_CASE(a_command_answers_500_with_a_logged_correlation_id) {
  Server server;
  const domain::Instant now{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
  BOOST_REQUIRE(create_tenant(server.directory(), "acme", now));
  server.fail_writes();
  const auto res = server.post(
      "/admin/v1/tickets",
      R"({"tenant":"acme","requester":{"email":"ann@acme.test","name":"Ann"},"subject":"Cannot log in","description":"Since this morning"})");
  check_internal_answer(res, server.last_seen(), "/admin/v1/tickets");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
