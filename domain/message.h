#pragma once
// A message on a ticket: a public reply or an internal note, and who wrote it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

// A file on a message. Its bytes are in the blob store beside the log under
// `sha256` (eventstore/blob_store.h); the log carries only this.
struct Attachment {
  std::string id;    // "att_" and hex: what the API's routes name
  std::string name;  // the file name, sanitised (no path, no control characters)
  std::uint64_t size = 0;
  std::string type;    // the media type detected from the content, never the client's
  std::string sha256;  // lower-case hex of the content
  friend bool operator==(const Attachment&, const Attachment&) = default;
};

// A message holds at most this many attachments.
inline constexpr std::size_t kMaxAttachmentsPerMessage = 10;

// A mail held back because its sender could not be verified: who it claims
// to be from, and why it was not believed. It is kept as an internal note
// until an agent accepts it as the requester's reply (AcceptHeldMessage).
struct HeldMail {
  std::string email;
  std::string name;
  std::string reason;       // e.g. "dmarc=fail (mx.example.com)"
  std::string accepted_as;  // the reply it became, once accepted; empty before
  friend bool operator==(const HeldMail&, const HeldMail&) = default;
};

// What a message that came by mail keeps beside its words: the held mail's
// sender (on a held mail's internal note), the held mail a reply was
// accepted from, the quoted history (and signature) below the new words,
// folded away by the screens, and the mail as it came (a blob,
// message/rfc822; staff download it like a file).
struct MailParts {
  std::optional<HeldMail> held;
  std::string accepted_from;  // on a reply accepted from a held mail: its id
  std::string quoted;
  std::optional<Attachment> original;
  bool empty() const { return !held && accepted_from.empty() && quoted.empty() && !original; }
  friend bool operator==(const MailParts&, const MailParts&) = default;
};

// A message's MailParts, shared by its copies and never changed in place: a
// ticket's state is copied on every command, and most messages have none,
// so a Message stays small. == compares the parts, not the pointers.
class SharedMailParts {
 public:
  SharedMailParts() = default;
  SharedMailParts(MailParts parts)  // NOLINT(google-explicit-constructor): a value
      : parts_(parts.empty() ? nullptr : std::make_shared<const MailParts>(std::move(parts))) {}
  const MailParts& operator*() const {
    static const MailParts kNone;
    return parts_ ? *parts_ : kNone;
  }
  const MailParts* operator->() const { return &**this; }
  friend bool operator==(const SharedMailParts& a, const SharedMailParts& b) {
    return a.parts_ == b.parts_ || *a == *b;
  }

 private:
  std::shared_ptr<const MailParts> parts_;
};

// Internal notes (`internal` true) are written by staff and never shown to
// customers; see message_visible_to in decide.h.
struct Message {
  std::string id;
  Author author;
  bool internal = false;
  std::string body;
  Instant created_at{};
  std::vector<Attachment> attachments;
  SharedMailParts mail;
  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace ticketd::domain
