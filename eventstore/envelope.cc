#include "eventstore/envelope.h"

namespace ticketd::eventstore {

std::string to_hex(const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(hash.size() * 2);
  for (uint8_t b : hash) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 0xf]);
  }
  return s;
}

}  // namespace ticketd::eventstore
