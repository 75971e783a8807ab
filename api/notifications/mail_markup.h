#pragma once
// The words of a message as mail shows them: HTML made from plain text the
// way people write it ("Markdown-ish": paragraphs, "- " lists, "1. " lists,
// "> " quotes, bare URLs), always escaped first; and plain text wrapped for
// the text/plain part. Pure functions.

#include <cstddef>
#include <string>
#include <string_view>

namespace ticketd::api {

// `s` with & < > " ' as HTML entities (newlines kept).
std::string escape_html(std::string_view s);

// `text` (a message body as typed, LF or CRLF) as HTML: everything escaped,
// then blank lines separate paragraphs (<p>), single newlines are <br>,
// lines starting with "- " or "* " make a <ul>, "1. " an <ol>, "> " lines a
// quote block (whose inside is rendered the same way, 3 levels at most), and
// http:// and https:// URLs become links (only those schemes; the href is
// escaped). Every element carries inline styles, as mail clients need.
std::string markup_html(std::string_view text);

// `text` with each line longer than `width` columns (UTF-8 code points)
// broken at spaces; words (and so URLs) are never split, a word longer than
// the width stands on a line of its own. A continued line keeps the line's
// indent and marker: "> " again, or spaces under a "- " / "1. " item.
std::string wrap_text(std::string_view text, std::size_t width = 76);

}  // namespace ticketd::api
