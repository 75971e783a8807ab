#include "projections/projector.h"

namespace ticketd::projections {

Projector::Projector(std::string name, std::uint32_t version, Factory factory)
    : name_(std::move(name)), version_(version), factory_(std::move(factory)) {}

ProjectorStatus Projector::status() const {
  ProjectorStatus s;
  s.name = name_;
  s.version = version_;
  {
    std::shared_lock lock(mu_);
    s.ready = live_ != nullptr;
  }
  s.position = position();
  s.rebuild_position = rebuild_position_.load(std::memory_order_relaxed);
  s.events_applied = events_applied_.load(std::memory_order_relaxed);
  std::lock_guard lock(state_mu_);
  s.serving_version = s.ready ? serving_version_ : 0;
  s.rebuilding = rebuilding_;
  s.error = error_;
  return s;
}

}  // namespace ticketd::projections
