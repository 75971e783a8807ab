#pragma once
// One request in flight and the promise to answer it.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/http/http_types.h"
#include "domain/result.h"

namespace ticketd::api {

class HttpSession;

// A response body produced piece by piece (Server-Sent Events). The session
// asks for the next piece once the previous one is written.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Calls `deliver` exactly once, from any thread and at any later time,
  // with the next bytes to write, or std::nullopt to end the response.
  virtual void next(std::function<void(std::optional<std::string>)> deliver) = 0;
  // The connection is going away (client gone, server draining): a pending
  // or later next() delivers std::nullopt soon. Thread-safe.
  virtual void cancel() = 0;
};

// The body of a request whose route reads it as a stream (an upload): the
// request the handler gets has an empty body, and the handler reads the
// bytes from here, piece by piece, never holding them all. Nothing is read
// until the handler asks (a client that sent `Expect: 100-continue` is told
// to go on then), so a handler that refuses the request (401, 413 by
// Content-Length) reads none of it; the connection then closes after the
// answer, since the rest of the body is still on it.
class RequestBody {
 public:
  virtual ~RequestBody() = default;
  // The Content-Length the client sent; nullopt for a chunked body.
  virtual std::optional<std::uint64_t> content_length() const = 0;
  // Reads the next piece and calls `on_piece` once, on the connection's
  // thread: an error (the client went away, was too slow, or sent a broken
  // body), or bytes, with `last` true for the end of the body (the bytes may
  // then be empty). `piece` is valid only during the call. One read at a
  // time; thread-safe otherwise.
  using OnPiece = std::function<void(const boost::system::error_code& error, std::string_view piece,
                                     bool last)>;
  virtual void read(OnPiece on_piece) = 0;
};

// An Exchange is handed to the request handler for every request a
// connection reads. The handler answers it exactly once with respond(), from
// any thread and at any later time (e.g. when a durable append completes);
// the connection writes answers in request order. Dropping an Exchange
// without answering it answers 500, so a bug cannot hang a client.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<HttpSession> session, std::uint64_t sequence, Request request,
           std::string remote);
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  Request& request() { return request_; }
  // The body to read as a stream; null unless the route streams its body
  // (ServerOptions::streams_body), whose request() then has an empty body.
  const std::shared_ptr<RequestBody>& request_body() const { return request_body_; }
  void set_request_body(std::shared_ptr<RequestBody> body) { request_body_ = std::move(body); }
  const Request& request() const { return request_; }
  const std::string& remote() const { return remote_; }
  std::chrono::steady_clock::time_point started() const { return started_; }

  // Names the route that served this request (its pattern), for the access
  // log and per-route metrics. Not thread-safe: call before respond().
  void set_route(std::string_view route) { route_ = route; }
  const std::string& route() const { return route_; }

  // Answers the request. Only the first call counts; thread-safe. An
  // error answer comes from fail(), or from problem_response() for a code
  // that is not kInternal.
  void respond(Response response);
  // Answers `error` as problem+json (problem.h). A kInternal error -- the
  // event store, the file system or another dependency failed -- answers
  // 500 with a generic detail and a fresh correlation id, and its message
  // goes, with that id, only into this request's ExchangeRecord (the
  // access log line). Counts as respond(); thread-safe.
  void fail(const domain::Error& error);
  // Answers with `head` (status and headers; its body is ignored) and then
  // the pieces of `body` until it ends. Without a Content-Length in `head`
  // the end of the connection ends the body (no later request on it is
  // read: Server-Sent Events); with one, `body` must deliver exactly that
  // many bytes and the connection goes on (a file download). Counts as
  // respond() for the once-rule.
  void respond_stream(Response head, std::shared_ptr<BodyStream> body);
  bool responded() const { return responded_.load(std::memory_order_acquire); }

 private:
  // respond(), with what the record of a failed request adds.
  void respond_recorded(Response response, std::string_view correlation_id, std::string_view error);

  std::shared_ptr<HttpSession> session_;
  std::uint64_t sequence_;
  Request request_;
  std::string remote_;
  std::string route_;
  std::shared_ptr<RequestBody> request_body_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> responded_{false};
  // Keeps the connection's io_context running until the answer is posted to
  // it: the answer may come from another thread (the store's completer)
  // when nothing else is pending there, say while the server drains.
  boost::asio::any_io_executor work_;
};

// The application: called on the connection's strand for every request.
using RequestHandler = std::function<void(std::shared_ptr<Exchange>)>;

// Called once per answered request, after its answer was queued (access log,
// metrics). Must be thread-safe and quick.
struct ExchangeRecord {
  std::string_view remote;
  http::verb method;
  std::string_view target;
  std::string_view route;
  unsigned status;
  std::size_t body_bytes;
  std::chrono::microseconds duration;
  // Set for an internal error (Exchange::fail): the id its answer names,
  // and what failed. Empty otherwise.
  std::string_view correlation_id = {};
  std::string_view error = {};
};
using ExchangeObserver = std::function<void(const ExchangeRecord&)>;

}  // namespace ticketd::api
