// Where a reply's quoted history (or its signature) begins: the markers
// mail programs write in English, German, French, Spanish and Dutch.

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "api/notifications/inbound_email.h"
#include "api/notifications/mail_text.h"

namespace ticketd::api {
namespace {

using mail_text::lower;
using mail_text::trim;

struct Line {
  std::size_t offset;  // of its first byte in the text
  std::string text;    // without "\r", non-breaking spaces as spaces, trimmed
};

std::string normalized(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    // U+00A0 and U+202F (Gmail's French "a écrit :") as plain spaces.
    if (line[i] == '\xC2' && i + 1 < line.size() && line[i + 1] == '\xA0') {
      out.push_back(' ');
      ++i;
    } else if (line.substr(i, 3) == "\xE2\x80\xAF") {
      out.push_back(' ');
      i += 2;
    } else {
      out.push_back(line[i]);
    }
  }
  return std::string(trim(out));
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(Line{start, normalized(text.substr(start, end - start))});
    start = end + 1;
  }
  return lines;
}

bool quoted(const Line& l) { return l.text.starts_with(">"); }

// The header names of a quoted mail's block, by language: what starts it
// (From) and what follows it.
constexpr std::array<std::string_view, 4> kFromNames = {"from", "von", "de", "van"};
constexpr std::array<std::string_view, 8> kSentNames = {
    "sent", "date", "gesendet", "datum", "envoyé", "enviado", "fecha", "verzonden"};
constexpr std::array<std::string_view, 11> kOtherNames = {
    "to", "subject", "an", "betreff", "à", "objet", "para", "asunto", "aan", "onderwerp", "cc"};

// "From: ..." -> "from"; "*Von:* x" -> "von"; "De : x" -> "de". Empty when
// the line is not "Name: value".
std::string header_name(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon > 24) return "";
  std::string name(line.substr(0, colon));
  name.erase(std::remove(name.begin(), name.end(), '*'), name.end());
  return lower(trim(name));
}

