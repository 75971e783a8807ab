// Token hashes and random ids: SHA-256 against the standard's vectors, also
// from several threads at once (each reuses its own digest context).

#include "api/ids.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(ids_test)

BOOST_AUTO_TEST_CASE(sha256_hex_matches_the_fips_180_vectors) {
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // A second digest on the same thread starts afresh.
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(threads_hash_independently) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&wrong] {
      for (int i = 0; i < 2000; ++i) {
        if (sha256_hex("abc") != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") ++wrong;
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
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = new_event_id('e');
    BOOST_REQUIRE_EQUAL(id.size(), 29u);
    BOOST_REQUIRE_EQUAL(id[0], 'e');
    BOOST_REQUIRE(id.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
    // The time part never goes back between two ids (the clock is not set
    // back during a test), and the whole id is new.
    if (!previous.empty()) BOOST_REQUIRE(id.substr(0, 13) >= previous.substr(0, 13));
    BOOST_REQUIRE(seen.insert(id).second);
    previous = id;
  }
  // A later millisecond sorts after.
  const std::string before = new_event_id('e');
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  BOOST_TEST(new_event_id('e') > before);
  // The time part is now's, in milliseconds.
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto id_ms = static_cast<std::int64_t>(std::stoull(new_event_id('x').substr(1, 12), nullptr, 16));
  BOOST_TEST(std::abs(id_ms - now_ms) < 5000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
