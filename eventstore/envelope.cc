#include "eventstore/envelope.h"

namespace ticketd::eventstore {

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return s;
}

std::string to_hex(const Hash& hash) { return to_hex(hash.data(), hash.size()); }

}  // namespace ticketd::eventstore
