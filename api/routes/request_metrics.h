#pragma once
// Request counts and latency histograms per route and status, for the
// Prometheus /metrics endpoint, plus the event store's append batches and
// memory, the state cache and the projections' lag, read when scraped, and
// the sections other components add.
//
// Thread-safety: record() and prometheus() may be called from any thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/exchange.h"

namespace ticketd::api {

class App;

// One metric in Prometheus text format, with its HELP and TYPE lines.
void gauge(std::string& out, std::string_view name, std::string_view help, std::uint64_t value);
void counter(std::string& out, std::string_view name, std::string_view help, std::uint64_t value);

class RequestMetrics {
 public:
  void record(const ExchangeRecord& record);
  std::string prometheus(App& app) const;

  // Adds the metrics of another component (the automation, the outbox),
  // written at the end of each scrape. Call before serving.
  using Section = std::function<void(std::string& out)>;
  void add_section(Section section);

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;  // (route, status)
  std::map<std::string, Series> latency_;                               // by route
  std::vector<Section> sections_;
};

}  // namespace ticketd::api
