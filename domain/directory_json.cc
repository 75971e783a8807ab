#include "domain/directory_json.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>

#include "domain/business_calendar.h"
#include "domain/json_writer.h"

namespace ticketd::domain {
namespace {

namespace dom = simdjson::dom;

Error undecodable(std::string_view type, std::string_view what) {
  return make_error(ErrorCode::kInternal, std::string(type) + " data " + std::string(what));
}

// A required string member; false when it is missing or not a string.
bool get_member(dom::object o, std::string_view key, std::string& out) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return false;
  out = v;
  return true;
}

// An optional string member: empty when missing or null.
std::string optional_string(dom::object o, std::string_view key) {
  std::string out;
  (void)get_member(o, key, out);  // missing or null reads as empty
  return out;
}

// {"slug": ..., members of `body` ...}: `body` is a JSON object's text.
std::string with_slug(std::string_view slug, const std::string& body) {
  std::string data = "{\"slug\":";
  append_json_string(data, slug);
  data += ",";
  data.append(body, 1, std::string::npos);
  return data;
}

struct DirectoryEncoder {
  std::string operator()(const TenantCreated& e) const {
    std::string data;
    JsonWriter w(data);
    w.begin_object();
    w.member("slug", e.slug);
    w.member("name", e.name);
    w.end_object();
    return data;
  }
  std::string operator()(const TenantSlaChanged& e) const {
    std::string body;
    write_sla_policy(body, e.policy);
    return with_slug(e.slug, body);
  }
  std::string operator()(const TenantSettingsChanged& e) const {
    std::string body;
    write_tenant_settings(body, e.settings);
    return with_slug(e.slug, body);
  }
  std::string operator()(const AgentChanged& e) const {
    std::string data;
    JsonWriter w(data);
    w.begin_object();
    w.member("id", e.id);
    w.member("available", e.available);
    w.key("max_open");
    e.max_open ? w.value(static_cast<std::uint64_t>(*e.max_open)) : w.value(nullptr);
    w.end_object();
    return data;
  }
  std::string operator()(const TokenIssued& e) const {
    std::string data;
    JsonWriter w(data);
    w.begin_object();
    w.member("id", e.id);
    w.member("role", to_string(e.holder.role));
    w.member("tenant", e.holder.tenant);
    w.member("user_id", e.holder.id);
    w.member("email", e.holder.email);
    w.member("name", e.holder.name);
    if (!e.holder.scope.empty()) {  // absent: platform-wide (and tokens before scopes)
      w.key("scope");
      w.begin_array();
      for (const std::string& slug : e.holder.scope) w.value(slug);
      w.end_array();
    }
    w.member("secret_sha256", e.secret_sha256);
    w.end_object();
    return data;
  }
  std::string operator()(const TokenRevoked& e) const { return id_only(e.id); }
  std::string operator()(const TenantLogoSet& e) const {
    std::string data;
    JsonWriter w(data);
    w.begin_object();
    w.member("slug", e.slug);
    w.member("sha256", e.logo.sha256);
    w.member("type", e.logo.type);
    w.member("size", e.logo.size);
    w.end_object();
    return data;
  }
  std::string operator()(const TenantLogoRemoved& e) const {
    std::string data;
    JsonWriter w(data);
    w.begin_object();
    w.member("slug", e.slug);
    w.end_object();
    return data;
  }
  static std::string id_only(std::string_view id) {
    std::string data;
    JsonWriter w(data);
    w.begin_object();
    w.member("id", id);
    w.end_object();
    return data;
  }
};

Result<DirectoryEventBody> decode_tenant_event(std::string_view type, std::string_view data,
                                               dom::object o) {
  std::string slug;
  if (!get_member(o, "slug", slug)) return undecodable(type, "has no slug");
  if (type == "TenantCreated") {
    std::string name;
    if (!get_member(o, "name", name)) return undecodable(type, "has no name");
    return TenantCreated{std::move(slug), std::move(name)};
  }
  if (type == "TenantLogoRemoved") return TenantLogoRemoved{std::move(slug)};
  if (type == "TenantLogoSet") {
    TenantLogoSet e{std::move(slug), {}};
    if (!get_member(o, "sha256", e.logo.sha256) || !get_member(o, "type", e.logo.type) ||
        o["size"].get_uint64().get(e.logo.size) != simdjson::SUCCESS) {
      return undecodable(type, "has no sha256, type or size");
    }
    return e;
  }
  if (type == "TenantSlaChanged") {
    Result<SlaPolicy> policy = parse_sla_policy(data, SlaPolicy::defaults());
    if (!policy) return undecodable(type, "is not a policy: " + policy.error().message);
    return TenantSlaChanged{std::move(slug), std::move(*policy)};
  }
  Result<TenantSettings> settings = parse_tenant_settings(data, TenantSettings{});
  if (!settings) return undecodable(type, "is not settings: " + settings.error().message);
  return TenantSettingsChanged{std::move(slug), std::move(*settings)};
}

Result<DirectoryEventBody> decode_agent_or_token(std::string_view type, dom::object o) {
  std::string id;
  if (!get_member(o, "id", id)) return undecodable(type, "has no id");
  if (type == "AgentChanged") {
    AgentChanged e{std::move(id), false, std::nullopt};
    if (o["available"].get_bool().get(e.available) != simdjson::SUCCESS) {
      return undecodable(type, "has no available flag");
    }
    std::uint64_t cap = 0;
    if (o["max_open"].get_uint64().get(cap) == simdjson::SUCCESS) {
      e.max_open = static_cast<std::uint32_t>(std::min<std::uint64_t>(cap, UINT32_MAX));
    }
    return e;
  }
  if (type == "TokenRevoked") return TokenRevoked{std::move(id)};
  TokenIssued e;
  e.id = std::move(id);
  if (!get_member(o, "secret_sha256", e.secret_sha256))
    return undecodable(type, "has no secret hash");
  // Tokens were issued with the roles of their time; an unknown one reads
  // as the least privileged.
  e.holder.role = parse_role(optional_string(o, "role")).value_or(Role::kCustomer);
  e.holder.tenant = optional_string(o, "tenant");
  e.holder.id = optional_string(o, "user_id");
  e.holder.email = optional_string(o, "email");
  e.holder.name = optional_string(o, "name");
  if (dom::element scope; o["scope"].get(scope) == simdjson::SUCCESS) {
    dom::array slugs;
    if (scope.get_array().get(slugs) != simdjson::SUCCESS)
      return undecodable(type, "has a scope that is not a list of slugs");
    for (dom::element slug : slugs) {
      std::string_view text;
      if (slug.get_string().get(text) != simdjson::SUCCESS)
        return undecodable(type, "has a scope that is not a list of slugs");
      e.holder.scope.emplace_back(text);
    }
    std::sort(e.holder.scope.begin(), e.holder.scope.end());
    e.holder.scope.erase(std::unique(e.holder.scope.begin(), e.holder.scope.end()),
                         e.holder.scope.end());
  }
  return e;
}

}  // namespace

