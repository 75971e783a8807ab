#include "api/commands/directory.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "api/commands/ids.h"
#include "domain/business_calendar.h"
#include "domain/json_writer.h"
#include "domain/validation.h"

namespace ticketd::api {
namespace {

namespace dom = simdjson::dom;
using domain::ErrorCode;

constexpr std::string_view kBootstrapId = "bootstrap-admin";

bool valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 40 || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string_view get_string(dom::object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

domain::Error validation(std::string field, std::string message) {
  domain::Error e = domain::make_error(ErrorCode::kValidation, field + ": " + message);
  e.fields.push_back({std::move(field), std::move(message)});
  return e;
}

}  // namespace

domain::Result<std::unique_ptr<Directory>> Directory::open(eventstore::EventStore& store,
                                                           std::string bootstrap_admin_token) {
  std::unique_ptr<Directory> dir(new Directory(store));
  if (!bootstrap_admin_token.empty()) dir->bootstrap_hash_ = sha256_hex(bootstrap_admin_token);
  for (std::string_view stream : {kTenantsStream, kTokensStream, kAgentsStream}) {
    auto envs = store.read_stream(stream);
    if (!envs) return domain::make_error(ErrorCode::kInternal, "cannot read " + std::string(stream) + ": " + envs.error().message);
    for (const eventstore::Envelope& env : *envs) {
      dir->apply(env.type, env.data, domain::Instant(domain::Millis(env.occurred_at_ms)));
    }
  }
  return dir;
}

void Directory::apply(std::string_view type, std::string_view data, domain::Instant at) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS) return;
  std::unique_lock lock(mu_);
  if (type == "TenantCreated") {
    Tenant t;
    t.slug = get_string(o, "slug");
    t.name = get_string(o, "name");
    t.created_at = at;
    tenants_[t.slug] = std::move(t);
  } else if (type == "TenantSlaChanged") {
    auto it = tenants_.find(get_string(o, "slug"));
    if (it == tenants_.end()) return;
    if (auto p = parse_policy(data, it->second.policy)) it->second.policy = *p;
  } else if (type == "TenantSettingsChanged") {
    auto changed = settings_event(data);
    if (!changed) return;
    auto it = tenants_.find(changed->first);
    if (it != tenants_.end()) it->second.settings = std::move(changed->second);
  } else if (type == "AgentChanged") {
    if (auto agent = agent_event(data, at)) agents_[agent->id] = std::move(*agent);
  } else if (type == "TokenIssued") {
    TokenInfo info;
    info.id = get_string(o, "id");
    info.actor.role = domain::parse_role(get_string(o, "role")).value_or(domain::Role::kCustomer);
    info.actor.tenant = get_string(o, "tenant");
    info.actor.id = get_string(o, "user_id");
    info.actor.email = get_string(o, "email");
    info.actor.name = get_string(o, "name");
    info.created_at = at;
    const std::string hash(get_string(o, "secret_sha256"));
    hash_by_id_[info.id] = hash;
    tokens_by_hash_[hash] = std::move(info);
  } else if (type == "TokenRevoked") {
    auto it = hash_by_id_.find(std::string(get_string(o, "id")));
    if (it == hash_by_id_.end()) return;
    tokens_by_hash_.erase(it->second);
    hash_by_id_.erase(it);
  }
}

std::optional<domain::Actor> Directory::authenticate(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  return authenticate_hash(sha256_hex(token));
}

std::optional<domain::Actor> Directory::authenticate_hash(std::string_view hash) const {
  if (!bootstrap_hash_.empty() && hash == bootstrap_hash_) {
    return domain::Actor{std::string(kBootstrapId), domain::Role::kAdmin, "", "", "Bootstrap admin"};
  }
  std::shared_lock lock(mu_);
  auto it = tokens_by_hash_.find(std::string(hash));
  if (it == tokens_by_hash_.end()) return std::nullopt;
  return it->second.actor;
}

std::optional<Tenant> Directory::tenant(std::string_view slug) const {
  std::shared_lock lock(mu_);
  auto it = tenants_.find(slug);
  if (it == tenants_.end()) return std::nullopt;
  return it->second;
}

std::optional<domain::Actor> Directory::customer_by_email(std::string_view tenant,
                                                        std::string_view email) const {
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  std::shared_lock lock(mu_);
  for (const auto& [hash, info] : tokens_by_hash_) {
    if (domain::is_customer(info.actor.role) && info.actor.tenant == tenant &&
        !info.actor.email.empty() && same(info.actor.email, email)) {
      return info.actor;
    }
  }
  return std::nullopt;
}

