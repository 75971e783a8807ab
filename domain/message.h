#pragma once
// A message on a ticket: a public reply or an internal note, and who wrote it.

#include <string>

#include "domain/types.h"

namespace ticketd::domain {

// The author as shown next to a message. `role` is the author's role when
// the message was written; staff roles mark internal work and agent replies.
struct Author {
  std::string id;
  std::string name;
  Role role = Role::kCustomer;
  friend bool operator==(const Author&, const Author&) = default;
};

// Internal notes (`internal` true) are written by staff and never shown to
// customers; see message_visible_to in decide.h.
struct Message {
  std::string id;
  Author author;
  bool internal = false;
  std::string body;
  Instant created_at{};
  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace ticketd::domain
