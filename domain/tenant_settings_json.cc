// A tenant's settings as JSON: what PUT .../settings takes and
// TenantSettingsChanged carries (directory_json.h).

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "domain/directory_json.h"
#include "domain/json_writer.h"

namespace ticketd::domain {
namespace {

namespace dom = simdjson::dom;

constexpr std::int64_t kMaxAutoCloseSeconds = 10LL * 365 * 24 * 3600;
constexpr std::size_t kMaxAttachmentTypes = 50;

std::string_view unverified_mail_name(UnverifiedMail m) {
  return m == UnverifiedMail::kOpenTicket ? "open_ticket" : "hold";
}

// The languages notification mail is written in.
constexpr std::array<std::string_view, 2> kMailLanguages = {"en", "de"};

// "#1d4ed8": '#' and six hex digits.
bool is_hex_color(std::string_view s) {
  return s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace

bool is_mail_language(std::string_view language) {
  return std::find(kMailLanguages.begin(), kMailLanguages.end(), language) != kMailLanguages.end();
}

// "type/subtype" or "type/*": RFC 6838 restricted names, at most 127 each.
static bool is_media_type_pattern(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 127) return false;
  auto name = [](std::string_view s) {
    if (s.empty() || s.size() > 127 || !std::isalnum(static_cast<unsigned char>(s[0])))
      return false;
    for (char c : s) {
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          std::string_view("!#$&-^_.+").find(c) == std::string_view::npos)
        return false;
    }
    return true;
  };
  const std::string_view sub = text.substr(slash + 1);
  return name(text.substr(0, slash)) && (sub == "*" || name(sub));
}

void write_tenant_settings(std::string& out, const TenantSettings& settings) {
  JsonWriter w(out);
  w.begin_object();
  w.member("auto_close_after_s",
           static_cast<std::int64_t>(settings.auto_close_after.count() / 1000));
  w.key("auto_assign");
  w.begin_array();
  for (Category c : settings.auto_assign) w.value(to_string(c));
  w.end_array();
  w.key("attachment_types");
  w.begin_array();
  for (const std::string& t : settings.attachment_types) w.value(t);
  w.end_array();
  w.member("unverified_mail", unverified_mail_name(settings.unverified_mail));
  w.member("language", settings.language);
  w.member("brand_color", settings.brand_color);
  w.end_object();
}

Result<TenantSettings> parse_tenant_settings(std::string_view json, TenantSettings base) {
  dom::parser parser;
  dom::object root;
  Error errors = make_error(ErrorCode::kValidation, "invalid tenant settings");
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
      base.auto_close_after = Millis(n * unit * 1000);
    }
  }
  dom::element assign_el;
  if (root["auto_assign"].get(assign_el) == simdjson::SUCCESS) {
    dom::array categories;
    if (assign_el.get_array().get(categories) != simdjson::SUCCESS) {
      fail("auto_assign", "must be an array of categories");
    } else {
      std::vector<Category> parsed;
      std::size_t i = 0;
      for (dom::element c : categories) {
        std::string_view name;
        std::optional<Category> category;
        if (c.get_string().get(name) == simdjson::SUCCESS) category = parse_category(name);
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
  dom::element types_el;
  if (root["attachment_types"].get(types_el) == simdjson::SUCCESS) {
    dom::array types;
    if (types_el.get_array().get(types) != simdjson::SUCCESS) {
      fail("attachment_types", "must be an array of media types");
    } else if (types.size() > kMaxAttachmentTypes) {
      fail("attachment_types", "must hold at most " + std::to_string(kMaxAttachmentTypes));
    } else {
      std::vector<std::string> parsed;
      std::size_t i = 0;
      for (dom::element t : types) {
        std::string_view text;
        if (t.get_string().get(text) != simdjson::SUCCESS || !is_media_type_pattern(text)) {
          fail("attachment_types[" + std::to_string(i) + "]",
               "must be a media type such as application/pdf, or a family such as image/*");
        } else {
          std::string lower(text);
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          parsed.push_back(std::move(lower));
        }
        ++i;
      }
      std::sort(parsed.begin(), parsed.end());
      parsed.erase(std::unique(parsed.begin(), parsed.end()), parsed.end());
      base.attachment_types = std::move(parsed);
    }
  }
  dom::element unverified_el;
  if (root["unverified_mail"].get(unverified_el) == simdjson::SUCCESS) {
    std::string_view name;  // stays empty when it is no string
    (void)unverified_el.get_string().get(name);
    if (name == "hold") {
      base.unverified_mail = UnverifiedMail::kHold;
    } else if (name == "open_ticket") {
      base.unverified_mail = UnverifiedMail::kOpenTicket;
    } else {
      fail("unverified_mail", "must be \"hold\" or \"open_ticket\"");
    }
  }
  dom::element language_el;
  if (root["language"].get(language_el) == simdjson::SUCCESS) {
    std::string_view name;  // stays empty when it is no string
    (void)language_el.get_string().get(name);
    if (!is_mail_language(name)) {
      fail("language", "must be \"en\" or \"de\"");
    } else {
      base.language = std::string(name);
    }
  }
  dom::element color_el;
  if (root["brand_color"].get(color_el) == simdjson::SUCCESS) {
    std::string_view color;
    const bool text = color_el.get_string().get(color) == simdjson::SUCCESS;
    if (!text || !(color.empty() || is_hex_color(color))) {
      fail("brand_color", "must be a colour as #rrggbb, or empty for the default");
    } else {
      base.brand_color = std::string(color);
      for (char& c : base.brand_color)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!errors.fields.empty()) return errors;
  return base;
}

}  // namespace ticketd::domain