void write_sla_policy(std::string& out, const SlaPolicy& policy) {
  JsonWriter w(out);
  w.begin_object();
  w.key("policies");
  w.begin_object();
  for (int p = 3; p >= 0; --p) {
    const auto priority = static_cast<Priority>(p);
    const SlaTargets t = policy.for_priority(priority);
    w.key(to_string(priority));
    w.begin_object();
    w.member("first_response_s", t.first_response.count() / 1000);
    w.member("resolution_s", t.resolution.count() / 1000);
    w.end_object();
  }
  w.end_object();
  const BusinessHours& h = policy.business_hours;
  w.key("business_hours");
  w.begin_object();
  w.member("time_zone", h.time_zone);
  w.key("weekly");
  w.begin_array();
  for (const auto& day : h.weekly) {
    w.begin_array();
    for (const OpenInterval& i : day) {
      w.begin_object();
      w.member("start_minute", i.start_minute);
      w.member("end_minute", i.end_minute);
      w.end_object();
    }
    w.end_array();
  }
  w.end_array();
  w.key("holidays");
  w.begin_array();
  for (const std::string& d : h.holidays) w.value(d);
  w.end_array();
  w.end_object();
  w.end_object();
}

namespace {

using Fail = std::function<void(std::string field, std::string message)>;

// "policies": {"<priority>": {"first_response_s", "resolution_s"}} over `base`.
void parse_targets(dom::element policies, SlaPolicy& base, const Fail& fail) {
  dom::object po;
  if (policies.get_object().get(po) != simdjson::SUCCESS)
    return fail("policies", "must be an object");
  for (auto [key, value] : po) {
    const std::string field = "policies." + std::string(key);
    const std::optional<Priority> p = parse_priority(key);
    dom::object targets;
    if (!p) {
      fail(field, "unknown priority");
      continue;
    }
    if (value.get_object().get(targets) != simdjson::SUCCESS) {
      fail(field, "must be an object");
      continue;
    }
    SlaTargets& t = base.targets[static_cast<std::size_t>(*p)];
    for (auto [name, target] : {std::pair{"first_response_s", &t.first_response},
                                std::pair{"resolution_s", &t.resolution}}) {
      dom::element v;
      if (targets[name].get(v) != simdjson::SUCCESS) continue;
      std::int64_t seconds = 0;
      if (v.get_int64().get(seconds) != simdjson::SUCCESS || seconds < 1 ||
          seconds > 10LL * 365 * 24 * 3600) {
        fail(field + "." + name, "must be a whole number of seconds, 1 to 10 years");
        continue;
      }
      *target = Millis(seconds * 1000);
    }
  }
}

// One day's [{start_minute, end_minute}] of "business_hours.weekly".
void parse_day(dom::array intervals, std::size_t day, BusinessHours& hours, const Fail& fail) {
  std::size_t index = 0;
  for (dom::element i : intervals) {
    const std::string at =
        "business_hours.weekly[" + std::to_string(day) + "][" + std::to_string(index++) + "]";
    std::int64_t start = -1;
    std::int64_t end = -1;
    if (i["start_minute"].get_int64().get(start) != simdjson::SUCCESS ||
        i["end_minute"].get_int64().get(end) != simdjson::SUCCESS) {
      fail(at, "intervals are {start_minute, end_minute}, whole numbers");
      continue;
    }
    // Checked before narrowing: 4294967896 must not become 600.
    bool in_range = true;
    for (auto [name, minute] : {std::pair{"start_minute", start}, std::pair{"end_minute", end}}) {
      if (minute < 0 || minute > 24 * 60) {
        fail(at + "." + name, "must be a minute of the day, 0 to 1440");
        in_range = false;
      }
    }
    if (!in_range) continue;
    hours.weekly[day].push_back(OpenInterval{static_cast<int>(start), static_cast<int>(end)});
  }
}

// "business_hours": {"time_zone", "weekly", "holidays"}, not yet validated
// as a whole.
BusinessHours parse_hours(dom::object ho, const Fail& fail) {
  BusinessHours hours;
  std::string_view tz;
  if (ho["time_zone"].get_string().get(tz) == simdjson::SUCCESS) {
    hours.time_zone = tz;
  } else {
    fail("business_hours.time_zone", "must be an IANA time zone name");
  }
  dom::array weekly;
  if (ho["weekly"].get_array().get(weekly) != simdjson::SUCCESS || weekly.size() != 7) {
    fail("business_hours.weekly", "must list 7 days, Monday first, each an array of intervals");
  } else {
    std::size_t day = 0;
    for (dom::element d : weekly) {
      dom::array intervals;
      if (d.get_array().get(intervals) != simdjson::SUCCESS) {
        fail("business_hours.weekly[" + std::to_string(day) + "]", "must be an array");
      } else {
        parse_day(intervals, day, hours, fail);
      }
      ++day;
    }
  }
  dom::element holidays;
  if (ho["holidays"].get(holidays) == simdjson::SUCCESS) {
    dom::array ha;
    if (holidays.get_array().get(ha) != simdjson::SUCCESS) {
      fail("business_hours.holidays", "must be an array of dates");
    } else {
      for (dom::element h : ha) {
        std::string_view day;
        if (h.get_string().get(day) != simdjson::SUCCESS) {
          fail("business_hours.holidays", "must be an array of dates");
          break;
        }
        hours.holidays.emplace_back(day);
      }
    }
  }
  return hours;
}

}  // namespace

