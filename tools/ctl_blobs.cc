#include "tools/ctl_blobs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "domain/directory_json.h"
#include "domain/event_codec.h"
#include "eventstore/sha256.h"

namespace ticketd::tools::ctl {
namespace {

eventstore::StoreError io_error(const std::string& what, int err) {
  return eventstore::StoreError{eventstore::StoreErrorCode::kIo, what + ": " + std::strerror(err)};
}

// Reads blob files, one at a time, with one buffer and one hasher for all.
class BlobReader {
 public:
  // What the file at `path` holds: its hash and size; nullopt when there is
  // no such file. The bytes also go to `copy` when given.
  eventstore::Result<std::optional<BlobKey>> read(const std::filesystem::path& path,
                                                  eventstore::BlobStore::Writer* copy) {
    if (path.empty()) return std::optional<BlobKey>();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int err = errno;
      if (err == ENOENT || err == ENOTDIR) return std::optional<BlobKey>();
      return io_error("open " + path.string(), err);
    }
    sha_.reset();
    BlobKey found;
    for (;;) {
      const ssize_t n = ::read(fd, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int err = errno;
        ::close(fd);
        return io_error("read " + path.string(), err);
      }
      if (n == 0) break;
      const std::string_view bytes(buffer_.data(), static_cast<std::size_t>(n));
      sha_.update(bytes);
      found.size += bytes.size();
      if (copy != nullptr) {
        if (auto written = copy->write(bytes); !written) {
          ::close(fd);
          return written.error();
        }
      }
    }
    ::close(fd);
    found.sha256 = eventstore::to_hex(sha_.finish());
    return std::optional<BlobKey>(std::move(found));
  }

 private:
  eventstore::Sha256 sha_;
  std::string buffer_ = std::string(std::size_t{1} << 20, '\0');
};

std::filesystem::path blob_path(const std::filesystem::path& root, std::string_view sha256) {
  // The layout of BlobStore::path_of, for directories not opened as one.
  if (!eventstore::is_sha256_hex(sha256)) return {};
  return root / "sha256" / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

std::uint64_t total_size(const AttachmentRefs& refs) {
  std::uint64_t total = 0;
  for (const auto& [key, _] : refs.blobs()) total += key.size;
  return total;
}

BlobReport start_report(const AttachmentRefs& refs, const std::filesystem::path& root) {
  BlobReport report;
  report.root = root;
  report.references = refs.references();
  report.blobs = refs.blobs().size();
  report.undecodable = refs.undecodable();
  return report;
}

void record(BlobReport& report, const BlobKey& key, const std::vector<AttachmentRef>& refs,
            BlobState state) {
  if (state == BlobState::kGood) return;
  ++(state == BlobState::kMissing ? report.missing : report.damaged);
  for (const AttachmentRef& ref : refs) report.problems.push_back({ref, key, state});
}

BlobState state_of(const std::optional<BlobKey>& found, const BlobKey& wanted) {
  if (!found) return BlobState::kMissing;
  return *found == wanted ? BlobState::kGood : BlobState::kWrongContent;
}

}  // namespace

void AttachmentRefs::add(std::string_view stream, std::uint64_t position, std::string_view type,
                         std::string_view data, std::uint32_t schema_version) {
  if (type == "TenantLogoSet") {  // a tenant's logo: a blob as a message's file is
    auto body = domain::decode_directory_event_data(type, data);
    if (!body) {
      undecodable_.push_back("position " + std::to_string(position) + " (" + std::string(stream) +
                             "): " + body.error().message);
      return;
    }
    const auto& set = std::get<domain::TenantLogoSet>(*body);
    blobs_[BlobKey{set.logo.sha256, set.logo.size}].push_back(
        AttachmentRef{std::string(stream), position, "logo of " + set.slug});
    ++references_;
    return;
  }
  if (type != domain::MessagePosted::kType && type != domain::MergeReceived::kType) return;
  // The encoder writes the keys only for a message that has files or came
  // by mail, so most messages need no decoding.
  if (data.find("\"attachments\"") == std::string_view::npos &&
      data.find("\"original\"") == std::string_view::npos)
    return;
  auto body = domain::decode_event_data(type, data, schema_version);
  if (!body) {
    undecodable_.push_back("position " + std::to_string(position) + " (" + std::string(stream) +
                           "): " + body.error().message);
    return;
  }
  auto add_all = [&](const std::vector<domain::Attachment>& attachments) {
    for (const domain::Attachment& a : attachments) {
      blobs_[BlobKey{a.sha256, a.size}].push_back(
          AttachmentRef{std::string(stream), position, a.id});
      ++references_;
    }
  };
  auto add_original = [&](const std::optional<domain::Attachment>& original) {
    if (original) add_all({*original});
  };
  if (const auto* posted = std::get_if<domain::MessagePosted>(&*body)) {
    add_all(posted->attachments);
    add_original(posted->original);
  } else if (const auto* merged = std::get_if<domain::MergeReceived>(&*body)) {
    for (const domain::Message& m : merged->messages) {
      add_all(m.attachments);
      add_original(m.mail->original);
    }
  }
}

eventstore::Result<void> collect_attachments(const eventstore::EventStore& store,
                                             std::uint64_t until, AttachmentRefs& refs,
                                             Progress& progress) {
  eventstore::LogCursor cursor = store.cursor(0);
  for (;;) {
    auto more = cursor.next();
    if (!more) return more.error();
    if (!*more) return {};
    const eventstore::Envelope& e = cursor.envelope();
    if (e.position > until) return {};
    if (e.position % 4096 == 0) progress.update(e.position, until);
    refs.add(e);
  }
}

eventstore::Result<BlobReport> check_blobs(const AttachmentRefs& refs,
                                           const std::filesystem::path& root, Progress& progress) {
  BlobReport report = start_report(refs, root);
  const std::uint64_t total = total_size(refs);
  std::uint64_t done = 0;
  BlobReader reader;
  for (const auto& [key, users] : refs.blobs()) {
    auto found = reader.read(blob_path(root, key.sha256), nullptr);
    if (!found) return found.error();
    record(report, key, users, state_of(*found, key));
    progress.update(done += key.size, total);
  }
  return report;
}

eventstore::Result<BlobReport> carry_blobs(const AttachmentRefs& refs,
                                           const std::filesystem::path& from,
                                           const eventstore::BlobStore& to, Progress& progress) {
  BlobReport report = start_report(refs, from);
  const std::uint64_t total = total_size(refs);
  std::uint64_t done = 0;
  BlobReader reader;
  for (const auto& [key, users] : refs.blobs()) {
    progress.update(done += key.size, total);
    const std::filesystem::path target = to.path_of(key.sha256);
    std::error_code ec;
    const bool present = !target.empty() && std::filesystem::is_regular_file(target, ec);
    if (present && std::filesystem::file_size(target, ec) == key.size && !ec) continue;
    auto writer = to.writer();
    if (!writer) return writer.error();
    auto found = reader.read(blob_path(from, key.sha256), writer->get());
    if (!found) return found.error();
    const BlobState state = state_of(*found, key);
    // Dropping the writer uncommitted removes its temporary file.
    if (state != BlobState::kGood) {
      record(report, key, users, state);
      continue;
    }
    // A file of another size under the name is damaged; commit() would keep
    // it (it finds the name taken), so it goes first.
    if (present) {
      if (auto removed = to.remove(key.sha256); !removed) return removed.error();
    }
    auto committed = (*writer)->commit();
    if (!committed) return committed.error();
    report.written.push_back(key.sha256);
    ++report.copied;
  }
  return report;
}

std::uint64_t count_absent(const AttachmentRefs& refs, const std::filesystem::path& root) {
  std::uint64_t absent = 0;
  for (const auto& [key, _] : refs.blobs()) {
    const std::filesystem::path path = blob_path(root, key.sha256);
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) ++absent;
  }
  return absent;
}

