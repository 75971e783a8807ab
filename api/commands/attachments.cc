#include "api/commands/attachments.h"

#include <magic.h>

#include <charconv>
#include <cmath>
#include <iterator>

#include "api/commands/ids.h"

namespace ticketd::api {

namespace {

constexpr std::string_view kUploadPrefix = "upload/";

domain::Error store_failed(const eventstore::StoreError& e) {
  return domain::make_error(domain::ErrorCode::kInternal, "key store: " + e.message);
}

// The length of the UTF-8 sequence starting at `s[i]`, 0 when invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms and surrogates are not UTF-8 either.
  const auto c1 = static_cast<unsigned char>(n > 1 ? s[i + 1] : 0);
  if ((n == 2 && c < 0xC2) || (n == 3 && c == 0xE0 && c1 < 0xA0) ||
      (n == 3 && c == 0xED && c1 >= 0xA0) || (n == 4 && c == 0xF0 && c1 < 0x90) ||
      (n == 4 && (c > 0xF4 || (c == 0xF4 && c1 >= 0x90)))) {
    return 0;
  }
  return n;
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  if (bytes % (std::uint64_t{1} << 30) == 0 && bytes > 0)
    return std::to_string(bytes >> 30) + " GiB";
  if (bytes % (std::uint64_t{1} << 20) == 0 && bytes > 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes % 1024 == 0 && bytes > 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string file_size_words(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1023.5 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  // One decimal below 10 ("2.5 MiB"), none above ("97 KiB"); never "1024 KiB".
  const long tenths = std::lround(value * 10);
  std::string number = value < 10 && tenths % 10 != 0
                           ? std::to_string(tenths / 10) + "." + std::to_string(tenths % 10)
                           : std::to_string(std::lround(value));
  return number + " " + kUnits[unit];
}

std::string encode_upload(const Upload& u) {
  const auto expires = std::chrono::duration_cast<domain::Millis>(u.expires_at.time_since_epoch());
  std::string out;
  for (const std::string_view line :
       {std::string_view("upload 1"), std::string_view(u.file.id), std::string_view(u.file.name),
        std::string_view(u.file.type), std::string_view(u.file.sha256), std::string_view(u.tenant),
        std::string_view(u.uploader)}) {
    out.append(line);
    out += '\n';
  }
  out += std::to_string(u.file.size) + "\n" + std::to_string(expires.count()) + "\n" +
         (u.referenced ? "1" : "0") + "\n" + (u.owns_blob ? "1" : "0");
  return out;
}

std::optional<Upload> decode_upload(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  if (lines.size() != 11 || lines[0] != "upload 1") return std::nullopt;
  Upload u;
  u.file.id = lines[1];
  u.file.name = lines[2];
  u.file.type = lines[3];
  u.file.sha256 = lines[4];
  u.tenant = lines[5];
  u.uploader = lines[6];
  std::int64_t expires = 0;
  auto number = [](std::string_view s, auto& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
  };
  if (!number(lines[7], u.file.size) || !number(lines[8], expires)) return std::nullopt;
  for (std::size_t flag : {9, 10}) {
    if (lines[flag] != "0" && lines[flag] != "1") return std::nullopt;
  }
  u.expires_at = domain::Instant(domain::Millis(expires));
  u.referenced = lines[9] == "1";
  u.owns_blob = lines[10] == "1";
  return u;
}

domain::Result<std::unique_ptr<Attachments>> Attachments::open(eventstore::EventStore& store,
                                                               eventstore::BlobStore& blobs,
                                                               AttachmentOptions options) {
  std::unique_ptr<Attachments> a(new Attachments(store, blobs, options));
  auto records = store.secrets_with_prefix(kUploadPrefix);
  if (!records) return store_failed(records.error());
  std::lock_guard lock(a->mu_);
  for (const auto& [key, value] : *records) {
    std::optional<Upload> u = decode_upload(value);
    if (!u) {
      return domain::make_error(domain::ErrorCode::kInternal,
                                "key store: the upload record " + key + " does not decode");
    }
    a->count(*u, +1);
    if (!u->referenced) a->expiring_.emplace(u->expires_at, u->file.id);
  }
  return a;
}

void Attachments::count(const Upload& u, int sign) {
  if (sign > 0) {
    usage_[u.tenant] += u.file.size;
    ++holders_[u.file.sha256];
    return;
  }
  if (auto it = usage_.find(u.tenant); it != usage_.end()) {
    it->second -= std::min(it->second, u.file.size);
  }
  if (auto it = holders_.find(u.file.sha256); it != holders_.end() && --it->second == 0) {
    holders_.erase(it);
  }
}

std::uint64_t Attachments::usage(std::string_view tenant) const {
  std::lock_guard lock(mu_);
  auto it = usage_.find(std::string(tenant));
  return it == usage_.end() ? 0 : it->second;
}

domain::Result<void> Attachments::check_quota(std::string_view tenant, std::uint64_t bytes) const {
  return within_quota(usage(tenant), bytes);
}

domain::Result<void> Attachments::within_quota(std::uint64_t used, std::uint64_t bytes) const {
  if (options_.tenant_quota_bytes == 0 || used + bytes <= options_.tenant_quota_bytes) return {};
  return domain::make_error(domain::ErrorCode::kQuotaExceeded,
                            "the tenant's files would exceed its quota of " +
                                human_bytes(options_.tenant_quota_bytes) + " (" +
                                human_bytes(used) + " used)");
}

domain::Result<void> Attachments::put(const Upload& upload) {
  auto put = store_.put_secret(std::string(kUploadPrefix) + upload.file.id, encode_upload(upload));
  if (!put) return store_failed(put.error());
  return {};
}

domain::Result<Upload> Attachments::record(Upload upload, domain::Instant now) {
  if (upload.file.id.empty()) {
    upload.file.id = "att_" + random_hex(12);
  } else if (std::optional<Upload> existing = find(upload.file.id)) {
    return *existing;
  }
  upload.expires_at = now + options_.unreferenced_ttl;
  upload.referenced = false;
  {
    std::lock_guard lock(mu_);
    if (auto fits = within_quota(usage_[upload.tenant], upload.file.size); !fits) {
      return fits.error();
    }
    count(upload, +1);  // reserved now, so that a racing upload sees it
  }
  if (auto stored = put(upload); !stored) {
    std::lock_guard lock(mu_);
    count(upload, -1);
    return stored.error();
  }
  std::lock_guard lock(mu_);
  expiring_.emplace(upload.expires_at, upload.file.id);
  return upload;
}

domain::Result<Upload> Attachments::commit(eventstore::BlobStore::Writer& writer, Upload draft,
                                           const std::vector<std::string>& allowed_types,
                                           domain::Instant now) {
  const std::string type = detect_media_type(writer.head());
  if (!media_type_allowed(type, allowed_types)) {
    return domain::Error{domain::ErrorCode::kTypeNotAllowed,
                         "this tenant does not accept files of type " + type,
                         {{"file", "is of type " + type + ", which this tenant does not accept"}}};
  }
  auto committed = writer.commit();
  if (!committed) return store_failed(committed.error());
  draft.file.name = sanitize_file_name(draft.file.name);
  draft.file.size = committed->size;
  draft.file.type = type;
  draft.file.sha256 = committed->sha256;
  draft.owns_blob = committed->created;
  auto recorded = record(std::move(draft), now);
  if (!recorded && committed->created) {
    std::lock_guard lock(mu_);
    // Unless a racing upload of the same content recorded it meanwhile.
    if (!holders_.contains(committed->sha256)) (void)blobs_.remove(committed->sha256);
  }
  return recorded;
}

domain::Result<Upload> Attachments::store(std::string_view content, Upload draft,
                                          const std::vector<std::string>& allowed_types,
                                          domain::Instant now) {
  if (content.size() > options_.max_file_bytes) return too_large_error(options_.max_file_bytes);
  if (draft.file.id.empty() || !find(draft.file.id)) {
    if (auto fits = check_quota(draft.tenant, content.size()); !fits) return fits.error();
  }
  auto writer = blobs_.writer();
  if (!writer) return store_failed(writer.error());
  if (auto written = (*writer)->write(content); !written) return store_failed(written.error());
  return commit(**writer, std::move(draft), allowed_types, now);
}

std::optional<Upload> Attachments::find(std::string_view id) const {
  auto stored = store_.get_secret(std::string(kUploadPrefix) + std::string(id));
  if (!stored || !*stored) return std::nullopt;
  return decode_upload(**stored);
}

domain::Result<std::vector<Upload>> Attachments::claim(const std::vector<std::string>& ids,
                                                       std::string_view uploader,
                                                       domain::Instant now) {
  std::vector<Upload> found;
  std::vector<domain::FieldError> errors;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string field = "attachments[" + std::to_string(i) + "]";
    std::optional<Upload> u = ids[i].starts_with("att_") ? find(ids[i]) : std::nullopt;
    // Another's upload is as unknown as a missing one: ids are not probes.
    if (!u || u->uploader != uploader) {
      errors.push_back({field, "names no upload of yours"});
    } else if (!u->referenced && u->expires_at <= now) {
      errors.push_back({field, "names an upload that expired; upload the file again"});
    } else {
      found.push_back(std::move(*u));
    }
  }
  if (!errors.empty()) {
    return domain::Error{domain::ErrorCode::kValidation, "attachments: " + errors.front().message,
                         std::move(errors)};
  }
  std::vector<Upload> claimed;
  for (Upload& u : found) {
    if (!u.referenced) {
      Upload marked = u;
      marked.referenced = true;
      if (auto stored = put(marked); !stored) {
        unclaim(claimed);
        return stored.error();
      }
      std::lock_guard lock(mu_);
      std::erase_if(expiring_, [&](const auto& e) { return e.second == u.file.id; });
    }
    claimed.push_back(u);  // as it was: unclaim() puts back what it knew
  }
  return claimed;
}

void Attachments::unclaim(const std::vector<Upload>& claimed) {
  for (const Upload& u : claimed) {
    if (u.referenced) continue;  // referenced by an earlier message
    // Best effort: a failure leaves it referenced, which keeps a blob too many.
    if (put(u)) {
      std::lock_guard lock(mu_);
      expiring_.emplace(u.expires_at, u.file.id);
    }
  }
}

domain::Result<std::size_t> Attachments::collect(domain::Instant now) {
  std::vector<std::string> due;
  {
    std::lock_guard lock(mu_);
    for (auto it = expiring_.begin(); it != expiring_.end() && it->first <= now;) {
      due.push_back(it->second);
      it = expiring_.erase(it);
    }
  }
  std::size_t removed = 0;
  for (const std::string& id : due) {
    std::optional<Upload> u = find(id);
    if (!u || u->referenced) continue;  // claimed meanwhile
    if (auto erased = store_.erase_secret(std::string(kUploadPrefix) + id); !erased) {
      return store_failed(erased.error());
    }
    bool last = false;
    {
      std::lock_guard lock(mu_);
      count(*u, -1);
      last = !holders_.contains(u->file.sha256);
    }
    if (last && u->owns_blob) {
      if (auto gone = blobs_.remove(u->file.sha256); !gone) {
        return domain::make_error(domain::ErrorCode::kInternal, gone.error().message);
      }
    }
    ++removed;
  }
  return removed;
}

domain::Error too_large_error(std::uint64_t limit) {
  return domain::make_error(
      domain::ErrorCode::kAttachmentTooLarge,
      "a file may be at most " + human_bytes(limit) + " (" + std::to_string(limit) + " bytes)");
}

std::string sanitize_file_name(std::string_view raw) {
  if (const std::size_t slash = raw.find_last_of("/\\"); slash != std::string_view::npos) {
    raw.remove_prefix(slash + 1);
  }
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t n = utf8_length(raw, i);
    const auto c = static_cast<unsigned char>(raw[i]);
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F)) || (n == 1 && c == '"')) {
      out += '_';
      i += n == 0 ? 1 : n;
      continue;
    }
    // Keep whole characters within 255 bytes.
    if (out.size() + n > 255) break;
    out.append(raw.substr(i, n));
    i += n;
  }
  // No leading dots (hidden files, "..") and no trailing spaces or dots.
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(0, 1);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out.empty() ? "file" : out;
}

std::string detect_media_type(std::string_view head) {
  // One cookie per thread: libmagic's are not thread-safe.
  struct Cookie {
    Cookie() : magic(::magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR)) {
      if (magic && ::magic_load(magic, nullptr) != 0) {
        ::magic_close(magic);
        magic = nullptr;
      }
    }
    ~Cookie() {
      if (magic) ::magic_close(magic);
    }
    magic_t magic;
  };
  thread_local Cookie cookie;
  if (!cookie.magic || head.empty()) return "application/octet-stream";
  const char* type = ::magic_buffer(cookie.magic, head.data(), head.size());
  if (!type || std::string_view(type).find('/') == std::string_view::npos) {
    return "application/octet-stream";
  }
  return type;
}

bool media_type_allowed(std::string_view type, const std::vector<std::string>& allowed) {
  if (allowed.empty()) return true;
  for (const std::string& a : allowed) {
    if (a == type) return true;
    if (a.ends_with("/*") && type.starts_with(std::string_view(a).substr(0, a.size() - 1))) {
      return true;
    }
  }
  return false;
}

}  // namespace ticketd::api
