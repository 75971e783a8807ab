#pragma once
// One stream's state, held in memory and changed only by deciding on it --
// the directory's tenants, agents and tokens and the webhooks each are one.
// It is how those streams are written, as the command path is for tickets:
//
//   load     fold the stream (start-up);
//   decide   a pure function of the state at version v, under a shared
//            lock (quick: no I/O), on the caller's thread -- or, when
//            another command of this process is still appending, after it,
//            on the store's completer thread: one command at a time;
//   append   the events, expecting exactly version v, with append_async:
//            the caller's thread (an io thread) does not wait for the disk;
//   retry    when another writer moved the stream first, read what it
//            wrote and decide again;
//   answer   once durable, the events are folded in and `done` runs, on the
//            store's completer thread (or on the deciding thread when
//            decide refuses or the store is closed).
//
// Thread-safety: every member may be called from any thread. It must
// outlive the commands given to it (until their `done` has run).

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "api/commands/ids.h"
#include "domain/result.h"
#include "eventstore/event_store.h"

namespace ticketd::api {

// How a writer that does not block answers: with the result, once known.
template <class T>
using Answer = std::function<void(domain::Result<T>)>;

// Blocks until `start(answer)` answers, at most `timeout` (then kInternal):
// for tools and tests, never for an io thread or the store's completer.
template <class T, class Start>
domain::Result<T> await_answer(Start start,
                               std::chrono::milliseconds timeout = std::chrono::minutes(1)) {
  auto promise = std::make_shared<std::promise<domain::Result<T>>>();
  std::future<domain::Result<T>> future = promise->get_future();
  start([promise](domain::Result<T> r) { promise->set_value(std::move(r)); });
  if (future.wait_for(timeout) != std::future_status::ready) {
    return domain::make_error(domain::ErrorCode::kInternal, "no answer in time");
  }
  return future.get();
}

// The events a command appended, with their log positions set.
template <class Event>
struct Committed {
  std::vector<Event> events;
  std::uint64_t last_position = 0;
};

template <class State, class Event>
class StreamAggregate {
 public:
  struct Codec {
    std::function<domain::Result<Event>(const eventstore::Envelope&)> decode;
    std::function<eventstore::NewEvent(const Event&, std::string event_id)> encode;
    std::function<State(State, const Event&)> evolve;
  };
  using Decide = std::function<domain::Result<std::vector<Event>>(const State&)>;
  using Done = std::function<void(domain::Result<Committed<Event>>)>;

  // `id_tag` starts the ids of the events it appends ('d', 'w').
  StreamAggregate(eventstore::EventStore& store, std::string stream, char id_tag, Codec codec)
      : store_(store), stream_(std::move(stream)), id_tag_(id_tag), codec_(std::move(codec)) {}

  // Folds what the stream holds beyond the state; kInternal when it cannot
  // be read or an event does not decode.
  domain::Result<void> load() {
    std::unique_lock lock(mu_);
    return catch_up(lock);
  }

  // Calls `read` with the state under a shared lock and returns its answer.
  template <class Read>
  auto read(Read&& read) const {
    std::shared_lock lock(mu_);
    return read(state_);
  }

  // Decides and appends as the header says. `done` gets decide's error as
  // it is, kInternal when the store fails, kConflict when the stream kept
  // moving for kMaxAttempts decisions, or the events appended (none when
  // decide returned none: nothing is appended).
  // Commands of this process run one at a time, in the order given, so
  // they never race each other; only another writer of the stream makes one
  // decide again.
  void execute(Decide decide, Done done) {
    auto attempt = std::make_shared<Attempt>(Attempt{std::move(decide), std::move(done), 0});
    {
      std::lock_guard lock(queue_mu_);
      if (running_) return queue_.push_back(std::move(attempt));
      running_ = true;
    }
    run(std::move(attempt));
  }

 private:
  static constexpr int kMaxAttempts = 8;

  struct Attempt {
    Decide decide;
    Done done;
    int attempts = 0;
  };

  // Takes the next queued command, answers `attempt`, then runs the next.
  // Answering is the last use of `this` when nothing is queued: an owner
  // woken by the answer may destroy the aggregate at once.
  void finish(std::shared_ptr<Attempt> attempt, domain::Result<Committed<Event>> result) {
    std::shared_ptr<Attempt> next;
    {
      std::lock_guard lock(queue_mu_);
      if (queue_.empty()) {
        running_ = false;
      } else {
        next = std::move(queue_.front());
        queue_.pop_front();
      }
    }
    attempt->done(std::move(result));
    if (next) run(std::move(next));
  }

