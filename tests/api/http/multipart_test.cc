// Reading multipart/form-data bodies in pieces: the same body gives the same
// parts however it is cut, content that only resembles a delimiter is
// content, and every bound holds.
#include "api/http/multipart.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace ticketd::api {
namespace {

using Part = MultipartParser::Part;
using Limits = MultipartParser::Limits;

constexpr std::string_view kBoundary = "XyZ-42";

// What the handler saw: "P" for a part, "E" for its end, and each part's
// content joined.
struct Seen {
  std::string events;
  std::vector<Part> parts;
  std::vector<std::string> contents;
  bool empty_data = false;
  bool stray_data = false;
};

MultipartParser::Handler recorder(Seen& seen) {
  return {[&seen](const Part& part) {
            seen.events += 'P';
            seen.parts.push_back(part);
            seen.contents.emplace_back();
            return true;
          },
          [&seen](std::string_view data) {
            seen.empty_data = seen.empty_data || data.empty();
            if (seen.events.empty() || seen.events.back() != 'P') seen.stray_data = true;
            if (!seen.contents.empty()) seen.contents.back().append(data);
            return true;
          },
          [&seen] {
            seen.events += 'E';
            return true;
          }};
}

struct Outcome {
  Seen seen;
  bool fed = true;
  bool finished = false;
  std::string error;
};

// Feeds `body` cut at `cuts` (ascending offsets), then finishes.
Outcome parse(std::string_view body, const std::vector<std::size_t>& cuts = {},
              Limits limits = {}) {
  Outcome out;
  MultipartParser parser(std::string(kBoundary), recorder(out.seen), limits);
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    out.fed = parser.feed(body.substr(from, cut - from)) && out.fed;
    from = cut;
  }
  out.fed = parser.feed(body.substr(from)) && out.fed;
  out.finished = parser.finish();
  out.error = parser.error();
  BOOST_TEST(!out.seen.empty_data);
  BOOST_TEST(!out.seen.stray_data);
  return out;
}

std::string part(std::string_view headers, std::string_view content) {
  return "--" + std::string(kBoundary) + "\r\n" + std::string(headers) + "\r\n" +
         std::string(content) + "\r\n";
}

std::string field(std::string_view name, std::string_view value) {
  return part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n", value);
}

std::string close() { return "--" + std::string(kBoundary) + "--\r\n"; }

// Binary content with CR, LF, "--", the boundary not after a CRLF, and
// CRLF "--" followed by strings that are not the boundary.
std::string awkward_content() {
  std::string s;
  for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
  s += "\r\n\r\n--\r\n-";
  s += "--XyZ-42 no CRLF before";
  s += "\n--XyZ-42 LF only\r--XyZ-42 CR only";
  s += "\r\n--XyZ-41 near miss\r\n--XyZ-4\r\n--XyZ\r\n--";
  s += "\r\r\n-\r\n--x";
  s += std::string(3000, '\0');
  s += "\r";  // a CR just before the real delimiter
  return s;
}

std::string two_part_body() {
  return field("subject", "Printer on fire") +
         part(
             "Content-Disposition: form-data; name=\"file\"; filename=\"log.bin\"\r\n"
             "Content-Type: application/octet-stream\r\n",
             awkward_content()) +
         close();
}

void check_two_parts(const Outcome& out) {
  BOOST_TEST(out.fed);
  BOOST_TEST(out.finished);
  BOOST_TEST(out.error == "");
  BOOST_TEST(out.seen.events == "PEPE");
  BOOST_REQUIRE(out.seen.parts.size() == 2u);
  BOOST_TEST(out.seen.parts[0].name == "subject");
  BOOST_TEST(!out.seen.parts[0].filename);
  BOOST_TEST(out.seen.parts[0].content_type == "");
  BOOST_TEST(out.seen.contents[0] == "Printer on fire");
  BOOST_TEST(out.seen.parts[1].name == "file");
  BOOST_TEST(out.seen.parts[1].filename.value_or("?") == "log.bin");
  BOOST_TEST(out.seen.parts[1].content_type == "application/octet-stream");
  BOOST_TEST((out.seen.contents[1] == awkward_content()));
}

