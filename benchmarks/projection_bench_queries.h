#pragma once
// projection_bench's query cases: typical queue filters under each sort
// (first page, limit 50), page 5 of a filtered queue through cursors,
// tenant view pages for customer admins and customers, and metrics
// reports; and their latency.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "projections/projections.h"

namespace ticketd::bench {

struct QueryCase {
  std::string label;
  int iterations;
  // Runs the i-th query (arguments vary with i: agent, tenant, word) and
  // returns the number of items answered; exits the process on an error.
  std::function<std::size_t(int)> run;
};

// The cases over `p` for a demo log of `tenants` and `agents`, each to run
// `iterations` times (metrics reports, which cost O(tickets in scope),
// metrics_iterations(iterations) times). `p` must outlive the cases.
std::vector<QueryCase> query_cases(projections::Projections& p, int tenants, int agents,
                                   int iterations);
inline int metrics_iterations(int iterations) { return iterations / 50 > 5 ? iterations / 50 : 5; }

struct Latency {
  double p50_us = 0;
  double p99_us = 0;
  double items = 0;  // mean items per answer, to show the query is not empty
};

// Runs the case (after a short warm-up) and returns its latencies.
Latency time_queries(const QueryCase& query_case);

// Nearest-rank percentile `p` of the ascending `sorted`.
double percentile(const std::vector<double>& sorted, double p);

}  // namespace ticketd::bench
