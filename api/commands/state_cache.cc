#include "api/commands/state_cache.h"

#include "api/commands/command_path.h"

namespace ticketd::api {
namespace {

// About the heap memory a folded state holds: the structs and the text of
// its strings (small strings live inside their struct).
std::size_t approx_bytes(const LoadedTicket& loaded) {
  const domain::TicketState& t = loaded.state;
  std::size_t n = sizeof(loaded) + t.id.size() + t.tenant.size() + t.subject.size() +
                  t.requester.id.size() + t.requester.email.size() + t.requester.name.size();
  for (const std::string& tag : t.tags) n += sizeof(tag) + tag.size();
  for (const std::string& id : t.merged_from) n += sizeof(id) + id.size();
  for (const domain::Message& m : t.messages) {
    n += sizeof(m) + m.id.size() + m.author.id.size() + m.author.name.size() + m.body.size();
    if (m.mail->empty()) continue;  // the common case: no parts allocated
    n += sizeof(domain::MailParts) + m.mail->quoted.size();
  }
  return n;
}

}  // namespace

StateCache::Lookup StateCache::get(std::string_view id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) {
    ++misses_;
    return Lookup{nullptr, false, epoch_};
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second.position);
  return Lookup{it->second.loaded, it->second.current, epoch_};
}

StateCacheStats StateCache::stats() {
  std::lock_guard lock(mu_);
  return StateCacheStats{entries_.size(), used_, capacity_, hits_, misses_};
}

void StateCache::put(const std::string& id, std::shared_ptr<const LoadedTicket> loaded,
                     std::uint64_t read_epoch, bool at_head) {
  const std::size_t bytes = approx_bytes(*loaded) + id.size();
  std::lock_guard lock(mu_);
  store(id, std::move(loaded), bytes, at_head && read_epoch == epoch_);
}

void StateCache::put_committed(const std::string& id, std::shared_ptr<const LoadedTicket> loaded) {
  const std::size_t bytes = approx_bytes(*loaded) + id.size();
  std::lock_guard lock(mu_);
  bool current = true;
  for (std::size_t i = 0; i < last_batch_size_; ++i) {
    if (last_batch_[i].first == id && last_batch_[i].second > loaded->state.version)
      current = false;
  }
  store(id, std::move(loaded), bytes, current);
}

void StateCache::confirm(std::string_view id, const LoadedTicket* loaded,
                         std::uint64_t read_epoch) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it != entries_.end() && it->second.loaded.get() == loaded && read_epoch == epoch_) {
    it->second.current = true;
  }
}

void StateCache::on_commit(const std::vector<eventstore::StreamHead>& heads) {
  std::lock_guard lock(mu_);
  ++epoch_;
  last_batch_size_ = 0;
  for (const eventstore::StreamHead& head : heads) {
    if (!head.stream.starts_with(kTicketStreamPrefix)) continue;
    const std::string_view id = head.stream.substr(kTicketStreamPrefix.size());
    if (last_batch_size_ == last_batch_.size()) last_batch_.emplace_back();
    last_batch_[last_batch_size_].first.assign(id);  // reuses the strings' buffers
    last_batch_[last_batch_size_++].second = head.version;
    auto it = entries_.find(id);
    if (it != entries_.end() && it->second.loaded->state.version < head.version) {
      it->second.current = false;
    }
  }
}

void StateCache::store(const std::string& id, std::shared_ptr<const LoadedTicket> loaded,
                       std::size_t bytes, bool current) {
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    Entry& e = it->second;
    lru_.splice(lru_.begin(), lru_, e.position);
    // Keep the newer of two concurrent folds.
    if (e.loaded->state.version > loaded->state.version) return;
    if (e.loaded->state.version == loaded->state.version) {
      e.current = e.current || current;
      return;
    }
    used_ = used_ - e.bytes + bytes;
    e.loaded = std::move(loaded);
    e.bytes = bytes;
    e.current = current;
  } else {
    lru_.push_front(id);
    entries_.emplace(id, Entry{std::move(loaded), lru_.begin(), bytes, current});
    used_ += bytes;
  }
  // The entry just used stays, even when it alone is over the budget.
  while (used_ > capacity_ && entries_.size() > 1) {
    auto last = entries_.find(lru_.back());
    used_ -= last->second.bytes;
    entries_.erase(last);
    lru_.pop_back();
  }
}

}  // namespace ticketd::api
