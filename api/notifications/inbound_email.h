#pragma once
// Inbound email: a raw RFC 822 message parsed with GMime, and the
// pure helpers that turn it into a customer reply or a new ticket: the
// ticket it answers (In-Reply-To / References, else "[acme-42]" in the
// subject), the tenant of the address it was sent to, and the reply text
// without its quoted history.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace ticketd::api {

// A file the mail carries: an attachment, an inline image, a forwarded
// message (as .eml). Decoded from its transfer encoding; the name and type
// are what the mail claims (the receiver sanitises and detects them).
struct InboundFile {
  std::string name;  // may be empty
  std::string type;  // e.g. "image/png"
  std::string content;
};

struct InboundEmail {
  std::string from_email;  // lowercased
  std::string from_name;
  std::vector<std::string> recipients;  // To, Cc, Delivered-To, X-Original-To; lowercased
  std::string subject;                  // decoded, UTF-8
  std::string message_id;               // without <>
  std::string in_reply_to;              // raw header value
  std::string references;               // raw header value
  std::string auto_submitted;           // "no", "auto-replied", ... (empty when absent)
  // Why a machine sent it, "" for a person's mail: "Auto-Submitted:
  // auto-replied", "Precedence: bulk", "X-Autoreply", "X-Autorespond",
  // "List-Id", "List-Unsubscribe", "delivery status notification
  // (multipart/report)", "read receipt (multipart/report)", "From:
  // MAILER-DAEMON", "From: postmaster".
  std::string automatic;
  // Every inline text/plain part without a file name (and the first one in
  // any case), in order, joined by a blank line; without them, likewise the
  // text of the HTML parts. Decoded by its charset (detected when missing
  // or wrong); always valid UTF-8.
  std::string text;
  std::vector<InboundFile> files;  // in the mail's order; signatures left out
  // Every Authentication-Results header (RFC 8601), top (the last server's)
  // first, unfolded.
  std::vector<std::string> authentication_results;
};

// Whether a mail's sender is who From: says, as the receiving server that
// ticketd trusts found it.
struct SenderCheck {
  bool verified = false;
  std::string why;  // "dmarc=pass (mx.example.com)", "dmarc=fail (mx.example.com)", ...
};

// Judges `authentication_results` (top first) by the topmost header of
// `trusted_authserv_id` (case-insensitive; headers of other hosts are
// anyone's to write and are ignored): verified when it says dmarc=pass, or,
// with no DMARC result, both spf=pass and dkim=pass. No such header:
// unverified.
SenderCheck check_sender(const std::vector<std::string>& authentication_results,
                         std::string_view trusted_authserv_id);

// Parses `raw`: its inline text/plain parts (or, without them, its inline
// text/html parts as text) make the text; every other leaf part is a file
// (the HTML alternative of a text/plain part is neither).
// Subject and From name decoded (RFC 2047, raw 8-bit bytes detected).
// kValidation when it is no message or has no From address. Thread-safe.
domain::Result<InboundEmail> parse_inbound_email(std::string_view raw);

// The byte offset in `text` where the quoted history or the signature
// begins, text.size() when there is none: our reply marker; "On ...
// wrote:" (also folded over two lines; German "Am ... schrieb ...:",
// French "Le ... a écrit :", Spanish "El ... escribió:", Dutch "Op ...
// schreef ...:") when a header block or '>' lines that are history
// themselves follow it; a quoted
// mail's header block ("From:" with "Sent:"/"Date:" and "To:"/"Subject:",
// and their German, French, Spanish and Dutch names), or the
// "-----Original Message-----" or "____" line before it; the "-- "
// signature delimiter; a mobile footer ("Sent from my iPhone", "Get
// Outlook for iOS", ...) with nothing but history after it; a block of '>'
// lines with nothing but history after it. '>' lines the customer answers
// below stay, and nothing below a forward ("---------- Forwarded message
// ---------", "Begin forwarded message:") is history.
std::size_t quoted_history_start(std::string_view text);

// The reply itself: text before quoted_history_start(text), trimmed.
std::string strip_quoted_history(std::string_view text);

// The ticket key in a subject: the first "[<tenant>-<number>]".
std::optional<std::string> ticket_key_in_subject(std::string_view subject);

// The subject of a new ticket from a mail subject: leading reply and
// forward prefixes removed ("Re:", "Fwd:", "Fw:", "AW:", "WG:", French "RE :"
// and "TR :" with a no-break space, Spanish "RV:", Dutch "Antw:" and
// "Doorst:", counted "Re[2]:", Chinese 回复/答复/转发 with a full-width colon),
// trimmed, "(no subject)" when empty, cut to 200 characters.
std::string clean_subject(std::string_view subject);

// The tenant slugs an address may stand for, most specific first:
// "support+acme@x" -> {"acme"}; "acme@x" -> {"acme"}. Empty for no address.
std::vector<std::string> tenant_candidates(std::string_view address);

}  // namespace ticketd::api
