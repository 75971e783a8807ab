#pragma once
// What a chosen password must be, after NIST SP 800-63B-4 (section 3.1.1.2):
// at least kMinPasswordChars characters (a password is the only factor),
// up to kMaxPasswordChars, any printable character and spaces, no rules of
// composition, and not a commonly used or expected one -- one of the 10,000
// most common passwords (with or without digits and symbols added at the
// end), a repeated pattern ("abcabc...", "passwordpassword1") or sequence
// ("abcdefg..."), or the account's own email address.
// Pure.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ticketd::domain {

inline constexpr std::size_t kMinPasswordChars = 15;   // code points
inline constexpr std::size_t kMaxPasswordChars = 256;  // code points

// Why `password` may not be chosen by the holder of `email`, as a sentence
// for the field "password"; nullopt when it may.
std::optional<std::string> password_problem(std::string_view password, std::string_view email);

// Whether `password` is one of the common passwords (case-insensitive).
bool is_common_password(std::string_view password);

}  // namespace ticketd::domain
