#include "projections/text_tokens.h"

#include <algorithm>

namespace ticketd::projections {
namespace {

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) {
      words.push_back(word);
    }
    word.clear();
  };
  for (char c : text) {
    if (word_byte(static_cast<unsigned char>(c))) {
      word.push_back(lower(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

bool matches_words(std::string_view text, const std::vector<std::string>& query_words) {
  const std::vector<std::string> words = words_of(text);
  return std::all_of(query_words.begin(), query_words.end(), [&](const std::string& q) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return w.starts_with(q); });
  });
}

}  // namespace ticketd::projections
