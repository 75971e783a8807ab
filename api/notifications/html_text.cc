// HTML mail as the text a reader sees: parsed by libxml2's forgiving HTML
// parser, the tree walked and written the way a browser lays it out.

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "api/notifications/mail_text.h"

namespace ticketd::api::mail_text {
namespace {

constexpr std::string_view kSeparator = "________________________________";

// Text written as a browser lays it out: runs of white space one space,
// none at a line's start; block boundaries owe new lines that are written
// only when more text follows; each line inside blockquotes prefixed.
class Writer {
 public:
  void text(std::string_view s, bool pre) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (pre && c == '\n') {
        br();
      } else if (c == '\r') {
        continue;
      } else if (!pre && (c == ' ' || c == '\t' || c == '\n' || c == '\f')) {
        space_ = true;
      } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
        put(' ');  // &nbsp;: a space that is not collapsed
        ++i;
      } else {
        put(c);
      }
    }
  }
  // The next text starts a new line, `lines` - 1 blank ones between.
  void block(int lines) {
    if (has_content_ || pending_ > 0) pending_ = std::max(pending_, lines);
    has_content_ = false;
    space_ = false;
  }
  void br() {
    if (has_content_) {
      pending_ = std::max(pending_, 1);
    } else {
      ++pending_;
    }
    has_content_ = false;
    space_ = false;
  }
  void space() { space_ = true; }
  void separator() {
    if (!out_.empty() && out_.size() == separator_end_) return;  // nothing since the last one
    block(1);
    text(kSeparator, false);
    separator_end_ = out_.size();
    block(1);
  }
  void enter_quote() {
    block(1);
    ++depth_;
  }
  void leave_quote() {
    block(1);
    --depth_;
  }
  std::string finish() const {
    std::string result;
    std::size_t start = 0;
    while (start <= out_.size()) {
      std::size_t end = out_.find('\n', start);
      if (end == std::string::npos) end = out_.size();
      std::string_view line = std::string_view(out_).substr(start, end - start);
      while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
      result.append(line);
      if (end < out_.size()) result.push_back('\n');
      start = end + 1;
    }
    return std::string(trim(result));
  }

 private:
  void prefix() {
    for (int d = 0; d < depth_; ++d) out_ += "> ";
  }
  void put(char c) {
    if (!has_content_) {
      if (!out_.empty()) {
        for (int n = 0; n < pending_; ++n) {
          out_.push_back('\n');
          if (n + 1 < pending_) prefix();
        }
      }
      prefix();
      pending_ = 0;
      space_ = false;
      has_content_ = true;
    }
    if (space_) out_.push_back(' ');
    space_ = false;
    out_.push_back(c);
  }

  std::string out_;
  int pending_ = 0;
  bool has_content_ = false;
  bool space_ = false;
  int depth_ = 0;
  std::size_t separator_end_ = 0;
};

std::string attribute(xmlNode* node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// A style without its spaces, lowercased: "border-top:solid#e1e1e1 1.0pt" ...
std::string squeezed_style(xmlNode* node) {
  std::string s = lower(attribute(node, "style"));
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }),
          s.end());
  return s;
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The words of a link, white space collapsed.
std::string link_words(xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string words;
  bool space = false;
  for (const char* p = reinterpret_cast<const char*>(content); *p != '\0'; ++p) {
    if (std::isspace(static_cast<unsigned char>(*p))) {
      space = !words.empty();
    } else {
      if (space) words.push_back(' ');
      space = false;
      words.push_back(*p);
    }
  }
  xmlFree(content);
  return words;
}

