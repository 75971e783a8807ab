#pragma once
// The interface between the projector runtime and a view's state (its
// "model"). A model is a pure fold of ticket events plus indexes; the
// runtime decides when it applies, saves, loads and swaps. Models are not
// thread-safe themselves: Projector guards the live one with a shared_mutex
// (apply under the exclusive lock, queries under the shared one), and a
// model being rebuilt is touched by one thread only.

#include <cstddef>
#include <span>
#include <string_view>

#include "projections/decoded_event.h"

namespace ticketd::projections {

// Receives a model's persisted entries; keys are private to the model.
class ModelSink {
 public:
  virtual ~ModelSink() = default;
  virtual void put(std::string_view key, std::string_view value) = 0;
};

class ReadModel {
 public:
  virtual ~ReadModel() = default;

  // Folds `events` (in log order, each past everything applied before).
  // Events with slot == kNoSlot are not ticket events and are ignored.
  virtual void apply(std::span<const DecodedEvent> events) = 0;

  // Between begin_bulk() and end_bulk() the model only folds rows and
  // leaves its indexes stale; end_bulk() rebuilds them in one pass. Used
  // while catching up from far behind, when nobody queries the model.
  virtual void begin_bulk() = 0;
  virtual void end_bulk() = 0;

  // Writes every entry changed since the previous save() (rows, new pool
  // entries) to `sink`.
  virtual void save(ModelSink& sink) = 0;

  // Restores one entry written by save(), in key order (a fresh model, in
  // bulk mode; end_bulk() follows). False when it is malformed.
  virtual bool load(std::string_view key, std::string_view value) = 0;

  // Approximate heap bytes held, for memory reports.
  virtual std::size_t memory_bytes() const = 0;
};

}  // namespace ticketd::projections
