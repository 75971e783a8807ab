#pragma once
// Checks the shape of an append before the writer looks at the log: names
// present and within limits (append_request.h), streams distinct, event ids
// distinct within the request.

#include <optional>

#include "eventstore/append_request.h"
#include "eventstore/store_error.h"

namespace ticketd::eventstore {

// The first problem of `request` as a kInvalidArgument error, or nullopt.
std::optional<StoreError> validate_request(const AppendRequest& request);

// Only the per-event field limits (after a finalize callback changed fields).
std::optional<StoreError> validate_event_fields(const AppendRequest& request);

}  // namespace ticketd::eventstore
