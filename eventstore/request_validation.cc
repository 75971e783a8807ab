#include "eventstore/request_validation.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace ticketd::eventstore {
namespace {

StoreError invalid(std::string message) {
  return make_store_error(StoreErrorCode::kInvalidArgument, std::move(message));
}

std::optional<StoreError> check_name(std::string_view what, std::string_view name) {
  if (name.empty()) return invalid(std::string(what) + " is empty");
  if (name.size() > kMaxNameBytes) {
    return invalid(std::string(what) + " is longer than " + std::to_string(kMaxNameBytes) +
                   " bytes");
  }
  return std::nullopt;
}

std::optional<StoreError> check_event(const NewEvent& e) {
  if (e.type.empty()) return invalid("event " + e.event_id + ": type is empty");
  for (std::string_view field :
       {std::string_view(e.type), std::string_view(e.tenant), std::string_view(e.actor.id),
        std::string_view(e.actor.role), std::string_view(e.correlation_id)}) {
    if (field.size() > kMaxFieldBytes) {
      return invalid("event " + e.event_id + ": a field is longer than " +
                     std::to_string(kMaxFieldBytes) + " bytes");
    }
  }
  if (e.data.size() > kMaxDataBytes) {
    return invalid("event " + e.event_id + ": data is longer than " +
                   std::to_string(kMaxDataBytes) + " bytes");
  }
  return std::nullopt;
}

// True when two of `names` are equal. Small requests (the common case) are
// compared pairwise so the writer does not allocate.
template <class Names>
bool has_repeats(const Names& names, size_t count) {
  constexpr size_t kPairwiseLimit = 16;
  if (count <= kPairwiseLimit) {
    for (size_t i = 0; i < count; ++i) {
      for (size_t j = i + 1; j < count; ++j) {
        if (names(i) == names(j)) return true;
      }
    }
    return false;
  }
  std::vector<std::string_view> sorted;
  sorted.reserve(count);
  for (size_t i = 0; i < count; ++i) sorted.push_back(names(i));
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

}  // namespace

std::optional<StoreError> validate_request(const AppendRequest& request) {
  if (request.streams.empty()) return invalid("append without streams");
  if (request.counter.size() > kMaxNameBytes) return invalid("counter name is too long");
  size_t event_count = 0;
  for (const StreamAppend& sa : request.streams) {
    if (auto e = check_name("stream name", sa.stream)) return e;
    if (sa.stream.find('\0') != std::string::npos) {
      return invalid("stream name contains a NUL byte");
    }
    if (sa.events.empty()) return invalid("append to " + sa.stream + " without events");
    for (const NewEvent& e : sa.events) {
      if (auto err = check_name("event_id", e.event_id)) return err;
      if (auto err = check_event(e)) return err;
    }
    event_count += sa.events.size();
  }
  auto stream_name = [&](size_t i) -> std::string_view { return request.streams[i].stream; };
  if (has_repeats(stream_name, request.streams.size())) {
    return invalid("a stream appears twice in one append");
  }
  if (event_count > 1) {
    std::vector<const NewEvent*> events;
    events.reserve(event_count);
    for (const StreamAppend& sa : request.streams) {
      for (const NewEvent& e : sa.events) events.push_back(&e);
    }
    auto event_id = [&](size_t i) -> std::string_view { return events[i]->event_id; };
    if (has_repeats(event_id, event_count)) {
      return invalid("an event id appears twice in one append");
    }
  }
  return std::nullopt;
}

std::optional<StoreError> validate_event_fields(const AppendRequest& request) {
  for (const StreamAppend& sa : request.streams) {
    for (const NewEvent& e : sa.events) {
      if (auto err = check_event(e)) return err;
    }
  }
  return std::nullopt;
}

}  // namespace ticketd::eventstore
