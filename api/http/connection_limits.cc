#include "api/http/connection_limits.h"

#include <algorithm>

#include "api/http/problem.h"

namespace ticketd::api {

namespace ip = boost::asio::ip;

ConnectionLimits::ConnectionLimits(const ServerOptions& options)
    : max_connections_(options.max_connections),
      per_address_cap_(options.max_connections_per_address != 0
                           ? options.max_connections_per_address
                           : std::max<std::size_t>(1, options.max_connections / 8)),
      reserve_cap_(options.reserve_connections),
      high_water_(options.high_water_connections != 0
                      ? options.high_water_connections
                      : options.max_connections - options.max_connections / 8) {}

ip::address ConnectionLimits::normalize(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

ConnectionLimits::Admission ConnectionLimits::admit(const ip::address& address) {
  const ip::address key = normalize(address);
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(key);
  const std::size_t held = it == per_address_.end() ? 0 : it->second;
  Admission admission;
  if (held >= per_address_cap_) {
    ++refused_address_;
    return Admission::kRefusedAddress;
  }
  if (regular_ < max_connections_) {
    ++regular_;
    admission = Admission::kRegular;
  } else if (reserve_ < reserve_cap_) {
    ++reserve_;
    admission = Admission::kReserve;
  } else {
    ++refused_capacity_;
    return Admission::kRefusedCapacity;
  }
  if (it == per_address_.end()) {
    per_address_.emplace(key, 1);
  } else {
    ++it->second;
  }
  return admission;
}

void ConnectionLimits::release(const ip::address& address, Admission admission) {
  std::lock_guard lock(mutex_);
  if (admission == Admission::kRegular) {
    --regular_;
  } else if (admission == Admission::kReserve) {
    --reserve_;
  } else {
    return;  // a refused connection was never counted
  }
  // The entry goes with the last connection, so the map holds only
  // addresses connected now, not every address ever seen.
  auto it = per_address_.find(normalize(address));
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

bool ConnectionLimits::under_pressure() const {
  std::lock_guard lock(mutex_);
  return regular_ >= high_water_;
}

void ConnectionLimits::count_idle_closed() {
  std::lock_guard lock(mutex_);
  ++idle_closed_;
}

ConnectionLimits::Counts ConnectionLimits::counts() const {
  std::lock_guard lock(mutex_);
  Counts c;
  c.regular = regular_;
  c.reserve = reserve_;
  c.addresses = per_address_.size();
  for (const auto& [address, n] : per_address_) c.busiest_address = std::max(c.busiest_address, n);
  c.refused_address = refused_address_;
  c.refused_capacity = refused_capacity_;
  c.idle_closed = idle_closed_;
  return c;
}

Response connection_refused_response(ConnectionLimits::Admission why) {
  Response response =
      why == ConnectionLimits::Admission::kRefusedAddress
          ? problem_response(domain::ErrorCode::kTooManyConnections,
                             "Your address holds as many open connections as the server allows "
                             "one client; reuse or close one and try again.")
          : problem_response(domain::ErrorCode::kOverloaded,
                             "Too many open connections; try again shortly.");
  response.set(http::field::retry_after, "1");
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

}  // namespace ticketd::api
