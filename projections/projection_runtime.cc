#include "projections/projection_runtime.h"

#include <algorithm>
#include <iostream>

namespace ticketd::projections {

// A model the applier feeds in one step.
struct ProjectionRuntime::Target {
  Projector* projector;
  bool shadow;
  std::uint64_t position;
  std::uint32_t generation;
  std::uint32_t version;
};

ProjectionRuntime::ProjectionRuntime(eventstore::EventStore& store,
                                     std::unique_ptr<ProjectionStore> projection_store,
                                     Options options)
    : store_(store), pstore_(std::move(projection_store)), options_(std::move(options)) {}

ProjectionRuntime::~ProjectionRuntime() { stop(); }

Projector& ProjectionRuntime::add(std::string name, std::uint32_t version,
                                  Projector::Factory factory) {
  auto projector = std::make_unique<Projector>(std::move(name), version, std::move(factory));
  projector->waiters_.set_on_new_deadline([this] {
    std::lock_guard lock(mu_);
    wake_ = true;
    cv_.notify_one();
  });
  projectors_.push_back(std::move(projector));
  return *projectors_.back();
}

Projector* ProjectionRuntime::find(std::string_view name) const {
  for (const auto& p : projectors_) {
    if (p->name() == name) return p.get();
  }
  return nullptr;
}

void ProjectionRuntime::log(std::string_view line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "projections: " << line << '\n';
  }
}

void ProjectionRuntime::fail(const std::string& message) {
  failed_.store(true);
  log(message);
  for (const auto& p : projectors_) {
    std::lock_guard lock(p->state_mu_);
    if (p->error_.empty()) p->error_ = message;
  }
}

domain::Result<void> ProjectionRuntime::start() {
  {
    std::lock_guard lock(mu_);
    if (started_) return domain::make_error(domain::ErrorCode::kConflict, "already started");
    started_ = true;
  }
  if (auto r = pstore_->drop_unreferenced_generations(); !r) return r.error();
  auto directory_position = pstore_->load_directory(
      [this](std::uint32_t slot, std::string_view s) { directory_.restore(slot, std::string(s)); });
  if (!directory_position) return directory_position.error();
  directory_.restore_position(*directory_position);

  std::vector<Projector*> to_rebuild;
  for (const auto& p : projectors_) {
    const std::optional<ProjectionStore::Active> active = pstore_->active(p->name());
    std::optional<ProjectionStore::Checkpoint> checkpoint;
    if (active) checkpoint = pstore_->checkpoint(active->generation);
    if (active && checkpoint) {
      std::unique_ptr<ReadModel> model = p->factory_();
      model->begin_bulk();
      auto loaded = pstore_->load(active->generation, [&](std::string_view k, std::string_view v) {
        return model->load(k, v);
      });
      if (loaded) {
        model->end_bulk();
        p->live_ = std::move(model);
        p->position_.store(checkpoint->position);
        p->generation_ = active->generation;
        p->serving_version_ = active->version;
        p->waiters_.publish(checkpoint->position);
      } else {
        log(p->name() + ": stored model does not load (" + loaded.error().message +
            "); rebuilding it");
      }
    }
    if (!p->live_ || p->serving_version_ != p->version()) {
      p->rebuilding_ = true;
      to_rebuild.push_back(p.get());
    }
  }

  subscription_ = store_.subscribe([this](std::uint64_t) {
    std::lock_guard lock(mu_);
    wake_ = true;
    cv_.notify_one();
  });
  applier_ = std::thread([this] { run_applier(); });
  worker_ = std::thread([this] { run_worker(); });
  if (!to_rebuild.empty()) {
    std::lock_guard lock(mu_);
    rebuild_queue_ = std::move(to_rebuild);
    worker_cv_.notify_one();
  }
  return {};
}

void ProjectionRuntime::stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
    cv_.notify_all();
    worker_cv_.notify_all();
  }
  if (subscription_ != 0) store_.unsubscribe(subscription_);
  if (applier_.joinable()) applier_.join();
  if (worker_.joinable()) worker_.join();
  for (const auto& p : projectors_) p->waiters_.close();
}

domain::Result<void> ProjectionRuntime::rebuild(std::string_view name) {
  Projector* p = find(name);
  if (p == nullptr) {
    return domain::make_error(domain::ErrorCode::kNotFound,
                              "no projection named " + std::string(name));
  }
  std::lock_guard lock(mu_);
  {
    std::lock_guard state(p->state_mu_);
    if (p->rebuilding_) {
      return domain::make_error(domain::ErrorCode::kConflict,
                                p->name() + " is already being rebuilt");
    }
    p->rebuilding_ = true;
  }
  rebuild_queue_.push_back(p);
  worker_cv_.notify_one();
  return {};
}

std::vector<ProjectorStatus> ProjectionRuntime::status() const {
  const std::uint64_t head = store_.head();
  std::vector<ProjectorStatus> out;
  for (const auto& p : projectors_) {
    ProjectorStatus s = p->status();
    s.log_head = head;
    s.lag = head > s.position ? head - s.position : 0;
    out.push_back(std::move(s));
  }
  return out;
}

