// The decoding half of event_codec.h; encoding is in event_codec_encode.cc.
#include "domain/event_codec.h"

#include <simdjson.h>

#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "domain/time_format.h"

namespace ticketd::domain {
namespace {

// ---- decoding

namespace dom = simdjson::dom;

// Reads the members of one JSON object. The first problem is recorded in
// the shared `error` string and later reads return defaults, so decoders can
// read every field unconditionally and check once at the end.
class ObjectReader {
 public:
  ObjectReader(std::optional<dom::object> object, std::string path, std::string& error)
      : object_(object), path_(std::move(path)), error_(&error) {}

  std::string str(std::string_view key) {
    std::string_view s;
    if (auto v = get(key); v && v->get_string().get(s)) fail(key, "must be a string");
    return std::string(s);
  }

  std::optional<std::string> optional_str(std::string_view key) {
    dom::element v;
    if (!ok() || object_->at_key(key).get(v) || v.is_null()) return std::nullopt;
    std::string_view s;
    if (v.get_string().get(s)) {
      fail(key, "must be a string or null");
      return std::nullopt;
    }
    return std::string(s);
  }

  bool boolean(std::string_view key) {
    bool b = false;
    if (auto v = get(key); v && v->get_bool().get(b)) fail(key, "must be a boolean");
    return b;
  }

  std::int64_t int64(std::string_view key) {
    std::int64_t n = 0;
    if (auto v = get(key); v && v->get_int64().get(n)) fail(key, "must be an integer");
    return n;
  }

  std::uint64_t uint64(std::string_view key) {
    std::uint64_t n = 0;
    if (auto v = get(key); v && v->get_uint64().get(n)) {
      fail(key, "must be a non-negative integer");
    }
    return n;
  }

  int integer(std::string_view key) {
    const std::int64_t n = int64(key);
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
      fail(key, "is out of range");
      return 0;
    }
    return static_cast<int>(n);
  }

  Instant instant(std::string_view key) {
    const std::string text = str(key);
    if (!ok()) return Instant{};
    const std::optional<Instant> t = parse_instant(text);
    if (!t) fail(key, "must be an RFC 3339 instant");
    return t.value_or(Instant{});
  }

  template <class E>
  E enumeration(std::string_view key, std::optional<E> (*parse)(std::string_view)) {
    const std::string name = str(key);
    if (!ok()) return E{};
    const std::optional<E> e = parse(name);
    if (!e) fail(key, "unknown value \"" + name + "\"");
    return e.value_or(E{});
  }

  ObjectReader object(std::string_view key) {
    dom::object o;
    if (auto v = get(key); v && v->get_object().get(o)) fail(key, "must be an object");
    return ObjectReader(ok() ? std::optional<dom::object>(o) : std::nullopt, child(key), *error_);
  }

  // The array at `key`; std::nullopt (with the error recorded) otherwise.
  std::optional<dom::array> array(std::string_view key) {
    dom::array a;
    if (auto v = get(key); v && v->get_array().get(a)) fail(key, "must be an array");
    return ok() ? std::optional<dom::array>(a) : std::nullopt;
  }

  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const std::optional<dom::array> a = array(key);
    if (!a) return out;
    for (dom::element item : *a) {
      std::string_view s;
      if (item.get_string().get(s)) {
        fail(key, "must hold strings only");
        break;
      }
      out.emplace_back(s);
    }
    return out;
  }

  bool has(std::string_view key) const {
    dom::element v;
    return object_ && !object_->at_key(key).get(v);
  }

  bool ok() const { return error_->empty() && object_.has_value(); }
  std::string child(std::string_view key) const { return path_ + std::string(key) + "."; }
  void fail(std::string_view key, std::string_view what) {
    if (error_->empty()) *error_ = "field " + path_ + std::string(key) + " " + std::string(what);
  }

 private:
  std::optional<dom::element> get(std::string_view key) {
    if (!ok()) return std::nullopt;
    dom::element v;
    if (object_->at_key(key).get(v)) {
      fail(key, "is missing");
      return std::nullopt;
    }
    return v;
  }

  std::optional<dom::object> object_;
  std::string path_;
  std::string* error_;
};

// The objects of the array at `key`, one reader each ("messages[0].").
template <class F>
void for_each_object(ObjectReader& r, std::string_view key, std::string& error, F&& f) {
  const std::optional<dom::array> a = r.array(key);
  if (!a) return;
  std::size_t index = 0;
  for (dom::element item : *a) {
    const std::string name = std::string(key) + "[" + std::to_string(index++) + "]";
    dom::object o;
    if (item.get_object().get(o)) {
      r.fail(name, "must be an object");
      return;
    }
    ObjectReader child(o, r.child(name), error);
    f(child);
    if (!error.empty()) return;
  }
}

