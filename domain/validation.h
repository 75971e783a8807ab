#pragma once
// Field checks for command input. Each check appends FieldErrors named as in
// the API's JSON ("subject", "tags.add[0]", "requester.email") so that one
// answer lists every problem, not just the first; validation_error() turns
// the list into a kValidation Error. Pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace ticketd::domain {

inline constexpr std::size_t kMaxSubjectChars = 200;        // code points
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;     // message body and description
inline constexpr std::size_t kMaxQuotedBytes = 256 * 1024;  // a mail's quoted history
inline constexpr std::size_t kMaxTagBytes = 64;
inline constexpr std::size_t kMaxTagsPerTicket = 50;
inline constexpr int kMinRating = 1;
inline constexpr int kMaxRating = 5;
inline constexpr std::size_t kMaxCommentChars = 2000;  // code points
inline constexpr std::size_t kMaxReasonChars = 500;    // code points
inline constexpr std::size_t kMaxNameChars = 200;      // code points
inline constexpr std::size_t kMaxIdBytes = 128;
inline constexpr std::size_t kMaxEmailBytes = 254;

using FieldErrors = std::vector<FieldError>;

// The number of Unicode code points in `s`, or std::nullopt when `s` is not
// valid UTF-8 (overlong forms, surrogates and values above U+10FFFF are
// invalid).
std::optional<std::size_t> utf8_length(std::string_view s);

// Whether `s` holds nothing a reader would see: only Unicode white space
// (ASCII spaces and line breaks, NBSP, the U+2000 spaces, ideographic space,
// ...) and invisible format characters (zero-width space and joiners, BOM).
// Malformed UTF-8 is not blank.
bool is_blank(std::string_view s);

// What a text field may hold. Every free-text field of the API is checked
// against one of these, so "empty" and "control character" mean the same
// for a subject, a token holder's name and an inbound mail's body.
struct TextRule {
  std::size_t max_chars = 0;  // code points; 0: no limit by characters
  std::size_t max_bytes = 0;  // bytes; 0: no limit by bytes
  bool required = true;       // must hold something besides blank characters
  // Which control characters are allowed: none for a one-line text (a name),
  // tab and LF for a subject (the API has always taken them), tab, LF and
  // CR for a message. NUL, DEL, the other C0 and all C1 controls never are.
  enum class Lines { kOne, kSubject, kMany } lines = Lines::kOne;
};

inline constexpr TextRule kSubjectRule{kMaxSubjectChars, 0, true, TextRule::Lines::kSubject};
inline constexpr TextRule kBodyRule{0, kMaxBodyBytes, true, TextRule::Lines::kMany};
inline constexpr TextRule kNameRule{kMaxNameChars, 0, false, TextRule::Lines::kOne};

// Valid UTF-8 within the rule's limits, without control characters it does
// not allow, and, when required, not blank. One error per field.
void check_text(std::string_view value, const TextRule& rule, std::string_view field,
                FieldErrors& errors);

// Subject: kSubjectRule.
void check_subject(std::string_view value, std::string_view field, FieldErrors& errors);

// Message body or description: kBodyRule.
void check_body(std::string_view value, std::string_view field, FieldErrors& errors);

// Free text of several lines limited to `max_chars` code points; `required`
// also rejects blank text (an escalation reason), while optional text (a
// rating comment) may be empty.
void check_text(std::string_view value, std::size_t max_chars, bool required,
                std::string_view field, FieldErrors& errors);

// An opaque identifier (ticket, message, user, tenant): 1..kMaxIdBytes
// printable ASCII characters without spaces.
void check_id(std::string_view value, std::string_view field, FieldErrors& errors);

// An email address of the usual shape local@domain: one '@', a local part of
// 1..64 bytes, a domain of dot-separated non-empty labels, no whitespace or
// control characters, at most kMaxEmailBytes in all.
void check_email(std::string_view value, std::string_view field, FieldErrors& errors);

// A satisfaction rating, kMinRating..kMaxRating.
void check_rating(int value, std::string_view field, FieldErrors& errors);

// Returns `tag` lowercased (ASCII) if the result is 1..kMaxTagBytes
// characters from [a-z0-9_-]; otherwise appends an error and returns
// std::nullopt.
std::optional<std::string> normalize_tag(std::string_view tag, std::string_view field,
                                         FieldErrors& errors);

// Case-insensitive (ASCII) email equality: how a customer's login is matched
// to a ticket's requester.
bool same_email(std::string_view a, std::string_view b);
// `s` with A-Z lowered, the rest as it is: the form same_email compares.
std::string ascii_lower(std::string_view s);

// A kValidation error listing `errors`, or std::nullopt when there are none.
std::optional<Error> validation_error(FieldErrors errors);

}  // namespace ticketd::domain
