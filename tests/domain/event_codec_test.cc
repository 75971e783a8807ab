// The event JSON codec: exact round trips of every event type, the pinned
// wire format and the errors for data that cannot be decoded.
#include "domain/event_codec.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/domain/ticket_fixtures.h"

namespace ticketd::domain {
namespace {

using namespace testing;

const std::string kTricky = "Quote \" backslash \\ tab\t newline\n nul" + std::string(1, '\0') +
                            " bell\x07 Grüße 日本 \xF0\x9F\x8E\x89 </script>";
// As tricky as a command may be: decide() refuses NUL and bell (the codec
// still round-trips them, for events written before it did).
const std::string kTrickyButValid =
    "Quote \" backslash \\ tab\t newline\n cr\r Grüße 日本 \xF0\x9F\x8E\x89 </script>";

// At least one body of every type, with optionals both absent and present.
std::vector<EventBody> samples() {
  TicketOpened minimal;
  minimal.ticket_id = "t-1";
  minimal.tenant = "acme";
  minimal.number = 1;
  minimal.requester = Requester{"", "ann@acme.test", ""};
  minimal.subject = "s";
  minimal.sla_targets = SlaTargets{hours{24}, hours{72}};

  TicketOpened full;
  full.ticket_id = "0192-abc";
  full.tenant = "globex";
  full.number = 18'446'744'073'709'551'615ull;
  full.requester = Requester{"u-1", "ann@acme.test", "Ann \"Annie\" Müller"};
  full.subject = kTricky;
  full.category = Category::kFeatureRequest;
  full.priority = Priority::kUrgent;
  full.assignee = "agent-7";
  full.follow_up_of = "t-0";
  full.sla_targets = SlaTargets{Millis{1}, Millis{9'000'000'000'000}};
  full.business_hours.time_zone = "America/New_York";
  full.business_hours.weekly[0] = {OpenInterval{540, 720}, OpenInterval{780, 1020}};
  full.business_hours.weekly[6] = {OpenInterval{0, 1440}};
  full.business_hours.holidays = {"2026-12-25", "2027-01-01"};

  const Message m1{"m-1", Author{"u-1", "Ann", Role::kCustomer}, false, kTricky,
                   at("2026-11-22T10:00:00.001Z")};
  const Message m2{"n-1", Author{"agent-7", "", Role::kAgent}, true, "note",
                   at("1999-12-31T23:59:59.999Z")};

  Message held_note = m2;
  held_note.mail = MailParts{HeldMail{"ann@acme.test", kTricky, "dmarc=fail (mx.test)", "m-9"}};
  MessagePosted held{"h-1", Author{"admin-1", "Gateway", Role::kAdmin}, "refund me", true};
  held.held = HeldMail{"ann@acme.test", "Ann", "spf=fail dkim=none (mx.test)", {}};
  MessagePosted accepted{"m-9", Author{"u-1", "Ann", Role::kCustomer}, "refund me", false};
  accepted.accepted_from = "h-1";
  accepted.quoted = "On Monday, Support wrote:\n> " + kTricky;
  accepted.original =
      Attachment{"mail_1", "message.eml", 4096, "message/rfc822", std::string(64, 'c')};
  Message accepted_copy = m1;
  accepted_copy.mail = MailParts{{}, "h-1", accepted.quoted, accepted.original};

  return {
      minimal,
      full,
      held,
      accepted,
      MergeReceived{"t-4", "acme-10", {held_note, accepted_copy}},
      MessagePosted{"m-1", Author{"u-1", "Ann", Role::kCustomerAdmin}, kTricky, false},
      MessagePosted{"n-1", Author{"system", "", Role::kSystem}, "x", true},
      TicketAssigned{"agent-7"},
      TicketUnassigned{},
      StatusChanged{Status::kWaitingOnCustomer, Status::kOpen, "customer_reply"},
      StatusChanged{Status::kOpen, Status::kOnHold, ""},
      PriorityChanged{Priority::kLow, Priority::kHigh, SlaTargets{hours{4}, hours{24}}},
      CategoryChanged{Category::kBilling, Category::kBug},
      TicketEscalated{3, "sla_breach:resolution"},
      TagsChanged{{"a", "vip"}, {}},
      TagsChanged{{}, {"x_y-z"}},
      TicketMerged{"t-2", "acme-8"},
      MergeReceived{"t-3", "acme-9", {}},
      MergeReceived{"t-3", "acme-9", {m1, m2}},
      SatisfactionRated{5, ""},
      SatisfactionRated{1, kTricky},
      SlaWarning{SlaTargetKind::kFirstResponse, at("2026-11-23T10:00:00.000Z")},
      SlaBreached{SlaTargetKind::kResolution, at("2026-11-25T10:00:00.123Z")},
  };
}

std::string decode_code(std::string_view type, std::string_view json, std::uint32_t version = 1) {
  const Result<EventBody> r = decode_event_data(type, json, version);
  return r ? "ok" : std::string(to_string(r.error().code)) + ": " + r.error().message;
}

BOOST_AUTO_TEST_SUITE(event_codec_test)

BOOST_AUTO_TEST_CASE(every_event_type_round_trips_exactly) {
  std::set<std::string> types;
  for (const EventBody& body : samples()) {
    const std::string type(event_type(body));
    types.insert(type);
    const std::string json = encode_event_data(body);
    const Result<EventBody> back = decode_event_data(type, json, kEventSchemaVersion);
    BOOST_TEST_REQUIRE(back.has_value(), type << ": " << back.error().message << " in " << json);
    BOOST_TEST((*back == body), type << " changed in " << json);
    BOOST_TEST(encode_event_data(*back) == json);
  }
  BOOST_TEST(types.size() == std::variant_size_v<EventBody>);
}

BOOST_AUTO_TEST_CASE(event_type_is_the_struct_name) {
  BOOST_TEST(event_type(TicketOpened{}) == "TicketOpened");
  BOOST_TEST(event_type(TicketUnassigned{}) == "TicketUnassigned");
  BOOST_TEST(event_type(MergeReceived{}) == "MergeReceived");
  BOOST_TEST(event_type(SlaBreached{}) == "SlaBreached");
}

BOOST_AUTO_TEST_CASE(wire_format_is_pinned) {
  BOOST_TEST(encode_event_data(StatusChanged{Status::kResolved, Status::kClosed, "auto_close"}) ==
             R"({"from":"resolved","to":"closed","reason":"auto_close"})");
  BOOST_TEST(
      encode_event_data(SlaBreached{SlaTargetKind::kFirstResponse, at("2026-11-23T10:00:00Z")}) ==
      R"({"target":"first_response","due_at":"2026-11-23T10:00:00.000Z"})");
  BOOST_TEST(encode_event_data(TicketUnassigned{}) == "{}");
  BOOST_TEST(encode_event_data(
                 MessagePosted{"m-1", Author{"u-1", "Ann", Role::kCustomer}, "a\"b\n", false}) ==
             R"({"message_id":"m-1","author":{"id":"u-1","name":"Ann","role":"customer"},)"
             R"("body":"a\"b\n","internal":false})");
  TicketOpened opened;
  opened.ticket_id = "t-1";
  opened.tenant = "acme";
  opened.number = 7;
  opened.requester = Requester{"u-1", "ann@acme.test", "Ann"};
  opened.subject = "Hi";
  opened.sla_targets = SlaTargets{hours{2}, hours{4}};
  opened.business_hours.weekly[1] = {OpenInterval{540, 1020}};
  BOOST_TEST(encode_event_data(opened) ==
             R"({"ticket_id":"t-1","tenant":"acme","number":7,)"
             R"("requester":{"id":"u-1","email":"ann@acme.test","name":"Ann"},)"
             R"("subject":"Hi","category":"general","priority":"medium",)"
             R"("assignee":null,"follow_up_of":null,)"
             R"("sla_targets":{"first_response_ms":7200000,"resolution_ms":14400000},)"
             R"("business_hours":{"time_zone":"UTC","weekly":[[],)"
             R"([{"start_minute":540,"end_minute":1020}],[],[],[],[],[]],"holidays":[]}})");
}

BOOST_AUTO_TEST_CASE(append_event_data_appends) {
  std::string out = "data:";
  append_event_data(out, TicketAssigned{"a"});
  BOOST_TEST(out == R"(data:{"assignee":"a"})");
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_ignored_and_absent_optionals_are_empty) {
  const Result<EventBody> r = decode_event_data(
      "TicketOpened",
      R"({"future":[1,{"x":2}],"ticket_id":"t","tenant":"a","number":3,)"
      R"("requester":{"id":"","email":"e@x","name":"","extra":true},"subject":"s",)"
      R"("category":"bug","priority":"low",)"
      R"("sla_targets":{"first_response_ms":1,"resolution_ms":2},)"
      R"("business_hours":{"time_zone":"UTC","weekly":[[],[],[],[],[],[],[]],"holidays":[]}})",
      1);
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message);
  const auto& e = std::get<TicketOpened>(*r);
  BOOST_TEST(!e.assignee);
  BOOST_TEST(!e.follow_up_of);
  BOOST_TEST(e.number == 3u);
  BOOST_TEST(to_string(e.category) == "bug");
}