template <std::size_t N>
bool in(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A quoted mail's header block starting at line i: "From:" and, within the
// next lines (no blank line between), a "Sent:"/"Date:" and a "To:" or
// "Subject:", in any of the languages above.
bool header_block_at(const std::vector<Line>& lines, std::size_t i) {
  if (i >= lines.size() || !in(kFromNames, header_name(lines[i].text))) return false;
  bool sent = false;
  bool other = false;
  for (std::size_t j = i + 1; j < lines.size() && j <= i + 8; ++j) {
    if (lines[j].text.empty()) break;
    const std::string name = header_name(lines[j].text);
    sent = sent || in(kSentNames, name);
    other = other || in(kOtherNames, name);
  }
  return sent && other;
}

std::size_t next_nonblank(const std::vector<Line>& lines, std::size_t i) {
  while (i < lines.size() && lines[i].text.empty()) ++i;
  return i;
}

bool ends_with_wrote(std::string_view t) {
  for (std::string_view end : {"wrote:", "a écrit :", "a écrit:", "escribió:", "scrisse:"}) {
    if (t.ends_with(end)) return true;
  }
  return false;
}

// "On <date>, <name> wrote:" and its translations; `t` may be two lines
// joined (clients fold long ones).
bool is_wrote_line(std::string_view t) {
  if (t.starts_with("On ") || t.starts_with("Le ") || t.starts_with("El ")) {
    return ends_with_wrote(t);
  }
  if (t.starts_with("Am ")) return t.ends_with(":") && t.find(" schrieb ") != std::string::npos;
  if (t.starts_with("Op ")) return t.ends_with(":") && t.find(" schreef ") != std::string::npos;
  return false;
}

bool is_forward_marker(std::string_view t) {
  const std::string l = lower(t);
  if (l == "begin forwarded message:" || l == "anfang der weitergeleiteten nachricht:" ||
      l == "début du message réexpédié :" || l == "début du message réexpédié:") {
    return true;
  }
  const bool dashes = l.starts_with("----");
  return dashes && (l.find("forwarded message") != std::string::npos ||
                    l.find("weitergeleitete nachricht") != std::string::npos ||
                    l.find("message transféré") != std::string::npos ||
                    l.find("mensaje reenviado") != std::string::npos ||
                    l.find("doorgestuurd bericht") != std::string::npos);
}

bool is_mobile_footer(std::string_view t) {
  for (std::string_view footer :
       {"Sent from my iPhone", "Sent from my iPad", "Sent from my Android", "Sent from my phone",
        "Von meinem iPhone gesendet", "Von meinem iPad gesendet", "Envoyé de mon iPhone",
        "Envoyé de mon iPad", "Enviado desde mi iPhone", "Verzonden vanaf mijn iPhone",
        "Verstuurd vanaf mijn iPhone", "Get Outlook for iOS", "Get Outlook for Android",
        "Sent from Mail for Windows", "Sent from Outlook for iOS", "Sent from Outlook for Android",
        "Sent from my Galaxy", "Sent from my Samsung Galaxy smartphone."}) {
    if (!t.starts_with(footer)) continue;
    const std::string_view rest = trim(t.substr(footer.size()));
    // "Get Outlook for iOS<https://aka.ms/o0ukef>" or its HTML "(...)".
    if (rest.empty() || rest.front() == '<' || rest.front() == '(') return true;
  }
  return false;
}

bool is_separator(std::string_view t) {
  return t.size() >= 20 && std::all_of(t.begin(), t.end(), [](char c) { return c == '_'; });
}

bool history_at(const std::vector<Line>& lines, std::size_t i, int depth);

// Whether everything from line i on is blank or itself history.
bool only_history_after(const std::vector<Line>& lines, std::size_t i, int depth) {
  const std::size_t next = next_nonblank(lines, i);
  return next == lines.size() || history_at(lines, next, depth + 1);
}

// The end of the block of '>' (and blank) lines from line i.
std::size_t quote_block_end(const std::vector<Line>& lines, std::size_t i) {
  while (i < lines.size() && (quoted(lines[i]) || lines[i].text.empty())) ++i;
  return i;
}

// Whether line i starts the quoted history or the signature. `depth`
// bounds the look-ahead through footers and quote blocks that follow each
// other.
bool history_at(const std::vector<Line>& lines, std::size_t i, int depth) {
  if (depth > 16) return false;
  const std::string& t = lines[i].text;
  if (t.find("##- Please type your reply above this line -##") != std::string::npos) return true;
  if (t.starts_with("-----Original Message-----") ||
      t.starts_with("-----Ursprüngliche Nachricht-----") ||
      t.starts_with("-----Message d'origine-----") || t.starts_with("-----Mensaje original-----") ||
      t.starts_with("-----Oorspronkelijk bericht-----")) {
    return true;
  }
  if (is_separator(t) && header_block_at(lines, next_nonblank(lines, i + 1))) return true;
  if (header_block_at(lines, i)) return true;
  if (t == "--") return true;  // the signature delimiter "-- ", trimmed
  if (is_mobile_footer(t) && only_history_after(lines, i + 1, depth)) return true;
  // "On ... wrote:", on one line or folded over two, counts only when
  // quoted lines (that are history) or a quoted header block follow it.
  std::size_t wrote_end = lines.size();
  if (is_wrote_line(t)) {
    wrote_end = i + 1;
  } else if (i + 1 < lines.size() && !quoted(lines[i + 1]) && !lines[i + 1].text.empty() &&
             is_wrote_line(t + " " + lines[i + 1].text)) {
    wrote_end = i + 2;
  }
  if (wrote_end < lines.size()) {
    const std::size_t next = next_nonblank(lines, wrote_end);
    // The quote must itself be history: an answer interleaved below it keeps
    // the line that introduces it.
    if (next < lines.size() && ((quoted(lines[next]) && history_at(lines, next, depth + 1)) ||
                                header_block_at(lines, next))) {
      return true;
    }
  }
  // A block of '>' lines is history when only blank lines or more history
  // follow it; '>' lines the customer answers below are their reply.
  if (quoted(lines[i])) {
    const std::size_t end = quote_block_end(lines, i);
    return end == lines.size() || history_at(lines, end, depth + 1);
  }
  return false;
}

// The index of the line where the history begins, lines.size() for none.
std::size_t history_from(const std::vector<Line>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    // A forward is part of what the customer says: nothing below it is cut.
    if (is_forward_marker(lines[i].text)) return lines.size();
    if (history_at(lines, i, 0)) return i;
    if (quoted(lines[i])) i = quote_block_end(lines, i) - 1;
  }
  return lines.size();
}

}  // namespace

std::size_t quoted_history_start(std::string_view text) {
  const std::vector<Line> lines = split_lines(text);
  const std::size_t i = history_from(lines);
  return i == lines.size() ? text.size() : lines[i].offset;
}

std::string strip_quoted_history(std::string_view text) {
  return std::string(trim(text.substr(0, quoted_history_start(text))));
}

}  // namespace ticketd::api
