// Field checks: UTF-8, lengths, ids, emails, tags and the collected error.
#include "domain/validation.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace ticketd::domain {
namespace {

// The messages `check` appends for `value` ("" when it passes).
template <class Check>
std::string problems(Check check) {
  FieldErrors errors;
  check(errors);
  std::string out;
  for (const FieldError& e : errors) out += e.field + ": " + e.message + ";";
  return out;
}

std::string subject(std::string_view v) {
  return problems([&](FieldErrors& e) { check_subject(v, "subject", e); });
}
std::string email(std::string_view v) {
  return problems([&](FieldErrors& e) { check_email(v, "email", e); });
}
std::string id(std::string_view v) {
  return problems([&](FieldErrors& e) { check_id(v, "id", e); });
}

BOOST_AUTO_TEST_SUITE(validation_test)

BOOST_AUTO_TEST_CASE(utf8_length_counts_code_points_and_rejects_malformed_input) {
  BOOST_TEST(*utf8_length("") == 0u);
  BOOST_TEST(*utf8_length("abc") == 3u);
  BOOST_TEST(*utf8_length("Grüße") == 5u);
  BOOST_TEST(*utf8_length("日本") == 2u);
  BOOST_TEST(*utf8_length("\xF0\x9F\x8E\x89") == 1u);  // U+1F389
  BOOST_TEST(*utf8_length("\xF4\x8F\xBF\xBF") == 1u);  // U+10FFFF
  BOOST_TEST(!utf8_length("\xC3"));                    // truncated
  BOOST_TEST(!utf8_length("\xE6\x97"));                // truncated
  BOOST_TEST(!utf8_length("\x80"));                    // stray continuation
  BOOST_TEST(!utf8_length("\xC0\xAF"));                // overlong '/'
  BOOST_TEST(!utf8_length("\xE0\x80\xAF"));            // overlong
  BOOST_TEST(!utf8_length("\xED\xA0\x80"));            // surrogate U+D800
  BOOST_TEST(!utf8_length("\xF4\x90\x80\x80"));        // above U+10FFFF
  BOOST_TEST(!utf8_length("\xFF"));
  BOOST_TEST(!utf8_length("ok\xC3(x"));  // bad continuation
}

BOOST_AUTO_TEST_CASE(subject_rules) {
  BOOST_TEST(subject("Cannot log in") == "");
  BOOST_TEST(subject("tab\tand\nnewline") == "");
  BOOST_TEST(subject("") == "subject: must not be empty;");
  BOOST_TEST(subject(" \t\n") == "subject: must not be empty;");
  BOOST_TEST(subject("cr\r") == "subject: must not contain control characters;");
  BOOST_TEST(subject("del\x7f") == "subject: must not contain control characters;");
  BOOST_TEST(subject("c1\xC2\x85") == "subject: must not contain control characters;");
  BOOST_TEST(subject("bad\xC3") == "subject: must be valid UTF-8;");
  BOOST_TEST(subject(std::string(201, 'a')) == "subject: must be at most 200 characters;");
}

BOOST_AUTO_TEST_CASE(body_is_limited_in_bytes) {
  const auto body = [](std::string_view v) {
    return problems([&](FieldErrors& e) { check_body(v, "body", e); });
  };
  BOOST_TEST(body("line one\r\nline two") == "");
  BOOST_TEST(body(std::string(kMaxBodyBytes, 'x')) == "");
  BOOST_TEST(body(std::string(kMaxBodyBytes + 1, 'x')) == "body: must be at most 65536 bytes;");
  BOOST_TEST(body("\n\n") == "body: must not be empty;");
  BOOST_TEST(body("\xFF") == "body: must be valid UTF-8;");
}

BOOST_AUTO_TEST_CASE(blank_means_nothing_visible_in_any_script) {
  BOOST_TEST(is_blank(""));
  BOOST_TEST(is_blank(" \t\r\n\v\f"));
  BOOST_TEST(is_blank("\u00a0\u2003\u3000\u202f\u205f\u1680"));  // NBSP, EM, ideographic ...
  BOOST_TEST(is_blank("\u200b\u200c\u200d\u2060\ufeff"));        // zero-width and BOM
  BOOST_TEST(is_blank("\u2028\u2029\u0085"));                    // line and paragraph separators
  BOOST_TEST(!is_blank("\u00a0x"));
  BOOST_TEST(!is_blank("\u3042"));  // あ
  BOOST_TEST(!is_blank("\xC2"));    // malformed: not blank, and check_text says why
}

BOOST_AUTO_TEST_CASE(every_text_field_refuses_blank_and_control_characters_alike) {
  const std::string nbsp_em = "\u00a0\u2003";
  BOOST_TEST(subject(nbsp_em) == "subject: must not be empty;");
  const auto body = [](std::string_view v) {
    return problems([&](FieldErrors& e) { check_body(v, "body", e); });
  };
  BOOST_TEST(body("\u200b\u3000") == "body: must not be empty;");
  BOOST_TEST(body(std::string("nul\0here", 8)) == "body: must not contain control characters;");
  BOOST_TEST(body("bell\a") == "body: must not contain control characters;");
  BOOST_TEST(body("c1\xC2\x9B") == "body: must not contain control characters;");
  BOOST_TEST(body("tab\tcr\rlf\n") == "");
  const auto name = [](std::string_view v) {
    return problems([&](FieldErrors& e) { check_text(v, kNameRule, "name", e); });
  };
  BOOST_TEST(name("") == "");  // optional
  BOOST_TEST(name("Ann M\u00fcller") == "");
  BOOST_TEST(name("Ann\r\nBcc: x") == "name: must be one line without control characters;");
  BOOST_TEST(name("Ann\tM") == "name: must be one line without control characters;");
  BOOST_TEST(name(std::string(kMaxNameChars + 1, 'a')) == "name: must be at most 200 characters;");
  const TextRule required_line{10, 0, true, TextRule::Lines::kOne};
  BOOST_TEST(problems([&](FieldErrors& e) { check_text("\u3000", required_line, "n", e); }) ==
             "n: must not be empty;");
  const TextRule few_bytes{0, 4, true, TextRule::Lines::kMany};
  BOOST_TEST(problems([&](FieldErrors& e) {
               check_text("\u00e4\u00e4\u00e4", few_bytes, "b", e);
             }) == "b: must be at most 4 bytes;");
}

BOOST_AUTO_TEST_CASE(optional_and_required_text) {
  const auto text = [](std::string_view v, bool required) {
    return problems([&](FieldErrors& e) { check_text(v, 3, required, "t", e); });
  };
  BOOST_TEST(text("", false) == "");
  BOOST_TEST(text("", true) == "t: must not be empty;");
  BOOST_TEST(text("äöü", true) == "");
  BOOST_TEST(text("abcd", false) == "t: must be at most 3 characters;");
  BOOST_TEST(text("\xC3", false) == "t: must be valid UTF-8;");
}

BOOST_AUTO_TEST_CASE(ids_are_printable_ascii_without_spaces) {
  BOOST_TEST(id("t-1") == "");
  BOOST_TEST(id("0192f3a4-7b1c-7d2e-8f90-a1b2c3d4e5f6") == "");
  BOOST_TEST(id("") == "id: must not be empty;");
  BOOST_TEST(id("a b") == "id: must be printable ASCII without spaces;");
  BOOST_TEST(id("tab\t") == "id: must be printable ASCII without spaces;");
  BOOST_TEST(id("ü") == "id: must be printable ASCII without spaces;");
  BOOST_TEST(id(std::string(128, 'i')) == "");
  BOOST_TEST(id(std::string(129, 'i')) == "id: must be at most 128 bytes;");
}

BOOST_AUTO_TEST_CASE(email_shape) {
  for (const char* good :
       {"ann@acme.test", "a.b+tag@sub.example.co.uk", "root@localhost", "ÿ@bücher.example"}) {
    BOOST_TEST(email(good) == "", good);
  }
  for (const char* bad :
       {"", "ann", "@acme.test", "ann@", "ann@@acme.test", "a@b@c", "ann @acme.test",
        "ann@acme..test", "ann@.acme.test", "ann@acme.test.", "ann@acme\ttest", "\xC3@x.y"}) {
    BOOST_TEST(email(bad) != "", bad);
  }
  BOOST_TEST(email(std::string(65, 'l') + "@x.test") != "");
  BOOST_TEST(email(std::string(64, 'l') + "@x.test") == "");
}

BOOST_AUTO_TEST_CASE(ratings_one_to_five) {
  for (int r = -1; r <= 7; ++r) {
    const std::string got = problems([&](FieldErrors& e) { check_rating(r, "rating", e); });
    BOOST_TEST((got.empty()) == (r >= 1 && r <= 5), r);
  }
}

BOOST_AUTO_TEST_CASE(tags_are_lowercased_and_restricted) {
  FieldErrors errors;
  BOOST_TEST(*normalize_tag("VIP", "t", errors) == "vip");
  BOOST_TEST(*normalize_tag("a_b-9", "t", errors) == "a_b-9");
  BOOST_TEST(errors.empty());
  BOOST_TEST(!normalize_tag("", "t[0]", errors));
  BOOST_TEST(!normalize_tag("a.b", "t[1]", errors));
  BOOST_TEST(!normalize_tag("Ü", "t[2]", errors));
  BOOST_TEST(!normalize_tag(std::string(65, 'a'), "t[3]", errors));
  BOOST_TEST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[3].field == "t[3]");
}

BOOST_AUTO_TEST_CASE(email_comparison_ignores_ascii_case_only) {
  BOOST_TEST(same_email("Ann@Acme.TEST", "ann@acme.test"));
  BOOST_TEST(!same_email("ann@acme.test", "ann@acme.tes"));
  BOOST_TEST(!same_email("anne@acme.test", "ann@acme.test"));
}

BOOST_AUTO_TEST_CASE(validation_error_lists_all_fields) {
  BOOST_TEST(!validation_error({}));
  const std::optional<Error> e =
      validation_error({FieldError{"subject", "must not be empty"}, FieldError{"body", "x"}});
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(to_string(e->code) == "validation");
  BOOST_TEST(e->fields.size() == 2u);
  BOOST_TEST(e->message == "invalid fields: subject body");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
