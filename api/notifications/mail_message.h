#pragma once
// Outbound email as RFC 5322 bytes: headers (RFC 2047 encoded where not
// ASCII), a multipart/alternative body with a text and an HTML part (UTF-8,
// base64), CRLF line ends. And the Message-IDs that thread a ticket's mail
// and let inbound replies find their ticket. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/types.h"

namespace ticketd::api {

// A file an email carries, with its bytes.
struct MailAttachment {
  std::string name;  // sanitised (attachments.h): no path, no control characters
  std::string type;  // its media type
  std::string content;
};

struct OutgoingEmail {
  std::string from;  // "support@acme.test" or "Name <support@acme.test>"
  std::string to_email;
  std::string to_name;
  std::string subject;
  std::string text;
  std::string html;
  std::string message_id;   // "<...>"
  std::string in_reply_to;  // "<...>", may be empty
  std::string references;   // space-separated "<...>", may be empty
  std::string reply_to;     // "support+acme-42@help.example", may be empty
  domain::Instant date{};
  std::string delivery_id;                  // X-Ticketd-Delivery, for receivers to de-duplicate
  std::vector<MailAttachment> attachments;  // none: the body alone
  // List-Unsubscribe's URL (RFC 2369), which also takes the one-click POST
  // of RFC 8058 (List-Unsubscribe-Post); empty: neither header.
  std::string list_unsubscribe;
};

// The whole message: multipart/alternative, inside multipart/mixed with
// the attachments (base64, names RFC 2231-encoded when not ASCII) when there
// are any.
std::string compose_mime(const OutgoingEmail& email);

// The Message-ID of one notification about a ticket: "<t...-n...@domain>".
// A reply quoting it in In-Reply-To or References leads back to the ticket.
std::string notification_message_id(std::string_view ticket_id, std::string_view notification_id,
                                    std::string_view domain);
// The thread root of a ticket's email to the requester, "<t...@domain>",
// or to the staff, "<t...-staff@domain>": the Message-ID of the first mail
// to each (the confirmation, the new-ticket alert), which later ones refer to.
std::string ticket_thread_id(std::string_view ticket_id, std::string_view domain,
                             bool customer = true);

// The plus address of `from`'s address for ticket `key`:
// "Help <support@x.test>", "acme-42" -> "support+acme-42@x.test". Replies to
// it lead back to the ticket (ticket_key_in_address).
std::string plus_address(std::string_view from, std::string_view key);

// The ticket key a plus address carries: "support+acme-42@x" -> "acme-42";
// nullopt when the part after '+' is no "<tenant>-<number>".
std::optional<std::string> ticket_key_in_address(std::string_view address);

// The ticket id in a Message-ID made by the two functions above (any
// domain), from a header value that may list several ids; nullopt if none.
std::optional<std::string> ticket_id_in_message_ids(std::string_view header);

// The address part of "Name <a@b>" or "a@b", lowercased; empty if none.
std::string address_of(std::string_view mailbox);
// The domain of an address ("b" of "a@b"); "localhost" if none.
std::string domain_of(std::string_view address);

}  // namespace ticketd::api