BOOST_AUTO_TEST_SUITE(multipart_test)

BOOST_AUTO_TEST_CASE(two_parts_in_one_piece) { check_two_parts(parse(two_part_body())); }

BOOST_AUTO_TEST_CASE(two_parts_cut_at_every_byte) {
  const std::string body = two_part_body();
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    BOOST_TEST_CONTEXT("cut at " << cut) { check_two_parts(parse(body, {cut})); }
  }
}

BOOST_AUTO_TEST_CASE(two_parts_one_byte_at_a_time_holding_back_at_most_a_delimiter) {
  const std::string body = two_part_body();
  const std::string content = awkward_content();
  const std::size_t start = body.find(content);
  const std::size_t delimiter = 4 + kBoundary.size();
  Seen seen;
  MultipartParser parser(std::string(kBoundary), recorder(seen));
  for (std::size_t i = 0; i < body.size(); ++i) {
    BOOST_REQUIRE(parser.feed(body.substr(i, 1)));
    if (i >= start && i < start + content.size()) {
      const std::size_t fed = i + 1 - start;
      BOOST_REQUIRE(seen.contents.size() == 2u);
      BOOST_TEST(seen.contents[1].size() + delimiter - 1 >= fed, "at " << i);
    }
  }
  BOOST_TEST(parser.done());
  BOOST_TEST(parser.finish());
  BOOST_TEST(seen.events == "PEPE");
  BOOST_TEST((seen.contents[1] == content));
}

BOOST_AUTO_TEST_CASE(boundaries_of_content_types) {
  using P = MultipartParser;
  BOOST_TEST(P::boundary_of("multipart/form-data; boundary=abc").value_or("?") == "abc");
  BOOST_TEST(P::boundary_of("Multipart/Form-Data;BOUNDARY=abc").value_or("?") == "abc");
  BOOST_TEST(P::boundary_of(R"ct(multipart/form-data; boundary="a b:c?'(x)")ct").value_or("?") ==
             "a b:c?'(x)");
  BOOST_TEST(P::boundary_of(" multipart/form-data ; charset=utf-8; boundary=----WebKit9x ")
                 .value_or("?") == "----WebKit9x");
  BOOST_TEST(
      P::boundary_of("multipart/form-data; boundary=" + std::string(70, 'b')).value_or("?") ==
      std::string(70, 'b'));
  BOOST_TEST(!P::boundary_of("multipart/form-data; boundary=" + std::string(71, 'b')));
  BOOST_TEST(!P::boundary_of("multipart/mixed; boundary=abc"));
  BOOST_TEST(!P::boundary_of("multipart/form-datax; boundary=abc"));
  BOOST_TEST(!P::boundary_of("application/json"));
  BOOST_TEST(!P::boundary_of("multipart/form-data"));
  BOOST_TEST(!P::boundary_of("multipart/form-data; boundary="));
  BOOST_TEST(!P::boundary_of(R"(multipart/form-data; boundary="")"));
  BOOST_TEST(!P::boundary_of(R"(multipart/form-data; boundary="ends in space ")"));
  BOOST_TEST(!P::boundary_of(R"(multipart/form-data; boundary="semi;colon")"));
  BOOST_TEST(!P::boundary_of("multipart/form-data; boundary=a*b"));
  BOOST_TEST(!P::boundary_of("multipart/form-data; boundary=a; boundary=b"));
  BOOST_TEST(!P::boundary_of(R"(multipart/form-data; boundary="unterminated)"));
}

BOOST_AUTO_TEST_CASE(filenames_plain_escaped_and_extended) {
  const std::string body =
      part(R"(Content-Disposition: form-data; name="a"; filename="say \"hi\".txt")"
           "\r\n",
           "1") +
      part(
          "Content-Disposition: form-data; name=b; filename=\"rates.txt\"; "
          "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n",
          "2") +
      part("Content-Disposition: form-data; name=c; filename*=iso-8859-1'fr'caf%E9.txt\r\n", "3") +
      part("Content-Disposition: form-data; name=d; filename=\"\"\r\n", "4") + close();
  const Outcome out = parse(body);
  BOOST_TEST(out.finished, out.error);
  BOOST_REQUIRE(out.seen.parts.size() == 4u);
  BOOST_TEST(out.seen.parts[0].filename.value_or("?") == "say \"hi\".txt");
  BOOST_TEST(out.seen.parts[1].filename.value_or("?") == "\xE2\x82\xAC rates.txt");
  BOOST_TEST(out.seen.parts[2].filename.value_or("?") == "caf\xC3\xA9.txt");
  BOOST_TEST(out.seen.parts[3].filename.value_or("?") == "");

  const std::string extended = "a part's filename* is not an RFC 8187 value in UTF-8 or ISO-8859-1";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"filename*=KOI8-R''abc", extended},
      {"filename*=abc", extended},
      {"filename*=UTF-8''%E2%8", extended},
      {"filename*=UTF-8''%zz", extended},
      {"filename*=UTF-8''a b", "a part's Content-Disposition has malformed parameters"},
      {"filename=a; filename=b", "a part's Content-Disposition repeats filename"},
  };
  for (const auto& [params, error] : bad) {
    const Outcome failed =
        parse(part("Content-Disposition: form-data; name=x; " + params + "\r\n", "") + close());
    BOOST_TEST(!failed.fed, params);
    BOOST_TEST(failed.error == error);
    BOOST_TEST(failed.seen.events == "");
  }
}

