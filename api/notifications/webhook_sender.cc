#include "api/notifications/webhook_sender.h"

#include <curl/curl.h>
#include <openssl/hmac.h>

#include <algorithm>

#include "api/notifications/smtp_mailer.h"
#include "domain/hex.h"

namespace ticketd::api {
namespace {

// What is read of an answer: its start, and no more than kMaxAnswerBytes.
struct Answer {
  static constexpr std::size_t kKeep = 300;
  static constexpr std::size_t kMaxAnswerBytes = 64 * 1024;
  std::string start;
  std::size_t total = 0;
  bool cut = false;  // longer than kMaxAnswerBytes: the transfer was stopped
};

std::size_t keep_some(char* data, std::size_t size, std::size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  const std::size_t n = size * count;
  if (answer->start.size() < Answer::kKeep) {
    answer->start.append(data, std::min(n, Answer::kKeep - answer->start.size()));
  }
  answer->total += n;
  if (answer->total > Answer::kMaxAnswerBytes) {
    answer->cut = true;
    return 0;  // stops the transfer (CURLE_WRITE_ERROR)
  }
  return n;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &n);
  return domain::hex_encode(digest, n);
}

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_text = t + ".";
  signed_text.append(body);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, signed_text);
}

std::string text_excerpt(std::string_view bytes, std::size_t max) {
  std::string out;
  bool space = false;
  for (char c : bytes) {
    if (out.size() >= max) break;
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(u < 0x80 ? c : '?');  // text only: no bytes a log viewer could misread
  }
  return out;
}

WebhookSender::WebhookSender(std::chrono::milliseconds timeout, OutboundPolicy policy)
    : timeout_(timeout), policy_(std::move(policy)) {
  init_curl_once();
}

DeliveryOutcome WebhookSender::post(const std::string& url, const std::string& body,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::atomic<bool>& cancel) const {
  DeliveryOutcome out;
  auto target = policy_.resolve(url);
  if (!target) {
    out.error = "refused by the outbound policy: " + target.error().message;
    return out;
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    out.error = "curl_easy_init failed";
    return out;
  }
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : headers)
    list = curl_slist_append(list, (name + ": " + value).c_str());
  // The address of this one resolution, and no other lookup.
  curl_slist* pinned = nullptr;
  if (!target->url.literal) {
    const std::string address = target->address.is_v6() ? "[" + target->address.to_string() + "]"
                                                        : target->address.to_string();
    pinned = curl_slist_append(
        nullptr,
        (target->url.host + ":" + std::to_string(target->url.port) + ":" + address).c_str());
    curl_easy_setopt(curl, CURLOPT_RESOLVE, pinned);
  }
  Answer response;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // no proxy from the environment: the pin holds
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "ticketd-webhooks/1");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_some);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &cancel);
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    out.cancelled = true;
    out.error = "cancelled by shutdown";
  } else if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && response.cut)) {
    out.error = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
  } else if (out.status >= 200 && out.status < 300) {
    out.ok = true;
  } else {
    out.error = "HTTP " + std::to_string(out.status);
    if (const std::string excerpt = text_excerpt(response.start); !excerpt.empty()) {
      out.error += ": " + excerpt;
    }
  }
  curl_slist_free_all(pinned);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return out;
}

}  // namespace ticketd::api
