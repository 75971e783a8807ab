// The reading corpus (tests/mail_corpus/): hand-written mail as Outlook,
// Gmail, Apple Mail, Thunderbird and others send it, in several languages
// and charsets. For each NN-name.eml, either NN-name.automatic (the reason
// `automatic` must start with) or NN-name.expected.txt (the new text an
// agent must see: the parsed text before its quoted history, trimmed).
// Every parsed text must be valid UTF-8 and hold every word of the
// expected text.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "api/notifications/inbound_email.h"

#ifndef TICKETD_MAIL_CORPUS_DIR
#error "TICKETD_MAIL_CORPUS_DIR must name tests/mail_corpus"
#endif

namespace ticketd::api {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "\r\n" as "\n", outer white space out.
std::string normalized(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '\r') out.push_back(c);
  }
  const auto space = [](unsigned char c) { return c == ' ' || c == '\n' || c == '\t'; };
  while (!out.empty() && space(out.back())) out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && space(out[start])) ++start;
  return out.substr(start);
}

// Checked here rather than with the code under test: lead bytes, the count
// of continuation bytes, no overlong forms, no surrogates, nothing above
// U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;  // continuation bytes
    if (c >= 0x80) n = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 4;
    if (n == 4 || i + n >= s.size()) return false;  // no such lead byte, or cut short
    std::uint32_t cp = n == 0 ? c : (c & (0x3F >> n));
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

BOOST_AUTO_TEST_SUITE(mail_corpus_test)

BOOST_AUTO_TEST_CASE(every_message_reads_as_expected) {
  const fs::path dir = TICKETD_MAIL_CORPUS_DIR;
  std::vector<fs::path> mails;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".eml") mails.push_back(entry.path());
  }
  std::sort(mails.begin(), mails.end());
  int replies = 0;
  int automatic = 0;
  for (const fs::path& path : mails) {
    BOOST_TEST_CONTEXT(path.filename().string()) {
      fs::path expected_path = path;
      expected_path.replace_extension(".expected.txt");
      fs::path automatic_path = path;
      automatic_path.replace_extension(".automatic");
      const bool is_automatic = fs::exists(automatic_path);
      if (is_automatic == fs::exists(expected_path)) {
        BOOST_ERROR("needs exactly one of .expected.txt and .automatic");
        continue;
      }
      const auto mail = parse_inbound_email(read_file(path));
      if (!mail) {
        BOOST_ERROR("not parsed: " << mail.error().message);
        continue;
      }
      BOOST_TEST(valid_utf8(mail->text));
      BOOST_TEST(valid_utf8(mail->subject));
      BOOST_TEST(valid_utf8(mail->from_name));
      if (is_automatic) {
        const std::string reason = normalized(read_file(automatic_path));
        BOOST_TEST(mail->automatic.starts_with(reason), mail->automatic << " for " << reason);
        ++automatic;
        continue;
      }
      BOOST_TEST(mail->automatic.empty(), "taken for automatic: " << mail->automatic);
      const std::string expected = normalized(read_file(expected_path));
      const std::string reply =
          normalized(std::string_view(mail->text).substr(0, quoted_history_start(mail->text)));
      BOOST_TEST(reply == expected);
      BOOST_TEST(normalized(strip_quoted_history(mail->text)) == expected);
      const std::string full = normalized(mail->text);
      for (const std::string& w : words(expected)) {
        BOOST_TEST(full.find(w) != std::string::npos, "lost: " << w);
      }
      ++replies;
    }
  }
  std::cout << "mail_corpus_test: checked " << mails.size() << " messages (" << replies
            << " replies, " << automatic << " automatic) in " << dir.string() << "\n";
  BOOST_TEST_MESSAGE("mail corpus: " << mails.size() << " messages checked");
  BOOST_TEST(mails.size() >= 40u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
