#include "api/http/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "api/http/connection_limits.h"
#include "api/http/problem.h"

namespace ticketd::api {

Exchange::Exchange(std::shared_ptr<HttpSession> session, std::uint64_t sequence, Request request,
                   std::string remote)
    : session_(std::move(session)),
      sequence_(sequence),
      request_(std::move(request)),
      remote_(std::move(remote)),
      started_(std::chrono::steady_clock::now()),
      work_(boost::asio::prefer(session_->stream_.get_executor(),
                                boost::asio::execution::outstanding_work.tracked)) {}

Exchange::~Exchange() {
  if (!responded()) {
    fail(domain::make_error(domain::ErrorCode::kInternal,
                            "the request was dropped without an answer"));
  }
}

void Exchange::respond(Response response) { respond_recorded(std::move(response), {}, {}); }

void Exchange::fail(const domain::Error& error) {
  if (error.code != domain::ErrorCode::kInternal) return respond(problem_response(error));
  if (responded()) return;
  const std::string id = new_correlation_id();
  respond_recorded(internal_error_response(id), id, error.message);
}

void Exchange::respond_recorded(Response response, std::string_view correlation_id,
                                std::string_view error) {
  if (responded_.exchange(true, std::memory_order_acq_rel)) return;
  response.version(request_.version());
  if (session_->observer_) {
    session_->observer_(ExchangeRecord{remote_, request_.method(), request_.target(), route_,
                                       response.result_int(), response.body().size(),
                                       std::chrono::duration_cast<std::chrono::microseconds>(
                                           std::chrono::steady_clock::now() - started_),
                                       correlation_id, error});
  }
  auto session = session_;
  boost::asio::post(session->stream_.get_executor(),
                    [session, sequence = sequence_, response = std::move(response)]() mutable {
                      session->complete(sequence, std::move(response));
                    });
  work_ = {};
}

void Exchange::respond_stream(Response head, std::shared_ptr<BodyStream> body) {
  if (responded_.exchange(true, std::memory_order_acq_rel)) {
    body->cancel();
    return;
  }
  head.version(request_.version());
  if (session_->observer_) {
    session_->observer_(ExchangeRecord{remote_, request_.method(), request_.target(), route_,
                                       head.result_int(), 0,
                                       std::chrono::duration_cast<std::chrono::microseconds>(
                                           std::chrono::steady_clock::now() - started_)});
  }
  auto session = session_;
  boost::asio::post(
      session->stream_.get_executor(),
      [session, sequence = sequence_, head = std::move(head), body = std::move(body)]() mutable {
        session->complete(sequence, std::move(head), std::move(body));
      });
  work_ = {};
}

HttpSession::HttpSession(beast::tcp_stream stream, const ServerOptions& options,
                         RequestHandler handler, ExchangeObserver observer,
                         std::function<void()> on_close, bool reserve)
    : stream_(std::move(stream)),
      options_(options),
      handler_(std::move(handler)),
      observer_(std::move(observer)),
      on_close_(std::move(on_close)),
      reserve_(reserve) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

HttpSession::~HttpSession() {
  if (on_close_) on_close_();
}

void HttpSession::start() {
  boost::asio::dispatch(stream_.get_executor(),
                        beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::drain() {
  boost::asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stop_reading_ = true;
    if (self->reading_) {
      // Nothing of a next request has been answered yet: abandon the read.
      beast::error_code ec;
      self->stream_.socket().cancel(ec);
    }
    if (self->streaming_) self->streaming_->cancel();
    if (self->slots_.empty() && !self->writing_) self->close();
  });
}

void HttpSession::do_read() {
  if (stop_reading_ || closed_ || reading_ || body_open_) return;
  if (slots_.size() >= options_.pipeline_limit) return;  // resumed after a write
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
  // No limit yet: Beast would hold a declared length against it while
  // reading the header, before the route is known (on_header sets it).
  parser_->body_limit(boost::none);
  reading_ = true;
  stream_.expires_after(reserve_ ? options_.reserve_read_timeout : options_.read_timeout);
  // The header first: the route decides whether the body is read whole.
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  note_idle();
}

void HttpSession::on_header(beast::error_code ec, std::size_t bytes) {
  if (ec) return on_read(ec, bytes);
  if (!reserve_ && options_.streams_body && options_.streams_body(parser_->get().base())) {
    return dispatch_streamed();
  }
  if (parser_->is_done()) return on_read(ec, bytes);  // no body
  if (parser_->content_length() && *parser_->content_length() > options_.body_limit) {
    return on_read(http::error::body_limit, bytes);
  }
  parser_->body_limit(options_.body_limit);  // for a chunked body, as it comes
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

bool HttpSession::read_failed(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == boost::asio::error::operation_aborted ||
      ec == beast::error::timeout || ec == boost::asio::error::connection_reset ||
      ec == boost::asio::error::eof) {
    stop_reading_ = true;
    if (slots_.empty() && !writing_) close();
    return true;
  }
  if (ec == http::error::header_limit) {
    reject(domain::ErrorCode::kHeaderTooLarge,
           "The request header block is larger than the server accepts.");
    return true;
  }
  if (ec == http::error::body_limit) {
    reject(domain::ErrorCode::kBodyTooLarge, "The request body is larger than the server accepts.");
    return true;
  }
  if (ec) {
    reject(domain::ErrorCode::kMalformedRequest,
           "The request is not valid HTTP/1.1: " + ec.message());
    return true;
  }
  return false;
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  reading_ = false;
  note_idle();
  if (read_failed(ec)) return;
  Request request = parser_->release();
  if (reserve_) {
    stop_reading_ = true;  // one request: the reserve is for a health check, not a client
    if (!operational(request)) return refuse_reserved(std::move(request));
  }
  if (!request.keep_alive()) stop_reading_ = true;
  dispatch(std::move(request));
  do_read();
}

void HttpSession::dispatch(Request request, std::shared_ptr<RequestBody> body) {
  const std::uint64_t sequence = next_sequence_++;
  slots_.push_back(Slot{sequence, std::nullopt, nullptr});
  auto exchange =
      std::make_shared<Exchange>(shared_from_this(), sequence, std::move(request), remote_);
  if (body) exchange->set_request_body(std::move(body));
  handler_(std::move(exchange));
}

bool HttpSession::operational(const Request& request) const {
  if (request.method() != http::verb::get && request.method() != http::verb::head) return false;
  const std::string_view target = request.target();
  const std::string_view path = target.substr(0, target.find('?'));
  for (const auto& allowed : options_.reserve_paths) {
    if (path == allowed) return true;
  }
  return false;
}

void HttpSession::refuse_reserved(Request request) {
  // Not dispatched: the server is over its cap, and a reserve connection is
  // no way around it. The answer still goes through an Exchange, so the
  // access log and /metrics see it.
  const std::uint64_t sequence = next_sequence_++;
  slots_.push_back(Slot{sequence, std::nullopt, nullptr});
  auto exchange =
      std::make_shared<Exchange>(shared_from_this(), sequence, std::move(request), remote_);
  exchange->set_route("-");
  exchange->respond(connection_refused_response(ConnectionLimits::Admission::kRefusedCapacity));
}

void HttpSession::reject(domain::ErrorCode code, std::string_view detail) {
  // The stream position is unknown after a protocol error: answer, then close.
  stop_reading_ = true;
  Request request;
  request.version(11);
  request.method_string("-");  // what was read is not a usable request
  auto exchange =
      std::make_shared<Exchange>(shared_from_this(), next_sequence_, std::move(request), remote_);
  slots_.push_back(Slot{next_sequence_++, std::nullopt, nullptr});
  exchange->set_route("-");
  Response response = problem_response(code, detail);
  response.keep_alive(false);
  exchange->respond(std::move(response));
}

void HttpSession::complete(std::uint64_t sequence, Response response,
                           std::shared_ptr<BodyStream> stream) {
  for (auto& slot : slots_) {
    if (slot.sequence == sequence) {
      slot.response = std::move(response);
      slot.stream = std::move(stream);
      break;
    }
  }
  if (closed_ && stream) stream->cancel();
  maybe_write();
}

void HttpSession::maybe_write() {
  if (writing_ || closed_ || slots_.empty() || !slots_.front().response) return;
  if (slots_.front().stream) return write_stream_head();
  Response& response = *slots_.front().response;
  // Answered before its streamed body was read to the end: the rest of the
  // body is still on the connection, so the connection ends with this answer.
  if (body_open_ && slots_.size() == 1) stop_reading_ = true;
  // The last answer on a connection that stops reading tells the client so.
  const bool last = stop_reading_ && !reading_ && slots_.size() == 1;
  if (last) response.keep_alive(false);
  response.prepare_payload();
  const bool close_after = !response.keep_alive();
  writing_ = true;
  stream_.expires_after(options_.write_timeout);
  http::async_write(
      stream_, response,
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), close_after));
}

