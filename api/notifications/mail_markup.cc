#include "api/notifications/mail_markup.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace ticketd::api {
namespace {

constexpr std::string_view kParagraphStyle = "margin:0 0 12px 0;";
constexpr std::string_view kListStyle = "margin:0 0 12px 0;padding:0 0 0 24px;";
constexpr std::string_view kItemStyle = "margin:0 0 4px 0;";
constexpr std::string_view kQuoteStyle =
    "margin:0 0 12px 0;padding:0 0 0 12px;border-left:3px solid #d1d5db;color:#4b5563;";
constexpr std::string_view kLinkStyle = "color:#1d4ed8;text-decoration:underline;";
constexpr int kMaxQuoteDepth = 3;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Unicode's white space beyond ASCII (White_Space), UTF-8: no-break
// spaces (U+00A0, U+202F: word processors and French typography put them
// before "!" or ":"), the typographic spaces, the ideographic space.
constexpr std::string_view kUnicodeSpaces[] = {"\u0085", "\u00A0", "\u1680", "\u2000", "\u2001",
                                               "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
                                               "\u2007", "\u2008", "\u2009", "\u200A", "\u2028",
                                               "\u2029", "\u202F", "\u205F", "\u3000"};
// The ideographic and full-width forms of . , ; : ! ? (UTF-8), which end a
// sentence after a URL as the ASCII ones do.
constexpr std::string_view kWidePunctuation[] = {"\u3002", "\u3001", "\uFF0E", "\uFF0C",
                                                 "\uFF1B", "\uFF1A", "\uFF01", "\uFF1F"};

// The length of the Unicode space `s` starts with (0: none).
std::size_t unicode_space(std::string_view s) {
  for (std::string_view space : kUnicodeSpaces) {
    if (s.starts_with(space)) return space.size();
  }
  return 0;
}

// The length of the wide punctuation mark `s` ends with (0: none).
std::size_t wide_punctuation(std::string_view s) {
  for (std::string_view mark : kWidePunctuation) {
    if (s.ends_with(mark)) return mark.size();
  }
  return 0;
}

// Where a URL that starts at `s` ends (0: no URL there): http:// or
// https:// and at least one character, up to white space (ASCII or
// Unicode) or a character that cannot be in a bare URL, without trailing
// punctuation (ASCII or wide) or an unbalanced closing bracket.
std::size_t url_length(std::string_view s) {
  std::size_t scheme = 0;
  if (starts_with_ci(s, "https://")) {
    scheme = 8;
  } else if (starts_with_ci(s, "http://")) {
    scheme = 7;
  } else {
    return 0;
  }
  std::size_t end = scheme;
  while (end < s.size()) {
    const char c = s[end];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == '"' ||
        c == '\'' || c == '`' || static_cast<unsigned char>(c) < 0x20 ||
        unicode_space(s.substr(end)) > 0) {
      break;
    }
    ++end;
  }
  while (end > scheme) {
    const char c = s[end - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
      --end;
      continue;
    }
    if (const std::size_t wide = wide_punctuation(s.substr(scheme, end - scheme)); wide > 0) {
      end -= wide;
      continue;
    }
    if (c == ')' || c == ']') {
      const char open = c == ')' ? '(' : '[';
      const std::string_view url = s.substr(0, end);
      std::size_t opens = 0, closes = 0;
      for (char u : url) {
        opens += u == open;
        closes += u == c;
      }
      if (closes > opens) {
        --end;
        continue;
      }
    }
    break;
  }
  return end > scheme ? end : 0;
}

// One line's words: escaped, URLs as links.
void inline_into(std::string& out, std::string_view s) {
  std::size_t plain = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != 'h' && s[i] != 'H') continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]))) continue;
    const std::size_t n = url_length(s.substr(i));
    if (n == 0) continue;
    out += escape_html(s.substr(plain, i - plain));
    const std::string url = escape_html(s.substr(i, n));
    out += "<a href=\"" + url + "\" style=\"" + std::string(kLinkStyle) + "\">" + url + "</a>";
    i += n - 1;
    plain = i + 1;
  }
  out += escape_html(s.substr(plain));
}

enum class LineKind { kBlank, kText, kBullet, kNumbered, kQuote };

struct Line {
  LineKind kind;
  std::string_view rest;  // the words after the marker
  std::string_view number;
};

Line classify(std::string_view line) {
  std::size_t first = 0;
  while (first < line.size() && (line[first] == ' ' || line[first] == '\t')) ++first;
  if (first == line.size()) return {LineKind::kBlank, {}, {}};
  if (line.starts_with("> ") || line == ">") {
    return {LineKind::kQuote, line.substr(line.size() > 1 ? 2 : 1), {}};
  }
  if (line.starts_with(">>")) return {LineKind::kQuote, line.substr(1), {}};
  if (line.starts_with("- ") || line.starts_with("* ")) {
    return {LineKind::kBullet, line.substr(2), {}};
  }
  std::size_t digits = 0;
  while (digits < line.size() && digits < 9 &&
         std::isdigit(static_cast<unsigned char>(line[digits])))
    ++digits;
  if (digits > 0 && line.substr(digits).starts_with(". ")) {
    return {LineKind::kNumbered, line.substr(digits + 2), line.substr(0, digits)};
  }
  return {LineKind::kText, line, {}};
}

