// A message's files: the uploads a message body names, and the downloads of
// a ticket's files (streamed from the blob store, with ranges), as the
// caller may see the message they belong to.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/post.hpp>

#include "api/commands/attachments.h"
#include "api/commands/ids.h"
#include "api/http/problem.h"
#include "api/routes/attachment_support.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "domain/decide.h"

namespace ticketd::api {

std::vector<std::string> attachment_ids(JsonBody& body) {
  std::vector<std::string> ids = body.strings("attachments").value_or(std::vector<std::string>{});
  if (ids.size() > domain::kMaxAttachmentsPerMessage) {
    body.fail("attachments",
              "must hold at most " + std::to_string(domain::kMaxAttachmentsPerMessage) + " files");
  }
  return ids;
}

std::string uploader_of(const domain::Actor& actor) { return sha256_hex(caller_key(actor)); }

namespace {

std::vector<domain::Attachment>* files_of(domain::Command& command) {
  if (auto* post = std::get_if<domain::PostMessage>(&command)) return &post->attachments;
  if (auto* open = std::get_if<domain::OpenTicket>(&command)) return &open->attachments;
  return nullptr;
}

std::string tenant_of(const domain::Command& command) {
  if (const auto* open = std::get_if<domain::OpenTicket>(&command)) return open->tenant;
  return {};
}

// The ticket's files must be its tenant's (quota, allowed types).
std::optional<domain::Error> other_tenant(const std::vector<Upload>& uploads,
                                          std::string_view tenant) {
  std::vector<domain::FieldError> fields;
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    if (uploads[i].tenant != tenant) {
      fields.push_back({"attachments[" + std::to_string(i) + "]",
                        "was uploaded for another tenant than the ticket's"});
    }
  }
  if (fields.empty()) return std::nullopt;
  return domain::Error{domain::ErrorCode::kValidation, "attachments: of another tenant",
                       std::move(fields)};
}

}  // namespace

void run_with_attachments(App& app, std::shared_ptr<Exchange> exchange,
                          std::vector<std::string> ids, CommandRequest request,
                          std::string_view location_prefix) {
  Attachments* files = app.attachments();
  if (ids.empty() || !files_of(request.command)) {
    return app.run_command(std::move(exchange), std::move(request), location_prefix);
  }
  if (!files) {
    return exchange->respond(problem_response(domain::ErrorCode::kUnavailable,
                                              "attachments are not set up on this server"));
  }
  boost::asio::post(files->pool(), [&app, files, exchange = std::move(exchange),
                                    ids = std::move(ids), request = std::move(request),
                                    location = std::string(location_prefix)]() mutable {
    auto claimed = files->claim(ids, uploader_of(request.actor), app.now());
    if (!claimed) return exchange->fail(claimed.error());
    const std::string tenant = tenant_of(request.command);
    if (!tenant.empty()) {
      if (auto refused = other_tenant(*claimed, tenant)) {
        files->unclaim(*claimed);
        return exchange->fail(*refused);
      }
    }
    auto uploads = std::make_shared<const std::vector<Upload>>(std::move(*claimed));
    for (const Upload& u : *uploads) files_of(request.command)->push_back(u.file);
    request.precheck = [uploads](const domain::TicketState& state) {
      return other_tenant(*uploads, state.tenant);
    };
    // Refused: the claims go back, so the files can go with a next try. An
    // unknown outcome (the store failed) keeps them: a blob too many at worst.
    app.run_command(std::move(exchange), std::move(request), location,
                    [files, uploads](const CommandResult& result) {
                      if (result || result.error().code == domain::ErrorCode::kInternal) return;
                      boost::asio::post(files->pool(),
                                        [files, uploads] { files->unclaim(*uploads); });
                    });
  });
}

namespace {

// The file's bytes from `offset`, `length` of them, in pieces.
class FileStream final : public BodyStream {
 public:
  FileStream(int fd, std::uint64_t offset, std::uint64_t length)
      : fd_(fd), offset_(offset), left_(length) {}
  ~FileStream() override { ::close(fd_); }
  void next(std::function<void(std::optional<std::string>)> deliver) override {
    constexpr std::uint64_t kPiece = 256 * 1024;
    if (cancelled_.load() || left_ == 0) return deliver(std::nullopt);
    std::string piece(static_cast<std::size_t>(std::min(kPiece, left_)), '\0');
    const ssize_t n = ::pread(fd_, piece.data(), piece.size(), static_cast<off_t>(offset_));
    if (n <= 0) return deliver(std::nullopt);  // short: the connection closes, the client sees it
    piece.resize(static_cast<std::size_t>(n));
    offset_ += static_cast<std::uint64_t>(n);
    left_ -= static_cast<std::uint64_t>(n);
    deliver(std::move(piece));
  }
  void cancel() override { cancelled_.store(true); }