std::vector<Tenant> Directory::tenants(std::string_view after_slug, std::size_t limit) const {
  std::shared_lock lock(mu_);
  std::vector<Tenant> out;
  for (auto it = after_slug.empty() ? tenants_.begin() : tenants_.upper_bound(after_slug);
       it != tenants_.end() && out.size() < limit; ++it) {
    out.push_back(it->second);
  }
  return out;
}

domain::SlaPolicy Directory::policy(std::string_view slug) const {
  std::shared_lock lock(mu_);
  auto it = tenants_.find(slug);
  return it == tenants_.end() ? domain::SlaPolicy::defaults() : it->second.policy;
}

domain::Result<void> Directory::append(std::string_view stream, std::string type,
                                       std::string tenant, std::string data,
                                       const domain::Actor& by, domain::Instant now) {
  eventstore::NewEvent e;
  e.event_id = new_event_id('d');
  e.type = std::move(type);
  e.tenant = std::move(tenant);
  e.actor = eventstore::ActorRef{by.id, std::string(domain::to_string(by.role))};
  e.occurred_at_ms = now.time_since_epoch().count();
  e.data = std::move(data);
  const std::string applied_type = e.type;
  const std::string applied_data = e.data;
  std::vector<eventstore::NewEvent> events;
  events.push_back(std::move(e));
  auto r = store_.append(std::string(stream), eventstore::ExpectedVersion::any(), std::move(events));
  if (!r) return domain::make_error(ErrorCode::kInternal, "the event store failed: " + r.error().message);
  apply(applied_type, applied_data, now);
  return {};
}

domain::Result<Tenant> Directory::create_tenant(std::string slug, std::string name,
                                                const domain::Actor& by, domain::Instant now) {
  if (!valid_slug(slug)) {
    return validation("slug", "must be 1-40 lowercase letters, digits or '-', not starting with '-'");
  }
  domain::FieldErrors errors;
  domain::check_text(name, domain::TextRule{200, 0, true, domain::TextRule::Lines::kOne}, "name",
                     errors);
  if (!errors.empty()) return validation("name", errors.front().message);
  std::lock_guard write(write_mu_);
  if (tenant(slug)) return domain::make_error(ErrorCode::kConflict, "tenant \"" + slug + "\" exists");
  std::string data;
  domain::JsonWriter w(data);
  w.begin_object();
  w.member("slug", slug);
  w.member("name", name);
  w.end_object();
  if (auto r = append(kTenantsStream, "TenantCreated", slug, std::move(data), by, now); !r) {
    return r.error();
  }
  return *tenant(slug);
}

domain::Result<Tenant> Directory::set_policy(std::string_view slug, domain::SlaPolicy policy,
                                             const domain::Actor& by, domain::Instant now) {
  std::lock_guard write(write_mu_);
  if (!tenant(slug)) return domain::make_error(ErrorCode::kNotFound, "no such tenant");
  std::string data = "{\"slug\":";
  domain::append_json_string(data, slug);
  data += ",";
  std::string body;
  write_policy(body, policy);
  data.append(body, 1, std::string::npos);  // splice the policy's members in
  if (auto r = append(kTenantsStream, "TenantSlaChanged", std::string(slug), std::move(data), by, now);
      !r) {
    return r.error();
  }
  return *tenant(slug);
}

domain::Result<std::pair<TokenInfo, std::string>> Directory::issue_token(domain::Actor actor,
                                                                         const domain::Actor& by,
                                                                         domain::Instant now) {
  TokenInfo info;
  info.id = "tok_" + random_hex(8);
  info.actor = std::move(actor);
  info.created_at = now;
  std::string secret = "tkd_" + random_hex(24);
  std::string data;
  domain::JsonWriter w(data);
  w.begin_object();
  w.member("id", info.id);
  w.member("role", domain::to_string(info.actor.role));
  w.member("tenant", info.actor.tenant);
  w.member("user_id", info.actor.id);
  w.member("email", info.actor.email);
  w.member("name", info.actor.name);
  w.member("secret_sha256", sha256_hex(secret));
  w.end_object();
  std::lock_guard write(write_mu_);
  if (auto r = append(kTokensStream, "TokenIssued", info.actor.tenant, std::move(data), by, now); !r) {
    return r.error();
  }
  return std::make_pair(std::move(info), std::move(secret));
}

