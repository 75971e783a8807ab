// projection_bench: the read side over a generated log of realistic ticket
// lifecycles (tools/demo_history.h, appended through the real EventStore),
// with the raw scan of the same log as the baseline in the same run:
//   - raw scan: iterate the log with a LogCursor (and decode every event
//     with domain::decode_event_data) -- the floor any projection pays;
//   - rebuild of each view alone and of all views together: a fresh
//     projection directory, ProjectionRuntime::start(), until every
//     projector serves a model that applied the head (the real path:
//     decode once, resolve slots, bulk fold, save, swap);
//   - ready after restart: Projections::open() on the checkpointed
//     directory until every projector serves the head;
//   - memory per ticket: the models' own memory_bytes() and the RSS growth
//     of that open, divided by the tickets;
//   - query latency (p50, p99) of typical queue filters and sorts (first
//     page, limit 50), a few cursor pages, tenant and metrics queries.
// Each measurement runs --repeats times; medians are printed to stdout.
// Progress and per-run figures go to stderr.
//
//   projection_bench [--data-dir DIR] [--events N] [--tenants T] [--agents A]
//                    [--repeats R] [--query-iterations I]
//                    [--only scan|queue|tenant|metrics|all|restart]
//
// --only runs one throughput case (or only the restart part: ready time,
// memory and queries), e.g. under a profiler.
// The log is cached in DIR/log-e<N>-t<T>-a<A> and reused by later runs with
// the same options (its COMPLETE file records what was generated).
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "benchmarks/projection_bench_queries.h"
#include "domain/event_codec.h"
#include "eventstore/event_store.h"
#include "projections/projections.h"
#include "tools/demo_history.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
namespace es = ticketd::eventstore;
namespace pj = ticketd::projections;
namespace dm = ticketd::domain;
using ticketd::bench::Latency;
using ticketd::bench::query_cases;
using ticketd::bench::QueryCase;
using ticketd::bench::time_queries;

struct Config {
  fs::path data_dir = fs::temp_directory_path() / "projection_bench";
  std::uint64_t events = 1'000'000;
  int tenants = 50;
  int agents = 200;
  int repeats = 3;
  int query_iterations = 1000;
  std::string only;  // "" = everything
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "projection_bench: %s\n", message.c_str());
  std::exit(1);
}

Config parse(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--data-dir") {
      c.data_dir = value();
    } else if (arg == "--events") {
      c.events = std::stoull(value());
    } else if (arg == "--tenants") {
      c.tenants = std::stoi(value());
    } else if (arg == "--agents") {
      c.agents = std::stoi(value());
    } else if (arg == "--repeats") {
      c.repeats = std::stoi(value());
    } else if (arg == "--query-iterations") {
      c.query_iterations = std::stoi(value());
    } else if (arg == "--only") {
      c.only = value();
    } else {
      std::printf(
          "usage: projection_bench [--data-dir DIR] [--events N] [--tenants T] [--agents A]\n"
          "                        [--repeats R] [--query-iterations I]\n"
          "                        [--only scan|queue|tenant|metrics|all|restart]\n");
      std::exit(arg == "--help" || arg == "-h" ? 0 : 2);
    }
  }
  if (c.events < 1 || c.tenants < 1 || c.agents < 1 || c.repeats < 1 || c.query_iterations < 1) {
    die("--events, --tenants, --agents, --repeats and --query-iterations must be at least 1");
  }
  static constexpr std::string_view kOnly[] = {"",        "scan", "queue",  "tenant",
                                               "metrics", "all",  "restart"};
  if (std::find(std::begin(kOnly), std::end(kOnly), c.only) == std::end(kOnly)) {
    die("unknown --only " + c.only);
  }
  return c;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::unique_ptr<es::EventStore> open_store(const fs::path& dir) {
  auto store = es::EventStore::open(dir);
  if (!store) die("cannot open event store " + dir.string() + ": " + store.error().message);
  return std::move(*store);
}

// --- The log ----------------------------------------------------------------

struct Log {
  fs::path dir;  // holds store/ and the projection directories
  std::uint64_t events = 0;
  std::uint64_t tickets = 0;
  bool cached = false;
  double generate_s = 0;
};

