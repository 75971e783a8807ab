#pragma once
// Hexadecimal: bytes as lowercase digits, and one digit's value. Pure. (The
// event store, which sees no other folder, has its own: eventstore::to_hex.)

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ticketd::domain {

// Two lowercase hex digits per byte.
std::string hex_encode(const unsigned char* bytes, std::size_t n);
std::string hex_encode(std::string_view bytes);

// The bytes that lowercase hex digits stand for, as hex_encode writes them
// (one spelling for each byte string: tokens and signatures are compared as
// text); nullopt for an odd count or any other character.
std::optional<std::string> hex_decode(std::string_view hex);

// 0-15 for 0-9, a-f and A-F; -1 for any other character.
int hex_digit_value(char c);

}  // namespace ticketd::domain