bool ProjectionRuntime::wait_until_applied(std::uint64_t position,
                                           Projector::Clock::time_point deadline) {
  for (const auto& p : projectors_) {
    if (!p->wait_for(position, deadline)) return false;
  }
  return true;
}

std::optional<Projector::Clock::time_point> ProjectionRuntime::next_deadline() const {
  std::optional<Projector::Clock::time_point> earliest;
  for (const auto& p : projectors_) {
    const auto d = p->waiters_.next_deadline();
    if (d && (!earliest || *d < *earliest)) earliest = d;
  }
  return earliest;
}

void ProjectionRuntime::expire_waiters() {
  const auto now = Projector::Clock::now();
  for (const auto& p : projectors_) p->waiters_.expire(now);
}

bool ProjectionRuntime::applier_has_work() const {
  if (failed_.load()) return false;
  const std::uint64_t head = store_.head();
  for (const auto& p : projectors_) {
    if (p->live_ && p->position_.load() < head) return true;
    if (p->shadow_ &&
        (p->shadow_position_ < head || !p->live_ || p->shadow_position_ == p->position_.load())) {
      return true;
    }
  }
  return false;
}

void ProjectionRuntime::run_applier() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (handover_) {
      for (Handover& h : handovers_) {
        h.projector->shadow_ = std::move(h.model);
        h.projector->shadow_generation_ = h.generation;
        h.projector->shadow_position_ = h.position;
        h.projector->shadow_events_ = h.events;
      }
      handovers_.clear();
      handover_ = false;
    }
    wake_ = false;
    lock.unlock();
    expire_waiters();
    const bool work = applier_has_work();
    if (work) step();
    lock.lock();
    if (work || stop_ || handover_ || wake_) continue;
    const auto deadline = next_deadline();
    const auto woken = [this] { return stop_ || handover_ || wake_; };
    if (deadline) {
      cv_.wait_until(lock, *deadline, woken);
    } else {
      cv_.wait(lock, woken);
    }
  }
}

void ProjectionRuntime::step() {
  std::vector<Target> targets;
  for (const auto& p : projectors_) {
    if (p->live_) {
      targets.push_back({p.get(), false, p->position_.load(), p->generation_, p->serving_version_});
    }
    if (p->shadow_) {
      targets.push_back({p.get(), true, p->shadow_position_, p->shadow_generation_, p->version()});
    }
  }
  ProjectionStore::Batch batch;
  const std::uint64_t head = store_.head();
  std::uint64_t from = UINT64_MAX;
  for (const Target& t : targets) from = std::min(from, t.position);
  if (!targets.empty() && from < head) {
    eventstore::LogCursor cursor = store_.cursor(from);
    scratch_.clear();
    auto last = read_batch(cursor, options_.batch_events, scratch_);
    if (!last) return fail("applier: " + last.error().message);
    const std::span<const DecodedEvent> all(scratch_);
    for (Target& t : targets) {
      if (t.position >= *last) continue;
      auto first = std::partition_point(
          all.begin(), all.end(), [&](const DecodedEvent& e) { return e.position <= t.position; });
      const std::span<const DecodedEvent> events(first, all.end());
      Projector& p = *t.projector;
      if (t.shadow) {
        p.shadow_->apply(events);
        p.shadow_position_ = *last;
        p.shadow_events_ += events.size();
        p.shadow_->save(*batch.sink(t.generation));
      } else {
        for (std::size_t i = 0; i < events.size(); i += options_.lock_slice_events) {
          const auto slice =
              events.subspan(i, std::min(options_.lock_slice_events, events.size() - i));
          std::unique_lock model_lock(p.mu_);
          p.live_->apply(slice);
          p.position_.store(slice.back().position, std::memory_order_release);
        }
        {
          std::unique_lock model_lock(p.mu_);
          p.position_.store(*last, std::memory_order_release);
        }
        p.events_applied_.fetch_add(events.size(), std::memory_order_relaxed);
        p.waiters_.publish(*last);
        p.live_->save(*batch.sink(t.generation));
      }
      batch.put_checkpoint(t.generation, {*last, t.version});
    }
  }
  std::vector<Projector*> swaps;
  for (const auto& p : projectors_) {
    if (p->shadow_ && (!p->live_ || p->shadow_position_ == p->position_.load())) {
      std::optional<std::uint32_t> retired;
      if (p->live_) retired = p->generation_;
      batch.activate(p->name(), {p->shadow_generation_, p->version()}, retired);
      swaps.push_back(p.get());
    }
  }
  if (auto written = persist(batch); !written) {
    return fail("applier: " + written.error().message);
  }
  for (Projector* p : swaps) {
    {
      std::unique_lock model_lock(p->mu_);
      p->live_ = std::move(p->shadow_);
      p->position_.store(p->shadow_position_, std::memory_order_release);
    }
    p->events_applied_.store(p->shadow_events_, std::memory_order_relaxed);
    {
      std::lock_guard state(p->state_mu_);
      p->generation_ = p->shadow_generation_;
      p->serving_version_ = p->version();
      p->rebuilding_ = false;
    }
    p->rebuild_position_.store(p->shadow_position_, std::memory_order_relaxed);
    p->waiters_.publish(p->shadow_position_);
  }
}

}  // namespace ticketd::projections