// Generates tickets (one demo run per seed) until the log holds at least
// `events`, or reuses the log a previous run left complete.
Log prepare_log(const Config& c) {
  Log log;
  log.dir = c.data_dir / ("log-e" + std::to_string(c.events) + "-t" + std::to_string(c.tenants) +
                          "-a" + std::to_string(c.agents));
  const fs::path complete = log.dir / "COMPLETE";
  if (fs::exists(complete)) {
    std::ifstream in(complete);
    in >> log.events >> log.tickets;
    if (log.events >= c.events) {
      log.cached = true;
      return log;
    }
  }
  fs::remove_all(log.dir);
  fs::create_directories(log.dir);
  const auto start = Clock::now();
  auto store = open_store(log.dir / "store");
  // Start low (a lifecycle is a few dozen events), then aim with the
  // measured events per ticket.
  double per_ticket = 40;
  for (std::uint64_t seed = 1; store->head() < c.events; ++seed) {
    const double missing = static_cast<double>(c.events - store->head());
    ticketd::tools::DemoOptions options;
    options.seed = seed;
    options.tenants = c.tenants;
    options.agents = c.agents;
    options.tickets =
        std::max(1, static_cast<int>(missing / per_ticket * (seed == 1 ? 1.0 : 1.02)));
    auto last_progress = Clock::now();
    options.progress = [&](std::uint64_t, std::uint64_t) {
      if (Clock::now() - last_progress < std::chrono::seconds(10)) return;
      last_progress = Clock::now();
      std::fprintf(stderr, "  generating: log head %" PRIu64 "\n", store->head());
    };
    auto report = ticketd::tools::generate_demo_history(*store, options);
    if (!report) die("demo generation failed: " + report.error().message);
    log.tickets += report->tickets;
    per_ticket = static_cast<double>(store->head()) / static_cast<double>(log.tickets);
    std::fprintf(stderr,
                 "  seed %" PRIu64 ": %" PRIu64 " tickets, %" PRIu64 " events (%" PRIu64
                 " refused commands); log head %" PRIu64 "\n",
                 seed, report->tickets, report->events, report->rejected, store->head());
  }
  log.events = store->head();
  store.reset();
  std::ofstream(complete) << log.events << ' ' << log.tickets << '\n';
  log.generate_s = seconds_since(start);
  return log;
}

// --- Raw scan ---------------------------------------------------------------

// Events per second of iterating the whole log, decoding each event's data
// when `decode`.
double raw_scan(const es::EventStore& store, bool decode) {
  const auto start = Clock::now();
  es::LogCursor cursor = store.cursor(0);
  std::uint64_t n = 0;
  std::size_t checksum = 0;
  for (;;) {
    auto more = cursor.next();
    if (!more) die("scan: " + more.error().message);
    if (!*more) break;
    ++n;
    const es::Envelope& e = cursor.envelope();
    if (decode) {
      auto body = dm::decode_event_data(e.type, e.data, e.schema_version);
      if (!body) die("scan: position " + std::to_string(e.position) + ": " + body.error().message);
      checksum += body->index();
    } else {
      checksum += e.data.size();
    }
  }
  const double s = seconds_since(start);
  if (checksum == 1) std::fprintf(stderr, " ");  // keep the work observable
  return static_cast<double>(n) / s;
}

// --- Rebuild and ready ------------------------------------------------------

// Blocks until every projector of `runtime` serves a model that applied
// `head`; dies when one reports an error.
void wait_caught_up(pj::ProjectionRuntime& runtime, std::uint64_t head) {
  for (;;) {
    if (runtime.wait_until_applied(head, Clock::now() + std::chrono::milliseconds(200))) return;
    for (const pj::ProjectorStatus& s : runtime.status()) {
      if (!s.error.empty()) die("projector " + s.name + ": " + s.error);
    }
  }
}

struct ViewSpec {
  std::string_view name;
  std::uint32_t version;
  pj::Projector::Factory factory;
};

const ViewSpec kViews[] = {
    {pj::kQueueProjection, pj::kQueueProjectionVersion, pj::queue_model_factory(0)},
    {pj::kTenantProjection, pj::kTenantProjectionVersion, pj::tenant_model_factory(0)},
    {pj::kMetricsProjection, pj::kMetricsProjectionVersion, pj::metrics_model_factory()},
};