SlaTargets read_targets(ObjectReader r) {
  return SlaTargets{Millis{r.int64("first_response_ms")}, Millis{r.int64("resolution_ms")}};
}

Author read_author(ObjectReader r) {
  return Author{r.str("id"), r.str("name"), r.enumeration<Role>("role", parse_role)};
}

BusinessHours read_hours(ObjectReader r, std::string& error) {
  BusinessHours h;
  h.time_zone = r.str("time_zone");
  if (const std::optional<dom::array> weekly = r.array("weekly")) {
    if (weekly->size() != h.weekly.size()) r.fail("weekly", "must list 7 days");
    std::size_t day = 0;
    for (dom::element item : *weekly) {
      if (day >= h.weekly.size() || !r.ok()) break;
      dom::array intervals;
      if (item.get_array().get(intervals)) {
        r.fail("weekly", "must hold arrays");
        break;
      }
      for (dom::element interval : intervals) {
        dom::object o;
        if (interval.get_object().get(o)) {
          r.fail("weekly", "intervals must be objects");
          break;
        }
        ObjectReader ir(o, r.child("weekly[" + std::to_string(day) + "]"), error);
        h.weekly[day].push_back(OpenInterval{ir.integer("start_minute"), ir.integer("end_minute")});
      }
      ++day;
    }
  }
  h.holidays = r.strings("holidays");
  return h;
}

Attachment read_attachment(ObjectReader& a) {
  return Attachment{a.str("id"), a.str("name"), a.uint64("size"), a.str("type"), a.str("sha256")};
}

// A message's files; an event from before attachments has none.
std::vector<Attachment> read_attachments(ObjectReader& r, std::string& error) {
  std::vector<Attachment> out;
  if (!r.has("attachments")) return out;
  for_each_object(r, "attachments", error,
                  [&](ObjectReader& a) { out.push_back(read_attachment(a)); });
  return out;
}

// A held mail's note; an event from before held mail has none.
std::optional<HeldMail> read_held(ObjectReader& r) {
  if (!r.has("held")) return std::nullopt;
  ObjectReader h = r.object("held");
  HeldMail out{h.str("email"), h.str("name"), h.str("reason"), {}};
  if (h.has("accepted_as")) out.accepted_as = h.str("accepted_as");
  return out;
}

std::string read_accepted_from(ObjectReader& r) {
  return r.has("accepted_from") ? r.str("accepted_from") : std::string();
}

// What came by mail; absent for anything else.
void read_mail_source(ObjectReader& r, std::string& quoted, std::optional<Attachment>& original) {
  if (r.has("quoted")) quoted = r.str("quoted");
  if (r.has("original")) {
    ObjectReader o = r.object("original");
    original = read_attachment(o);
  }
}

Message read_message(ObjectReader& r, std::string& error) {
  Message m;
  m.id = r.str("id");
  m.author = read_author(r.object("author"));
  m.internal = r.boolean("internal");
  m.body = r.str("body");
  m.created_at = r.instant("created_at");
  m.attachments = read_attachments(r, error);
  MailParts mail{read_held(r), read_accepted_from(r), {}, {}};
  read_mail_source(r, mail.quoted, mail.original);
  m.mail = std::move(mail);
  return m;
}

