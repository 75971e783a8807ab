#pragma once
// Every event type the log may hold, with what it records: the ticket events
// of the domain and those of the directory, the notifications and the
// operators.

#include <string_view>
#include <vector>

namespace ticketd::api {

struct EventTypeDoc {
  std::string_view type;
  std::string_view description;
};

// Described types first, then any domain event added without a description.
std::vector<EventTypeDoc> event_type_docs();

}  // namespace ticketd::api
