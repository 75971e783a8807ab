#include "projections/ticket_directory.h"

namespace ticketd::projections {

domain::Result<std::uint32_t> TicketDirectory::resolve(std::uint64_t position,
                                                       std::string_view stream) {
  std::lock_guard lock(mu_);
  if (auto it = slots_.find(stream); it != slots_.end()) {
    if (position > position_) position_ = position;
    return it->second;
  }
  if (position <= position_) {
    return domain::make_error(domain::ErrorCode::kInternal,
                              "ticket directory: stream " + std::string(stream) +
                                  " unknown at position " + std::to_string(position) +
                                  ", which precedes the directory's position " +
                                  std::to_string(position_));
  }
  const auto slot = static_cast<std::uint32_t>(slots_.size());
  slots_.emplace(std::string(stream), slot);
  unsaved_.emplace_back(slot, std::string(stream));
  position_ = position;
  return slot;
}

std::uint32_t TicketDirectory::size() const {
  std::lock_guard lock(mu_);
  return static_cast<std::uint32_t>(slots_.size());
}

TicketDirectory::Unsaved TicketDirectory::take_unsaved() {
  std::lock_guard lock(mu_);
  return Unsaved{std::exchange(unsaved_, {}), position_};
}

void TicketDirectory::restore(std::uint32_t slot, std::string stream) {
  std::lock_guard lock(mu_);
  slots_.emplace(std::move(stream), slot);
}

void TicketDirectory::restore_position(std::uint64_t position) {
  std::lock_guard lock(mu_);
  position_ = position;
}

std::uint64_t TicketDirectory::position() const {
  std::lock_guard lock(mu_);
  return position_;
}

std::size_t TicketDirectory::memory_bytes() const {
  std::lock_guard lock(mu_);
  std::size_t bytes = slots_.bucket_count() * sizeof(void*);
  for (const auto& [stream, slot] : slots_) {
    bytes += 56 + (stream.capacity() > 15 ? stream.capacity() + 1 : 0);
  }
  return bytes;
}

}  // namespace ticketd::projections
