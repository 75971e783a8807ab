// Cursors round-trip and anything else is recognised as not a cursor.
#include "projections/page_cursor.h"

#include <boost/test/unit_test.hpp>

namespace ticketd::projections {
namespace {

BOOST_AUTO_TEST_SUITE(page_cursor_test)

BOOST_AUTO_TEST_CASE(round_trips) {
  for (const PageCursor& c :
       {PageCursor{0, 0, 0, ""}, PageCursor{7, INT64_MIN, UINT32_MAX, ""},
        PageCursor{16, 1767225600123, 42, ""}, PageCursor{32, 0, 0, "agent-7 ü"}}) {
    const std::string text = encode_cursor(c);
    BOOST_TEST(text.find_first_not_of(
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string::npos);
    const std::optional<PageCursor> back = decode_cursor(text);
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST((*back == c));
  }
}

BOOST_AUTO_TEST_CASE(rejects_what_it_did_not_write) {
  const std::string good = encode_cursor(PageCursor{3, 123456, 9, ""});
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    BOOST_TEST(!decode_cursor(bad).has_value(), "flipped character " << i);
  }
  for (const char* bad : {"", "x", "not a cursor", "====", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    BOOST_TEST(!decode_cursor(bad).has_value(), bad);
  }
  BOOST_TEST(!decode_cursor(good.substr(0, good.size() - 1)).has_value());
  BOOST_TEST(!decode_cursor(good + "A").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::projections