BOOST_AUTO_TEST_CASE(headers_are_case_insensitive_and_unknown_ones_ignored) {
  const Outcome out = parse(part("X-Whatever: 1\r\n"
                                 "content-disposition: FORM-DATA; NAME=\"n\"\r\n"
                                 "CONTENT-TYPE: text/csv;\r\n charset=utf-8\r\n",
                                 "a,b") +
                            field("empty", "") + close());
  BOOST_TEST(out.finished, out.error);
  BOOST_REQUIRE(out.seen.parts.size() == 2u);
  BOOST_TEST(out.seen.parts[0].name == "n");
  BOOST_TEST(out.seen.parts[0].content_type == "text/csv; charset=utf-8");  // unfolded
  BOOST_TEST(out.seen.contents[0] == "a,b");
  BOOST_TEST(out.seen.contents[1] == "");
  BOOST_TEST(out.seen.events == "PEPE");
}

BOOST_AUTO_TEST_CASE(a_body_without_its_closing_delimiter_is_cut_short) {
  for (const std::string& body :
       {field("a", "1"), field("a", "1") + "--XyZ-42-", field("a", "1") + "--XyZ-42", std::string(),
        std::string("--XyZ-42\r\nContent-Disposition: form-da")}) {
    const Outcome out = parse(body);
    BOOST_TEST(out.fed);
    BOOST_TEST(!out.finished);
    BOOST_TEST(out.error.find("cut short") != std::string::npos, out.error);
  }
}

