#pragma once
// Helpers shared by the projection suites: a fresh temporary directory per
// test, a store and projections opened in it, and unwrapping results.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "projections/projections.h"

namespace ticketd::projections::testing {

// A new empty directory, removed with its contents when the object dies.
// Under /dev/shm when it exists: the store syncs every append, and the
// property test appends thousands.
class TempDir {
 public:
  TempDir() {
    std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path();
    std::string pattern = (base / "projections-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path log() const { return path_ / "log"; }
  std::filesystem::path views() const { return path_ / "projections"; }

 private:
  std::filesystem::path path_;
};

template <class T, class E>
T ok(boost::system::result<T, E> r) {
  BOOST_REQUIRE_MESSAGE(r.has_value(),
                        "unexpected error: " << (r.has_value() ? "" : r.error().message));
  return std::move(*r);
}

inline std::unique_ptr<eventstore::EventStore> open_store(const std::filesystem::path& dir) {
  return ok(eventstore::EventStore::open(dir));
}

// Small batches and slices so that tests exercise batching, lock slicing
// and (with a small handover distance) the rebuild worker's bulk mode; a
// summary cache small enough to turn over within a test's few hundred
// tickets.
inline Projections::Options small_batches() {
  Projections::Options options;
  options.runtime.batch_events = 64;
  options.runtime.lock_slice_events = 16;
  options.runtime.rebuild_chunk_events = 100;
  options.runtime.rebuild_save_events = 300;
  options.runtime.handover_distance = 16;
  options.summary_cache_bytes = 256 << 10;
  return options;
}

inline std::unique_ptr<Projections> open_projections(
    eventstore::EventStore& store, const std::filesystem::path& dir,
    Projections::Options options = small_batches()) {
  return ok(Projections::open(store, dir, std::move(options)));
}

// Waits (bounded) until every projector serves a model that applied the
// store's head; fails the test otherwise.
inline void await_caught_up(Projections& projections, eventstore::EventStore& store) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  BOOST_REQUIRE_MESSAGE(projections.runtime().wait_until_applied(store.head(), deadline),
                        "projections did not catch up with position " << store.head());
}

// Waits (bounded) until no projector is rebuilding any more.
inline void await_rebuilt(Projections& projections) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    bool rebuilding = false;
    for (const ProjectorStatus& s : projections.runtime().status()) {
      BOOST_REQUIRE_MESSAGE(s.error.empty(), s.name << " failed: " << s.error);
      rebuilding = rebuilding || s.rebuilding;
    }
    if (!rebuilding) return;
    BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "rebuild did not finish");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace ticketd::projections::testing
