#pragma once
// One HTTP/1.1 connection: reads requests, hands them to the application and
// writes the answers back in request order (Beast example style).

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <optional>

#include "api/http/exchange.h"
#include "api/http/server_options.h"

namespace ticketd::api {

namespace beast = boost::beast;

// All members run on the connection's strand. Answers produced on other
// threads reach it through Exchange::respond(), which posts here.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // A `reserve` connection (accepted over the cap, connection_limits.h)
  // serves one request, only for options.reserve_paths, and has
  // options.reserve_read_timeout to send it.
  HttpSession(beast::tcp_stream stream, const ServerOptions& options, RequestHandler handler,
              ExchangeObserver observer, std::function<void()> on_close, bool reserve = false);
  ~HttpSession();

  // Starts reading on the strand.
  void start();
  // Stops reading new requests; closes as soon as every request already read
  // has been answered and written. Thread-safe.
  void drain();

  // Since when the connection has been waiting for a next request, with no
  // byte of it received and no answer pending; nullopt while it is not. A
  // hint, readable from any thread: close_if_idle() decides on the
  // connection's own.
  std::optional<std::chrono::steady_clock::time_point> idle_since() const;
  // Closes the connection if it is still idle, and has been since `before`
  // or earlier; then calls `on_closed` on the connection's thread.
  // Thread-safe.
  void close_if_idle(std::chrono::steady_clock::time_point before, std::function<void()> on_closed);

 private:
  friend class Exchange;
  friend class StreamedRequestBody;
  struct Slot {
    std::uint64_t sequence;
    std::optional<Response> response;
    std::shared_ptr<BodyStream> stream;  // set for a streamed answer
  };

  void do_read();
  void on_header(beast::error_code ec, std::size_t bytes);
  void on_read(beast::error_code ec, std::size_t bytes);
  // Whether `ec` ended the read (and was dealt with: closed or rejected).
  bool read_failed(beast::error_code ec);
  void dispatch(Request request, std::shared_ptr<RequestBody> body = nullptr);
  // A request whose route reads the body as a stream: dispatched with its
  // header alone; read_body_piece() then reads the body as asked.
  void dispatch_streamed();
  void read_body_piece(RequestBody::OnPiece on_piece);
  void on_body_piece(RequestBody::OnPiece on_piece, beast::error_code ec);
  // A streamed answer ended; a sized one lets the connection go on.
  void finish_stream(bool whole);
  bool operational(const Request& request) const;
  void refuse_reserved(Request request);
  // Starts (or stops) the idle clock when the connection becomes (or stops
  // being) one that waits for a next request with nothing of it received.
  void note_idle();
  bool idle() const;
  bool close_now_if_idle(std::chrono::steady_clock::time_point before);
  void reject(domain::ErrorCode code, std::string_view detail);
  void complete(std::uint64_t sequence, Response response,
                std::shared_ptr<BodyStream> stream = nullptr);  // on the strand
  void write_stream_head();
  void pump_stream();
  void maybe_write();
  void on_write(bool close, beast::error_code ec, std::size_t bytes);
  void close();
  void linger();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const ServerOptions& options_;
  RequestHandler handler_;
  ExchangeObserver observer_;
  std::function<void()> on_close_;
  std::string remote_;
  std::deque<Slot> slots_;  // read but not yet written, in request order
  std::uint64_t next_sequence_ = 0;
  const bool reserve_;
  // steady_clock ticks since the connection became idle; kBusy while not.
  static constexpr std::int64_t kBusy = std::numeric_limits<std::int64_t>::min();
  std::atomic<std::int64_t> idle_since_{kBusy};
  bool reading_ = false;
  bool writing_ = false;
  bool stop_reading_ = false;  // client asked to close, an error, or drain()
  bool closed_ = false;
  std::shared_ptr<BodyStream> streaming_;     // the body being streamed, if any
  std::string stream_chunk_;                  // the piece being written
  std::optional<std::uint64_t> stream_left_;  // bytes a sized streamed answer still owes
  // A request body read as a stream (dispatch_streamed).
  std::optional<http::request_parser<http::buffer_body>> body_parser_;
  std::string body_chunk_;  // where the next piece is read to
  bool body_open_ = false;  // dispatched, not yet read to its end
  bool body_reading_ = false;
  std::uint64_t lingered_ = 0;    // bytes read and dropped while closing
  bool expect_continue_ = false;  // the client waits for "100 Continue"
  std::chrono::steady_clock::time_point body_deadline_;
};

}  // namespace ticketd::api