// An address compared with the words shown for it: without the scheme,
// "mailto:" or a trailing '/', case-insensitive.
std::string comparable_address(std::string_view a) {
  std::string s = lower(trim(a));
  for (std::string_view scheme : {"mailto:", "https://", "http://"}) {
    if (s.starts_with(scheme)) s.erase(0, scheme.size());
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

class Walker {
 public:
  explicit Walker(Writer& out) : out_(out) {}

  void children(xmlNode* node) {
    for (xmlNode* c = node->children; c != nullptr; c = c->next) visit(c);
  }

  void visit(xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) {
        out_.text(reinterpret_cast<const char*>(node->content), pre_ > 0);
      }
      return;
    }
    if (node->type != XML_ELEMENT_NODE) return;  // comments, conditional comments, PIs
    const std::string name = lower(reinterpret_cast<const char*>(node->name));
    if (is_one_of(name, {"head", "style", "script", "title", "meta", "link", "noscript", "template",
                         "img", "object", "iframe", "svg", "xml", "button", "select"})) {
      return;  // images (tracking pixels among them) carry no words
    }
    const std::string style = squeezed_style(node);
    if (style.find("display:none") != std::string::npos ||
        style.find("mso-hide:all") != std::string::npos) {
      return;
    }
    if (name == "br") return out_.br();
    if (style.find("mso-list:ignore") != std::string::npos) return list_marker(node);
    if (name == "hr") return out_.separator();
    if (name == "blockquote") {
      out_.enter_quote();
      children(node);
      out_.leave_quote();
      return;
    }
    if (name == "div") {
      const std::string id = lower(attribute(node, "id"));
      if (id == "divrplyfwdmsg" || id == "appendonsend" ||
          style.find("border-top:solid#e1e1e1") != std::string::npos ||
          style.find("border-top:solid#b5c4df") != std::string::npos) {
        out_.separator();  // Outlook: the quoted mail's header block follows
      }
    }
    if (name == "a") return link(node);
    if (name == "li") {
      out_.block(1);
      out_.text("-", false);
      out_.space();
      children(node);
      out_.block(1);
      return;
    }
    if (name == "td" || name == "th") {
      out_.space();
      children(node);
      out_.space();
      return;
    }
    int lines = 0;
    if (name == "p") {
      // Outlook writes every line as <p class=MsoNormal> without margins.
      lines = lower(attribute(node, "class")).starts_with("mso") ? 1 : 2;
    } else if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      lines = 2;
    } else if (is_one_of(name, {"div",    "tr",       "table",  "ul",      "ol",      "dl",
                                "dt",     "dd",       "pre",    "section", "article", "header",
                                "footer", "nav",      "aside",  "main",    "address", "center",
                                "form",   "fieldset", "figure", "tbody"})) {
      lines = 1;
    }
    if (lines > 0) out_.block(lines);
    if (name == "pre") ++pre_;
    children(node);
    if (name == "pre") --pre_;
    if (lines > 0) out_.block(lines);
  }

 private:
  void link(xmlNode* node) {
    children(node);
    const std::string href = std::string(trim(attribute(node, "href")));
    const std::string words = link_words(node);
    if (href.empty() || words.empty() || href.starts_with("#") ||
        lower(href).starts_with("javascript:") || lower(href).starts_with("tel:") ||
        lower(href).starts_with("cid:")) {
      return;
    }
    if (comparable_address(href) == comparable_address(words)) return;
    out_.space();
    out_.text("(" + href + ")", false);
  }

  // Outlook's own list item marker ("·" in Symbol, "o", "1."): a bullet as
  // "- " like <li>, a number as it is.
  void list_marker(xmlNode* node) {
    std::string words = link_words(node);
    for (std::size_t at; (at = words.find("\xC2\xA0")) != std::string::npos;) words.erase(at, 2);
    words = std::string(trim(words));
    const bool bullet = words.empty() || words == "\xC2\xB7" || words == "\xE2\x80\xA2" ||
                        words == "o" || words == "\xC2\xA7" || words == "-";
    out_.text(bullet ? "-" : words, false);
    out_.space();
  }

  Writer& out_;
  int pre_ = 0;
};

// Outlook's "downlevel-revealed" conditional comments (<![if !supportLists]>
// ... <![endif]>) are markup a browser hides; libxml2 keeps them as text.
// Its <o:p> (an empty paragraph's filler) is no paragraph of its own.
std::string without_outlook_markup(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  while (at < html.size()) {
    const std::size_t open = html.find("<", at);
    if (open == std::string_view::npos) break;
    out.append(html.substr(at, open - at));
    // "<![if ...]>" and "<![endif]>" only: "<![endif]-->" closes a
    // comment libxml2 drops anyway.
    const std::string head = lower(html.substr(open, 10));
    const std::size_t close = html.find('>', open);
    if (head.starts_with("<![if") && close != std::string_view::npos && html[close - 1] == ']') {
      at = close + 1;
    } else if (head == "<![endif]>") {
      at = open + 10;
    } else if (head.starts_with("<o:p>")) {
      at = open + 5;  // libxml2 drops the "o:" and would make it a paragraph
    } else if (head.starts_with("</o:p>")) {
      at = open + 6;
    } else {
      out.push_back('<');
      at = open + 1;
    }
  }
  if (at < html.size()) out.append(html.substr(at));
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  if (html.starts_with("\xEF\xBB\xBF")) html.remove_prefix(3);
  std::string source = without_outlook_markup(html);
  // Text before any element would sit in a paragraph libxml2 implies (with
  // the blank lines of a <p>); inside <body> it does not.
  if (lower(source).find("<body") == std::string::npos) source = "<body>" + source + "</body>";
  if (trim(source).empty()) return "";
  htmlDocPtr doc = htmlReadMemory(
      source.data(), static_cast<int>(source.size()), nullptr, "UTF-8",
      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_RECOVER);
  if (doc == nullptr) return "";
  Writer out;
  Walker walker(out);
  for (xmlNode* n = doc->children; n != nullptr; n = n->next) walker.visit(n);
  xmlFreeDoc(doc);
  std::string text = out.finish();
  return is_valid_utf8(text) ? text : detect_to_utf8(text);
}

}  // namespace ticketd::api::mail_text
