#include "tools/ctl_common.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>

namespace ticketd::tools::ctl {

Args::Args(std::string_view command, const std::vector<std::string>& args, GlobalOptions& global,
           std::set<std::string> valued, std::set<std::string> booleans) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      global.json = true;
    } else if (arg == "--progress") {
      global.progress = true;
    } else if (arg == "--data" || valued.count(arg)) {
      if (i + 1 >= args.size()) {
        error_ = std::string(command) + ": " + arg + " needs a value";
        return;
      }
      if (arg == "--data") {
        global.data_dir = args[++i];
      } else {
        values_[arg] = args[++i];
      }
    } else if (booleans.count(arg)) {
      values_[arg] = "";
    } else if (arg.size() > 1 && arg[0] == '-') {
      error_ = std::string(command) + ": unknown option '" + arg + "' (see ticketctl " +
               std::string(command) + " --help)";
      return;
    } else {
      positional_.push_back(arg);
    }
  }
}

std::optional<std::string> Args::value(const std::string& flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

int fail(std::string_view command, int code, const std::string& message) {
  std::fprintf(stderr, "ticketctl %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               message.c_str());
  return code;
}

std::unique_ptr<eventstore::EventStore> open_log(std::string_view command,
                                                 const GlobalOptions& global, bool read_only,
                                                 bool create) {
  eventstore::Options options;
  options.read_only = read_only;
  options.create_if_missing = create;
  if (read_only && !std::filesystem::exists(global.log_dir())) {
    fail(command, kStoreError,
         "no event log in " + global.data_dir + " (" + global.log_dir().string() + ")");
    return nullptr;
  }
  auto store = eventstore::EventStore::open(global.log_dir(), options);
  if (!store) {
    std::string message = "cannot open " + global.log_dir().string() + ": " + store.error().message;
    if (!read_only && message.find("lock") != std::string::npos) {
      message += " (is ticketd running on this data directory? stop it first)";
    }
    fail(command, kStoreError, message);
    return nullptr;
  }
  return std::move(*store);
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Progress::Progress(const GlobalOptions& global, std::string label, std::string unit)
    : enabled_(global.progress || ::isatty(2) == 1),
      label_(std::move(label)),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()) {}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::uint64_t done, std::uint64_t total) {
  done_ = done;
  total_ = total;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(done, total);
}

void Progress::draw(std::uint64_t done, std::uint64_t total) {
  const double seconds = elapsed();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  constexpr int kWidth = 30;
  const double fraction =
      total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 0;
  std::string bar(static_cast<std::size_t>(fraction * kWidth), '#');
  bar.resize(kWidth, '.');
  char eta[32] = "--";
  if (rate > 0 && total >= done) {
    std::snprintf(eta, sizeof eta, "%.0fs", static_cast<double>(total - done) / rate);
  }
  std::fprintf(stderr, "\r%s [%s] %3.0f%% %llu/%llu %s, %.0f %s/s, ETA %s   ", label_.c_str(),
               bar.c_str(), fraction * 100, static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total), unit_.c_str(), rate, unit_.c_str(), eta);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (!enabled_ || !drawn_) return;
  draw(done_, std::max(total_, done_));
  std::fprintf(stderr, "\n");
  drawn_ = false;
  enabled_ = false;
}

}  // namespace ticketd::tools::ctl
