// The body of a streamed request (an upload): read piece by piece as its
// handler asks, on the connection's strand (http_session.h).

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>

#include "api/http/http_session.h"

namespace ticketd::api {

// The RequestBody of a streamed request: reads on its connection's strand.
class StreamedRequestBody final : public RequestBody {
 public:
  StreamedRequestBody(std::shared_ptr<HttpSession> session, std::optional<std::uint64_t> length)
      : session_(std::move(session)), length_(length) {}
  std::optional<std::uint64_t> content_length() const override { return length_; }
  void read(OnPiece on_piece) override {
    boost::asio::dispatch(session_->stream_.get_executor(),
                          [session = session_, on_piece = std::move(on_piece)]() mutable {
                            session->read_body_piece(std::move(on_piece));
                          });
  }

 private:
  std::shared_ptr<HttpSession> session_;
  std::optional<std::uint64_t> length_;
};

void HttpSession::dispatch_streamed() {
  reading_ = false;
  body_parser_.emplace(std::move(*parser_));
  parser_.reset();
  body_parser_->body_limit(options_.streamed_body_limit);
  Request request(body_parser_->get().base());
  body_open_ = !body_parser_->is_done();
  expect_continue_ = beast::iequals(request[http::field::expect], "100-continue");
  body_deadline_ = std::chrono::steady_clock::now() + options_.streamed_body_timeout;
  // The handler decides first (who asks, how much): no clock runs meanwhile.
  stream_.expires_never();
  if (!request.keep_alive()) stop_reading_ = true;
  note_idle();
  std::optional<std::uint64_t> length;
  if (auto declared = body_parser_->content_length()) length = *declared;
  if (!body_parser_->chunked() && !length) length = 0;
  dispatch(std::move(request), std::make_shared<StreamedRequestBody>(shared_from_this(), length));
  do_read();  // when the body was empty
}

void HttpSession::read_body_piece(RequestBody::OnPiece on_piece) {
  if (closed_ || !body_parser_ || body_reading_) {
    return on_piece(boost::asio::error::operation_aborted, {}, false);
  }
  if (!body_open_) return on_piece({}, {}, true);
  if (expect_continue_) {
    expect_continue_ = false;
    // Only when nothing else is being written: answers go in order, and a
    // client that is not told goes on by itself after a moment.
    if (!writing_ && slots_.size() == 1) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      writing_ = true;
      stream_.expires_after(options_.write_timeout);
      return boost::asio::async_write(stream_,
                                      boost::asio::buffer(kContinue.data(), kContinue.size()),
                                      [self = shared_from_this(), on_piece = std::move(on_piece)](
                                          beast::error_code ec, std::size_t) mutable {
                                        self->writing_ = false;
                                        if (ec) {
                                          self->body_open_ = false;
                                          self->stop_reading_ = true;
                                          return on_piece(ec, {}, false);
                                        }
                                        self->read_body_piece(std::move(on_piece));
                                        self->maybe_write();
                                      });
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (now >= body_deadline_) {
    body_open_ = false;
    stop_reading_ = true;
    return on_piece(beast::error::timeout, {}, false);
  }
  constexpr std::size_t kPiece = 64 * 1024;
  if (body_chunk_.size() != kPiece) body_chunk_.resize(kPiece);
  auto& body = body_parser_->get().body();
  body.data = body_chunk_.data();
  body.size = body_chunk_.size();
  body.more = true;
  // Beast reads at most the buffer's free room (512 bytes at the least):
  // the header's buffer would read a 10 MiB body 512 bytes at a time, with
  // a system call and a file write each.
  if (buffer_.capacity() < kPiece) buffer_.reserve(kPiece);
  body_reading_ = true;
  stream_.expires_after(
      std::min<std::chrono::steady_clock::duration>(options_.read_timeout, body_deadline_ - now));
  http::async_read_some(stream_, buffer_, *body_parser_,
                        [self = shared_from_this(), on_piece = std::move(on_piece)](
                            beast::error_code ec, std::size_t) mutable {
                          self->on_body_piece(std::move(on_piece), ec);
                        });
}

void HttpSession::on_body_piece(RequestBody::OnPiece on_piece, beast::error_code ec) {
  body_reading_ = false;
  if (ec == http::error::need_buffer) ec = {};  // the piece is full
  if (ec || closed_) {
    // The rest of the body cannot be found on the connection any more.
    body_open_ = false;
    stop_reading_ = true;
    return on_piece(ec ? ec : boost::asio::error::operation_aborted, {}, false);
  }
  const std::size_t got = body_chunk_.size() - body_parser_->get().body().size;
  const bool last = body_parser_->is_done();
  if (got == 0 && !last) return read_body_piece(std::move(on_piece));  // a chunk's framing only
  if (last) body_open_ = false;
  on_piece({}, std::string_view(body_chunk_.data(), got), last);
  if (last) {
    buffer_.shrink_to_fit();  // an idle connection keeps a small buffer
    stream_.expires_never();
    do_read();
    note_idle();
  }
}

void HttpSession::linger() {
  // A body the answer came before is still arriving: closing now would
  // reset the connection, and the client might lose the answer (a 413)
  // with it. Read and drop what comes for a little while, as servers do.
  constexpr std::uint64_t kMaxLingerBytes = std::uint64_t{64} << 20;
  body_chunk_.resize(64 * 1024);
  stream_.expires_after(std::chrono::seconds(2));
  stream_.async_read_some(boost::asio::buffer(body_chunk_),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->lingered_ += n;
                            if (ec || self->lingered_ > kMaxLingerBytes) {
                              beast::error_code ignored;
                              self->stream_.socket().close(ignored);
                              return;
                            }
                            self->linger();
                          });
}

}  // namespace ticketd::api
