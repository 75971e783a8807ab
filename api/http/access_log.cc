#include "api/http/access_log.h"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>

#include "domain/json_writer.h"

namespace ticketd::api {

namespace {

// The target with the value of every `token` query parameter replaced by
// "redacted": a link's token (a List-Unsubscribe link's) is a credential.
std::string redacted_target(std::string_view target) {
  const std::size_t query = target.find('?');
  if (query == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, query + 1));
  std::string_view rest = target.substr(query + 1);
  while (true) {
    const std::size_t amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    out += param.starts_with("token=") ? std::string_view("token=redacted") : param;
    if (amp == std::string_view::npos) break;
    out += '&';
    rest.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

std::string access_log_line(const ExchangeRecord& r, std::chrono::system_clock::time_point now) {
  std::string line;
  domain::JsonWriter w(line);
  w.begin_object();
  w.member("time", std::chrono::time_point_cast<domain::Millis>(now));
  w.member("remote", r.remote);
  w.member("method", std::string_view(http::to_string(r.method)));
  w.member("target", redacted_target(r.target));
  w.member("route", r.route);
  w.member("status", r.status);
  w.member("bytes", r.body_bytes);
  w.member("duration_us", static_cast<std::int64_t>(r.duration.count()));
  // A failure of the server (a 500): what failed, under the id its answer
  // gave the caller.
  if (!r.correlation_id.empty()) w.member("correlation_id", r.correlation_id);
  if (!r.error.empty()) w.member("error", r.error);
  w.end_object();
  return line;
}

AccessLog::AccessLog(Options options) : options_(options) {
  thread_ = std::thread([this] { run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void AccessLog::record(const ExchangeRecord& r) {
  std::string line = access_log_line(r, std::chrono::system_clock::now());
  line.push_back('\n');
  write_line(line);
}

void AccessLog::write_line(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    const std::size_t before = pending_.size();
    if (before + line.size() > options_.max_pending) {
      ++dropped_;
      return;
    }
    pending_.append(line);
    wake = before < options_.flush_bytes && pending_.size() >= options_.flush_bytes;
  }
  if (wake) cv_.notify_one();
}

std::uint64_t AccessLog::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void AccessLog::run() {
  pthread_setname_np(pthread_self(), "access-log");
  std::string out;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.interval,
                   [this] { return stopping_ || pending_.size() >= options_.flush_bytes; });
      last = stopping_;
      out.clear();
      out.swap(pending_);
      if (dropped_ != dropped_told_) {
        out += "{\"access_log_dropped\":" + std::to_string(dropped_ - dropped_told_) + "}\n";
        dropped_told_ = dropped_;
      }
    }
    if (!out.empty()) write_out(out);
    if (last) return;
  }
}

void AccessLog::write_out(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(options_.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the output is gone: what is left is lost
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace ticketd::api
