#include "api/notifications/inbound_email.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "api/notifications/mail_message.h"
#include "api/notifications/mail_text.h"

namespace ticketd::api {
namespace {

using mail_text::lower;
using mail_text::trim;

void add_addresses(InternetAddressList* list, std::vector<std::string>& out) {
  if (list == nullptr) return;
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
      if (addr != nullptr) out.push_back(lower(addr));
    } else if (INTERNET_ADDRESS_IS_GROUP(a)) {
      add_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out);
    }
  }
}

std::string stream_bytes(GMimeStream* stream) {
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The inline text parts in the mail's order (Apple Mail's text / image /
// text), each as UTF-8, and the files.
struct Bodies {
  std::string plain;
  std::string html_text;
  bool has_plain = false;
  bool has_html = false;
  std::vector<InboundFile> files;
  // Per file: an HTML part outside any multipart/alternative that also went
  // into html_text, a file only when the text is the text/plain one.
  std::vector<bool> html_body;
  void add_file(InboundFile file, bool is_html_body = false) {
    files.push_back(std::move(file));
    html_body.push_back(is_html_body);
  }
};

// Parts joined by one blank line, whatever blank lines they end or begin
// with.
void append_part(std::string& to, std::string_view text) {
  if (to.empty()) {
    to.assign(text);
    return;
  }
  while (!to.empty() && std::isspace(static_cast<unsigned char>(to.back()))) to.pop_back();
  // Leading blank lines of the next part out; its first line's indent stays.
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size() && std::isspace(static_cast<unsigned char>(text[i]));
       ++i) {
    if (text[i] == '\n') start = i + 1;
  }
  if (!to.empty()) to += "\r\n\r\n";
  to.append(text.substr(start));
}

// A text part's words as UTF-8, by its declared charset.
std::string part_text(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return "";
  GMimeStream* stream = g_mime_stream_mem_new();
  g_mime_data_wrapper_write_to_stream(content, stream);
  std::string bytes = stream_bytes(stream);
  g_object_unref(stream);
  const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  return mail_text::to_utf8(bytes, charset != nullptr ? charset : "");
}

// Detached signatures of a multipart/signed: not files anyone sent.
bool is_signature(GMimeContentType* type) {
  return g_mime_content_type_is_type(type, "application", "pgp-signature") ||
         g_mime_content_type_is_type(type, "application", "pkcs7-signature") ||
         g_mime_content_type_is_type(type, "application", "x-pkcs7-signature");
}

// A forwarded message (message/rfc822), whole, as "<subject>.eml".
InboundFile forwarded_file(GMimeMessagePart* part) {
  InboundFile file;
  file.type = "message/rfc822";
  GMimeMessage* message = g_mime_message_part_get_message(part);
  if (message == nullptr) return file;
  const char* subject = g_mime_message_get_subject(message);
  file.name = std::string(subject != nullptr && *subject != '\0' ? subject : "message") + ".eml";
  GMimeStream* stream = g_mime_stream_mem_new();
  g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, stream);
  file.content = stream_bytes(stream);
  g_object_unref(stream);
  return file;
}

// A leaf part as a file: its content decoded from base64 or
// quoted-printable.
InboundFile part_file(GMimePart* part, GMimeContentType* type) {
  InboundFile file;
  if (const char* name = g_mime_part_get_filename(part)) file.name = name;
  if (char* media = g_mime_content_type_get_mime_type(type)) {
    file.type = lower(media);
    g_free(media);
  }
  if (file.name.empty()) {
    // No name (an inline image, a second text part): one from its type.
    const char* sub = g_mime_content_type_get_media_subtype(type);
    if (g_mime_content_type_is_type(type, "image", "*") && sub != nullptr) {
      file.name = "image." + lower(sub);
    } else if (g_mime_content_type_is_type(type, "text", "plain")) {
      file.name = "text.txt";
    } else if (g_mime_content_type_is_type(type, "text", "html")) {
      file.name = "text.html";
    } else {
      file.name = "attachment";
    }
  }
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return file;
  GMimeStream* stream = g_mime_stream_mem_new();
  g_mime_data_wrapper_write_to_stream(content, stream);
  file.content = stream_bytes(stream);
  g_object_unref(stream);
  return file;
}

