#include "domain/validation.h"

#include <algorithm>
#include <cstdint>

namespace ticketd::domain {
namespace {

void add(FieldErrors& errors, std::string_view field, std::string message) {
  errors.push_back(FieldError{std::string(field), std::move(message)});
}

// Decodes the code point starting at s[i] and advances i past it; returns
// -1 (without advancing past the end) for malformed UTF-8.
std::int32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = 0;
  std::int32_t cp = 0;
  std::int32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return -1;
  }
  if (i + static_cast<std::size_t>(extra) >= s.size()) return -1;  // truncated sequence
  for (int k = 1; k <= extra; ++k) {
    const unsigned char b = byte(i + static_cast<std::size_t>(k));
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

// Unicode general category Cc: C0 controls, DEL and C1 controls.
bool is_control(std::int32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Unicode White_Space, and the format characters that show nothing
// (zero-width space, non-joiner, joiner, word joiner, BOM, Mongolian vowel
// separator): text made only of these looks empty.
bool is_invisible(std::int32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         cp == 0x180E || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

bool control_allowed(std::int32_t cp, TextRule::Lines lines) {
  switch (lines) {
    case TextRule::Lines::kOne:
      return false;
    case TextRule::Lines::kSubject:
      return cp == '\t' || cp == '\n';
    case TextRule::Lines::kMany:
      return cp == '\t' || cp == '\n' || cp == '\r';
  }
  return false;
}

bool is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_id_char(char c) { return c > 0x20 && c < 0x7F; }

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (next_code_point(s, i) < 0) return std::nullopt;
    ++count;
  }
  return count;
}

bool is_blank(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::int32_t cp = next_code_point(s, i);
    if (cp < 0 || !is_invisible(cp)) return false;
  }
  return true;
}

void check_text(std::string_view value, const TextRule& rule, std::string_view field,
                FieldErrors& errors) {
  if (rule.max_bytes != 0 && value.size() > rule.max_bytes) {
    add(errors, field, "must be at most " + std::to_string(rule.max_bytes) + " bytes");
    return;
  }
  std::size_t count = 0;
  bool visible = false;
  std::size_t i = 0;
  while (i < value.size()) {
    const std::int32_t cp = next_code_point(value, i);
    if (cp < 0) {
      add(errors, field, "must be valid UTF-8");
      return;
    }
    if (is_control(cp) && !control_allowed(cp, rule.lines)) {
      add(errors, field,
          rule.lines == TextRule::Lines::kOne ? "must be one line without control characters"
                                              : "must not contain control characters");
      return;
    }
    visible = visible || !is_invisible(cp);
    ++count;
  }
  if (rule.required && !visible) {
    add(errors, field, "must not be empty");
  } else if (rule.max_chars != 0 && count > rule.max_chars) {
    add(errors, field, "must be at most " + std::to_string(rule.max_chars) + " characters");
  }
}

void check_subject(std::string_view value, std::string_view field, FieldErrors& errors) {
  check_text(value, kSubjectRule, field, errors);
}

void check_body(std::string_view value, std::string_view field, FieldErrors& errors) {
  check_text(value, kBodyRule, field, errors);
}

void check_text(std::string_view value, std::size_t max_chars, bool required,
                std::string_view field, FieldErrors& errors) {
  check_text(value, TextRule{max_chars, 0, required, TextRule::Lines::kMany}, field, errors);
}

void check_id(std::string_view value, std::string_view field, FieldErrors& errors) {
  if (value.empty()) {
    add(errors, field, "must not be empty");
  } else if (value.size() > kMaxIdBytes) {
    add(errors, field, "must be at most " + std::to_string(kMaxIdBytes) + " bytes");
  } else if (!std::all_of(value.begin(), value.end(), is_id_char)) {
    add(errors, field, "must be printable ASCII without spaces");
  }
}

void check_email(std::string_view value, std::string_view field, FieldErrors& errors) {
  const auto bad = [&] { add(errors, field, "must be an email address like name@example.com"); };
  if (value.empty() || value.size() > kMaxEmailBytes || !utf8_length(value)) return bad();
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return bad();
  }
  const std::size_t at = value.find('@');
  if (at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos) {
    return bad();
  }
  const std::string_view local = value.substr(0, at);
  const std::string_view domain = value.substr(at + 1);
  if (local.empty() || local.size() > 64 || domain.empty()) return bad();
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      if (i == label_start) return bad();  // empty label: "a@.b", "a@b..c", "a@b."
      label_start = i + 1;
    }
  }
}

void check_rating(int value, std::string_view field, FieldErrors& errors) {
  if (value < kMinRating || value > kMaxRating) {
    add(errors, field,
        "must be between " + std::to_string(kMinRating) + " and " + std::to_string(kMaxRating));
  }
}

std::optional<std::string> normalize_tag(std::string_view tag, std::string_view field,
                                         FieldErrors& errors) {
  std::string normalized(tag);
  for (char& c : normalized) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (normalized.empty() || normalized.size() > kMaxTagBytes ||
      !std::all_of(normalized.begin(), normalized.end(), is_tag_char)) {
    add(errors, field,
        "must be 1 to " + std::to_string(kMaxTagBytes) + " characters from a-z, 0-9, _ and -");
    return std::nullopt;
  }
  return normalized;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool same_email(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<Error> validation_error(FieldErrors errors) {
  if (errors.empty()) return std::nullopt;
  std::string message = "invalid fields:";
  for (const FieldError& e : errors) {
    message += ' ';
    message += e.field;
  }
  return Error{ErrorCode::kValidation, std::move(message), std::move(errors)};
}

}  // namespace ticketd::domain