BOOST_AUTO_TEST_CASE(unknown_types_and_versions_are_rejected) {
  BOOST_TEST(decode_code("TicketExploded", "{}") ==
             R"(validation: cannot decode event: unknown event type "TicketExploded")");
  BOOST_TEST(decode_code("ticketassigned", R"({"assignee":"a"})").starts_with("validation"));
  BOOST_TEST(decode_code("TicketAssigned", R"({"assignee":"a"})", 0) ==
             "validation: cannot decode event TicketAssigned: unsupported schema version 0");
  BOOST_TEST(decode_code("TicketAssigned", R"({"assignee":"a"})", kEventSchemaVersion + 1)
                 .find("unsupported schema version 2") != std::string::npos);
  BOOST_TEST(decode_code("TicketAssigned", R"({"assignee":"a"})") == "ok");
}

BOOST_AUTO_TEST_CASE(malformed_data_is_rejected_with_the_field_named) {
  BOOST_TEST(decode_code("TicketAssigned", R"({"assignee":"a")")
                 .starts_with(
                     "validation: cannot decode event TicketAssigned: data is not a JSON object"));
  BOOST_TEST(decode_code("TicketAssigned", "[]").find("not a JSON object") != std::string::npos);
  BOOST_TEST(decode_code("TicketAssigned", "").find("not a JSON object") != std::string::npos);
  BOOST_TEST(decode_code("TicketAssigned", "{}") ==
             "validation: cannot decode event TicketAssigned: field assignee is missing");
  BOOST_TEST(decode_code("TicketAssigned", R"({"assignee":7})") ==
             "validation: cannot decode event TicketAssigned: field assignee must be a string");
  BOOST_TEST(decode_code("StatusChanged", R"({"from":"open","to":"done","reason":""})") ==
             R"(validation: cannot decode event StatusChanged: field to unknown value "done")");
  BOOST_TEST(
      decode_code("SlaWarning", R"({"target":"resolution","due_at":"tomorrow"})") ==
      "validation: cannot decode event SlaWarning: field due_at must be an RFC 3339 instant");
  BOOST_TEST(decode_code("TicketEscalated", R"({"level":1.5,"reason":""})") ==
             "validation: cannot decode event TicketEscalated: field level must be an integer");
  BOOST_TEST(decode_code("TicketEscalated", R"({"level":4294967296,"reason":""})") ==
             "validation: cannot decode event TicketEscalated: field level is out of range");
  BOOST_TEST(
      decode_code("MessagePosted",
                  R"({"message_id":"m","author":{"id":"u","name":"n","role":"boss"},)"
                  R"("body":"b","internal":false})") ==
      R"(validation: cannot decode event MessagePosted: field author.role unknown value "boss")");
  BOOST_TEST(decode_code("MessagePosted",
                         R"({"message_id":"m","author":{"id":"u","name":"n","role":"agent"},)"
                         R"("body":"b","internal":"no"})") ==
             "validation: cannot decode event MessagePosted: field internal must be a boolean");
  BOOST_TEST(decode_code("TagsChanged", R"({"added":["a",1],"removed":[]})") ==
             "validation: cannot decode event TagsChanged: field added must hold strings only");
  BOOST_TEST(
      decode_code("MergeReceived",
                  R"({"from_ticket_id":"t","from_key":"a-1","messages":[{"id":"m",)"
                  R"("author":{"id":"u","name":"","role":"agent"},"internal":true,"body":""}]})") ==
      "validation: cannot decode event MergeReceived: field messages[0].created_at is missing");
  BOOST_TEST(decode_code("TicketOpened", R"({"ticket_id":"t","tenant":"a","number":-1})") ==
             "validation: cannot decode event TicketOpened: field number must be a non-negative "
             "integer");
  BOOST_TEST(
      decode_code("TicketOpened", R"({"ticket_id":"t","tenant":"a","number":1,)"
                                  R"("requester":{"id":"","email":5,"name":""}})") ==
      "validation: cannot decode event TicketOpened: field requester.email must be a string");
  BOOST_TEST(decode_code("TicketMerged", R"({"into_ticket_id":"t","into_key":null})") ==
             "validation: cannot decode event TicketMerged: field into_key must be a string");
}

