// Attachments (API.md, "Attachments"): uploads, read as a stream into the
// blob store (raw, or multipart/form-data from a browser), and downloads of
// a ticket's files, as the caller may see its messages.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <mutex>

#include "api/commands/attachments.h"
#include "api/http/multipart.h"
#include "api/http/problem.h"
#include "api/routes/attachment_support.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "api/views/ticket_json.h"
#include "domain/decide.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"

namespace ticketd::api {
namespace {

using domain::ErrorCode;

Response unavailable() {
  return problem_response(ErrorCode::kUnavailable, "attachments are not set up on this server");
}

// One upload in progress: the body's pieces go through the multipart parser
// (or straight) to a blob writer on the attachments' pool, which hashes and
// writes one piece while the connection reads the next (a few pieces ahead
// at most); at the end the file is typed, committed and recorded there.
struct UploadJob : std::enable_shared_from_this<UploadJob> {
  // Pieces read but not yet written: what an upload holds in memory.
  static constexpr int kMaxPiecesAhead = 4;

  App& app;
  Attachments& files;
  std::shared_ptr<Exchange> ex;
  std::shared_ptr<RequestBody> body;
  std::unique_ptr<eventstore::BlobStore::Writer> writer;  // used on `writes` only
  boost::asio::strand<boost::asio::thread_pool::executor_type> writes;
  std::optional<MultipartParser> multipart;
  std::string tenant;
  std::string uploader;
  std::string name;
  std::vector<std::string> allowed_types;
  bool in_file = false;    // multipart: inside the part named "file"
  bool file_seen = false;  // multipart: that part was there
  std::optional<domain::Error> refusal;
  std::uint64_t received = 0;  // file bytes read so far
  std::string batch;           // the file bytes of the piece being read

  std::mutex mu;
  int pieces_ahead = 0;                      // posted to `writes`, not written yet; mu
  bool waiting = false;                      // the next read waits for a write; mu
  std::optional<domain::Error> write_error;  // mu

  UploadJob(App& a, Attachments& f, std::shared_ptr<Exchange> e)
      : app(a),
        files(f),
        ex(std::move(e)),
        body(ex->request_body()),
        writes(boost::asio::make_strand(f.pool())) {}

  // Takes file bytes; false (with `refusal`) over the limit.
  bool write(std::string_view bytes) {
    if (received + bytes.size() > files.options().max_file_bytes) {
      refusal = too_large_error(files.options().max_file_bytes);
      return false;
    }
    received += bytes.size();
    batch.append(bytes);
    return true;
  }

  // Hands the piece's file bytes to the writer. Whether the next piece may
  // be read now; if not, the writer reads it once it has caught up.
  bool post_batch(bool last) {
    if (batch.empty()) return true;
    std::lock_guard lock(mu);
    const bool read_now = ++pieces_ahead < kMaxPiecesAhead;
    waiting = !read_now && !last;
    boost::asio::post(writes, [self = shared_from_this(), bytes = std::move(batch)] {
      self->write_piece(bytes);
    });
    batch = std::string();
    return read_now;
  }

  // On `writes`: hash and write; a waiting read goes on.
  void write_piece(std::string_view bytes) {
    auto written = writer->write(bytes);
    bool resume = false;
    {
      std::lock_guard lock(mu);
      if (!written && !write_error) {
        write_error = domain::make_error(ErrorCode::kInternal, written.error().message);
      }
      --pieces_ahead;
      resume = std::exchange(waiting, false);
    }
    if (resume) read_next();
  }

  void start_multipart(std::string boundary) {
    MultipartParser::Handler handler;
    handler.on_part = [this](const MultipartParser::Part& part) {
      in_file = part.name == "file" && !file_seen;
      if (in_file) {
        file_seen = true;
        name = sanitize_file_name(part.filename.value_or(""));
      }
      return true;
    };
    handler.on_data = [this](std::string_view bytes) {
      if (!in_file) return true;  // other fields: read past, not kept
      return write(bytes);
    };
    handler.on_part_end = [this] {
      in_file = false;
      return true;
    };
    multipart.emplace(std::move(boundary), std::move(handler));
  }

  void read_next() {
    body->read([self = shared_from_this()](const boost::system::error_code& ec,
                                           std::string_view piece,
                                           bool last) { self->on_piece(ec, piece, last); });
  }

