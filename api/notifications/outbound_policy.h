#pragma once
// Where ticketd may send the requests that tenants aim (webhooks today, any
// later push channel): the guard against server-side request forgery, in one
// place for every outbound HTTP client.
//
// A URL must be http or https with a host. Its host is resolved once per
// attempt, and the request goes to an address of that one resolution (the
// client pins it: no second lookup a rebinding DNS server could answer
// differently). Every address the name resolves to must be a public one:
// loopback, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local
// (169.254.0.0/16, fe80::/10: cloud metadata), multicast, unspecified,
// documentation, benchmarking and the other reserved ranges are refused,
// IPv4 and IPv6 alike, IPv4 inside IPv6 (mapped, compatible, NAT64, 6to4)
// judged as the IPv4 it carries. The operator can allow named destinations
// (--outbound-allow: a test receiver on loopback, a company's internal
// service); tenant admins cannot widen this. URLs are read by libcurl's own
// parser, the one that then connects, so the two cannot disagree.
//
// Thread-safe (const).

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace ticketd::api {

// A URL as the client will use it.
struct OutboundUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // lowercase; an IPv6 literal without its brackets
  std::uint16_t port = 0;
  bool literal = false;  // the host is an IP address, not a name
};

// Why `address` is no public internet address ("loopback", "private (RFC
// 1918)", ...); nullopt for a public one.
std::optional<std::string> internal_address(const boost::asio::ip::address& address);

class OutboundPolicy {
 public:
  // `allowed`: destinations allowed although internal, as URLs name them,
  // "host" (any port) or "host:port"; an IPv6 literal in brackets.
  explicit OutboundPolicy(std::vector<std::string> allowed = {});

  // `url` read (kValidation naming `field`: not http or https, no host).
  static domain::Result<OutboundUrl> parse(std::string_view url, std::string_view field = "url");

  // Whether the operator allows `url`'s destination whatever it resolves to.
  bool allows(const OutboundUrl& url) const;

  // The address to connect to, of `resolved` (every address the host
  // resolved to, in the resolver's order), or why `url` may not be reached
  // (kValidation naming `field`).
  domain::Result<boost::asio::ip::address> choose(
      const OutboundUrl& url, const std::vector<boost::asio::ip::address>& resolved,
      std::string_view field = "url") const;

  // parse(), one resolution of the host (getaddrinfo: blocking), choose().
  struct Target {
    OutboundUrl url;
    boost::asio::ip::address address;
  };
  domain::Result<Target> resolve(std::string_view url, std::string_view field = "url") const;

  const std::vector<std::string>& allowed() const { return allowed_; }

 private:
  std::vector<std::string> allowed_;  // lowercase
};

}  // namespace ticketd::api