void read(ObjectReader& r, std::string& error, TicketOpened& e) {
  e.ticket_id = r.str("ticket_id");
  e.tenant = r.str("tenant");
  e.number = r.uint64("number");
  ObjectReader requester = r.object("requester");
  e.requester = Requester{requester.str("id"), requester.str("email"), requester.str("name")};
  e.subject = r.str("subject");
  e.category = r.enumeration<Category>("category", parse_category);
  e.priority = r.enumeration<Priority>("priority", parse_priority);
  e.assignee = r.optional_str("assignee");
  e.follow_up_of = r.optional_str("follow_up_of");
  e.sla_targets = read_targets(r.object("sla_targets"));
  e.business_hours = read_hours(r.object("business_hours"), error);
}
void read(ObjectReader& r, std::string& error, MessagePosted& e) {
  e.message_id = r.str("message_id");
  e.author = read_author(r.object("author"));
  e.body = r.str("body");
  e.internal = r.boolean("internal");
  e.attachments = read_attachments(r, error);
  e.held = read_held(r);
  e.accepted_from = read_accepted_from(r);
  read_mail_source(r, e.quoted, e.original);
}
void read(ObjectReader& r, std::string&, TicketAssigned& e) { e.assignee = r.str("assignee"); }
void read(ObjectReader&, std::string&, TicketUnassigned&) {}
void read(ObjectReader& r, std::string&, StatusChanged& e) {
  e.from = r.enumeration<Status>("from", parse_status);
  e.to = r.enumeration<Status>("to", parse_status);
  e.reason = r.str("reason");
}
void read(ObjectReader& r, std::string&, PriorityChanged& e) {
  e.from = r.enumeration<Priority>("from", parse_priority);
  e.to = r.enumeration<Priority>("to", parse_priority);
  e.sla_targets = read_targets(r.object("sla_targets"));
}
void read(ObjectReader& r, std::string&, CategoryChanged& e) {
  e.from = r.enumeration<Category>("from", parse_category);
  e.to = r.enumeration<Category>("to", parse_category);
}
void read(ObjectReader& r, std::string&, TicketEscalated& e) {
  e.level = r.integer("level");
  e.reason = r.str("reason");
}
void read(ObjectReader& r, std::string&, TagsChanged& e) {
  e.added = r.strings("added");
  e.removed = r.strings("removed");
}
void read(ObjectReader& r, std::string&, TicketMerged& e) {
  e.into_ticket_id = r.str("into_ticket_id");
  e.into_key = r.str("into_key");
}
void read(ObjectReader& r, std::string& error, MergeReceived& e) {
  e.from_ticket_id = r.str("from_ticket_id");
  e.from_key = r.str("from_key");
  for_each_object(r, "messages", error,
                  [&](ObjectReader& m) { e.messages.push_back(read_message(m, error)); });
}
void read(ObjectReader& r, std::string&, SatisfactionRated& e) {
  e.rating = r.integer("rating");
  e.comment = r.str("comment");
}
void read(ObjectReader& r, std::string&, SlaWarning& e) {
  e.target = r.enumeration<SlaTargetKind>("target", parse_sla_target_kind);
  e.due_at = r.instant("due_at");
}
void read(ObjectReader& r, std::string&, SlaBreached& e) {
  e.target = r.enumeration<SlaTargetKind>("target", parse_sla_target_kind);
  e.due_at = r.instant("due_at");
}

Error decode_error(std::string_view type, std::string_view what) {
  std::string message = "cannot decode event";
  if (!type.empty()) {
    message += ' ';
    message += type;
  }
  message += ": ";
  message += what;
  return make_error(ErrorCode::kValidation, std::move(message));
}

// The index of the EventBody alternative whose kType is `type`.
template <std::size_t I = 0>
std::optional<std::size_t> type_index(std::string_view type) {
  if constexpr (I == std::variant_size_v<EventBody>) {
    return std::nullopt;
  } else {
    if (std::variant_alternative_t<I, EventBody>::kType == type) return I;
    return type_index<I + 1>(type);
  }
}

template <std::size_t I = 0>
EventBody read_body(std::size_t index, ObjectReader& r, std::string& error) {
  if constexpr (I + 1 == std::variant_size_v<EventBody>) {
    std::variant_alternative_t<I, EventBody> e;
    read(r, error, e);
    return EventBody(std::in_place_index<I>, std::move(e));
  } else {
    if (index != I) return read_body<I + 1>(index, r, error);
    std::variant_alternative_t<I, EventBody> e;
    read(r, error, e);
    return EventBody(std::in_place_index<I>, std::move(e));
  }
}

}  // namespace

Result<EventBody> decode_event_data(std::string_view type, std::string_view json,
                                    std::uint32_t schema_version) {
  if (schema_version < 1 || schema_version > kEventSchemaVersion) {
    return decode_error(type, "unsupported schema version " + std::to_string(schema_version));
  }
  const std::optional<std::size_t> index = type_index(type);
  if (!index) return decode_error("", "unknown event type \"" + std::string(type) + "\"");

  thread_local dom::parser parser;
  const simdjson::padded_string padded(json);
  dom::object root;
  if (const simdjson::error_code ec = parser.parse(padded).get_object().get(root)) {
    return decode_error(type,
                        std::string("data is not a JSON object: ") + simdjson::error_message(ec));
  }
  std::string error;
  ObjectReader reader(root, "", error);
  EventBody body = read_body(*index, reader, error);
  if (!error.empty()) return decode_error(type, error);
  return body;
}

}  // namespace ticketd::domain
