// The JSON writer: structure, commas, escaping and numbers.
#include "domain/json_writer.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace ticketd::domain {
namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

BOOST_AUTO_TEST_SUITE(json_writer_test)

BOOST_AUTO_TEST_CASE(writes_nested_objects_and_arrays_with_commas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("id", "t-1");
  w.member("number", 42);
  w.key("tags");
  w.begin_array();
  w.value("vip");
  w.value("billing");
  w.end_array();
  w.key("empty");
  w.begin_object();
  w.end_object();
  w.key("none");
  w.begin_array();
  w.end_array();
  w.key("matrix");
  w.begin_array();
  w.begin_array();
  w.value(1);
  w.value(2);
  w.end_array();
  w.begin_array();
  w.end_array();
  w.begin_object();
  w.member("x", nullptr);
  w.end_object();
  w.end_array();
  w.member("ok", true);
  w.member("bad", false);
  w.end_object();
  BOOST_TEST(out == R"({"id":"t-1","number":42,"tags":["vip","billing"],"empty":{},"none":[],)"
                    R"("matrix":[[1,2],[],{"x":null}],"ok":true,"bad":false})");
}

BOOST_AUTO_TEST_CASE(appends_after_existing_content) {
  std::string out = "data: ";
  JsonWriter w(out);
  w.begin_array();
  w.value(std::string("a"));
  w.end_array();
  BOOST_TEST(out == R"(data: ["a"])");
  BOOST_TEST(&w.buffer() == &out);
}

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters) {
  BOOST_TEST(json_string("plain") == R"("plain")");
  BOOST_TEST(json_string("") == R"("")");
  BOOST_TEST(json_string("say \"hi\"") == R"("say \"hi\"")");
  BOOST_TEST(json_string("C:\\path\\") == R"("C:\\path\\")");
  BOOST_TEST(json_string("a\nb\tc\rd\be\ff") == R"("a\nb\tc\rd\be\ff")");
  BOOST_TEST(json_string(std::string("nul\0x", 5)) == R"("nul\u0000x")");
  BOOST_TEST(json_string("\x01\x1f") == R"("\u0001\u001f")");
  BOOST_TEST(json_string("/ and \x7f stay") == "\"/ and \x7f stay\"");
}

BOOST_AUTO_TEST_CASE(passes_utf8_through_unchanged) {
  const std::string text = "Grüße, 日本語, emoji \xF0\x9F\x8E\x89";
  BOOST_TEST(json_string(text) == "\"" + text + "\"");
}

BOOST_AUTO_TEST_CASE(escapes_at_every_position_of_the_eight_byte_steps) {
  // The writer skips clean text eight bytes at a time; every special byte
  // must be found wherever it falls, beside any neighbour (UTF-8 lead bytes
  // and DEL included, which stay as they are).
  auto reference = [](std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        switch (c) {
          case '\n':
            out += "\\n";
            break;
          case '\t':
            out += "\\t";
            break;
          case '\r':
            out += "\\r";
            break;
          case '\b':
            out += "\\b";
            break;
          case '\f':
            out += "\\f";
            break;
          default:
            out += std::string("\\u00") + kHex[c >> 4] + kHex[c & 0xF];
        }
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  for (const unsigned char special : {'"', '\\', '\0', '\x01', '\n', '\x1f'}) {
    for (const unsigned char filler :
         {'a', ' ', '!', '#', '[', ']', '\x7f', '\x80', '\xc3', '\xff'}) {
      for (std::size_t size = 1; size <= 24; ++size) {
        for (std::size_t at = 0; at < size; ++at) {
          std::string s(size, static_cast<char>(filler));
          s[at] = static_cast<char>(special);
          BOOST_TEST_REQUIRE(json_string(s) == reference(s), "size " << size << " at " << at);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(escapes_keys_too) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("a\"b", 1u);
  w.end_object();
  BOOST_TEST(out == R"({"a\"b":1})");
}

BOOST_AUTO_TEST_CASE(writes_integers_of_every_width) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  w.value(std::numeric_limits<std::int64_t>::min());
  w.value(std::numeric_limits<std::int64_t>::max());
  w.value(std::numeric_limits<std::uint64_t>::max());
  w.value(static_cast<short>(-3));
  w.value(static_cast<unsigned char>(200));
  w.value(0);
  w.end_array();
  BOOST_TEST(out == "[-9223372036854775808,9223372036854775807,18446744073709551615,-3,200,0]");
}

BOOST_AUTO_TEST_CASE(writes_shortest_round_trip_doubles_and_null_for_non_finite) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  w.value(0.1);
  w.value(1.5);
  w.value(-2.0);
  w.value(1e300);
  w.value(std::numeric_limits<double>::quiet_NaN());
  w.value(std::numeric_limits<double>::infinity());
  w.end_array();
  BOOST_TEST(out == "[0.1,1.5,-2,1e+300,null,null]");
}

BOOST_AUTO_TEST_CASE(writes_instants_as_rfc3339_strings) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("at", Instant{} + std::chrono::hours{24} + Millis{5});
  w.end_object();
  BOOST_TEST(out == R"({"at":"1970-01-02T00:00:00.005Z"})");
}

BOOST_AUTO_TEST_CASE(writes_optionals_as_value_or_null) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.member("assignee", std::optional<std::string>("agent-7"));
  w.member("closed_at", std::optional<Instant>());
  w.member("level", std::optional<int>(2));
  w.member("nothing", static_cast<const char*>(nullptr));
  w.end_object();
  BOOST_TEST(out == R"({"assignee":"agent-7","closed_at":null,"level":2,"nothing":null})");
}

BOOST_AUTO_TEST_CASE(inserts_raw_json_as_one_value) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("data");
  w.raw(R"({"x":[1,2]})");
  w.member("after", 1);
  w.end_object();
  BOOST_TEST(out == R"({"data":{"x":[1,2]},"after":1})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
