#pragma once
// Who gets a connection: the global cap, the per-address cap and the small
// reserve for operational requests (server_options.h), and the counts
// behind them for /metrics.

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "api/http/http_types.h"
#include "api/http/server_options.h"

namespace ticketd::api {

// Thread-safe: the acceptor admits, connections release from their own
// threads, /metrics reads the counts.
class ConnectionLimits {
 public:
  enum class Admission {
    kRegular,          // served as usual
    kReserve,          // over the global cap, in the reserve: operational requests only
    kRefusedAddress,   // its address holds max_connections_per_address already
    kRefusedCapacity,  // the global cap and the reserve are full
  };

  explicit ConnectionLimits(const ServerOptions& options);

  // Decides for a new connection from `address` and, unless it is refused,
  // counts it until release() with the same address and admission. The
  // per-address cap is checked first, so a client at its cap cannot take
  // the reserve either.
  [[nodiscard]] Admission admit(const boost::asio::ip::address& address);
  void release(const boost::asio::ip::address& address, Admission admission);

  // True while the regular connections reach the high-water mark.
  bool under_pressure() const;
  // Counts an idle connection closed early because of pressure.
  void count_idle_closed();

  struct Counts {
    std::size_t regular = 0;
    std::size_t reserve = 0;
    std::size_t addresses = 0;        // distinct client addresses connected
    std::size_t busiest_address = 0;  // connections of the address holding most
    std::uint64_t refused_address = 0;
    std::uint64_t refused_capacity = 0;
    std::uint64_t idle_closed = 0;
  };
  Counts counts() const;

  std::size_t per_address_cap() const { return per_address_cap_; }
  std::size_t high_water() const { return high_water_; }

  // The address a client is counted under: an IPv4-mapped IPv6 address
  // (::ffff:a.b.c.d, what a dual-stack socket reports) as its IPv4 address.
  static boost::asio::ip::address normalize(const boost::asio::ip::address& address);

 private:
  const std::size_t max_connections_;
  const std::size_t per_address_cap_;
  const std::size_t reserve_cap_;
  const std::size_t high_water_;
  mutable std::mutex mutex_;
  std::unordered_map<boost::asio::ip::address, std::size_t> per_address_;
  std::size_t regular_ = 0;
  std::size_t reserve_ = 0;
  std::uint64_t refused_address_ = 0;
  std::uint64_t refused_capacity_ = 0;
  std::uint64_t idle_closed_ = 0;
};

// The short answer to a connection the server will not serve (or a reserve
// connection's non-operational request): 503 problem+json, Retry-After,
// Connection: close.
Response connection_refused_response(ConnectionLimits::Admission why);

}  // namespace ticketd::api
