// append_bench: durable appends per second through the EventStore with
// 1-event commands and 300-byte payloads, at 1, 16 and 64 concurrent
// appenders on distinct streams, side by side with the raw RocksDB limit on
// the same disk (64 threads, each a 1-put WriteBatch with sync = true, which
// RocksDB groups itself). Each case runs --seconds (after a warm-up of a
// fifth of that), --repeats times, the cases taking turns; medians are
// printed to stdout, and last "store/raw ratio: X" (store at 64 / raw).
// Per-run figures and writer/RocksDB batching statistics go to stderr.
//
//   append_bench [--seconds S] [--repeats N] [--data-dir DIR] [--payload-bytes B]
//                [--only store1|store16|store64|raw64]
//
// Every run uses a fresh directory under --data-dir (default: the system
// temp directory), removed afterwards.
#include <fcntl.h>
#include <rocksdb/db.h>
#include <rocksdb/statistics.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace es = ticketd::eventstore;

struct Config {
  double seconds = 3.0;
  int repeats = 3;
  std::filesystem::path data_dir = std::filesystem::temp_directory_path();
  size_t payload_bytes = 300;
  std::string only;  // run just this case ("store1", "store16", "store64", "raw64")
  es::Options store_options;
};

struct RunResult {
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "append_bench: %s\n", message.c_str());
  std::exit(1);
}

Config parse(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--seconds") {
      c.seconds = std::stod(value());
    } else if (arg == "--repeats") {
      c.repeats = std::stoi(value());
    } else if (arg == "--data-dir") {
      c.data_dir = value();
    } else if (arg == "--payload-bytes") {
      c.payload_bytes = std::stoul(value());
    } else if (arg == "--only") {
      c.only = value();
    } else if (arg == "--help" || arg == "-h") {
      std::printf(
          "usage: append_bench [--seconds S] [--repeats N] [--data-dir DIR] [--payload-bytes B]\n"
          "                    [--only store1|store16|store64|raw64]\n");
      std::exit(0);
    } else {
      die("unknown argument " + arg);
    }
  }
  if (c.seconds <= 0 || c.repeats <= 0) die("--seconds and --repeats must be positive");
  return c;
}

// A fresh directory under the data dir, removed when the object dies.
class RunDir {
 public:
  explicit RunDir(const std::filesystem::path& parent) {
    std::filesystem::create_directories(parent);
    std::string pattern = (parent / "append-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) die("mkdtemp in " + parent.string() + " failed");
    path_ = pattern;
  }
  ~RunDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

double percentile(std::vector<uint32_t>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k] / 1000.0;
}

// Runs `threads` workers calling op(thread, i) back to back. The first fifth
// of the time is warm-up; then operations and their latencies (ns) count
// for `seconds`. `window` (if set) is called when measuring starts and ends.
RunResult drive(int threads, double seconds, const std::function<void(int, uint64_t)>& op,
                const std::function<void(bool start)>& window = {}) {
  std::atomic<bool> measuring{false};
  std::atomic<bool> stop{false};
  std::vector<std::vector<uint32_t>> latencies(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    latencies[t].reserve(1 << 16);
    workers.emplace_back([&, t] {
      for (uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        const auto begin = Clock::now();
        op(t, i);
        const auto ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - begin).count();
        if (measuring.load(std::memory_order_relaxed)) {
          latencies[t].push_back(static_cast<uint32_t>(std::min<int64_t>(ns, UINT32_MAX)));
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds / 5));
  if (window) window(true);
  measuring = true;
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  measuring = false;
  if (window) window(false);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  for (auto& w : workers) w.join();

  std::vector<uint32_t> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  RunResult r;
  r.per_second = static_cast<double>(all.size()) / elapsed;
  r.p50_us = percentile(all, 0.50);
  r.p99_us = percentile(all, 0.99);
  return r;
}

std::string payload(size_t bytes) {
  std::string p = "{\"body\":\"";
  while (p.size() + 2 < bytes) p.push_back(static_cast<char>('a' + p.size() % 26));
  p += "\"}";
  return p;
}

RunResult run_store(const Config& c, int threads) {
  RunDir dir(c.data_dir);
  auto opened = es::EventStore::open(dir.path() / "store", c.store_options);
  if (!opened) die("open store: " + opened.error().message);
  es::EventStore& store = **opened;
  const std::string data = payload(c.payload_bytes);
  std::vector<uint64_t> versions(threads, 0);
  std::vector<std::string> streams;
  for (int t = 0; t < threads; ++t) streams.push_back("bench-" + std::to_string(t));
  es::WriterStats before;
  es::WriterStats after;
  auto window = [&](bool start) { (start ? before : after) = store.writer_stats(); };
  RunResult r = drive(
      threads, c.seconds,
      [&](int t, uint64_t i) {
        es::NewEvent e;
        e.event_id = std::to_string(t) + "-" + std::to_string(i);
        e.type = "MessagePosted";
        e.tenant = "acme";
        e.actor = es::ActorRef{"agent-7", "agent"};
        e.occurred_at_ms = 1'700'000'000'000;
        e.correlation_id = e.event_id;
        e.data = data;
        std::vector<es::NewEvent> events;
        events.push_back(std::move(e));
        auto result =
            store.append(streams[t], es::ExpectedVersion::exactly(versions[t]), std::move(events));
        if (!result) die("append: " + result.error().message);
        versions[t] = result->stream_versions[0];
      },
      window);
  const double batches = static_cast<double>(after.batches - before.batches);
  if (batches > 0) {
    std::fprintf(stderr,
                 "    writer: %.0f batches/s, %.1f requests/batch, %.0f us deciding + %.0f us "
                 "writing per batch\n",
                 batches / c.seconds,
                 static_cast<double>(after.requests - before.requests) / batches,
                 static_cast<double>(after.decide_nanos - before.decide_nanos) / batches / 1000,
                 static_cast<double>(after.write_nanos - before.write_nanos) / batches / 1000);
  }
  return r;
}

RunResult run_raw(const Config& c, int threads) {
  RunDir dir(c.data_dir);
  rocksdb::Options options;
  options.create_if_missing = true;
  options.statistics = rocksdb::CreateDBStatistics();  // to report its grouping
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, (dir.path() / "raw").string(), &raw);
  if (!s.ok()) die("open raw rocksdb: " + s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  const std::string value = payload(c.payload_bytes);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  uint64_t syncs[2] = {0, 0};
  uint64_t writes[2] = {0, 0};
  auto window = [&](bool start) {
    syncs[start ? 0 : 1] = options.statistics->getTickerCount(rocksdb::WAL_FILE_SYNCED);
    writes[start ? 0 : 1] = options.statistics->getTickerCount(rocksdb::WRITE_WITH_WAL);
  };
  RunResult r = drive(
      threads, c.seconds,
      [&](int t, uint64_t i) {
        char key[32];
        std::snprintf(key, sizeof key, "%04d-%016llu", t, static_cast<unsigned long long>(i));
        rocksdb::WriteBatch batch;
        batch.Put(key, value);
        rocksdb::Status ws = db->Write(sync, &batch);
        if (!ws.ok()) die("raw write: " + ws.ToString());
      },
      window);
  if (syncs[1] > syncs[0]) {
    std::fprintf(
        stderr, "    rocksdb: %.0f WAL syncs/s, %.1f writes/sync\n",
        static_cast<double>(syncs[1] - syncs[0]) / c.seconds,
        static_cast<double>(writes[1] - writes[0]) / static_cast<double>(syncs[1] - syncs[0]));
  }
  db->Close();
  return r;
}

// fdatasync latency of 4 KiB appends on the data dir's disk, for context.
double fdatasync_p50_us(const Config& c) {
  RunDir dir(c.data_dir);
  const std::string file = (dir.path() / "probe").string();
  int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) die("open " + file);
  std::vector<uint32_t> ns;
  std::string block(4096, 'x');
  for (int i = 0; i < 200; ++i) {
    if (::write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()))
      die("write probe");
    const auto begin = Clock::now();
    ::fdatasync(fd);
    ns.push_back(static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - begin).count()));
  }
  ::close(fd);
  return percentile(ns, 0.5);
}