void HttpSession::on_write(bool close_after, beast::error_code ec, std::size_t) {
  writing_ = false;
  slots_.pop_front();
  if (ec || close_after) {
    stop_reading_ = true;
    return close();
  }
  if (slots_.empty() && stop_reading_ && !reading_) return close();
  maybe_write();
  do_read();
  note_idle();
}

bool HttpSession::idle() const {
  return reading_ && !writing_ && !stop_reading_ && !closed_ && slots_.empty() &&
         buffer_.size() == 0 && parser_ && !parser_->got_some();
}

void HttpSession::note_idle() {
  if (!idle()) {
    idle_since_.store(kBusy, std::memory_order_relaxed);
  } else if (idle_since_.load(std::memory_order_relaxed) == kBusy) {
    idle_since_.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                      std::memory_order_relaxed);
  }
}

std::optional<std::chrono::steady_clock::time_point> HttpSession::idle_since() const {
  const std::int64_t ticks = idle_since_.load(std::memory_order_relaxed);
  if (ticks == kBusy) return std::nullopt;
  return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks));
}

void HttpSession::close_if_idle(std::chrono::steady_clock::time_point before,
                                std::function<void()> on_closed) {
  boost::asio::post(stream_.get_executor(),
                    [self = shared_from_this(), before, on_closed = std::move(on_closed)] {
                      if (self->close_now_if_idle(before)) on_closed();
                    });
}