  void run(std::shared_ptr<Attempt> attempt) {
    ++attempt->attempts;
    std::uint64_t version = 0;
    domain::Result<std::vector<Event>> events = [&] {
      std::shared_lock lock(mu_);
      version = version_;
      return attempt->decide(state_);
    }();
    if (!events) return finish(std::move(attempt), std::move(events.error()));
    if (events->empty()) return finish(std::move(attempt), Committed<Event>{});
    std::vector<eventstore::NewEvent> stored;
    for (const Event& e : *events) stored.push_back(codec_.encode(e, new_event_id(id_tag_)));
    eventstore::AppendRequest request;
    request.streams.push_back(eventstore::StreamAppend{
        stream_, eventstore::ExpectedVersion::exactly(version), std::move(stored)});
    store_.append_async(std::move(request),
                        [this, attempt, version, events = std::move(*events)](
                            eventstore::Result<eventstore::AppendResult> r) mutable {
                          on_appended(std::move(attempt), version, std::move(events), std::move(r));
                        });
  }

  void on_appended(std::shared_ptr<Attempt> attempt, std::uint64_t version,
                   std::vector<Event> events, eventstore::Result<eventstore::AppendResult> r) {
    if (!r && r.error().code == eventstore::StoreErrorCode::kWrongExpectedVersion) {
      if (attempt->attempts >= kMaxAttempts) {
        return finish(std::move(attempt),
                      domain::make_error(domain::ErrorCode::kConflict,
                                         "the " + stream_ + " stream kept changing; try again"));
      }
      {
        std::unique_lock lock(mu_);
        if (auto caught = catch_up(lock); !caught) {
          lock.unlock();
          return finish(std::move(attempt), std::move(caught.error()));
        }
      }
      return run(std::move(attempt));  // somebody else wrote first: decide again
    }
    if (!r) {
      return finish(std::move(attempt),
                    domain::make_error(domain::ErrorCode::kInternal,
                                       "the event store failed: " + r.error().message));
    }
    for (std::size_t i = 0; i < events.size(); ++i) events[i].position = r->first_position + i;
    {
      std::unique_lock lock(mu_);
      if (version_ == version) {
        for (const Event& e : events) state_ = codec_.evolve(std::move(state_), e);
        version_ = version + events.size();
      } else if (version_ < version + events.size()) {
        // Not possible while this process is the stream's only writer; if it
        // is not, the stream says what happened.
        if (auto caught = catch_up(lock); !caught) {
          lock.unlock();
          return finish(std::move(attempt), std::move(caught.error()));
        }
      }  // else a retry's catch-up has read these events already
    }
    finish(std::move(attempt), Committed<Event>{std::move(events), r->last_position});
  }

  // Reads and folds the stream beyond version_; `lock` holds mu_.
  domain::Result<void> catch_up(std::unique_lock<std::shared_mutex>&) {
    eventstore::Result<std::vector<eventstore::Envelope>> tail =
        store_.read_stream(stream_, version_ + 1);
    if (!tail) {
      return domain::make_error(domain::ErrorCode::kInternal,
                                "cannot read the " + stream_ + " stream: " + tail.error().message);
    }
    for (const eventstore::Envelope& envelope : *tail) {
      domain::Result<Event> event = codec_.decode(envelope);
      if (!event) return std::move(event.error());
      state_ = codec_.evolve(std::move(state_), *event);
      version_ = envelope.version;
    }
    return {};
  }

  eventstore::EventStore& store_;
  const std::string stream_;
  const char id_tag_;
  const Codec codec_;
  std::mutex queue_mu_;
  bool running_ = false;  // guarded by queue_mu_: a command is deciding or appending
  std::deque<std::shared_ptr<Attempt>> queue_;  // guarded by queue_mu_: commands waiting their turn
  mutable std::shared_mutex mu_;
  State state_;                // guarded by mu_
  std::uint64_t version_ = 0;  // guarded by mu_: the stream version state_ is at
};

}  // namespace ticketd::api