void remove_written(const BlobReport& report, const eventstore::BlobStore& to) {
  // Best effort: a blob left behind is unreferenced, never wrong.
  for (const std::string& sha256 : report.written) (void)to.remove(sha256);
}

std::vector<std::string> problem_lines(const BlobReport& report) {
  std::vector<std::string> lines;
  for (const BlobReport::Problem& p : report.problems) {
    std::string line = "attachment " + p.ref.id + " (" + p.ref.stream + ", position " +
                       std::to_string(p.ref.position) + "): ";
    if (p.state == BlobState::kMissing) {
      line += "missing: no blob " + p.blob.sha256 + " in " + report.root.string();
    } else {
      line += "wrong content: " + blob_path(report.root, p.blob.sha256).string() +
              " does not hash to its name with " + std::to_string(p.blob.size) + " bytes";
    }
    lines.push_back(std::move(line));
  }
  for (const std::string& u : report.undecodable) {
    lines.push_back("attachments of the event at " + u + " cannot be read");
  }
  return lines;
}

std::string summary_line(const BlobReport& report) {
  std::string line = "attachments: " + std::to_string(report.references) + " referenced, " +
                     std::to_string(report.blobs) + " distinct blobs";
  if (report.ok()) return line + ", all present and matching";
  line += ": " + std::to_string(report.missing) + " missing, " + std::to_string(report.damaged) +
          " damaged";
  if (!report.undecodable.empty()) {
    line += ", " + std::to_string(report.undecodable.size()) + " events unreadable";
  }
  return line;
}

void write_blob_json(domain::JsonWriter& w, const BlobReport& report) {
  w.key("attachments");
  w.begin_object();
  w.member("ok", report.ok());
  w.member("referenced", report.references);
  w.member("blobs", report.blobs);
  w.member("missing", report.missing);
  w.member("damaged", report.damaged);
  w.key("problems");
  w.begin_array();
  for (const BlobReport::Problem& p : report.problems) {
    w.begin_object();
    w.member("stream", p.ref.stream);
    w.member("position", p.ref.position);
    w.member("attachment_id", p.ref.id);
    w.member("sha256", p.blob.sha256);
    w.member("size", p.blob.size);
    w.member("problem", p.state == BlobState::kMissing ? "missing" : "wrong_content");
    w.end_object();
  }
  w.end_array();
  w.key("undecodable");
  w.begin_array();
  for (const std::string& u : report.undecodable) w.value(u);
  w.end_array();
  w.end_object();
}

}  // namespace ticketd::tools::ctl
