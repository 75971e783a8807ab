#include "domain/password_policy.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

#include "domain/validation.h"

namespace ticketd::domain {
namespace {

constexpr std::string_view kCommonPasswords =
#include "domain/common_passwords.inc"
    ;

const std::unordered_set<std::string_view>& common_passwords() {
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> s;
    std::string_view rest = kCommonPasswords;
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      s.insert(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    return s;
  }();
  return set;
}

// `s` without the digits, symbols and spaces at its end ("password123!" ->
// "password").
std::string_view without_padding(std::string_view s) {
  while (!s.empty() && !std::isalpha(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Whether `s` is one shorter string repeated ("abcabcabc", "passwordpassword").
bool repeats_a_unit(std::string_view s) {
  for (std::size_t unit = 1; unit <= s.size() / 2; ++unit) {
    if (s.size() % unit != 0) continue;
    bool same = true;
    for (std::size_t i = unit; i < s.size() && same; ++i) same = s[i] == s[i - unit];
    if (same) return true;
  }
  return false;
}

// Whether each character is the one before it plus (or minus) one, digits
// going round ("abcdefghijklmno", "987654321", "123456789012345").
bool is_sequence(std::string_view s) {
  if (s.size() < 3) return false;
  const bool digits = std::all_of(
      s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  auto step_at = [&](std::size_t i) {
    const int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
    return digits ? (d + 10) % 10 : d;  // 9 -> 0 is +1, 0 -> 9 is 9 (-1)
  };
  const int step = step_at(1);
  if (step != 1 && step != (digits ? 9 : -1)) return false;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (step_at(i) != step) return false;
  }
  return true;
}

}  // namespace

bool is_common_password(std::string_view password) {
  return common_passwords().contains(ascii_lower(password));
}

std::optional<std::string> password_problem(std::string_view password, std::string_view email) {
  const std::optional<std::size_t> chars = utf8_length(password);
  if (!chars) return "must be valid UTF-8";
  if (*chars < kMinPasswordChars)
    return "must be at least " + std::to_string(kMinPasswordChars) + " characters";
  if (*chars > kMaxPasswordChars)
    return "must be at most " + std::to_string(kMaxPasswordChars) + " characters";
  if (std::any_of(password.begin(), password.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return "must not contain control characters";
  }
  const std::string lowered = ascii_lower(password);
  const std::string_view core = without_padding(lowered);
  if (repeats_a_unit(lowered) || (core.size() >= 4 && repeats_a_unit(core)) ||
      is_sequence(lowered)) {
    return "must not be a repeated pattern or a sequence";
  }
  if (is_common_password(lowered) || (core.size() >= 4 && common_passwords().contains(core)))
    return "is too common: choose another one (a few unrelated words work well)";
  const std::string address = ascii_lower(email);
  const std::string_view local = std::string_view(address).substr(0, address.find('@'));
  if (!address.empty() && (lowered == address || (local.size() >= 4 && core == local)))
    return "must not be your email address";
  return std::nullopt;
}

}  // namespace ticketd::domain
