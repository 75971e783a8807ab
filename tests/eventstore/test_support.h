#pragma once
// Helpers shared by the event-store suites: a fresh temporary directory per
// test, opening a store in it, and building events.

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "eventstore/event_store.h"

namespace ticketd::eventstore::testing {

// A new empty directory under the system temp dir, removed with everything in
// it when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "eventstore-test-XXXXXX").string();
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
  // Where a store lives inside it.
  std::filesystem::path store() const { return path_ / "store"; }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<EventStore> open_store(const std::filesystem::path& dir,
                                              const Options& options = {}) {
  auto store = EventStore::open(dir, options);
  BOOST_REQUIRE_MESSAGE(store.has_value(),
                        "open failed: " << (store.has_value() ? "" : store.error().message));
  return std::move(*store);
}

inline NewEvent make_event(std::string id, std::string data = "{}", std::string type = "Noted") {
  NewEvent e;
  e.event_id = std::move(id);
  e.type = std::move(type);
  e.tenant = "acme";
  e.actor = ActorRef{"u-1", "agent"};
  e.occurred_at_ms = 1'700'000'000'000;
  e.correlation_id = "corr-" + e.event_id;
  e.schema_version = 1;
  e.data = std::move(data);
  return e;
}

inline std::vector<NewEvent> events(std::initializer_list<std::string> ids) {
  std::vector<NewEvent> out;
  for (const std::string& id : ids) out.push_back(make_event(id));
  return out;
}

inline StreamAppend stream_append(std::string stream, ExpectedVersion expected,
                                  std::vector<NewEvent> evs) {
  return StreamAppend{std::move(stream), expected, std::move(evs)};
}

// The error code of a failed result (fails the test if it succeeded).
template <class T>
StoreErrorCode error_of(const Result<T>& r) {
  BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error, got a value");
  return r.error().code;
}

// Unwraps a result, failing the test with its message otherwise.
template <class T>
T ok(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.has_value(),
                        "unexpected error: " << (r.has_value() ? "" : r.error().message));
  return std::move(*r);
}

}  // namespace ticketd::eventstore::testing

// Lets Boost.Test print error codes in failed comparisons.
namespace ticketd::eventstore {
inline std::ostream& operator<<(std::ostream& os, StoreErrorCode c) { return os << to_string(c); }
}  // namespace ticketd::eventstore

namespace ticketd::eventstore::testing {

// Holds the writer thread inside a finalize callback until release(), so that
// requests submitted meanwhile are drained together as the next batch. The
// gate's own one-event append (stream `stream`) commits first.
class WriterGate {
 public:
  WriterGate(EventStore& store, const std::string& stream) {
    AppendRequest r;
    r.streams.push_back(stream_append(stream, ExpectedVersion::any(), events({stream + "-gate"})));
    r.finalize = [this](uint64_t, std::vector<StreamAppend>&) {
      entered_.set_value();
      release_future_.wait();
    };
    store.append_async(std::move(r),
                       [this](Result<AppendResult> res) { done_.set_value(res.has_value()); });
    entered_.get_future().wait();
  }
  ~WriterGate() {
    if (!released_) release();
  }
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;

  // Lets the writer go on; returns once the gate's own append committed.
  void release() {
    released_ = true;
    release_.set_value();
    BOOST_TEST(done_.get_future().get());
  }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::promise<bool> done_;
  bool released_ = false;
};

// An async append whose outcome can be awaited.
class AsyncAppend {
 public:
  AsyncAppend(EventStore& store, AppendRequest request) {
    store.append_async(std::move(request),
                       [this](Result<AppendResult> r) { promise_.set_value(std::move(r)); });
  }
  AsyncAppend(const AsyncAppend&) = delete;  // the callback holds `this`
  AsyncAppend& operator=(const AsyncAppend&) = delete;
  Result<AppendResult> get() { return future_.get(); }

 private:
  std::promise<Result<AppendResult>> promise_;
  std::future<Result<AppendResult>> future_ = promise_.get_future();
};

}  // namespace ticketd::eventstore::testing