bool HttpSession::close_now_if_idle(std::chrono::steady_clock::time_point before) {
  // Checked again here, on the connection's thread: bytes of a request may
  // have come since the sweep looked, and got_some() is only safe to read
  // here.
  const auto since = idle_since();
  if (!idle() || !since || *since > before) return false;
  stop_reading_ = true;
  close();
  return true;
}

void HttpSession::write_stream_head() {
  streaming_ = std::move(slots_.front().stream);
  Response& head = *slots_.front().response;
  stream_left_.reset();
  if (auto length = head.find(http::field::content_length); length != head.end()) {
    stream_left_ = std::stoull(std::string(length->value()));
  }
  if (!stream_left_) {
    // An unsized body ends with the connection: read nothing more, and write
    // the head without a length (the close delimits the body).
    stop_reading_ = true;
    if (reading_) {
      beast::error_code ec;
      stream_.socket().cancel(ec);
    }
  }
  const bool last =
      !stream_left_ || !head.keep_alive() || (stop_reading_ && !reading_ && slots_.size() == 1);
  if (last) stop_reading_ = true;
  stream_chunk_ =
      "HTTP/1.1 " + std::to_string(head.result_int()) + " " + std::string(head.reason()) + "\r\n";
  for (const auto& field : head) {
    if (field.name() == http::field::connection) continue;
    stream_chunk_ += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
  }
  stream_chunk_ += last ? "Connection: close\r\n\r\n" : "\r\n";
  writing_ = true;
  stream_.expires_after(options_.write_timeout);
  boost::asio::async_write(stream_, boost::asio::buffer(stream_chunk_),
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->writing_ = false;
                             if (ec) return self->close();
                             self->pump_stream();
                           });
}

void HttpSession::pump_stream() {
  if (closed_ || !streaming_) return;
  streaming_->next([self = shared_from_this()](std::optional<std::string> piece) {
    boost::asio::post(self->stream_.get_executor(), [self, piece = std::move(piece)]() mutable {
      if (self->closed_) return;
      if (!piece) return self->finish_stream(!self->stream_left_ || *self->stream_left_ == 0);
      if (self->stream_left_) {
        if (piece->size() > *self->stream_left_) return self->close();  // more than it said
        *self->stream_left_ -= piece->size();
      }
      self->stream_chunk_ = std::move(*piece);
      self->writing_ = true;
      self->stream_.expires_after(self->options_.write_timeout);
      boost::asio::async_write(self->stream_, boost::asio::buffer(self->stream_chunk_),
                               [self](beast::error_code ec, std::size_t) {
                                 self->writing_ = false;
                                 if (ec) return self->close();
                                 self->pump_stream();
                               });
    });
  });
}

void HttpSession::finish_stream(bool whole) {
  streaming_.reset();
  // Short of its length, or unsized: the client knows the end by the close.
  if (!whole || !stream_left_ || stop_reading_) return close();
  stream_left_.reset();
  slots_.pop_front();
  if (slots_.empty() && stop_reading_ && !reading_) return close();
  maybe_write();
  do_read();
  note_idle();
}

void HttpSession::close() {
  if (closed_) return;
  closed_ = true;
  if (streaming_) streaming_->cancel();
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  if (body_open_ && !body_reading_) return linger();
  stream_.socket().close(ec);
}

}  // namespace ticketd::api
