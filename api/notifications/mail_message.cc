#include "api/notifications/mail_message.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <vector>

#include "api/commands/ids.h"

namespace ticketd::api {
namespace {

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// base64 in lines of 76 characters, CRLF after each.
std::string base64_lines(std::string_view data) {
  const std::string b = base64(data);
  std::string out;
  for (std::size_t i = 0; i < b.size(); i += 76) {
    out.append(b, i, 76);
    out += "\r\n";
  }
  return out;
}

bool is_plain(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

// An RFC 2047 encoded word (or words) when `s` is not plain ASCII. Each
// word carries whole UTF-8 characters, at most 45 bytes of them.
std::string encode_header_text(std::string_view s) {
  if (is_plain(s)) return std::string(s);
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t end = std::min(s.size(), i + 45);
    while (end < s.size() && end > i && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(s.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string rfc5322_date(domain::Instant t) {
  const std::time_t secs =
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// A header value with control characters removed (no header injection).
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  return out;
}

// A media type as a header value: "type/subtype" of safe characters only
// (it comes from libmagic, but a header is no place to trust that).
std::string media_type_header(std::string_view type) {
  const bool safe = !type.empty() && type.find('/') != std::string_view::npos &&
                    std::all_of(type.begin(), type.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' ||
                             c == '+' || c == '-' || c == '_';
                    });
  return safe ? std::string(type) : "application/octet-stream";
}

// filename="report.pdf", or for a name that is not plain ASCII (or holds
// a quote or backslash) RFC 2231's filename*=UTF-8''%-escaped, which the
// common clients read.
std::string filename_parameter(std::string_view name) {
  if (is_plain(name) && name.find_first_of("\"\\") == std::string_view::npos) {
    return "filename=\"" + std::string(name) + "\"";
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "filename*=UTF-8''";
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.' || c == '-' || c == '_') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

}  // namespace

std::string compose_mime(const OutgoingEmail& e) {
  const std::string boundary = "=_ticketd_" + sha256_hex(e.message_id).substr(0, 24);
  std::string m;
  auto header = [&](std::string_view name, std::string_view value) {
    m.append(name);
    m += ": ";
    m.append(value);
    m += "\r\n";
  };
  header("Date", rfc5322_date(e.date));
  header("From", one_line(e.from));
  std::string to = one_line(e.to_email);
  if (!e.to_name.empty()) {
    std::string name = one_line(e.to_name);
    if (is_plain(name)) {
      std::string quoted = "\"";
      for (char c : name) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
      }
      name = quoted + "\"";
    } else {
      name = encode_header_text(name);
    }
    to = name + " <" + to + ">";
  }
  header("To", to);
  header("Subject", encode_header_text(one_line(e.subject)));
  header("Message-ID", one_line(e.message_id));
  if (!e.in_reply_to.empty()) header("In-Reply-To", one_line(e.in_reply_to));
  if (!e.references.empty()) header("References", one_line(e.references));
  if (!e.delivery_id.empty()) header("X-Ticketd-Delivery", one_line(e.delivery_id));
  if (!e.reply_to.empty()) header("Reply-To", one_line(e.reply_to));
  if (!e.list_unsubscribe.empty()) {
    header("List-Unsubscribe", "<" + one_line(e.list_unsubscribe) + ">");
    header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  header("Auto-Submitted", "auto-generated");
  // Exchange and Outlook: no out-of-office or other automatic answer to it.
  header("X-Auto-Response-Suppress", "All");
  header("MIME-Version", "1.0");
  const std::string mixed = "=_ticketd_mixed_" + sha256_hex(e.message_id).substr(0, 24);
  if (!e.attachments.empty()) {
    header("Content-Type", "multipart/mixed; boundary=\"" + mixed + "\"");
    m += "\r\n--" + mixed + "\r\n";
  }
  header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  m += "\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(crlf(e.text));
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(crlf(e.html));
  m += "--" + boundary + "--\r\n";
  if (e.attachments.empty()) return m;
  for (const MailAttachment& a : e.attachments) {
    m += "\r\n--" + mixed + "\r\n";
    header("Content-Type", media_type_header(a.type));
    header("Content-Transfer-Encoding", "base64");
    header("Content-Disposition", "attachment; " + filename_parameter(a.name));
    m += "\r\n";
    m += base64_lines(a.content);
  }
  m += "\r\n--" + mixed + "--\r\n";
  return m;
}

std::string notification_message_id(std::string_view ticket_id, std::string_view notification_id,
                                    std::string_view domain) {
  return "<" + std::string(ticket_id) + "-" + std::string(notification_id) + "@" +
         std::string(domain) + ">";
}

std::string ticket_thread_id(std::string_view ticket_id, std::string_view domain, bool customer) {
  return "<" + std::string(ticket_id) + (customer ? "" : "-staff") + "@" + std::string(domain) +
         ">";
}

std::string plus_address(std::string_view from, std::string_view key) {
  const std::string address = address_of(from);
  const std::size_t at = address.find('@');
  if (at == std::string::npos) return address;
  std::string local = address.substr(0, at);
  local.resize(std::min(local.find('+'), local.size()));  // "support+old" -> "support"
  return local + "+" + std::string(key) + address.substr(at);
}

std::optional<std::string> ticket_key_in_address(std::string_view address) {
  const std::string a = address_of(address);
  const std::size_t at = a.find('@'), plus = a.find('+');
  if (at == std::string::npos || plus == std::string::npos || plus > at) return std::nullopt;
  const std::string key = a.substr(plus + 1, at - plus - 1);
  const std::size_t dash = key.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == key.size()) return std::nullopt;
  const bool digits = std::all_of(key.begin() + static_cast<std::ptrdiff_t>(dash) + 1, key.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return std::nullopt;
  return key;
}

std::optional<std::string> ticket_id_in_message_ids(std::string_view header) {
  // Ticket ids are "t" + 20 lowercase hex digits (command_path.h).
  std::size_t at = 0;
  while ((at = header.find('<', at)) != std::string_view::npos) {
    const std::size_t close = header.find('>', at);
    if (close == std::string_view::npos) break;
    const std::string_view id = header.substr(at + 1, close - at - 1);
    at = close;
    if (id.size() < 22 || id[0] != 't') continue;
    const std::string_view hex = id.substr(1, 20);
    if (!std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
      continue;
    }
    if (id[21] == '@' || id[21] == '-') return std::string(id.substr(0, 21));
  }
  return std::nullopt;
}

std::string address_of(std::string_view mailbox) {
  const std::size_t lt = mailbox.rfind('<');
  std::string_view a = mailbox;
  if (lt != std::string_view::npos) {
    const std::size_t gt = mailbox.find('>', lt);
    a = mailbox.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  }
  while (!a.empty() && std::isspace(static_cast<unsigned char>(a.front()))) a.remove_prefix(1);
  while (!a.empty() && std::isspace(static_cast<unsigned char>(a.back()))) a.remove_suffix(1);
  if (a.find('@') == std::string_view::npos) return {};
  std::string out(a);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string domain_of(std::string_view address) {
  const std::string a = address_of(address);
  const std::size_t at = a.rfind('@');
  if (at == std::string::npos || at + 1 == a.size()) return "localhost";
  return a.substr(at + 1);
}

}  // namespace ticketd::api