 private:
  int fd_;
  std::uint64_t offset_;
  std::uint64_t left_;
  std::atomic<bool> cancelled_{false};
};

// Shown in the browser (an <img>, a new tab) rather than saved: images a
// browser draws and that cannot carry script. Not SVG.
bool shown_inline(std::string_view type) {
  return type == "image/png" || type == "image/jpeg" || type == "image/gif" || type == "image/webp";
}

// RFC 6266 with RFC 8187's filename*: UTF-8, percent-encoded; an ASCII
// stand-in for old clients.
std::string content_disposition(std::string_view type, std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string ascii, encoded;
  for (unsigned char c : name) {
    const bool plain =
        std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return std::string(shown_inline(type) ? "inline" : "attachment") + "; filename=\"" + ascii +
         "\"; filename*=UTF-8''" + encoded;
}

// A single "bytes=a-b", "a-" or "-n" range of `size`; nullopt for none or
// for what is not one such range (served whole, as RFC 9110 allows), and
// {size, 0} for one that cannot be satisfied.
std::optional<std::pair<std::uint64_t, std::uint64_t>> byte_range(std::string_view header,
                                                                  std::uint64_t size) {
  if (!header.starts_with("bytes=")) return std::nullopt;
  header.remove_prefix(6);
  if (header.find(',') != std::string_view::npos) return std::nullopt;
  const std::size_t dash = header.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<std::uint64_t> {
    return parse_uint(s, UINT64_MAX);
  };
  const std::string_view first = header.substr(0, dash), last = header.substr(dash + 1);
  if (first.empty()) {  // the last n bytes
    auto n = number(last);
    if (!n) return std::nullopt;
    if (*n == 0 || size == 0) return std::pair<std::uint64_t, std::uint64_t>{size, 0};
    const std::uint64_t take = std::min(*n, size);
    return std::pair<std::uint64_t, std::uint64_t>{size - take, take};
  }
  auto from = number(first);
  if (!from) return std::nullopt;
  std::uint64_t to = size == 0 ? 0 : size - 1;
  if (!last.empty()) {
    auto given = number(last);
    if (!given || *given < *from) return std::nullopt;
    to = std::min(to, *given);
  }
  if (*from >= size) return std::pair<std::uint64_t, std::uint64_t>{size, 0};
  return std::pair<std::uint64_t, std::uint64_t>{*from, to - *from + 1};
}

void download(App& app, std::shared_ptr<Exchange> ex, const PathParams& p, Audience audience) {
  Attachments* files = app.attachments();
  if (!files) {
    return ex->respond(problem_response(domain::ErrorCode::kUnavailable,
                                        "attachments are not set up on this server"));
  }
  auto actor = app.authorize(*ex, audience);
  if (!actor) return;
  auto loaded = visible_ticket(app, *ex, p, *actor);
  if (!loaded) return;
  const domain::Attachment* file = nullptr;
  for (const domain::Message& m : loaded->state.messages) {
    // An internal note's files are as missing to a customer as the note.
    if (!domain::message_visible_to(m, *actor)) continue;
    for (const domain::Attachment& a : m.attachments) {
      if (a.id == p.get("attachment")) file = &a;
    }
    // The mail a message came by: for staff only (its headers are the
    // mail servers' business, and it may quote what the words left out).
    if (m.mail->original && m.mail->original->id == p.get("attachment") &&
        !domain::is_customer(actor->role))
      file = &*m.mail->original;
  }
  if (!file) {
    return ex->respond(problem_response(domain::ErrorCode::kNotFound,
                                        "the ticket has no attachment with this id"));
  }
  const std::string etag = "\"" + file->sha256 + "\"";
  Response head{http::status::ok, 11};
  head.set(http::field::etag, etag);
  head.set(http::field::cache_control, "private, no-cache");
  head.set("X-Content-Type-Options", "nosniff");
  head.set("Content-Security-Policy", "default-src 'none'; sandbox");
  head.set(http::field::accept_ranges, "bytes");
  const int fd = ::open(files->blobs().path_of(file->sha256).c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    if (fd >= 0) ::close(fd);
    return ex->fail(domain::make_error(domain::ErrorCode::kInternal,
                                       "the blob " + file->sha256 + " of attachment " + file->id +
                                           " cannot be read (ticketctl verify)"));
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  std::uint64_t offset = 0, length = size;
  if (auto range = byte_range(ex->request()[http::field::range], size)) {
    if (range->second == 0) {
      ::close(fd);
      Response refused =
          problem_response(domain::ErrorCode::kRangeNotSatisfiable,
                           "the range is outside the file's " + std::to_string(size) + " bytes");
      refused.set(http::field::content_range, "bytes */" + std::to_string(size));
      return ex->respond(std::move(refused));
    }
    std::tie(offset, length) = *range;
    head.result(http::status::partial_content);
    head.set(http::field::content_range, "bytes " + std::to_string(offset) + "-" +
                                             std::to_string(offset + length - 1) + "/" +
                                             std::to_string(size));
  }
  head.set(http::field::content_type, file->type);
  head.set(http::field::content_disposition, content_disposition(file->type, file->name));
  head.set(http::field::content_length, std::to_string(length));
  ex->respond_stream(std::move(head), std::make_shared<FileStream>(fd, offset, length));
}

const char* kUploadSchema =
    R"json({"type":"string","format":"binary","description":"The file's bytes; its name in ?name= or a Content-Disposition header"})json";
const char* kFormSchema =
    R"json({"type":"object","required":["file"],"properties":{"file":{"type":"string","format":"binary","description":"The file; its filename is the name"}}})json";

RouteDoc upload_doc(std::string id, Audience audience) {
  RouteDoc doc{
      .operation_id = std::move(id),
      .summary = "Upload a file to attach to a message",
      .tag = "Attachments",
      .request_schema = kUploadSchema,
      .response_schema = docs::ref("Upload"),
      .success_status = 201,
      .errors = {413, 503},
      .request_media_type = "application/octet-stream",
      .other_request_media_types = {{"multipart/form-data", kFormSchema}},
      .description =
          "The body is the file (any Content-Type; the name from ?name= or Content-Disposition), "
          "or a multipart/form-data form with a part named file. It is read as a stream into the "
          "blob store and never trusted for its type: `type` is detected from the content. A "
          "message references the answer's id in its `attachments` before `expires_at`, else the "
          "upload is collected. 413 attachment_too_large over the per-file limit (the detail "
          "names it), 413 attachment_quota_exceeded over the tenant's quota, 422 "
          "attachment_type_not_allowed for a type the tenant does not accept, 400 "
          "incomplete_body when the body stops early: nothing is stored then."};
  if (audience != Audience::kCustomer) {
    doc.query = {{"tenant", R"({"type":"string"})", "The tenant the file is for (required)"},
                 {"name", R"({"type":"string"})", "The file name (raw bodies)"}};
  } else {
    doc.query = {{"name", R"({"type":"string"})", "The file name (raw bodies)"}};
  }
  return with_audience(std::move(doc), audience);
}

RouteDoc download_doc(std::string id, Audience audience) {
  return with_audience(
      RouteDoc{
          .operation_id = std::move(id),
          .summary = "Download a file of a ticket's message",
          .tag = "Attachments",
          .response_schema = R"json({"type":"string","format":"binary"})json",
          .other_success_status = 206,
          .errors = {416},
          .response_media_type = "*/*",
          .description =
              "The file as its detected type, with Content-Disposition attachment (inline only "
              "for PNG, JPEG, GIF and WebP images), X-Content-Type-Options nosniff and a "
              "sandboxing Content-Security-Policy. One byte range (Range: bytes=a-b) answers "
              "206. A customer gets only files of public messages of their tickets (404 "
              "otherwise)."},
      audience);
}

}  // namespace

void add_attachment_upload_routes(Router& router, App&, UploadHandler upload) {
  router.add_streaming(
      http::verb::post, "/v1/attachments",
      [upload](std::shared_ptr<Exchange> ex, const PathParams&) {
        upload(std::move(ex), Audience::kCustomer);
      },
      upload_doc("uploadMyAttachment", Audience::kCustomer));
  router.add_streaming(
      http::verb::post, "/admin/v1/attachments",
      [upload](std::shared_ptr<Exchange> ex, const PathParams&) {
        upload(std::move(ex), Audience::kStaff);
      },
      upload_doc("uploadAttachment", Audience::kStaff));
}

void add_attachment_download_routes(Router& router, App& app) {
  router.add(
      http::verb::get, "/v1/tickets/{id}/attachments/{attachment}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        download(app, std::move(ex), p, Audience::kCustomer);
      },
      download_doc("downloadMyAttachment", Audience::kCustomer));
  router.add(
      http::verb::get, "/admin/v1/tickets/{id}/attachments/{attachment}",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        download(app, std::move(ex), p, Audience::kStaff);
      },
      download_doc("downloadAttachment", Audience::kStaff));
}

}  // namespace ticketd::api
