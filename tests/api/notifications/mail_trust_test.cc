// Inbound mail's sender, judged by the Authentication-Results of the one
// receiving server ticketd trusts (RFC 8601): DMARC first, SPF and DKIM
// without it; every other host's header is anyone's to write.

#include <boost/test/unit_test.hpp>

#include "api/notifications/inbound_email.h"

namespace ticketd::api {
namespace {

BOOST_AUTO_TEST_SUITE(mail_trust_test)

BOOST_AUTO_TEST_CASE(dmarc_decides_when_there_is_a_result) {
  auto pass = check_sender({"mx.help.test; spf=fail smtp.mailfrom=x; dkim=fail; dmarc=pass "
                            "(p=reject) header.from=acme.test"},
                           "MX.help.test");
  BOOST_TEST(pass.verified);
  BOOST_TEST(pass.why == "dmarc=pass (mx.help.test)");
  auto fail = check_sender({"mx.help.test 1; spf=pass; dkim=pass header.d=acme.test; dmarc=fail"},
                           "mx.help.test");
  BOOST_TEST(!fail.verified);
  BOOST_TEST(fail.why == "dmarc=fail (mx.help.test)");
}

BOOST_AUTO_TEST_CASE(without_dmarc_both_spf_and_dkim_must_pass) {
  BOOST_TEST(check_sender({"mx.help.test; spf=pass; dkim=fail; dkim=pass"}, "mx.help.test")
                 .verified);  // one good signature of two
  auto spf_only = check_sender({"mx.help.test; spf=pass"}, "mx.help.test");
  BOOST_TEST(!spf_only.verified);
  BOOST_TEST(spf_only.why == "spf=pass dkim=none (mx.help.test)");
  BOOST_TEST(!check_sender({"mx.help.test; none"}, "mx.help.test").verified);
}

BOOST_AUTO_TEST_CASE(only_the_trusted_hosts_topmost_header_counts) {
  // A forger's header (another host) says pass; the trusted one says fail.
  const std::vector<std::string> forged{"evil.example; dmarc=pass",
                                        "mx.help.test; dmarc=fail (p=none)"};
  BOOST_TEST(!check_sender(forged, "mx.help.test").verified);
  // A header "from" the trusted host below its real one (added before it
  // received the mail) is not read: the topmost is.
  const std::vector<std::string> below{"mx.help.test; dmarc=fail", "mx.help.test; dmarc=pass"};
  BOOST_TEST(!check_sender(below, "mx.help.test").verified);
  // Comments cannot fake a result; a host name is not a prefix match.
  BOOST_TEST(!check_sender({"mx.help.test; dmarc=fail (dmarc=pass)"}, "mx.help.test").verified);
  BOOST_TEST(!check_sender({"mx.help.test.evil; dmarc=pass"}, "mx.help.test").verified);
  auto none = check_sender({}, "mx.help.test");
  BOOST_TEST(!none.verified);
  BOOST_TEST(none.why == "no Authentication-Results from mx.help.test");
}

BOOST_AUTO_TEST_CASE(the_headers_are_read_from_the_mail_top_first) {
  auto mail = parse_inbound_email(
      "Authentication-Results: mx.help.test;\r\n dmarc=pass header.from=acme.test\r\n"
      "Received: from a by b\r\nAuthentication-Results: evil.example; dmarc=pass\r\n"
      "From: ann@acme.test\r\nSubject: x\r\n\r\nhello\r\n");
  BOOST_TEST_REQUIRE(mail.has_value());
  BOOST_TEST_REQUIRE(mail->authentication_results.size() == 2u);
  BOOST_TEST(mail->authentication_results[0].find("mx.help.test;") == 0u);
  BOOST_TEST(check_sender(mail->authentication_results, "mx.help.test").verified);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
