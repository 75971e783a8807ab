#pragma once
// A streaming reader of multipart/form-data bodies (RFC 7578, RFC 2046
// §5.1.1), for attachment uploads. The body arrives in pieces of any size
// and is never held whole: the parser keeps back at most one delimiter's
// length of content (and one part's header block), handing the rest of each
// part's content to the handler as it comes.
//
// Not thread-safe; one parser reads one body.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ticketd::api {

class MultipartParser {
 public:
  struct Part {
    // Content-Disposition: form-data; name="...".
    std::string name;
    // filename="..." or filename*=UTF-8''... (RFC 8187, percent-decoded;
    // filename* wins when both are given). The bytes as sent: the caller
    // sanitises them before use as a path or a display name.
    std::optional<std::string> filename;
    // The part's Content-Type value as sent (trimmed); "" when absent,
    // which RFC 7578 says means text/plain.
    std::string content_type;
  };
  // Bounds on what a body may make the parser do or hold; going over one
  // fails the parse.
  struct Limits {
    // One part's header block, blank line included; also bounds the
    // transport padding after a delimiter.
    std::size_t header_bytes = 8 * 1024;
    std::size_t parts = 16;             // parts in the body
    std::size_t preamble_bytes = 1024;  // bytes before the first delimiter
  };
  // Callbacks, each optional (an empty one accepts). Returning false stops
  // the parse: feed() then answers false with stopped() true and error()
  // empty, since the handler knows its own reason.
  struct Handler {
    // A part's headers are read; its content follows.
    std::function<bool(const Part&)> on_part;
    // The next bytes of the current part's content; called any number of
    // times, never with an empty view or with bytes of a delimiter. The view
    // is valid only during the call.
    std::function<bool(std::string_view)> on_data;
    // The current part's content ended.
    std::function<bool()> on_part_end;
  };

  // The boundary of a Content-Type header value: multipart/form-data
  // (case-insensitive) with one boundary parameter, quoted or not, of 1 to 70
  // of RFC 2046's bchars and not ending in a space. nullopt otherwise,
  // including for malformed parameters.
  static std::optional<std::string> boundary_of(std::string_view content_type);

  // `boundary` as boundary_of() returns it (1 to 70 bytes). (Two
  // constructors rather than a default argument: a nested struct's default
  // member initializers are not usable until the enclosing class is
  // complete.)
  MultipartParser(std::string boundary, Handler handler);
  MultipartParser(std::string boundary, Handler handler, Limits limits);
  // The handler's callbacks may hold a pointer to the parser's owner; moving
  // a parser mid-body is never needed.
  MultipartParser(const MultipartParser&) = delete;
  MultipartParser& operator=(const MultipartParser&) = delete;

  // Feeds the next bytes of the body. false when the body is malformed or
  // over a limit (error() says what, in words fit for an API answer's
  // detail), or when a handler returned false (stopped()); every later
  // call then answers false too. Bytes after the closing delimiter (the
  // epilogue) are ignored.
  bool feed(std::string_view bytes);
  // The body ended. true only when the closing delimiter (--boundary--) was
  // seen; otherwise false, with error() saying the body was cut short
  // (unless it had already failed or stopped).
  bool finish();

  // The closing delimiter was seen.
  bool done() const { return state_ == State::kEpilogue; }
  // A handler returned false.
  bool stopped() const { return stopped_; }
  // Why the parse failed; empty while it has not (and when it stopped).
  const std::string& error() const { return error_; }

 private:
  enum class State {
    kPreamble,      // before the first delimiter
    kDelimiterEnd,  // just after a delimiter: "--", padding or CRLF next
    kCloseDash,     // after a delimiter and one '-'
    kPadding,       // after a delimiter and transport padding
    kDelimiterCr,   // after the CR ending a delimiter line
    kHeaders,       // in a part's header block
    kContent,       // in a part's content
    kEpilogue,      // after the closing delimiter
    kFailed,        // malformed, over a limit or stopped
  };

  // Runs the state machine over `in`, which follows whatever carry_ held
  // (carry_ is empty on entry).
  bool run(std::string_view in);
  // Where delimiter_ first begins in `s`, or npos.
  std::size_t find_delimiter(std::string_view s) const;
  // In kPreamble or kContent: passes on (or drops) the bytes of `in` up to
  // the next delimiter and consumes that delimiter; if there is none, keeps
  // back in carry_ a tail that may begin one. Returns the bytes consumed.
  std::size_t scan(std::string_view in);
  // In kPreamble or kContent: bytes known not to belong to a delimiter.
  bool pass(std::string_view bytes);
  // After a delimiter: ends the part that it closes, if any.
  bool delimiter_seen();
  // In kHeaders: returns the bytes of `in` taken into the header block.
  std::size_t headers(std::string_view in);
  bool parse_headers(std::string_view block);
  bool fail(std::string message);
  bool stop();

  std::string boundary_;
  std::string delimiter_;  // CRLF "--" boundary
  // Boyer-Moore-Horspool shifts: how far a search may move on when a window
  // ends in a given byte.
  std::array<std::uint8_t, 256> skip_{};
  Handler handler_;
  Limits limits_;
  State state_ = State::kPreamble;
  // A tail of the last piece that may begin a delimiter (kPreamble,
  // kContent); shorter than delimiter_.
  std::string carry_;
  // carry_ joined to the start of the next piece; kept to reuse its buffer.
  std::string window_;
  // The header block so far, after the CRLF that ended the delimiter line
  // (which it begins with).
  std::string header_;
  std::size_t preamble_ = 0;  // preamble bytes dropped so far
  std::size_t padding_ = 0;   // transport padding bytes after this delimiter
  std::size_t parts_ = 0;
  bool stopped_ = false;
  std::string error_;
};

// The file name a request's Content-Disposition header gives its body
// ("attachment; filename*=UTF-8''report%20Q3.pdf"; RFC 6266 and 8187, the
// same reading as a form part's): filename* wins; nullopt when the header
// names none or is malformed.
std::optional<std::string> attachment_file_name(std::string_view content_disposition);

}  // namespace ticketd::api