Result<SlaPolicy> parse_sla_policy(std::string_view json, SlaPolicy base) {
  dom::parser parser;
  dom::object root;
  if (parser.parse(json.data(), json.size()).get_object().get(root) != simdjson::SUCCESS) {
    Error e = make_error(ErrorCode::kValidation, "must be a JSON object");
    e.fields.push_back({"", "must be a JSON object"});
    return e;
  }
  Error errors = make_error(ErrorCode::kValidation, "invalid SLA policy");
  const Fail fail = [&](std::string field, std::string message) {
    errors.fields.push_back({std::move(field), std::move(message)});
  };
  dom::element policies;
  if (root["policies"].get(policies) == simdjson::SUCCESS) parse_targets(policies, base, fail);
  dom::element hours_el;
  if (root["business_hours"].get(hours_el) == simdjson::SUCCESS && !hours_el.is_null()) {
    dom::object ho;
    if (hours_el.get_object().get(ho) != simdjson::SUCCESS) {
      fail("business_hours", "must be an object");
    } else {
      BusinessHours hours = parse_hours(ho, fail);
      if (errors.fields.empty()) {  // whole-week rules only on well-formed input
        Result<BusinessHours> valid = validate_business_hours(hours);
        if (!valid) {
          for (const FieldError& f : valid.error().fields) errors.fields.push_back(f);
          if (valid.error().fields.empty()) fail("business_hours", valid.error().message);
        } else {
          base.business_hours = *valid;
        }
      }
    }
  }
  if (!errors.fields.empty()) return errors;
  return base;
}