  void on_piece(const boost::system::error_code& ec, std::string_view piece, bool last) {
    if (ec) {
      return fail(domain::make_error(
          ErrorCode::kIncompleteBody,
          "the body ended before its declared length or framing: nothing was stored (" +
              ec.message() + ")"));
    }
    if (std::lock_guard lock(mu); write_error) return fail(*write_error);
    const bool fed = multipart ? multipart->feed(piece) : write(piece);
    if (!fed) {
      if (refusal) return fail(*refusal);
      return fail(
          domain::make_error(ErrorCode::kMalformedRequest,
                             "the multipart/form-data body is malformed: " + multipart->error()));
    }
    if (!last) {
      if (post_batch(false)) read_next();
      return;
    }
    if (multipart && !multipart->finish()) {
      return fail(
          domain::make_error(ErrorCode::kIncompleteBody,
                             "the multipart/form-data body ended early: " + multipart->error()));
    }
    if (multipart && !file_seen) {
      return fail(domain::Error{ErrorCode::kValidation,
                                "the form has no part named \"file\"",
                                {{"file", "is required: a part named \"file\" with a filename"}}});
    }
    post_batch(true);
    boost::asio::post(writes, [self = shared_from_this()] { self->finish(); });
  }

  // Answers `error` once the writes in flight are done and the temporary
  // file is gone: a refused upload leaves nothing behind when it is answered.
  void fail(domain::Error error) {
    boost::asio::post(writes, [self = shared_from_this(), error = std::move(error)] {
      self->writer.reset();
      self->ex->fail(error);
    });
  }

  // On `writes`, after every piece: type, commit (fsync, rename), record.
  void finish() {
    if (std::lock_guard lock(mu); write_error) {
      writer.reset();
      return ex->fail(*write_error);
    }
    Upload draft;
    draft.file.name = name;
    draft.tenant = tenant;
    draft.uploader = uploader;
    auto recorded = files.commit(*writer, std::move(draft), allowed_types, app.now());
    writer.reset();  // its temporary file goes now, before the answer
    if (!recorded) return ex->fail(recorded.error());
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("id", recorded->file.id);
    w.member("name", recorded->file.name);
    w.member("size", recorded->file.size);
    w.member("type", recorded->file.type);
    w.member("sha256", recorded->file.sha256);
    w.member("expires_at", recorded->expires_at);
    w.end_object();
    ex->respond(json_response(http::status::created, std::move(out)));
  }
};

void upload(App& app, std::shared_ptr<Exchange> ex, Audience audience) {
  Attachments* files = app.attachments();
  if (!files) return ex->respond(unavailable());
  auto actor = app.authorize(*ex, audience);
  if (!actor) return;
  if (!ex->request_body()) {
    return ex->fail(domain::make_error(ErrorCode::kInternal, "the upload's body is not streamed"));
  }
  auto job = std::make_shared<UploadJob>(app, *files, ex);
  const Request& request = ex->request();
  if (audience == Audience::kCustomer) {
    job->tenant = actor->tenant;
  } else {
    job->tenant = query_param(request, "tenant").value_or("");
    if (job->tenant.empty()) {
      return ex->fail(domain::Error{ErrorCode::kValidation,
                                    "tenant is required",
                                    {{"tenant", "is required: the tenant the file is for"}}});
    }
  }
  std::optional<domain::Tenant> tenant = app.directory().tenant(job->tenant);
  if (!tenant || !domain::in_scope(*actor, job->tenant)) {
    return ex->fail(domain::Error{
        ErrorCode::kValidation, "unknown tenant", {{"tenant", "names no tenant you may reach"}}});
  }
  job->allowed_types = tenant->settings.attachment_types;
  job->uploader = uploader_of(*actor);
  const std::uint64_t limit = files->options().max_file_bytes;
  const std::optional<std::uint64_t> length = ex->request_body()->content_length();
  std::optional<std::string> boundary =
      MultipartParser::boundary_of(request[http::field::content_type]);
  // A declared length over the limit is refused before a byte is read (a
  // form's own framing is small: 64 KiB of slack for it).
  if (length && *length > limit + (boundary ? 64 * 1024 : 0))
    return ex->fail(too_large_error(limit));
  if (auto quota = files->check_quota(job->tenant, length ? std::min(*length, limit) : 0); !quota) {
    return ex->fail(quota.error());
  }
  if (boundary) {
    job->start_multipart(std::move(*boundary));
  } else {
    const std::string_view type = request[http::field::content_type];
    if (type.starts_with("multipart/")) {
      return ex->fail(domain::make_error(
          ErrorCode::kUnsupportedMediaType,
          "a multipart body must be multipart/form-data with a boundary parameter"));
    }
    std::optional<std::string> given = query_param(request, "name");
    if (!given) given = attachment_file_name(request[http::field::content_disposition]);
    job->name = sanitize_file_name(given.value_or(""));
  }
  auto writer = files->blobs().writer();
  if (!writer) return ex->fail(domain::make_error(ErrorCode::kInternal, writer.error().message));
  job->writer = std::move(*writer);
  job->read_next();
}

}  // namespace

void add_attachment_routes(Router& router, App& app) {
  add_attachment_upload_routes(router, app,
                               [&app](std::shared_ptr<Exchange> ex, Audience audience) {
                                 upload(app, std::move(ex), audience);
                               });
  add_attachment_download_routes(router, app);
}

}  // namespace ticketd::api
