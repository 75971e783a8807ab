// Hexadecimal: encoding every byte value, decoding only what encoding
// writes, and one digit's value as percent- and QP-decoding read it.
#include "domain/hex.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace ticketd::domain {
namespace {

BOOST_AUTO_TEST_SUITE(hex_test)

BOOST_AUTO_TEST_CASE(every_byte_round_trips) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string hex = hex_encode(all);
  BOOST_TEST(hex.size() == 512u);
  BOOST_TEST(hex.substr(0, 8) == "00010203");
  BOOST_TEST(hex.substr(504) == "fcfdfeff");
  BOOST_TEST((hex_decode(hex) == all));
  const unsigned char raw[] = {0xde, 0xad, 0x00, 0x7f};
  BOOST_TEST(hex_encode(raw, sizeof raw) == "dead007f");
  BOOST_TEST(hex_encode("") == "");
  BOOST_TEST((hex_decode("") == std::string()));
}

BOOST_AUTO_TEST_CASE(decoding_takes_only_lowercase_pairs) {
  BOOST_TEST(!hex_decode("abc"));   // odd
  BOOST_TEST(!hex_decode("DEAD"));  // one spelling only
  BOOST_TEST(!hex_decode("0g"));
  BOOST_TEST(!hex_decode("0 "));
  BOOST_TEST((hex_decode("41") == std::string("A")));
}

BOOST_AUTO_TEST_CASE(a_digit_of_either_case_has_its_value) {
  BOOST_TEST(hex_digit_value('0') == 0);
  BOOST_TEST(hex_digit_value('9') == 9);
  BOOST_TEST(hex_digit_value('a') == 10);
  BOOST_TEST(hex_digit_value('F') == 15);
  BOOST_TEST(hex_digit_value('g') == -1);
  BOOST_TEST(hex_digit_value('G') == -1);
  BOOST_TEST(hex_digit_value('/') == -1);
  BOOST_TEST(hex_digit_value(':') == -1);
  BOOST_TEST(hex_digit_value('@') == -1);
  BOOST_TEST(hex_digit_value('\xC3') == -1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
