#include "api/audit/log_audit.h"

#include <algorithm>
#include <utility>

#include "api/audit/chain_checkpointer.h"
#include "api/audit/head_evidence.h"

namespace ticketd::api {

std::string_view to_string(Verification::State state) {
  switch (state) {
    case Verification::State::kNever:
      return "never";
    case Verification::State::kRunning:
      return "running";
    case Verification::State::kPassed:
      return "passed";
    case Verification::State::kFailed:
      return "failed";
    case Verification::State::kError:
      return "error";
  }
  return "never";
}

LogAudit::LogAudit(const eventstore::EventStore& store, std::filesystem::path data_dir, Clock clock)
    : store_(store), checkpoints_dir_(data_dir / "checkpoints"), clock_(std::move(clock)) {
  const std::filesystem::path pub = data_dir / "keys" / kCheckpointPublicKeyFile;
  std::error_code ec;
  if (!std::filesystem::exists(pub, ec)) return;
  auto key = SigningKey::load_public(pub);
  auto pem = read_file(pub);
  if (!key || !pem) return;  // checkpoints then show as unchecked
  key_ = std::move(*key);
  fingerprint_ = key_->fingerprint();
  public_key_pem_ = std::move(*pem);
}

LogAudit::~LogAudit() { stop(); }

void LogAudit::stop() {
  std::jthread walk;
  {
    std::lock_guard lock(mu_);
    walk = std::move(thread_);
  }
  // walk's destructor asks the walk to stop and waits for it, outside mu_
  // (run() takes it to record the outcome).
}

Verification LogAudit::verification() const {
  std::lock_guard lock(mu_);
  return verification_;
}

bool LogAudit::start_verification(std::string requested_by) {
  std::lock_guard lock(mu_);
  if (verification_.state == Verification::State::kRunning) return false;
  // The last walk recorded its outcome (its last use of mu_) and is ending.
  if (thread_.joinable()) thread_.join();
  verification_ = Verification{};
  verification_.state = Verification::State::kRunning;
  verification_.requested_by = std::move(requested_by);
  verification_.started_at = clock_();
  verification_.head = store_.head();
  thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
  return true;
}

void LogAudit::run(std::stop_token stop) {
  auto report = store_.verify(
      [this](std::uint64_t checked, std::uint64_t head) {
        std::lock_guard lock(mu_);
        verification_.checked = checked;
        verification_.head = head;
      },
      stop);
  std::lock_guard lock(mu_);
  verification_.finished_at = clock_();
  if (!report) {
    verification_.state = Verification::State::kError;
    verification_.problem = report.error().message;
    return;
  }
  verification_.state = report->ok ? Verification::State::kPassed : Verification::State::kFailed;
  verification_.checked = report->events;
  verification_.head = report->head;
  verification_.head_hash = eventstore::to_hex(report->head_hash);
  verification_.first_bad_position = report->first_bad_position;
  verification_.problem = report->problem;
}

std::vector<CheckpointStatus> LogAudit::checkpoints(std::size_t limit) const {
  const std::vector<CheckpointFile> files = list_checkpoint_files(checkpoints_dir_);
  std::vector<CheckpointStatus> out;
  for (auto it = files.rbegin(); it != files.rend() && out.size() < limit; ++it) {
    CheckpointStatus& s = out.emplace_back();
    s.position = it->position;
    auto text = read_file(it->path);
    auto parsed = text ? parse_checkpoint(*text) : domain::Result<Checkpoint>(text.error());
    if (!parsed) {
      s.problem = "not a checkpoint: " + parsed.error().message;
      continue;
    }
    s.checkpoint = std::move(*parsed);
    if (key_) s.signature_valid = key_->verify(*s.checkpoint);
    s.agrees_with_log = checkpoint_agrees(store_, *s.checkpoint, &s.problem);
    if (s.signature_valid == false && s.problem.empty()) {
      s.problem = "the signature does not verify with this server's key";
    }
  }
  return out;
}

std::size_t LogAudit::checkpoint_count() const {
  return list_checkpoint_files(checkpoints_dir_).size();
}

}  // namespace ticketd::api