void collect(GMimeObject* part, Bodies& bodies, bool in_alternative) {
  if (part == nullptr) return;
  if (GMIME_IS_MULTIPART(part)) {
    GMimeMultipart* mp = GMIME_MULTIPART(part);
    const bool alternative =
        in_alternative || g_mime_content_type_is_type(g_mime_object_get_content_type(part),
                                                      "multipart", "alternative");
    for (int i = 0; i < g_mime_multipart_get_count(mp); ++i)
      collect(g_mime_multipart_get_part(mp, i), bodies, alternative);
    return;
  }
  if (GMIME_IS_MESSAGE_PART(part)) {
    bodies.add_file(forwarded_file(GMIME_MESSAGE_PART(part)));
    return;
  }
  if (!GMIME_IS_PART(part)) return;
  GMimeContentType* type = g_mime_object_get_content_type(part);
  if (is_signature(type)) return;
  const bool attachment = g_mime_part_is_attachment(GMIME_PART(part));
  const bool plain = g_mime_content_type_is_type(type, "text", "plain");
  const bool html = g_mime_content_type_is_type(type, "text", "html");
  bool* seen = plain ? &bodies.has_plain : html ? &bodies.has_html : nullptr;
  // Inline text parts make the text: the first always, later ones when
  // they carry no file name (a named one is a file sent inline).
  if (seen == nullptr || attachment ||
      (*seen && g_mime_part_get_filename(GMIME_PART(part)) != nullptr)) {
    bodies.add_file(part_file(GMIME_PART(part), type));
    return;
  }
  *seen = true;
  const std::string text = part_text(GMIME_PART(part));
  if (plain) {
    append_part(bodies.plain, text);
  } else {
    append_part(bodies.html_text, mail_text::html_to_text(text));
    // Not another form of the text/plain: its words must not get lost.
    if (!in_alternative) bodies.add_file(part_file(GMIME_PART(part), type), true);
  }
}

std::string header(GMimeObject* object, const char* name) {
  const char* v = g_mime_object_get_header(object, name);
  return v == nullptr ? std::string() : std::string(v);
}

// A header's value as it came, folded, undecoded; "" when absent.
std::string raw_header(GMimeObject* object, const char* name) {
  GMimeHeader* h = g_mime_header_list_get_header(g_mime_object_get_header_list(object), name);
  const char* raw = h != nullptr ? g_mime_header_get_raw_value(h) : nullptr;
  return raw != nullptr ? raw : "";
}

// The display name of a raw From value: what precedes its first '<'
// outside quotes, unquoted and decoded. Without a '<' ("a@b (Name)"), the
// name GMime found.
std::string display_name(std::string_view raw, const char* parsed) {
  std::string name;
  bool quoted = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (quoted && c == '\\' && i + 1 < raw.size()) {
      name.push_back(raw[++i]);
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '<' && !quoted) {
      return mail_text::decode_header(name);
    } else {
      name.push_back(c);
    }
  }
  return mail_text::detect_to_utf8(parsed != nullptr ? parsed : "");
}

// The first word of a header value, lowercased: "auto-replied" of
// "Auto-Replied; owner-email=x (comment)".
std::string first_token(std::string_view value) {
  value = trim(value);
  return lower(trim(value.substr(0, value.find_first_of(";( \t"))));
}

// Why the mail was sent by a machine (RFC 3834 and what mail programs and
// list servers write instead), "" for a person's mail.
// X-Auto-Response-Suppress is no sign: Outlook puts it on people's mail.
std::string automatic_reason(GMimeMessage* message, std::string_view from_email) {
  GMimeObject* object = GMIME_OBJECT(message);
  const std::string submitted = first_token(header(object, "Auto-Submitted"));
  if (!submitted.empty() && submitted != "no") return "Auto-Submitted: " + submitted;
  GMimeObject* body = g_mime_message_get_mime_part(message);
  if (body != nullptr &&
      g_mime_content_type_is_type(g_mime_object_get_content_type(body), "multipart", "report")) {
    const char* kind = g_mime_object_get_content_type_parameter(body, "report-type");
    if (kind != nullptr && lower(kind) == "disposition-notification") {
      return "read receipt (multipart/report)";
    }
    return "delivery status notification (multipart/report)";
  }
  const std::string_view local = from_email.substr(0, from_email.find('@'));
  if (local == "mailer-daemon") return "From: MAILER-DAEMON";
  if (local == "postmaster") return "From: postmaster";
  if (g_mime_object_get_header(object, "X-Autoreply") != nullptr) return "X-Autoreply";
  if (g_mime_object_get_header(object, "X-Autorespond") != nullptr) return "X-Autorespond";
  const std::string precedence = first_token(header(object, "Precedence"));
  if (precedence == "bulk" || precedence == "list" || precedence == "junk" ||
      precedence == "auto_reply") {
    return "Precedence: " + precedence;
  }
  if (g_mime_object_get_header(object, "List-Id") != nullptr) return "List-Id";
  if (g_mime_object_get_header(object, "List-Unsubscribe") != nullptr) return "List-Unsubscribe";
  return "";
}