BOOST_AUTO_TEST_CASE(a_header_block_may_reach_its_limit_but_not_pass_it) {
  const std::string headers = "Content-Disposition: form-data; name=\"a\"\r\n";
  const std::string body = part(headers, "1") + close();
  const std::size_t block = headers.size() + 2;  // and the blank line
  for (std::size_t cut = 0; cut <= body.size(); cut += 7) {
    BOOST_TEST(parse(body, {cut}, Limits{.header_bytes = block}).finished);
    const Outcome over = parse(body, {cut}, Limits{.header_bytes = block - 1});
    BOOST_TEST(!over.fed);
    BOOST_TEST(over.error ==
               "a part's header block is over " + std::to_string(block - 1) + " bytes");
  }
  // An endless header block fails once past the limit, not at the end.
  Seen seen;
  MultipartParser parser(std::string(kBoundary), recorder(seen), Limits{.header_bytes = 100});
  BOOST_TEST(parser.feed("--XyZ-42\r\nX-Long: " + std::string(60, 'x')));
  BOOST_TEST(!parser.feed(std::string(60, 'x')));
}

BOOST_AUTO_TEST_CASE(parts_are_counted) {
  const std::string two = field("a", "1") + field("b", "2");
  BOOST_TEST(parse(two + close(), {}, Limits{.parts = 2}).finished);
  const Outcome three = parse(two + field("c", "3") + close(), {}, Limits{.parts = 2});
  BOOST_TEST(!three.fed);
  BOOST_TEST(three.error == "the multipart body has more than 2 parts");
  BOOST_TEST(three.seen.events == "PEPE");
}

BOOST_AUTO_TEST_CASE(a_preamble_may_reach_its_limit_but_not_pass_it) {
  const std::string body = field("a", "1") + close();
  // A preamble ends with the CRLF that begins the first delimiter; it may
  // itself hold near misses of the delimiter.
  const std::string preamble = "--XyZ-4\r\n--XyZ-43 " + std::string(80, 'p');
  for (std::size_t cut = 0; cut <= 140; ++cut) {
    const Outcome fits =
        parse(preamble + "\r\n" + body, {cut}, Limits{.preamble_bytes = preamble.size()});
    BOOST_TEST(fits.finished, fits.error);
    BOOST_TEST(fits.seen.contents == std::vector<std::string>{"1"});
    const Outcome over =
        parse(preamble + "\r\n" + body, {cut}, Limits{.preamble_bytes = preamble.size() - 1});
    BOOST_TEST(!over.fed);
    BOOST_TEST(over.error == "the multipart body's preamble is over " +
                                 std::to_string(preamble.size() - 1) + " bytes");
  }
  // Anything but multipart fails once past the limit.
  Seen seen;
  MultipartParser parser(std::string(kBoundary), recorder(seen), Limits{.preamble_bytes = 100});
  BOOST_TEST(parser.feed(std::string(99, '{')));
  BOOST_TEST(!parser.feed(std::string(99, '{')));
}

BOOST_AUTO_TEST_CASE(a_handler_returning_false_stops_the_parse) {
  const std::string body = field("a", "1") + field("b", "2") + close();
  Seen seen;
  MultipartParser::Handler handler = recorder(seen);
  handler.on_part = [&seen](const Part& part) {
    seen.parts.push_back(part);
    return part.name != "b";
  };
  MultipartParser parser(std::string(kBoundary), handler);
  BOOST_TEST(!parser.feed(body));
  BOOST_TEST(parser.stopped());
  BOOST_TEST(parser.error() == "");
  BOOST_TEST(seen.parts.size() == 2u);
  BOOST_TEST(!parser.feed(close()));
  BOOST_TEST(!parser.finish());

  Seen data_seen;
  MultipartParser::Handler refuse_data = recorder(data_seen);
  refuse_data.on_data = [](std::string_view) { return false; };
  MultipartParser data_parser(std::string(kBoundary), refuse_data);
  BOOST_TEST(!data_parser.feed(body));
  BOOST_TEST(data_parser.stopped());
  BOOST_TEST(data_seen.events == "P");
}