// Seconds to build `views` from position 0 into the empty directory `dir`
// through the runtime, until they serve the head.
double rebuild(es::EventStore& store, const fs::path& dir, const std::vector<ViewSpec>& views) {
  fs::remove_all(dir);
  const auto start = Clock::now();
  auto pstore = pj::ProjectionStore::open(dir);
  if (!pstore) die("projection store: " + pstore.error().message);
  pj::ProjectionRuntime runtime(store, std::move(*pstore), {});
  for (const ViewSpec& v : views) runtime.add(std::string(v.name), v.version, v.factory);
  if (auto started = runtime.start(); !started) die("start: " + started.error().message);
  wait_caught_up(runtime, store.head());
  const double s = seconds_since(start);
  runtime.stop();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Config c = parse(argc, argv);
  std::fprintf(stderr, "projection_bench: %u hardware threads, data in %s\n",
               std::thread::hardware_concurrency(), c.data_dir.string().c_str());
  const Log log = prepare_log(c);
  auto store = open_store(log.dir / "store");
  const std::uint64_t head = store->head();
  if (log.cached) {
    std::printf("log: %" PRIu64 " events, %" PRIu64
                " tickets, %d tenants, %d agents (cached in %s)\n",
                head, log.tickets, c.tenants, c.agents, log.dir.string().c_str());
  } else {
    std::printf("log: %" PRIu64 " events, %" PRIu64
                " tickets, %d tenants, %d agents "
                "(generated in %.1f s into %s)\n",
                head, log.tickets, c.tenants, c.agents, log.generate_s, log.dir.string().c_str());
  }
  std::printf("repeats: %d (medians)\n", c.repeats);
  std::fflush(stdout);

  // Throughput: the cases take turns, so drifting machine load hits all.
  std::vector<std::pair<std::string, std::vector<ViewSpec>>> builds;
  for (const ViewSpec& v : kViews) builds.push_back({std::string(v.name), {v}});
  builds.push_back({"all views", {std::begin(kViews), std::end(kViews)}});
  const auto runs_case = [&c](std::string_view name) {
    return c.only.empty() || c.only == name || (c.only == "all" && name == "all views");
  };
  std::vector<double> scan_only, scan_decode;
  std::vector<std::vector<double>> rebuild_rates(builds.size());
  const fs::path scratch = log.dir / "proj-scratch";
  for (int r = 0; r < c.repeats && c.only != "restart"; ++r) {
    std::fprintf(stderr, "  run %d:", r + 1);
    if (runs_case("scan")) {
      scan_only.push_back(raw_scan(*store, false));
      scan_decode.push_back(raw_scan(*store, true));
      std::fprintf(stderr, " scan %.0f/s, scan+decode %.0f/s", scan_only.back(),
                   scan_decode.back());
    }
    for (std::size_t b = 0; b < builds.size(); ++b) {
      if (!runs_case(builds[b].first)) continue;
      rebuild_rates[b].push_back(static_cast<double>(head) /
                                 rebuild(*store, scratch, builds[b].second));
      std::fprintf(stderr, ", %s %.0f/s", builds[b].first.c_str(), rebuild_rates[b].back());
    }
    std::fprintf(stderr, "\n");
  }
  fs::remove_all(scratch);
  if (!c.only.empty() && c.only != "restart") return 0;  // a profiling run
  double rebuild_all = 0;
  if (c.only.empty()) {
    const double raw = median(scan_decode);
    std::printf("raw scan (iterate only): %.0f events/s\n", median(scan_only));
    std::printf("raw scan (iterate + decode): %.0f events/s\n", raw);
    for (std::size_t b = 0; b + 1 < builds.size(); ++b) {
      const double rate = median(rebuild_rates[b]);
      std::printf("rebuild %s alone: %.0f events/s (raw scan %.0f events/s, ratio %.2f)\n",
                  builds[b].first.c_str(), rate, raw, rate / raw);
    }
    rebuild_all = median(rebuild_rates.back());
    std::printf("rebuild all views: %.0f events/s\n", rebuild_all);
    std::printf("rebuild all views / raw scan (iterate + decode): %.2f\n", rebuild_all / raw);
  }
  std::fflush(stdout);

  // Ready after restart, from a checkpointed directory of all views. The
  // first open after the build also replays the projection store's WAL
  // (its writes are not flushed at close); later opens find SST files.
  const fs::path checkpointed = log.dir / "proj-checkpointed";
  std::vector<double> ready_first_s, ready_again_s;
  const auto time_ready = [&] {
    const auto start = Clock::now();
    auto p = pj::Projections::open(*store, checkpointed);
    if (!p) die("open projections: " + p.error().message);
    wait_caught_up((*p)->runtime(), head);
    const double s = seconds_since(start);
    for (const pj::ProjectorStatus& st : (*p)->runtime().status()) {
      // A loaded model counts only the events it applied past its checkpoint.
      if (st.events_applied != 0)
        die("projector " + st.name + " did not resume from its checkpoint");
    }
    return s;
  };
  for (int r = 0; r < c.repeats; ++r) {
    rebuild(*store, checkpointed, builds.back().second);
    ready_first_s.push_back(time_ready());
    ready_again_s.push_back(time_ready());
    std::fprintf(stderr, "  ready run %d: %.3f s first open, %.3f s second\n", r + 1,
                 ready_first_s.back(), ready_again_s.back());
  }
  const double ready_s = std::max(median(ready_first_s), median(ready_again_s));
  std::printf("ready after restart (checkpointed, %" PRIu64
              " events): %.0f ms first open after the build, %.0f ms later opens\n",
              head, median(ready_first_s) * 1000, median(ready_again_s) * 1000);
  std::fflush(stdout);

  // Memory: the models' own accounting, and the RSS growth of one open.
  malloc_trim(0);
  const std::size_t rss_before = rss_bytes();
  auto opened = pj::Projections::open(*store, checkpointed);
  if (!opened) die("open projections: " + opened.error().message);
  pj::Projections& p = **opened;
  wait_caught_up(p.runtime(), head);
  const std::size_t rss_after = rss_bytes();
  const double tickets = static_cast<double>(p.runtime().directory().size());
  std::size_t total = p.runtime().directory().memory_bytes();
  std::printf("memory per ticket (%.0f tickets):", tickets);
  for (const ViewSpec& v : kViews) {
    std::size_t bytes = 0;
    p.runtime().find(v.name)->read(
        [&](const pj::ReadModel& m, std::uint64_t) { bytes = m.memory_bytes(); });
    total += bytes;
    std::printf(" %.*s %.0f B,", static_cast<int>(v.name.size()), v.name.data(),
                static_cast<double>(bytes) / tickets);
  }
  std::printf(" directory %.0f B; total %.0f B (RSS growth %.0f B)\n",
              static_cast<double>(p.runtime().directory().memory_bytes()) / tickets,
              static_cast<double>(total) / tickets,
              static_cast<double>(rss_after - std::min(rss_after, rss_before)) / tickets);
  std::fflush(stdout);

  // Query latency.
  const std::vector<QueryCase> cases = query_cases(p, c.tenants, c.agents, c.query_iterations);
  std::vector<std::vector<Latency>> runs(cases.size());
  for (int r = 0; r < c.repeats; ++r) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      runs[i].push_back(time_queries(cases[i]));
    }
  }
  double worst_filtered_p99 = 0;
  std::printf("query latency (%d iterations per query, metrics %d):\n", c.query_iterations,
              ticketd::bench::metrics_iterations(c.query_iterations));
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::vector<double> p50, p99, items;
    for (const Latency& l : runs[i]) {
      p50.push_back(l.p50_us);
      p99.push_back(l.p99_us);
      items.push_back(l.items);
    }
    std::printf("  %-70s p50 %8.1f us  p99 %8.1f us  (%.0f items)\n", cases[i].label.c_str(),
                median(p50), median(p99), median(items));
    if (cases[i].label.rfind("queue ", 0) == 0 &&
        cases[i].label.find("no filter") == std::string::npos) {
      worst_filtered_p99 = std::max(worst_filtered_p99, median(p99));
    }
  }
  std::printf("worst p99 of a filtered queue page: %.3f ms\n", worst_filtered_p99 / 1000);
  std::printf("targets: rebuild all views >= 500000 events/s: %s; ready <= 2 s at %" PRIu64
              " events: %s; filtered queue page p99 < 2 ms: %s\n",
              c.only.empty() ? (rebuild_all >= 500000 ? "met" : "MISSED") : "not run", head,
              ready_s <= 2.0 ? "met" : "MISSED", worst_filtered_p99 < 2000 ? "met" : "MISSED");
  return 0;
}
