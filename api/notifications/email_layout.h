#pragma once
// The HTML frame every notification email shares: a table-based single
// column (600 px at most, the full width on phones) with inline styles, a
// header bar in the tenant's colour with its name and the ticket, the
// content on a white card, a short footer; light and dark. The tenant's
// logo, when it has one, stands before its name, which stays as text (many
// clients block images until asked). And the blocks the content is made of
// (a message with its author and time, the button).

#include <string>
#include <string_view>
#include <vector>

namespace ticketd::api {

// ticketd's own blue, the header bar's colour when a tenant has none.
inline constexpr std::string_view kDefaultBrandColor = "#1d4ed8";

// `color` when it is "#RRGGBB" (hex digits), else kDefaultBrandColor: no
// other text ever reaches the CSS.
std::string brand_color(std::string_view color);

// Black or white, whichever reads better on `color` ("#RRGGBB").
std::string_view text_color_on(std::string_view color);

struct MailPage {
  std::string lang;                       // "en", "de"
  std::string title;                      // the subject (plain text)
  std::string color;                      // brand_color()
  std::string tenant_name;                // plain text; empty: none shown
  std::string logo_url;                   // the tenant's logo, before its name; empty: none
  std::string ticket_line;                // "Ticket acme-42 · open" (markup)
  std::vector<std::string> marker_lines;  // the reply marker and hint; empty: none
  std::string content;                    // markup
  std::string footer;                     // markup
};

// The whole document, <!DOCTYPE html> to </html>.
std::string page_html(const MailPage& page);

// A paragraph of `markup`.
std::string paragraph_html(std::string_view markup);

// A message: who wrote it and when (plain text) above its body rendered by
// markup_html, in a bordered block; `earlier` for the history (quieter).
std::string message_html(std::string_view author, std::string_view when, std::string_view body,
                         std::string_view color, bool earlier);

// A link that looks like a button, in `color`.
std::string button_html(std::string_view url, std::string_view label, std::string_view color);

// One alert of a digest, in a bordered block like a message: `label`
// ("Customer reply · Thu 03 Dec 2026, 23:05 UTC", plain text) above the
// ticket's key and subject (plain text), linked to `url` unless it is empty.
std::string digest_item_html(std::string_view label, std::string_view key, std::string_view subject,
                             std::string_view url, std::string_view color);

// A small heading (the history's).
std::string heading_html(std::string_view text);

}  // namespace ticketd::api
