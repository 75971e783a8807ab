// Token hashes and random ids: SHA-256 against the standard's vectors, also
// from several threads at once (each reuses its own digest context).

#include "api/commands/ids.h"

#include <openssl/sha.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(ids_test)

BOOST_AUTO_TEST_CASE(sha256_hex_matches_the_fips_180_vectors) {
  BOOST_TEST(sha256_hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // A second digest on the same thread starts afresh.
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(sha256_hex_matches_the_long_fips_vectors) {
  // One million 'a' (FIPS 180-2, B.3), and a message spanning several blocks.
  BOOST_TEST(sha256_hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  BOOST_TEST(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjk"
                        "lmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

BOOST_AUTO_TEST_CASE(threads_hash_independently) {
  // Each thread hashes its own inputs, interleaved with the others: a
  // context shared between threads would mix their messages.
  std::vector<std::string> inputs;
  std::vector<std::string> expected;
  for (int i = 0; i < 16; ++i) {
    inputs.push_back(std::string(static_cast<std::size_t>(1 + i * 37), static_cast<char>('a' + i)));
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(inputs.back().data()), inputs.back().size(),
           digest);
    std::string hex;
    for (unsigned char b : digest) {
      static constexpr char kHex[] = "0123456789abcdef";
      hex += kHex[b >> 4];
      hex += kHex[b & 15];
    }
    expected.push_back(hex);
  }
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::size_t k = static_cast<std::size_t>((i + t * 4) % 16);
        if (sha256_hex(inputs[k]) != expected[k]) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(random_hex_is_lowercase_hex_of_the_asked_length_and_varies) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = random_hex(10);
    BOOST_TEST(id.size() == 20u);
    BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(id);
  }
  BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_CASE(event_ids_are_unique_and_follow_time) {
  // The time is given, so nothing here depends on the clock.
  const std::int64_t t0 = 1'795'000'000'000;  // 2026-11-18
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = new_event_id('e', t0 + i / 100);
    BOOST_REQUIRE_EQUAL(id.size(), 29u);
    BOOST_REQUIRE_EQUAL(id[0], 'e');
    BOOST_REQUIRE(id.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
    BOOST_REQUIRE(seen.insert(id).second);  // unique within a millisecond too
  }
  // The time part is the milliseconds given, big-endian, so ids sort by time.
  const std::string id = new_event_id('x', t0);
  BOOST_TEST(std::stoll(id.substr(1, 12), nullptr, 16) == t0);
  BOOST_TEST(new_event_id('e', t0 + 1) > new_event_id('e', t0));
  BOOST_TEST(new_event_id('e', t0 + 256) > new_event_id('e', t0 + 255));
  BOOST_TEST(new_event_id('e', 0x010000000000) > new_event_id('e', 0x00ffffffffff));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