std::string encode_directory_event_data(const DirectoryEventBody& body) {
  return std::visit(DirectoryEncoder{}, body);
}

std::string encode_webhook_event_data(const WebhookEventBody& body) {
  if (const auto* deleted = std::get_if<WebhookDeleted>(&body))
    return DirectoryEncoder::id_only(deleted->id);
  const auto& e = std::get<WebhookCreated>(body);
  std::string data;
  JsonWriter w(data);
  w.begin_object();
  w.member("id", e.id);
  w.member("url", e.url);
  w.key("events");
  w.begin_array();
  for (const std::string& type : e.events) w.value(type);
  w.end_array();
  w.key("tenant");
  e.tenant.empty() ? w.value(nullptr) : w.value(e.tenant);
  w.member("secret_fingerprint", e.secret_fingerprint);
  w.end_object();
  return data;
}

Result<DirectoryEventBody> decode_directory_event_data(std::string_view type,
                                                       std::string_view data) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS) {
    return undecodable(type, "is not a JSON object");
  }
  if (type == "TenantCreated" || type == "TenantSlaChanged" || type == "TenantSettingsChanged" ||
      type == "TenantLogoSet" || type == "TenantLogoRemoved") {
    return decode_tenant_event(type, data, o);
  }
  if (type == "AgentChanged" || type == "TokenIssued" || type == "TokenRevoked") {
    return decode_agent_or_token(type, o);
  }
  return undecodable(type, "is of no directory event type");
}

Result<WebhookEventBody> decode_webhook_event_data(std::string_view type, std::string_view data) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS) {
    return undecodable(type, "is not a JSON object");
  }
  std::string id;
  if (!get_member(o, "id", id)) return undecodable(type, "has no id");
  if (type == "WebhookDeleted") return WebhookDeleted{std::move(id), ""};
  if (type != "WebhookCreated") return undecodable(type, "is of no webhook event type");
  WebhookCreated e;
  e.id = std::move(id);
  if (!get_member(o, "url", e.url)) return undecodable(type, "has no url");
  dom::array events;
  if (o["events"].get_array().get(events) != simdjson::SUCCESS)
    return undecodable(type, "has no events");
  for (dom::element element : events) {
    std::string_view s;
    if (element.get_string().get(s) == simdjson::SUCCESS) e.events.emplace_back(s);
  }
  e.tenant = optional_string(o, "tenant");
  e.secret_fingerprint = optional_string(o, "secret_fingerprint");
  return e;
}

}  // namespace ticketd::domain