std::vector<std::string_view> split_lines(std::string_view text, std::string& storage) {
  storage.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    storage.push_back(text[i] == '\r' ? '\n' : text[i]);
  }
  std::vector<std::string_view> lines;
  std::string_view rest = storage;
  while (true) {
    const std::size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return lines;
}

std::string render_blocks(std::string_view text, int depth);

void render_lines(const std::vector<std::string_view>& lines, int depth, std::string& out) {
  std::size_t i = 0;
  while (i < lines.size()) {
    const Line line = classify(lines[i]);
    if (line.kind == LineKind::kBlank) {
      ++i;
      continue;
    }
    if (line.kind == LineKind::kQuote && depth < kMaxQuoteDepth) {
      std::string inside;
      while (i < lines.size() && classify(lines[i]).kind == LineKind::kQuote) {
        inside.append(classify(lines[i]).rest);
        inside.push_back('\n');
        ++i;
      }
      out += "<blockquote style=\"" + std::string(kQuoteStyle) + "\">" +
             render_blocks(inside, depth + 1) + "</blockquote>";
      continue;
    }
    if (line.kind == LineKind::kBullet || line.kind == LineKind::kNumbered) {
      const bool bullets = line.kind == LineKind::kBullet;
      out += bullets ? "<ul" : "<ol";
      if (!bullets && line.number != "1") {
        std::size_t n = 0;
        while (n + 1 < line.number.size() && line.number[n] == '0') ++n;
        out += " start=\"" + std::string(line.number.substr(n)) + "\"";
      }
      out += " style=\"" + std::string(kListStyle) + "\">";
      while (i < lines.size() && classify(lines[i]).kind == line.kind) {
        out += "<li style=\"" + std::string(kItemStyle) + "\">";
        inline_into(out, classify(lines[i]).rest);
        ++i;
        // Indented lines below an item continue it.
        while (i < lines.size() && classify(lines[i]).kind == LineKind::kText &&
               (lines[i].starts_with(" ") || lines[i].starts_with("\t"))) {
          out += "<br>";
          const std::string_view more = lines[i];
          inline_into(out, more.substr(more.find_first_not_of(" \t")));
          ++i;
        }
        out += "</li>";
      }
      out += bullets ? "</ul>" : "</ol>";
      continue;
    }
    // A paragraph: text lines up to a blank line or another kind of block
    // (a quote too deep to nest is shown as text).
    out += "<p style=\"" + std::string(kParagraphStyle) + "\">";
    bool first = true;
    while (i < lines.size()) {
      const LineKind kind = classify(lines[i]).kind;
      if (kind != LineKind::kText && !(kind == LineKind::kQuote && depth >= kMaxQuoteDepth)) break;
      if (!first) out += "<br>";
      inline_into(out, lines[i]);
      first = false;
      ++i;
    }
    out += "</p>";
  }
}

std::string render_blocks(std::string_view text, int depth) {
  std::string storage;
  const std::vector<std::string_view> lines = split_lines(text, storage);
  std::string out;
  render_lines(lines, depth, out);
  return out;
}

std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The marker a wrapped line repeats, and what its continuations start with.
void line_prefixes(std::string_view line, std::string& first, std::string& next) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  const std::string indent(line.substr(0, i));
  const std::string_view rest = line.substr(i);
  std::size_t q = 0;
  while (q < rest.size() && rest[q] == '>') {
    ++q;
    if (q < rest.size() && rest[q] == ' ') ++q;
  }
  if (q > 0) {
    first = next = indent + std::string(rest.substr(0, q));
    return;
  }
  const Line kind = classify(rest);
  if (kind.kind == LineKind::kBullet || kind.kind == LineKind::kNumbered) {
    first = indent + std::string(rest.substr(0, rest.size() - kind.rest.size()));
    next = indent + std::string(first.size() - indent.size(), ' ');
    return;
  }
  first = next = indent;
}

void wrap_line(std::string_view line, std::size_t width, std::string& out) {
  if (columns(line) <= width) {
    out.append(line);
    return;
  }
  std::string first, next;
  line_prefixes(line, first, next);
  std::string current = first;
  bool empty = true;
  std::string_view words = line.substr(first.size());
  auto take = [&words]() {
    const std::size_t space = words.find(' ');
    const std::string_view word = words.substr(0, space);
    words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
    return word;
  };
  while (!words.empty()) {
    std::string word(take());
    if (word.empty()) continue;
    // A number stays with the word after it ("2 hours", "seit 2 Stunden").
    const bool number = word.size() <= 4 && std::all_of(word.begin(), word.end(), [](char c) {
                          return std::isdigit(static_cast<unsigned char>(c)) != 0;
                        });
    if (number && !words.empty() && words.front() != ' ') word += " " + std::string(take());
    if (!empty && columns(current) + 1 + columns(word) > width) {
      out += current;
      out.push_back('\n');
      current = next;
      empty = true;
    }
    if (!empty) current.push_back(' ');
    current.append(word);
    empty = false;
  }
  out += current;
}

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string markup_html(std::string_view text) { return render_blocks(text, 0); }

std::string wrap_text(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    wrap_line(text.substr(start, nl == std::string_view::npos ? nl : nl - start), width, out);
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    start = nl + 1;
  }
  return out;
}

}  // namespace ticketd::api
