#include "api/audit/chain_checkpointer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "domain/time_format.h"

namespace ticketd::api {
namespace {

// Writes `text` to `file` atomically: a synced temporary file renamed over it.
bool write_atomically(const std::filesystem::path& file, const std::string& text) {
  const std::filesystem::path tmp = file.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, file, ec);
  return ok && !ec;
}

}  // namespace

std::vector<CheckpointFile> list_checkpoint_files(const std::filesystem::path& dir) {
  std::vector<CheckpointFile> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || !name.ends_with(".json")) continue;
    const std::string stem = name.substr(0, name.size() - 5);
    std::uint64_t position = 0;
    auto [end, parsed] = std::from_chars(stem.data(), stem.data() + stem.size(), position);
    if (stem.empty() || parsed != std::errc() || end != stem.data() + stem.size()) continue;
    out.push_back(CheckpointFile{position, entry.path()});
  }
  std::sort(out.begin(), out.end(), [](const CheckpointFile& a, const CheckpointFile& b) {
    return a.position < b.position;
  });
  return out;
}

domain::Result<std::unique_ptr<ChainCheckpointer>> ChainCheckpointer::open(
    eventstore::EventStore& store, const std::filesystem::path& data_dir,
    std::chrono::seconds interval, Clock clock, Log log) {
  auto key = SigningKey::load_or_create(data_dir / "keys");
  if (!key) return key.error();
  const std::filesystem::path dir = data_dir / "checkpoints";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return domain::make_error(domain::ErrorCode::kInternal,
                              "cannot create " + dir.string() + ": " + ec.message());
  return std::unique_ptr<ChainCheckpointer>(new ChainCheckpointer(
      store, dir, std::move(*key), interval, std::move(clock), std::move(log)));
}

ChainCheckpointer::ChainCheckpointer(eventstore::EventStore& store, std::filesystem::path dir,
                                     std::unique_ptr<SigningKey> key, std::chrono::seconds interval,
                                     Clock clock, Log log)
    : store_(store),
      dir_(std::move(dir)),
      key_(std::move(key)),
      interval_(interval),
      clock_(std::move(clock)),
      log_(std::move(log)) {}

ChainCheckpointer::~ChainCheckpointer() { stop(); }

void ChainCheckpointer::start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void ChainCheckpointer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (interval_.count() > 0) {
    if (auto last = checkpoint_now(); !last) log_("checkpoint: " + last.error().message);
  }
}

void ChainCheckpointer::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    if (auto written = checkpoint_now(); !written) log_("checkpoint: " + written.error().message);
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

domain::Result<std::optional<std::filesystem::path>> ChainCheckpointer::checkpoint_now() {
  std::lock_guard lock(write_mu_);
  const std::uint64_t head = store_.head();
  if (head == 0 || head == last_position_) return std::optional<std::filesystem::path>();
  auto last = store_.read_all(head - 1, 1);
  if (!last || last->empty()) {
    return domain::make_error(
        domain::ErrorCode::kInternal,
        "cannot read the head record: " + (last ? "absent" : last.error().message));
  }
  Checkpoint c;
  c.position = head;
  c.hash = eventstore::to_hex(last->front().hash);
  c.time = domain::format_instant(clock_());
  if (auto signed_ok = key_->sign(c); !signed_ok) return signed_ok.error();
  const std::filesystem::path file = dir_ / (std::to_string(head) + ".json");
  if (!write_atomically(file, checkpoint_json(c))) {
    return domain::make_error(domain::ErrorCode::kInternal, "cannot write " + file.string());
  }
  last_position_ = head;
  return std::optional<std::filesystem::path>(file);
}

}  // namespace ticketd::api
