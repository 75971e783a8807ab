#pragma once
// The pieces of reading inbound mail that inbound_email.cc shares with its
// neighbours (internal to api/notifications): bytes in a declared charset
// as UTF-8, HTML as the text a reader sees, and what marks a mail as sent
// by a machine.

#include <string>
#include <string_view>

namespace ticketd::api::mail_text {

// ASCII letters lowercased (header names, charsets, tags); other bytes kept.
inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// `s` without leading and trailing ASCII white space.
inline std::string_view trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// GMime's one-time set-up (its charset tables among it); cheap after the
// first call. Thread-safe.
void init_gmime();

// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s);

// Every byte as its windows-1252 character (the five bytes 1252 leaves
// undefined as the C1 controls of the same value, as browsers do): never
// fails, never drops a byte.
std::string windows1252_to_utf8(std::string_view s);

// Text that carries no trustworthy label: kept when it is valid UTF-8,
// otherwise read as windows-1252.
std::string detect_to_utf8(std::string_view bytes);

// `bytes` declared to be in `charset` (may be empty, any spelling) as valid
// UTF-8. UTF-8 / US-ASCII / no label: detected (above). ISO-8859-1 is read
// as windows-1252 (what senders mean by it); GB2312 as GB18030, Shift_JIS
// as CP932, EUC-KR as CP949 (their supersets). A charset iconv does not know
// or bytes that are not valid in it: detected as for no label.
std::string to_utf8(std::string_view bytes, std::string_view charset);

// A raw (folded) header value as text: unfolded, RFC 2047 encoded words
// decoded by their charset (adjacent words of one charset joined first, a
// character may be split between them; a wrong or unknown charset
// detected as for no label), raw 8-bit bytes detected. Trimmed, valid
// UTF-8.
std::string decode_header(std::string_view raw);

// The text a reader sees in an HTML document given as UTF-8: head, style,
// script, comments, conditional comments and images left out; entities
// decoded; blocks on lines of their own, list items as "- ", a link whose
// text is not its address as "text (address)", blockquotes as "> " lines,
// horizontal rules and Outlook's reply separators as a line of 32 '_';
// white space collapsed as a browser does.
std::string html_to_text(std::string_view html);

}  // namespace ticketd::api::mail_text
