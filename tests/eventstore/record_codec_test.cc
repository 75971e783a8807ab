// The record format and hash chain that auditors re-implement: round trips,
// strict parsing, and known-answer vectors computed independently from the
// layout documented in eventstore/record_codec.h (with Python's hashlib).
#include "eventstore/record_codec.h"

#include <boost/test/unit_test.hpp>

#include "test_support.h"

namespace ticketd::eventstore {
namespace {

Envelope first_envelope() {
  Envelope e;
  e.position = 1;
  e.stream = "ticket-1";
  e.version = 1;
  e.event_id = "evt-1";
  e.type = "TicketOpened";
  e.tenant = "acme";
  e.actor = ActorRef{"u-1", "customer"};
  e.occurred_at_ms = 1'700'000'000'000;
  e.correlation_id = "corr-1";
  e.schema_version = 1;
  e.data = R"({"subject":"Cannot log in"})";
  return e;
}

Envelope second_envelope() {
  Envelope e;
  e.position = 2;
  e.stream = "ticket-1";
  e.version = 2;
  e.event_id = "evt-2";
  e.type = "MessagePosted";
  e.tenant = "acme";
  e.actor = ActorRef{"agent-7", "agent"};
  e.occurred_at_ms = -5;  // negative instants survive (two's complement)
  e.correlation_id = "";
  e.schema_version = 2;
  e.data = "{}";
  return e;
}

std::string encode(const Envelope& e, const Hash& prev, Hash* hash_out) {
  Sha256 sha;
  std::string record;
  *hash_out = append_record(record, record_view(e), prev, sha);
  return record;
}

BOOST_AUTO_TEST_SUITE(record_codec_test)

BOOST_AUTO_TEST_CASE(hashes_match_an_independent_implementation_of_the_layout) {
  Hash h1{};
  std::string r1 = encode(first_envelope(), Hash{}, &h1);
  BOOST_TEST(canonical_part(r1).size() == 134u);
  BOOST_TEST(to_hex(h1) == "c491aba4301aa8651ae135eaeba52b3dba1a036858c114b0d9d5874749d7d7a4");
  Hash h2{};
  std::string r2 = encode(second_envelope(), h1, &h2);
  BOOST_TEST(canonical_part(r2).size() == 105u);
  BOOST_TEST(to_hex(h2) == "06b18cbe9f745d9f1fb84976fa9b8d8e68172c46dc0841b3fd9eaa90fc4ee63e");
  // The record ends with prev_hash then hash.
  BOOST_TEST(r2.size() == 105u + 64u);
  BOOST_TEST(r2.compare(105, 32, std::string(reinterpret_cast<const char*>(h1.data()), 32)) == 0);
  BOOST_TEST(r2.compare(137, 32, std::string(reinterpret_cast<const char*>(h2.data()), 32)) == 0);
}

BOOST_AUTO_TEST_CASE(a_record_round_trips) {
  Hash h1{};
  encode(first_envelope(), Hash{}, &h1);
  Hash h2{};
  std::string record = encode(second_envelope(), h1, &h2);
  Envelope decoded;
  decoded.data = "old contents are replaced";
  BOOST_REQUIRE(decode_record(record, decoded).has_value());
  Envelope expected = second_envelope();
  expected.prev_hash = h1;
  expected.hash = h2;
  BOOST_TEST((decoded == expected));
}

BOOST_AUTO_TEST_CASE(damaged_records_do_not_parse) {
  Hash h{};
  const std::string record = encode(first_envelope(), Hash{}, &h);
  Envelope out;
  for (size_t cut : {size_t{0}, size_t{1}, size_t{20}, record.size() - 1}) {
    auto r = decode_record(std::string_view(record).substr(0, cut), out);
    BOOST_TEST(testing::error_of(r) == StoreErrorCode::kCorruption);
  }
  BOOST_TEST(testing::error_of(decode_record(record + "x", out)) == StoreErrorCode::kCorruption);
  std::string other_format = record;
  other_format[0] = 2;
  BOOST_TEST(testing::error_of(decode_record(other_format, out)) == StoreErrorCode::kCorruption);
  std::string huge_length = record;
  huge_length[9] = '\x7f';  // first byte of the stream's length
  BOOST_TEST(testing::error_of(decode_record(huge_length, out)) == StoreErrorCode::kCorruption);
}

BOOST_AUTO_TEST_CASE(hex_is_lower_case_and_complete) {
  Hash h{};
  h[0] = 0xab;
  h[31] = 0x0f;
  std::string hex = to_hex(h);
  BOOST_TEST(hex.size() == 64u);
  BOOST_TEST(hex.substr(0, 2) == "ab");
  BOOST_TEST(hex.substr(62) == "0f");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::eventstore