RunResult median_of(std::vector<RunResult> runs) {
  auto median = [&](auto field) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r.*field);
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return RunResult{median(&RunResult::per_second), median(&RunResult::p50_us),
                   median(&RunResult::p99_us)};
}

struct Case {
  const char* name;
  int threads;
  RunResult (*run)(const Config&, int);
  std::vector<RunResult> runs;
};

// Runs every selected case once per round, round-robin, so that drifting
// disk conditions (a shared machine) hit all cases alike.
void run_rounds(const Config& c, std::vector<Case>& cases) {
  for (int round = 1; round <= c.repeats; ++round) {
    for (Case& k : cases) {
      if (!c.only.empty() && c.only != k.name + std::to_string(k.threads)) continue;
      k.runs.push_back(k.run(c, k.threads));
      const RunResult& r = k.runs.back();
      std::fprintf(stderr, "  %s/%d run %d: %.0f appends/s, p50 %.0f us, p99 %.0f us\n", k.name,
                   k.threads, round, r.per_second, r.p50_us, r.p99_us);
    }
  }
}

RunResult report(const Config& c, const Case& k) {
  if (k.runs.empty()) return RunResult{};
  RunResult m = median_of(k.runs);
  std::printf(
      "%-6s appenders=%-3d %10.0f appends/s   p50 %7.0f us   p99 %7.0f us   (median of %d)\n",
      k.name, k.threads, m.per_second, m.p50_us, m.p99_us, c.repeats);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const Config c = parse(argc, argv);
  std::printf("append_bench: %.1f s per run, %d runs per case, %zu-byte payloads, data dir %s\n",
              c.seconds, c.repeats, c.payload_bytes, c.data_dir.c_str());
  std::printf("disk: fdatasync of a 4 KiB append, p50 %.0f us\n", fdatasync_p50_us(c));
  std::fflush(stdout);
  std::vector<Case> cases = {{"store", 1, run_store, {}},
                             {"store", 16, run_store, {}},
                             {"store", 64, run_store, {}},
                             {"raw", 64, run_raw, {}}};
  run_rounds(c, cases);
  report(c, cases[0]);
  report(c, cases[1]);
  const RunResult store64 = report(c, cases[2]);
  const RunResult raw64 = report(c, cases[3]);
  std::printf("store/raw ratio: %.2f\n",
              raw64.per_second > 0 ? store64.per_second / raw64.per_second : 0.0);
  return 0;
}
