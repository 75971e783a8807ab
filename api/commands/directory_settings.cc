// Directory: tenant automation settings and agents (auto-assign), and the
// JSON forms both take in the API and in their events.

#include <simdjson.h>

#include <algorithm>

#include "api/commands/directory.h"
#include "api/commands/ids.h"
#include "domain/json_writer.h"

namespace ticketd::api {
namespace {

namespace dom = simdjson::dom;
using domain::ErrorCode;

constexpr std::int64_t kMaxAutoCloseSeconds = 10LL * 365 * 24 * 3600;
constexpr std::size_t kMaxAgentId = 128;

bool valid_agent_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxAgentId && std::none_of(id.begin(), id.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

}  // namespace

bool TenantSettings::auto_assigns(domain::Category c) const {
  return std::binary_search(auto_assign.begin(), auto_assign.end(), c);
}

TenantSettings Directory::settings(std::string_view slug) const {
  std::shared_lock lock(mu_);
  auto it = tenants_.find(slug);
  return it == tenants_.end() ? TenantSettings{} : it->second.settings;
}

domain::Result<Tenant> Directory::set_settings(std::string_view slug, TenantSettings settings,
                                               const domain::Actor& by, domain::Instant now) {
  std::lock_guard write(write_mu_);
  if (!tenant(slug)) return domain::make_error(ErrorCode::kNotFound, "no such tenant");
  std::string data = "{\"slug\":";
  domain::append_json_string(data, slug);
  data += ",";
  std::string body;
  write_settings(body, settings);
  data.append(body, 1, std::string::npos);  // splice the settings' members in
  if (auto r = append(kTenantsStream, "TenantSettingsChanged", std::string(slug), std::move(data),
                      by, now);
      !r) {
    return r.error();
  }
  return *tenant(slug);
}

std::optional<Agent> Directory::agent(std::string_view id) const {
  std::shared_lock lock(mu_);
  auto it = agents_.find(id);
  if (it == agents_.end()) return std::nullopt;
  return it->second;
}

std::vector<Agent> Directory::agents() const {
  std::shared_lock lock(mu_);
  std::vector<Agent> out;
  for (const auto& [id, agent] : agents_) out.push_back(agent);
  return out;
}

domain::Result<Agent> Directory::set_agent(Agent agent, const domain::Actor& by,
                                           domain::Instant now) {
  if (!valid_agent_id(agent.id)) {
    domain::Error e =
        domain::make_error(ErrorCode::kValidation, "id: 1-128 bytes, no control characters");
    e.fields.push_back({"id", "must be 1-128 bytes without control characters"});
    return e;
  }
  std::string data;
  domain::JsonWriter w(data);
  w.begin_object();
  w.member("id", agent.id);
  w.member("available", agent.available);
  w.key("max_open");
  agent.max_open ? w.value(static_cast<std::uint64_t>(*agent.max_open)) : w.value(nullptr);
  w.end_object();
  std::lock_guard write(write_mu_);
  if (auto r = append(kAgentsStream, "AgentChanged", "", std::move(data), by, now); !r) {
    return r.error();
  }
  return *this->agent(agent.id);
}

void Directory::write_settings(std::string& out, const TenantSettings& settings) {
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("auto_close_after_s",
           static_cast<std::int64_t>(settings.auto_close_after.count() / 1000));
  w.key("auto_assign");
  w.begin_array();
  for (domain::Category c : settings.auto_assign) w.value(domain::to_string(c));
  w.end_array();
  w.end_object();
}

domain::Result<TenantSettings> Directory::parse_settings(std::string_view json,
                                                         TenantSettings base) {
  dom::parser parser;
  dom::object root;
  domain::Error errors = domain::make_error(ErrorCode::kValidation, "invalid tenant settings");
  auto fail = [&](std::string field, std::string message) {
    errors.fields.push_back({std::move(field), std::move(message)});
  };
  if (parser.parse(json.data(), json.size()).get_object().get(root) != simdjson::SUCCESS) {
    fail("", "must be a JSON object");
    return errors;
  }
  dom::element seconds_el;
  dom::element days_el;
  const bool has_seconds = root["auto_close_after_s"].get(seconds_el) == simdjson::SUCCESS;
  const bool has_days = root["auto_close_days"].get(days_el) == simdjson::SUCCESS;
  if (has_seconds && has_days) {
    fail("auto_close_days", "give auto_close_days or auto_close_after_s, not both");
  } else if (has_seconds || has_days) {
    const char* field = has_seconds ? "auto_close_after_s" : "auto_close_days";
    const std::int64_t unit = has_seconds ? 1 : 86400;
    std::int64_t n = 0;
    if ((has_seconds ? seconds_el : days_el).get_int64().get(n) != simdjson::SUCCESS || n < 0 ||
        n > kMaxAutoCloseSeconds / unit) {
      fail(field, "must be a whole number from 0 (never) to 10 years");
    } else {
      base.auto_close_after = domain::Millis(n * unit * 1000);
    }
  }
  dom::element assign_el;
  if (root["auto_assign"].get(assign_el) == simdjson::SUCCESS) {
    dom::array categories;
    if (assign_el.get_array().get(categories) != simdjson::SUCCESS) {
      fail("auto_assign", "must be an array of categories");
    } else {
      std::vector<domain::Category> parsed;
      std::size_t i = 0;
      for (dom::element c : categories) {
        std::string_view name;
        std::optional<domain::Category> category;
        if (c.get_string().get(name) == simdjson::SUCCESS) category = domain::parse_category(name);
        if (!category) {
          fail("auto_assign[" + std::to_string(i) + "]", "unknown category");
        } else {
          parsed.push_back(*category);
        }
        ++i;
      }
      std::sort(parsed.begin(), parsed.end());
      parsed.erase(std::unique(parsed.begin(), parsed.end()), parsed.end());
      base.auto_assign = std::move(parsed);
    }
  }
  if (!errors.fields.empty()) return errors;
  return base;
}

std::optional<std::pair<std::string, TenantSettings>> Directory::settings_event(
    std::string_view data) {
  dom::parser parser;
  dom::object o;
  std::string_view slug;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS ||
      o["slug"].get_string().get(slug) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  domain::Result<TenantSettings> settings = parse_settings(data, TenantSettings{});
  if (!settings) return std::nullopt;
  return std::make_pair(std::string(slug), std::move(*settings));
}

std::optional<Agent> Directory::agent_event(std::string_view data, domain::Instant at) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(data.data(), data.size()).get_object().get(o) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  Agent agent;
  std::string_view id;
  if (o["id"].get_string().get(id) != simdjson::SUCCESS ||
      o["available"].get_bool().get(agent.available) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  agent.id = id;
  std::uint64_t cap = 0;
  if (o["max_open"].get_uint64().get(cap) == simdjson::SUCCESS) {
    agent.max_open = static_cast<std::uint32_t>(std::min<std::uint64_t>(cap, UINT32_MAX));
  }
  agent.updated_at = at;
  return agent;
}

}  // namespace ticketd::api
