#pragma once
// Words of a ticket subject, for the queue's `q` filter. A word is a maximal
// run of ASCII letters and digits or of non-ASCII bytes (so UTF-8 words stay
// whole), ASCII-lowercased. `q` matches a subject when every word of `q` is
// a prefix of some word of the subject: "log fail" finds "Login failed".

#include <string>
#include <string_view>
#include <vector>

namespace ticketd::projections {

// The distinct words of `text`, in order of first appearance.
std::vector<std::string> words_of(std::string_view text);

// Whether every word of `query_words` is a prefix of a word of `text`.
bool matches_words(std::string_view text, const std::vector<std::string>& query_words);

}  // namespace ticketd::projections
