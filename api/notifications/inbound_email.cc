#include "api/notifications/inbound_email.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

#include "api/notifications/mail_message.h"

namespace ticketd::api {
namespace {

void init_gmime_once() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

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

// Text of an HTML part, roughly: tags dropped, block ends as new lines,
// the common entities decoded.
std::string html_to_text(std::string_view html) {
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      const std::string tag = lower(html.substr(i + 1, std::min<std::size_t>(end - i - 1, 12)));
      if (tag.starts_with("br") || tag.starts_with("/p") || tag.starts_with("/div") ||
          tag.starts_with("/li") || tag.starts_with("/tr")) {
        out.push_back('\n');
      }
      if (tag.starts_with("blockquote")) out += "\n> ";
      i = end;
    } else if (html[i] == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
          {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
      bool done = false;
      for (const auto& [entity, c] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out.push_back(c);
          i += entity.size() - 1;
          done = true;
          break;
        }
      }
      if (!done) out.push_back('&');
    } else if (html[i] != '\r') {
      out.push_back(html[i]);
    }
  }
  return out;
}

struct Bodies {
  std::string plain;
  std::string html;
  std::vector<InboundFile> files;
};

// Detached signatures of a multipart/signed: not files anyone sent.
bool is_signature(GMimeContentType* type) {
  return g_mime_content_type_is_type(type, "application", "pgp-signature") ||
         g_mime_content_type_is_type(type, "application", "pkcs7-signature") ||
         g_mime_content_type_is_type(type, "application", "x-pkcs7-signature");
}

std::string stream_bytes(GMimeStream* stream) {
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
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

void collect(GMimeObject* part, Bodies& bodies) {
  if (part == nullptr) return;
  if (GMIME_IS_MULTIPART(part)) {
    GMimeMultipart* mp = GMIME_MULTIPART(part);
    for (int i = 0; i < g_mime_multipart_get_count(mp); ++i)
      collect(g_mime_multipart_get_part(mp, i), bodies);
    return;
  }
  if (GMIME_IS_MESSAGE_PART(part)) {
    bodies.files.push_back(forwarded_file(GMIME_MESSAGE_PART(part)));
    return;
  }
  if (!GMIME_IS_PART(part)) return;
  GMimeContentType* type = g_mime_object_get_content_type(part);
  if (is_signature(type)) return;
  const bool attachment = g_mime_part_is_attachment(GMIME_PART(part));
  const bool plain = g_mime_content_type_is_type(type, "text", "plain");
  const bool html = g_mime_content_type_is_type(type, "text", "html");
  std::string* target = plain ? &bodies.plain : html ? &bodies.html : nullptr;
  // The first text and HTML bodies make the text; the rest are files.
  if (target == nullptr || attachment || !target->empty()) {
    bodies.files.push_back(part_file(GMIME_PART(part), type));
    return;
  }
  char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  if (text != nullptr) {
    *target = text;
    g_free(text);
  }
}

std::string header(GMimeObject* object, const char* name) {
  const char* v = g_mime_object_get_header(object, name);
  return v == nullptr ? std::string() : std::string(v);
}

bool is_wrote_line(std::string_view line) {
  line = trim(line);
  return line.ends_with("wrote:") || line.ends_with("schrieb:") || line.ends_with("a écrit :") ||
         line.ends_with("a écrit:");
}

}  // namespace

domain::Result<InboundEmail> parse_inbound_email(std::string_view raw) {
  init_gmime_once();
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
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
    if (name != nullptr) out.from_name = name;
  }
  add_addresses(g_mime_message_get_to(message), out.recipients);
  add_addresses(g_mime_message_get_cc(message), out.recipients);
  GMimeObject* object = GMIME_OBJECT(message);
  for (const char* h : {"Delivered-To", "X-Original-To"}) {
    const std::string a = address_of(header(object, h));
    if (!a.empty()) out.recipients.push_back(a);
  }
  if (const char* s = g_mime_message_get_subject(message)) out.subject = s;
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
  collect(g_mime_message_get_mime_part(message), bodies);
  out.text = !bodies.plain.empty() ? bodies.plain : html_to_text(bodies.html);
  out.files = std::move(bodies.files);
  g_object_unref(message);
  if (from.empty()) return invalid("From", "the message has no sender address");
  out.from_email = from.front();
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

std::string strip_quoted_history(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::string_view t = trim(line);
    if (t.find("##- Please type your reply above this line -##") != std::string_view::npos) break;
    if (line == "-- " || line == "--") break;
    if (t.starts_with("-----Original Message-----") ||
        t.starts_with("________________________________"))
      break;
    // "On <date>, <name> wrote:", possibly folded over two lines.
    if (t.starts_with("On ") || t.starts_with("Am ") || t.starts_with("Le ")) {
      if (is_wrote_line(t)) break;
      if (i + 1 < lines.size() && is_wrote_line(lines[i + 1]) &&
          !trim(lines[i + 1]).starts_with(">"))
        break;
    }
    if (t.starts_with(">")) continue;
    out.append(line);
    out.push_back('\n');
  }
  return std::string(trim(out));
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

std::string clean_subject(std::string_view subject) {
  std::string_view s = trim(subject);
  for (bool again = true; again;) {
    again = false;
    for (std::string_view prefix : {"re:", "fwd:", "fw:", "aw:", "wg:"}) {
      if (s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix) {
        s = trim(s.substr(prefix.size()));
        again = true;
      }
    }
  }
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