GMimeParserOptions* parser_options() {
  // Raw 8-bit headers: UTF-8 when they are, else windows-1252 (every byte
  // is a character), as for unlabelled text parts.
  static GMimeParserOptions* options = [] {
    GMimeParserOptions* o = g_mime_parser_options_new();
    const char* fallback[] = {"UTF-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    return o;
  }();
  return options;
}

}  // namespace

domain::Result<InboundEmail> parse_inbound_email(std::string_view raw) {
  mail_text::init_gmime();
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* message = g_mime_parser_construct_message(parser, parser_options());
  g_object_unref(parser);
  g_object_unref(stream);
  auto invalid = [](std::string field, std::string message) {
    domain::Error e = domain::make_error(domain::ErrorCode::kValidation, field + ": " + message);
    e.fields.push_back({std::move(field), std::move(message)});
    return e;
  };
  if (message == nullptr) return invalid("message", "is not an RFC 822 message");
  InboundEmail out;
  std::vector<std::string> from;
  InternetAddressList* from_list = g_mime_message_get_from(message);
  add_addresses(from_list, from);
  if (from_list != nullptr && internet_address_list_length(from_list) > 0) {
    const char* name = internet_address_get_name(internet_address_list_get_address(from_list, 0));
    out.from_name = display_name(raw_header(GMIME_OBJECT(message), "From"), name);
  }
  add_addresses(g_mime_message_get_to(message), out.recipients);
  add_addresses(g_mime_message_get_cc(message), out.recipients);
  GMimeObject* object = GMIME_OBJECT(message);
  for (const char* h : {"Delivered-To", "X-Original-To"}) {
    const std::string a = address_of(header(object, h));
    if (!a.empty()) out.recipients.push_back(a);
  }
  out.subject = mail_text::decode_header(raw_header(object, "Subject"));
  if (const char* id = g_mime_message_get_message_id(message)) out.message_id = id;
  out.in_reply_to = header(object, "In-Reply-To");
  out.references = header(object, "References");
  out.auto_submitted = lower(trim(header(object, "Auto-Submitted")));
  GMimeHeaderList* headers = g_mime_object_get_header_list(object);
  for (int i = 0; i < g_mime_header_list_get_count(headers); ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(headers, i);
    const char* name = g_mime_header_get_name(h);
    const char* value = g_mime_header_get_value(h);
    if (name != nullptr && value != nullptr && lower(name) == "authentication-results") {
      out.authentication_results.emplace_back(value);
    }
  }
  Bodies bodies;
  collect(g_mime_message_get_mime_part(message), bodies, false);
  // Some programs send an empty text/plain beside the HTML that has the words.
  const bool plain_text = !trim(bodies.plain).empty();
  out.text = plain_text ? std::move(bodies.plain) : std::move(bodies.html_text);
  for (std::size_t i = 0; i < bodies.files.size(); ++i) {
    if (plain_text || !bodies.html_body[i]) out.files.push_back(std::move(bodies.files[i]));
  }
  if (!from.empty()) out.from_email = from.front();
  out.automatic = automatic_reason(message, out.from_email);
  g_object_unref(message);
  if (from.empty()) return invalid("From", "the message has no sender address");
  return out;
}

namespace {

// The results of one Authentication-Results value: its authserv-id and each
// method's result ("dmarc" -> "pass"; for several signatures of one method,
// "pass" when any passed). Comments in parentheses are dropped.
struct AuthResults {
  std::string authserv_id;
  std::map<std::string, std::string, std::less<>> results;
};

AuthResults parse_auth_results(std::string_view value) {
  std::string text;
  int depth = 0;
  for (char c : value) {  // comments out, "(...)", possibly nested
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      text.push_back(c);
    }
  }
  AuthResults out;
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view part = trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (first) {
      first = false;
      // "mx.example.com" or "mx.example.com 1" (a version).
      out.authserv_id = lower(part.substr(0, part.find_first_of(" \t")));
      continue;
    }
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string method = lower(trim(part.substr(0, eq)));
    if (const std::size_t slash = method.find('/'); slash != std::string::npos)
      method.resize(slash);
    const std::string_view rest = trim(part.substr(eq + 1));
    const std::string result = lower(rest.substr(0, rest.find_first_of(" \t")));
    auto [it, added] = out.results.emplace(method, result);
    if (!added && result == "pass") it->second = result;
  }
  return out;
}

}  // namespace

