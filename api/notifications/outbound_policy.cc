#include "api/notifications/outbound_policy.h"

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "api/notifications/smtp_mailer.h"

namespace ticketd::api {
namespace {

namespace ip = boost::asio::ip;

domain::Error refused(std::string_view field, std::string message) {
  return domain::Error{domain::ErrorCode::kValidation,
                       std::string(field) + ": " + message,
                       {{std::string(field), std::move(message)}}};
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct V4Range {
  std::uint32_t network;
  int prefix;
  const char* why;
};

// IANA's IPv4 special-purpose registry, less what is reachable on the
// internet.
constexpr std::array<V4Range, 16> kV4{{
    {0x00000000, 8, "unspecified (0.0.0.0/8)"},
    {0x0A000000, 8, "private (RFC 1918)"},
    {0x64400000, 10, "shared address space (RFC 6598)"},
    {0x7F000000, 8, "loopback"},
    {0xA9FE0000, 16, "link-local (169.254.0.0/16)"},
    {0xAC100000, 12, "private (RFC 1918)"},
    {0xC0000000, 24, "reserved for IETF protocols (192.0.0.0/24)"},
    {0xC0000200, 24, "documentation (192.0.2.0/24)"},
    {0xC0586300, 24, "6to4 relay anycast (192.88.99.0/24)"},
    {0xC0A80000, 16, "private (RFC 1918)"},
    {0xC6120000, 15, "benchmarking (198.18.0.0/15)"},
    {0xC6336400, 24, "documentation (198.51.100.0/24)"},
    {0xCB007100, 24, "documentation (203.0.113.0/24)"},
    {0xE0000000, 4, "multicast"},
    {0xF0000000, 4, "reserved (240.0.0.0/4)"},
    {0xFFFFFFFF, 32, "broadcast"},
}};

std::optional<std::string> internal_v4(std::uint32_t a) {
  for (const V4Range& r : kV4) {
    const std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
    if ((a & mask) == r.network) return std::string(r.why);
  }
  return std::nullopt;
}

std::uint32_t v4_at(const ip::address_v6::bytes_type& b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 |
         std::uint32_t{b[at + 2]} << 8 | std::uint32_t{b[at + 3]};
}

bool starts_with(const ip::address_v6::bytes_type& b, std::initializer_list<int> prefix) {
  std::size_t i = 0;
  for (int byte : prefix) {
    if (b[i++] != byte) return false;
  }
  return true;
}

std::optional<std::string> internal_v6(const ip::address_v6& a) {
  const ip::address_v6::bytes_type b = a.to_bytes();
  if (a.is_unspecified()) return "unspecified (::)";
  if (a.is_loopback()) return "loopback";
  // IPv4 carried inside: judged as that IPv4 address.
  auto carried = [](std::uint32_t v4) -> std::optional<std::string> {
    if (auto why = internal_v4(v4)) return *why + ", inside IPv6";
    return std::nullopt;
  };
  if (a.is_v4_mapped()) return carried(v4_at(b, 12));
  if (starts_with(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})) return carried(v4_at(b, 12));
  if (starts_with(b, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
    return carried(v4_at(b, 12));  // NAT64 (64:ff9b::/96)
  }
  if (starts_with(b, {0x20, 0x02})) return carried(v4_at(b, 2));  // 6to4 (2002::/16)
  if ((b[0] & 0xfe) == 0xfc) return "private (RFC 4193, fc00::/7)";
  if (a.is_link_local()) return "link-local (fe80::/10)";
  if (a.is_site_local()) return "site-local (fec0::/10)";
  if (a.is_multicast()) return "multicast";
  if (starts_with(b, {0x20, 0x01, 0x0d, 0xb8})) return "documentation (2001:db8::/32)";
  if (starts_with(b, {0x01, 0x00, 0, 0, 0, 0, 0, 0})) return "discard-only (100::/64)";
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) {
    return "reserved for IETF protocols (2001::/23)";  // Teredo among them
  }
  if ((b[0] & 0xe0) != 0x20) return "not global unicast (outside 2000::/3)";
  return std::nullopt;
}

std::string url_part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

std::optional<std::string> internal_address(const ip::address& address) {
  if (address.is_v4()) return internal_v4(address.to_v4().to_uint());
  return internal_v6(address.to_v6());
}

OutboundPolicy::OutboundPolicy(std::vector<std::string> allowed) {
  for (const std::string& a : allowed) allowed_.push_back(lower(a));
}

domain::Result<OutboundUrl> OutboundPolicy::parse(std::string_view url, std::string_view field) {
  init_curl_once();
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) {
    return refused(field, "is not a URL");
  }
  OutboundUrl out;
  out.scheme = lower(url_part(u.get(), CURLUPART_SCHEME));
  if (out.scheme != "http" && out.scheme != "https") {
    return refused(field, "must be an http:// or https:// URL");
  }
  std::string host = lower(url_part(u.get(), CURLUPART_HOST));
  if (host.empty()) return refused(field, "has no host");
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  // A zone id ("fe80::1%eth0") names an interface of this machine.
  if (host.find('%') != std::string::npos || !url_part(u.get(), CURLUPART_ZONEID).empty()) {
    return refused(field, "names a local interface");
  }
  const std::string port = url_part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  const unsigned long number = port.empty() ? 0 : std::strtoul(port.c_str(), nullptr, 10);
  if (number == 0 || number > 65535) return refused(field, "has no valid port");
  out.port = static_cast<std::uint16_t>(number);
  boost::system::error_code ec;
  ip::make_address(host, ec);
  out.literal = !ec;
  out.host = std::move(host);
  return out;
}

bool OutboundPolicy::allows(const OutboundUrl& url) const {
  const std::string host =
      url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  const std::string with_port = host + ":" + std::to_string(url.port);
  return std::any_of(allowed_.begin(), allowed_.end(),
                     [&](const std::string& a) { return a == host || a == with_port; });
}

domain::Result<ip::address> OutboundPolicy::choose(const OutboundUrl& url,
                                                   const std::vector<ip::address>& resolved,
                                                   std::string_view field) const {
  if (resolved.empty()) return refused(field, "names a host that does not resolve");
  if (allows(url)) return resolved.front();
  for (const ip::address& a : resolved) {
    if (auto why = internal_address(a)) {
      return refused(field, "resolves to " + a.to_string() + ", which is " + *why +
                                ": not a destination for outbound requests");
    }
  }
  return resolved.front();
}

domain::Result<OutboundPolicy::Target> OutboundPolicy::resolve(std::string_view url,
                                                               std::string_view field) const {
  auto parsed = parse(url, field);
  if (!parsed) return parsed.error();
  std::vector<ip::address> addresses;
  boost::system::error_code ec;
  if (const ip::address literal = ip::make_address(parsed->host, ec); !ec) {
    addresses.push_back(literal);
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(parsed->host.c_str(), nullptr, &hints, &found) == 0) {
      for (addrinfo* i = found; i != nullptr; i = i->ai_next) {
        if (i->ai_family == AF_INET) {
          const auto* in = reinterpret_cast<const sockaddr_in*>(i->ai_addr);
          addresses.push_back(ip::address_v4(ntohl(in->sin_addr.s_addr)));
        } else if (i->ai_family == AF_INET6) {
          const auto* in6 = reinterpret_cast<const sockaddr_in6*>(i->ai_addr);
          ip::address_v6::bytes_type bytes;
          std::copy_n(in6->sin6_addr.s6_addr, 16, bytes.begin());
          addresses.push_back(ip::address_v6(bytes));
        }
      }
      ::freeaddrinfo(found);
    }
  }
  auto address = choose(*parsed, addresses, field);
  if (!address) return address.error();
  return Target{std::move(*parsed), *address};
}

}  // namespace ticketd::api
