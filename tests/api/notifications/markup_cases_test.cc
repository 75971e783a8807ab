// The shared cases of the body renderer (tests/markup/cases.json): each
// input through markup_html, its inline styles (which mail clients need and
// the console does with classes) taken out, must be the case's html. The
// console's parser answers the same file (web/test/markup.test.ts), so mail
// and console show a body the same way. Part of the suite email_golden_test
// (the mail's look), so `--run_test=email_golden_test` runs it too.
//
// Cases are hand-checked answers of markup_html: after a deliberate change of
// the grammar, change the renderers and the cases together.

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "api/notifications/mail_markup.h"

#ifndef TICKETD_MARKUP_CASES
#error "TICKETD_MARKUP_CASES must name tests/markup/cases.json"
#endif

namespace ticketd::api {
namespace {

namespace fs = std::filesystem;

fs::path cases_path() { return fs::path(TICKETD_MARKUP_CASES); }

constexpr std::string_view kStyle = " style=\"";

// `html` without its ` style="..."` attributes (a value holds no `"`:
// escape_html turned every one in the text into &quot;).
std::string without_styles(std::string_view html) {
  std::string out;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = html.find(kStyle, from);
    if (at == std::string_view::npos) break;
    const std::size_t close = html.find('"', at + kStyle.size());
    BOOST_REQUIRE(close != std::string_view::npos);
    out.append(html.substr(from, at - from));
    from = close + 1;
  }
  out.append(html.substr(from));
  return out;
}

// How many elements open in `html`, <br> aside (the one without a style).
std::size_t styled_elements(std::string_view html) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<' || html[i + 1] == '/') continue;
    if (html.substr(i).starts_with("<br>")) continue;
    ++n;
  }
  return n;
}

std::size_t count(std::string_view s, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string_view::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(email_golden_test)

BOOST_AUTO_TEST_CASE(bodies_render_as_the_shared_markup_cases) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  BOOST_REQUIRE_MESSAGE(parser.load(cases_path().string()).get(root) == simdjson::SUCCESS,
                        "cannot read " << cases_path());
  simdjson::dom::array cases;
  BOOST_REQUIRE(root.get(cases) == simdjson::SUCCESS);
  std::set<std::string> names;
  std::size_t checked = 0;
  for (simdjson::dom::element c : cases) {
    std::string_view name, input, html;
    BOOST_REQUIRE(c["name"].get(name) == simdjson::SUCCESS);
    BOOST_REQUIRE(c["input"].get(input) == simdjson::SUCCESS);
    BOOST_REQUIRE(c["html"].get(html) == simdjson::SUCCESS);
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(names.insert(std::string(name)).second, "a second case named " << name);
      const std::string styled = markup_html(input);
      BOOST_TEST(without_styles(styled) == html);
      // Every element but <br> carries its inline style in the mail.
      BOOST_TEST(count(styled, kStyle) == styled_elements(styled));
      ++checked;
    }
  }
  BOOST_TEST_MESSAGE("markup cases: " << checked << " checked in " << cases_path());
  BOOST_TEST(checked >= 25u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ticketd::api