BOOST_AUTO_TEST_CASE(business_hours_must_list_seven_days) {
  const std::string prefix =
      R"({"ticket_id":"t","tenant":"a","number":1,"requester":{"id":"","email":"e","name":""},)"
      R"("subject":"s","category":"bug","priority":"low",)"
      R"("sla_targets":{"first_response_ms":1,"resolution_ms":2},)";
  BOOST_TEST(decode_code("TicketOpened", prefix + R"("business_hours":{"time_zone":"UTC",)"
                                                  R"("weekly":[[]],"holidays":[]}})")
                 .find("field business_hours.weekly must list 7 days") != std::string::npos);
  BOOST_TEST(decode_code("TicketOpened",
                         prefix + R"("business_hours":{"time_zone":"UTC","weekly":)"
                                  R"([[{"start_minute":"9"}],[],[],[],[],[],[]],"holidays":[]}})")
                 .find("field business_hours.weekly[0].start_minute must be an integer") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(decided_histories_round_trip_through_the_codec) {
  // What decide() produces must survive encode/decode with the same state.
  std::vector<Event> history = in_status(Status::kWaitingOnCustomer);
  const auto reply = when(history, PostMessage{"m-2", kTrickyButValid, false}, ctx(ann()));
  BOOST_TEST_REQUIRE(code_of(reply) == "ok");
  for (const Event& e : *reply) history.push_back(e);
  std::vector<Event> decoded;
  for (const Event& e : history) {
    const Result<EventBody> body =
        decode_event_data(event_type(e.body), encode_event_data(e.body), kEventSchemaVersion);
    BOOST_TEST_REQUIRE(body.has_value());
    decoded.push_back(Event{e.meta, *body});
  }
  BOOST_TEST((fold(decoded) == fold(history)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::domain