domain::Result<void> Directory::revoke_token(std::string_view id, const domain::Actor& by,
                                             domain::Instant now) {
  std::lock_guard write(write_mu_);
  std::string hash;
  TokenInfo info;
  {
    std::unique_lock lock(mu_);
    auto it = hash_by_id_.find(std::string(id));
    if (it == hash_by_id_.end()) return domain::make_error(ErrorCode::kNotFound, "no such token");
    hash = it->second;
    auto token = tokens_by_hash_.find(hash);
    if (token != tokens_by_hash_.end()) {
      info = std::move(token->second);
      tokens_by_hash_.erase(token);
    }
  }
  std::string data;
  domain::JsonWriter w(data);
  w.begin_object();
  w.member("id", id);
  w.end_object();
  auto done = append(kTokensStream, "TokenRevoked", "", std::move(data), by, now);
  if (!done) {  // still valid: the revocation never happened
    std::unique_lock lock(mu_);
    tokens_by_hash_[hash] = std::move(info);
  }
  return done;
}

void Directory::write_policy(std::string& out, const domain::SlaPolicy& policy) {
  domain::JsonWriter w(out);
  w.begin_object();
  w.key("policies");
  w.begin_object();
  for (int p = 3; p >= 0; --p) {
    const auto priority = static_cast<domain::Priority>(p);
    const domain::SlaTargets t = policy.for_priority(priority);
    w.key(domain::to_string(priority));
    w.begin_object();
    w.member("first_response_s", t.first_response.count() / 1000);
    w.member("resolution_s", t.resolution.count() / 1000);
    w.end_object();
  }
  w.end_object();
  const domain::BusinessHours& h = policy.business_hours;
  w.key("business_hours");
  w.begin_object();
  w.member("time_zone", h.time_zone);
  w.key("weekly");
  w.begin_array();
  for (const auto& day : h.weekly) {
    w.begin_array();
    for (const domain::OpenInterval& i : day) {
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

domain::Result<domain::SlaPolicy> Directory::parse_policy(std::string_view json,
                                                          domain::SlaPolicy base) {
  dom::parser parser;
  dom::object root;
  if (parser.parse(json.data(), json.size()).get_object().get(root) != simdjson::SUCCESS) {
    return validation("", "must be a JSON object");
  }
  domain::Error errors = domain::make_error(ErrorCode::kValidation, "invalid SLA policy");
  auto fail = [&](std::string field, std::string message) {
    errors.fields.push_back({std::move(field), std::move(message)});
  };
  dom::element policies;
  if (root["policies"].get(policies) == simdjson::SUCCESS) {
    dom::object po;
    if (policies.get_object().get(po) != simdjson::SUCCESS) {
      fail("policies", "must be an object");
    } else {
      for (auto [key, value] : po) {
        const std::string field = "policies." + std::string(key);
        const std::optional<domain::Priority> p = domain::parse_priority(key);
        dom::object targets;
        if (!p) {
          fail(field, "unknown priority");
          continue;
        }
        if (value.get_object().get(targets) != simdjson::SUCCESS) {
          fail(field, "must be an object");
          continue;
        }
        domain::SlaTargets& t = base.targets[static_cast<std::size_t>(*p)];
        for (auto [name, target] :
             {std::pair{"first_response_s", &t.first_response}, std::pair{"resolution_s", &t.resolution}}) {
          dom::element v;
          if (targets[name].get(v) != simdjson::SUCCESS) continue;
          std::int64_t seconds = 0;
          if (v.get_int64().get(seconds) != simdjson::SUCCESS || seconds < 1 ||
              seconds > 10LL * 365 * 24 * 3600) {
            fail(field + "." + name, "must be a whole number of seconds, 1 to 10 years");
            continue;
          }
          *target = domain::Millis(seconds * 1000);
        }
      }
    }
  }
  dom::element hours_el;
  if (root["business_hours"].get(hours_el) == simdjson::SUCCESS && !hours_el.is_null()) {
    dom::object ho;
    domain::BusinessHours hours;
    if (hours_el.get_object().get(ho) != simdjson::SUCCESS) {
      fail("business_hours", "must be an object");
    } else {
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
              hours.weekly[day].push_back(
                  domain::OpenInterval{static_cast<int>(start), static_cast<int>(end)});
            }
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
      if (errors.fields.empty()) {
        domain::Result<domain::BusinessHours> valid = domain::validate_business_hours(hours);
        if (!valid) {
          for (const domain::FieldError& f : valid.error().fields) errors.fields.push_back(f);
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

void write_agent_setting(domain::JsonWriter& w, const Agent& agent) {
  w.member("available", agent.available);
  w.key("max_open");
  if (agent.max_open) {
    w.value(static_cast<std::uint64_t>(*agent.max_open));
  } else {
    w.value(nullptr);
  }
}

}  // namespace ticketd::api