SenderCheck check_sender(const std::vector<std::string>& authentication_results,
                         std::string_view trusted_authserv_id) {
  const std::string trusted = lower(trusted_authserv_id);
  for (const std::string& value : authentication_results) {
    const AuthResults r = parse_auth_results(value);
    if (r.authserv_id != trusted) continue;
    auto result = [&](std::string_view method) {
      auto it = r.results.find(method);
      return it == r.results.end() ? std::string() : it->second;
    };
    const std::string by = " (" + r.authserv_id + ")";
    if (const std::string dmarc = result("dmarc"); !dmarc.empty()) {
      return SenderCheck{dmarc == "pass", "dmarc=" + dmarc + by};
    }
    const std::string spf = result("spf").empty() ? "none" : result("spf");
    const std::string dkim = result("dkim").empty() ? "none" : result("dkim");
    return SenderCheck{spf == "pass" && dkim == "pass", "spf=" + spf + " dkim=" + dkim + by};
  }
  return SenderCheck{false, "no Authentication-Results from " + trusted};
}

std::optional<std::string> ticket_key_in_subject(std::string_view subject) {
  std::size_t at = 0;
  while ((at = subject.find('[', at)) != std::string_view::npos) {
    const std::size_t close = subject.find(']', at);
    if (close == std::string_view::npos) break;
    const std::string_view key = subject.substr(at + 1, close - at - 1);
    at = close;
    const std::size_t dash = key.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == key.size()) continue;
    const std::string_view number = key.substr(dash + 1);
    const std::string_view slug = key.substr(0, dash);
    const bool digits =
        std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool slug_ok = std::all_of(slug.begin(), slug.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (digits && slug_ok) return std::string(key);
  }
  return std::nullopt;
}

namespace {

// Spaces around a subject's prefixes: ASCII, and the no-break spaces French
// mail puts before a colon ("RE\u00a0:", "TR\u202f:").
std::string_view skip_subject_spaces(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.starts_with("\xC2\xA0")) {
      s.remove_prefix(2);
    } else if (s.starts_with("\xE2\x80\xAF")) {
      s.remove_prefix(3);
    } else {
      return s;
    }
  }
}

// The length of the reply or forward prefix `s` starts with, 0 if none: a
// word of the common clients and languages (English Re/Fwd/Fw, German AW/WG,
// French RE/TR, Spanish RE/RV, Dutch Antw/Doorst, Chinese), optionally
// counted ("Re[2]", "Re(2)"), then a colon (ASCII or full-width), spaces
// before it allowed.
std::size_t reply_prefix_length(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "re",
      "fwd",
      "fw",
      "aw",
      "wg",
      "tr",
      "rv",
      "antw",
      "doorst",
      "\xE5\x9B\x9E\xE5\xA4\x8D",  // 回复
      "\xE7\xAD\x94\xE5\xA4\x8D",  // 答复
      "\xE8\xBD\xAC\xE5\x8F\x91",  // 转发
  };
  for (std::string_view word : kWords) {
    if (s.size() < word.size() || lower(s.substr(0, word.size())) != word) continue;
    std::string_view rest = s.substr(word.size());
    if (!rest.empty() && (rest.front() == '[' || rest.front() == '(')) {
      const char close = rest.front() == '[' ? ']' : ')';
      std::size_t i = 1;
      while (i < rest.size() && i < 5 && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
      if (i == 1 || i >= rest.size() || rest[i] != close) continue;
      rest.remove_prefix(i + 1);
    }
    rest = skip_subject_spaces(rest);
    if (rest.starts_with(':')) return s.size() - rest.size() + 1;
    if (rest.starts_with("\xEF\xBC\x9A")) return s.size() - rest.size() + 3;  // ：
  }
  return 0;
}

}  // namespace

std::string clean_subject(std::string_view subject) {
  std::string_view s = skip_subject_spaces(trim(subject));
  while (const std::size_t n = reply_prefix_length(s)) s = skip_subject_spaces(trim(s.substr(n)));
  std::string out;
  std::size_t chars = 0;
  for (char c : s) {
    const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead && chars++ == 200) break;
    out.push_back(c == '\r' || c == '\n' || c == '\t' ? ' ' : c);
  }
  return out.empty() ? "(no subject)" : out;
}

std::vector<std::string> tenant_candidates(std::string_view address) {
  const std::string a = address_of(address);
  const std::size_t at = a.find('@');
  if (at == std::string::npos || at == 0) return {};
  const std::string local = a.substr(0, at);
  const std::size_t plus = local.find('+');
  if (plus != std::string::npos) {
    if (plus + 1 == local.size()) return {};
    return {local.substr(plus + 1)};
  }
  return {local};
}

}  // namespace ticketd::api