BOOST_AUTO_TEST_CASE(parts_must_be_form_data_with_a_name) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Content-Type: text/plain\r\n", "a part has no Content-Disposition"},
      {"", "a part has no Content-Disposition"},
      {"Content-Disposition: attachment; name=\"a\"\r\n",
       "a part's Content-Disposition is not form-data"},
      {"Content-Disposition: form-data; filename=\"a\"\r\n",
       "a part's Content-Disposition has no name"},
      {"Content-Disposition: form-data; name=\"a\r\n",
       "a part's Content-Disposition has malformed parameters"},
      {"Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n",
       "a part has more than one Content-Disposition"},
      {"Content-Disposition form-data; name=a\r\n", "a part's header line is not \"Name: value\""},
      {" folded: x\r\nContent-Disposition: form-data; name=a\r\n",
       "a part's header block begins with a folded line"},
      {"Content-Disposition: form-data; name=a\r\nX: \x01\r\n",
       "a part's header value holds a control character"},
  };
  for (const auto& [headers, error] : cases) {
    const Outcome out = parse(part(headers, "x") + close());
    BOOST_TEST(!out.fed, headers);
    BOOST_TEST(out.error == error);
    BOOST_TEST(out.seen.events == "");
  }
}

BOOST_AUTO_TEST_CASE(transport_padding_may_follow_a_delimiter) {
  const std::string body =
      "--XyZ-42 \t \r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
      "--XyZ-42\t\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n--XyZ-42--";
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    const Outcome out = parse(body, {cut});
    BOOST_TEST(out.finished, out.error);
    BOOST_TEST((out.seen.contents == std::vector<std::string>{"1", "2"}));
  }
  for (std::string_view bad : {"--XyZ-42x\r\n", "--XyZ-42 -\r\n", "--XyZ-42-x", "--XyZ-42\r\r\n"}) {
    const Outcome out = parse(std::string(bad) + field("a", "1") + close());
    BOOST_TEST(!out.fed, bad);
    BOOST_TEST(out.error.find("multipart delimiter") != std::string::npos, out.error);
  }
  // Padding is bounded like a header block.
  const std::string padded = "--XyZ-42" + std::string(64, ' ') + "\r\n" +
                             "Content-Disposition: form-data; name=a\r\n\r\n1\r\n" + close();
  BOOST_TEST(parse(padded, {}, Limits{.header_bytes = 64}).finished);
  const Outcome over = parse(padded, {}, Limits{.header_bytes = 63});
  BOOST_TEST(over.error == "the padding after a multipart delimiter is over 63 bytes");
}

BOOST_AUTO_TEST_CASE(the_epilogue_is_ignored) {
  const std::string body = field("a", "1") + close() + "epilogue\r\n" + field("b", "2") + "junk";
  Seen seen;
  MultipartParser parser(std::string(kBoundary), recorder(seen));
  BOOST_TEST(parser.feed(body));
  BOOST_TEST(parser.done());
  BOOST_TEST(parser.feed("--XyZ-42\r\nmore after the end"));
  BOOST_TEST(parser.finish());
  BOOST_TEST(seen.events == "PE");
  BOOST_TEST((seen.contents == std::vector<std::string>{"1"}));
  // The closing delimiter needs no line end after it.
  BOOST_TEST(parse(field("a", "1") + "--XyZ-42--").finished);
}

BOOST_AUTO_TEST_CASE(a_raw_upload_names_its_file_as_a_form_part_does) {
  BOOST_TEST(attachment_file_name(R"(attachment; filename="a;b.pdf")").value() == "a;b.pdf");
  BOOST_TEST(attachment_file_name("attachment; filename=plain.txt; "
                                  "filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")
                 .value() == "r\xC3\xA9sum\xC3\xA9.pdf");
  BOOST_TEST(attachment_file_name("inline; filename=x.png").value() == "x.png");
  BOOST_TEST(!attachment_file_name("attachment").has_value());
  BOOST_TEST(!attachment_file_name("").has_value());
  BOOST_TEST(!attachment_file_name("attachment; filename*=KOI8-R''x").has_value());
  BOOST_TEST(!attachment_file_name("attachment; filename=a; filename=b").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
