// Bytes in a mail's declared charset as UTF-8, by iconv (through GMime's
// charset names), with detection where the label is missing or wrong.

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <mutex>

#include "api/notifications/mail_text.h"
#include "domain/hex.h"

namespace ticketd::api::mail_text {
namespace {

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// windows-1252 0x80..0x9F (WHATWG index); 0 where undefined.
constexpr std::array<std::uint16_t, 32> kC1 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The name iconv should be given for a declared charset: supersets for the
// labels senders use loosely; empty for "detect".
std::string iconv_name(std::string_view declared) {
  std::string c = lower(declared);
  c.erase(std::remove_if(c.begin(), c.end(),
                         [](unsigned char ch) { return std::isspace(ch) || ch == '"'; }),
          c.end());
  if (c.empty() || c == "utf-8" || c == "utf8" || c == "us-ascii" || c == "ascii" ||
      c == "unknown-8bit" || c == "x-unknown" || c == "8bit" || c == "default") {
    return "";
  }
  if (c == "iso-8859-1" || c == "iso8859-1" || c == "latin1" || c == "iso_8859-1" ||
      c == "windows-1252" || c == "cp1252" || c == "x-cp1252") {
    return "windows-1252";  // handled without iconv
  }
  if (c == "gb2312" || c == "gbk" || c == "x-gbk" || c == "cp936" || c == "euc-cn")
    return "GB18030";
  if (c == "shift_jis" || c == "shift-jis" || c == "sjis" || c == "x-sjis" || c == "ms_kanji" ||
      c == "windows-31j") {
    return "CP932";
  }
  if (c == "euc-kr" || c == "ks_c_5601-1987" || c == "ks_c_5601") return "CP949";
  const char* canonical = g_mime_charset_iconv_name(c.c_str());
  return canonical != nullptr ? canonical : c;
}

// Converts all of `bytes` from `charset` into `out`; false when iconv does
// not know the charset or a byte sequence is invalid in it.
bool iconv_all(std::string_view bytes, const std::string& charset, std::string& out) {
  iconv_t cd = g_mime_iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::array<char, 4096> buffer;
  bool ok = true;
  while (true) {
    char* dst = buffer.data();
    std::size_t dst_left = buffer.size();
    const std::size_t r = iconv(cd, in_left > 0 ? &in : nullptr, &in_left, &dst, &dst_left);
    out.append(buffer.data(), buffer.size() - dst_left);
    if (r != static_cast<std::size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) continue;
    ok = false;  // EILSEQ or EINVAL (a truncated sequence at the end)
    break;
  }
  g_mime_iconv_close(cd);
  return ok;
}

}  // namespace

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::string windows1252_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      const std::uint16_t mapped = kC1[c - 0x80];
      append_code_point(out, mapped != 0 ? mapped : c);
    } else {
      append_code_point(out, c);
    }
  }
  return out;
}

std::string detect_to_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  return windows1252_to_utf8(bytes);
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  init_gmime();  // its charset names and iconv cache
  const std::string name = iconv_name(charset);
  if (name.empty()) return detect_to_utf8(bytes);
  if (name == "windows-1252") {
    // Maps every byte: the declared label is believed.
    return windows1252_to_utf8(bytes);
  }
  std::string out;
  if (iconv_all(bytes, name, out) && is_valid_utf8(out)) return out;
  return detect_to_utf8(bytes);
}

namespace {

std::string q_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out.push_back(' ');
    } else if (text[i] == '=' && i + 2 < text.size() && domain::hex_digit_value(text[i + 1]) >= 0 &&
               domain::hex_digit_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(domain::hex_digit_value(text[i + 1]) * 16 +
                                      domain::hex_digit_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Lenient: characters outside the alphabet skipped, padding optional.
std::string b_decode(std::string_view text) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) continue;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

// One "=?charset?B|Q?text?=" at `at`: its charset (RFC 2231 "*lang" cut)
// and bytes, and where it ends. False when there is none.
bool encoded_word(std::string_view s, std::size_t at, std::string& charset, std::string& bytes,
                  std::size_t& end) {
  if (s.substr(at, 2) != "=?") return false;
  const std::size_t q1 = s.find('?', at + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  const char encoding = static_cast<char>(std::tolower(static_cast<unsigned char>(s[q1 + 1])));
  if (encoding != 'b' && encoding != 'q') return false;
  const std::size_t close = s.find("?=", q1 + 3);
  if (close == std::string_view::npos) return false;
  const std::string_view text = s.substr(q1 + 3, close - q1 - 3);
  if (text.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  charset = std::string(s.substr(at + 2, q1 - at - 2));
  charset = charset.substr(0, charset.find('*'));
  bytes = encoding == 'b' ? b_decode(text) : q_decode(text);
  end = close + 2;
  return true;
}

}  // namespace

std::string decode_header(std::string_view raw) {
  // Unfolded: a line break before white space is no character.
  std::string s;
  for (char c : raw) {
    if (c != '\r' && c != '\n') s.push_back(c);
  }
  std::string out;
  std::string plain;  // bytes outside encoded words, waiting to be detected
  bool in_word = false;
  std::string word_charset;
  std::string word_bytes;  // adjacent words of one charset: a character may span two
  auto flush_word = [&] {
    if (in_word) out += to_utf8(word_bytes, word_charset);
    in_word = false;
    word_bytes.clear();
  };
  auto flush_plain = [&] {
    // Word by word: one header may hold UTF-8 and Latin-1 words.
    for (std::size_t at = 0; at < plain.size();) {
      std::size_t end = plain.find(' ', at);
      end = end == std::string::npos ? plain.size() : end + 1;
      out += detect_to_utf8(std::string_view(plain).substr(at, end - at));
      at = end;
    }
    plain.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    std::string charset;
    std::string bytes;
    std::size_t end = 0;
    if (encoded_word(s, i, charset, bytes, end)) {
      // White space between two encoded words is no text (RFC 2047 6.2).
      if (in_word && plain.find_first_not_of(" \t") == std::string::npos) {
        plain.clear();
        if (lower(word_charset) != lower(charset)) flush_word();
      } else {
        flush_word();
        flush_plain();
      }
      in_word = true;
      word_charset = charset;
      word_bytes += bytes;
      i = end;
      continue;
    }
    if (in_word && s[i] != ' ' && s[i] != '\t') {
      flush_word();
      flush_plain();
    }
    plain.push_back(s[i++]);
  }
  flush_word();
  flush_plain();
  const std::size_t first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t") + 1 - first);
}

}  // namespace ticketd::api::mail_text
