#include "api/routes/request_metrics.h"

#include "api/routes/app.h"

namespace ticketd::api {
namespace {

void metric(std::string& out, std::string_view type, std::string_view name, std::string_view help,
            std::uint64_t value) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

// The five series of a bounded cache: ticketd_<name>_entries, _bytes,
// _capacity_bytes, _hits_total and _misses_total; `what` names its entries.
template <class Stats>
void cache_metrics(std::string& out, const std::string& name, const std::string& what,
                   const Stats& s) {
  const std::string p = "ticketd_" + name;
  metric(out, "gauge", p + "_entries", what + " cached.", s.entries);
  metric(out, "gauge", p + "_bytes", "Approximate memory of the cached " + what + " (bounded).",
         s.bytes);
  metric(out, "gauge", p + "_capacity_bytes", "Bound of the cache of " + what + ".", s.capacity);
  metric(out, "counter", p + "_hits_total", "Lookups of " + what + " that found one.", s.hits);
  metric(out, "counter", p + "_misses_total", "Lookups of " + what + " that did not.", s.misses);
}

}  // namespace

void gauge(std::string& out, std::string_view name, std::string_view help, std::uint64_t value) {
  metric(out, "gauge", name, help, value);
}

void counter(std::string& out, std::string_view name, std::string_view help, std::uint64_t value) {
  metric(out, "counter", name, help, value);
}

void RequestMetrics::add_section(Section section) { sections_.push_back(std::move(section)); }

void RequestMetrics::record(const ExchangeRecord& r) {
  const std::string route = r.route.empty() ? std::string("unmatched") : std::string(r.route);
  const double seconds = std::chrono::duration<double>(r.duration).count();
  std::lock_guard lock(mu_);
  ++requests_[{route, r.status}];
  Series& s = latency_[route];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string RequestMetrics::prometheus(App& app) const {
  std::string out;
  out += "# HELP ticketd_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE ticketd_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [key, n] : requests_) {
    out += "ticketd_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP ticketd_http_request_seconds Time from reading a request to queuing its answer.\n";
  out += "# TYPE ticketd_http_request_seconds histogram\n";
  for (const auto& [route, s] : latency_) {
    const std::string label = "route=\"" + route + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "ticketd_http_request_seconds_bucket{" + label + ",le=\"" +
             std::to_string(kBuckets[i]) + "\"} " + std::to_string(s.buckets[i]) + "\n";
    }
    out += "ticketd_http_request_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(s.count) + "\n";
    out += "ticketd_http_request_seconds_sum{" + label + "} " + std::to_string(s.sum) + "\n";
    out += "ticketd_http_request_seconds_count{" + label + "} " + std::to_string(s.count) + "\n";
  }
  const eventstore::WriterStats w = app.store().writer_stats();
  out += "# TYPE ticketd_log_position gauge\nticketd_log_position " +
         std::to_string(app.store().head()) + "\n";
  out += "# TYPE ticketd_append_batches_total counter\nticketd_append_batches_total " +
         std::to_string(w.batches) + "\n";
  out += "# TYPE ticketd_append_requests_total counter\nticketd_append_requests_total " +
         std::to_string(w.requests) + "\n";
  out += "# TYPE ticketd_append_events_total counter\nticketd_append_events_total " +
         std::to_string(w.events) + "\n";
  out += "# HELP ticketd_append_batch_size_mean Mean appends per group-commit batch.\n";
  out += "# TYPE ticketd_append_batch_size_mean gauge\nticketd_append_batch_size_mean " +
         std::to_string(w.batches == 0 ? 0.0 : static_cast<double>(w.requests) / w.batches) + "\n";
  out +=
      "# TYPE ticketd_append_write_failures_total counter\nticketd_append_write_failures_total " +
      std::to_string(w.write_failures) + "\n";
  out += "# HELP ticketd_projection_lag Events committed but not yet applied, per projection.\n";
  out += "# TYPE ticketd_projection_lag gauge\n";
  for (const auto& s : app.projections().runtime().status()) {
    out += "ticketd_projection_lag{projection=\"" + s.name + "\"} " + std::to_string(s.lag) + "\n";
    out += "ticketd_projection_position{projection=\"" + s.name + "\"} " +
           std::to_string(s.position) + "\n";
    out += "ticketd_projection_rebuilding{projection=\"" + s.name + "\"} " +
           (s.rebuilding ? "1" : "0") + "\n";
  }
  const eventstore::MemoryStats m = app.store().memory();
  gauge(out, "ticketd_store_block_cache_bytes", "RocksDB block cache in use (bounded).",
        m.block_cache_bytes);
  gauge(out, "ticketd_store_block_cache_capacity_bytes", "RocksDB block cache bound.",
        m.block_cache_capacity);
  gauge(out, "ticketd_store_memtable_bytes", "RocksDB memtables of the event log.",
        m.memtable_bytes);
  gauge(out, "ticketd_store_table_readers_bytes",
        "RocksDB index and filter blocks outside the cache.", m.table_readers_bytes);
  const eventstore::BackgroundStats b = app.store().background();
  gauge(out, "ticketd_store_flushes_running", "RocksDB memtable flushes running.",
        b.running_flushes);
  gauge(out, "ticketd_store_compactions_running", "RocksDB compactions running.",
        b.running_compactions);
  gauge(out, "ticketd_store_compactions_pending",
        "Column families of the event log due a compaction.", b.compactions_pending);
  gauge(out, "ticketd_store_pending_compaction_bytes",
        "RocksDB's estimate of the bytes compactions still have to rewrite.",
        b.pending_compaction_bytes);
  cache_metrics(out, "state_cache", "folded ticket states (command path)",
                app.commands().cache_stats());
  // The queue's and the tenant view's caches together.
  projections::SummaryCacheStats summaries = app.projections().queue().summary_cache_stats();
  const projections::SummaryCacheStats tenant = app.projections().tenant().summary_cache_stats();
  summaries.entries += tenant.entries;
  summaries.bytes += tenant.bytes;
  summaries.capacity += tenant.capacity;
  summaries.hits += tenant.hits;
  summaries.misses += tenant.misses;
  cache_metrics(out, "summary_cache", "ticket summaries rendered as JSON (list pages)", summaries);
  for (const Section& section : sections_) section(out);
  return out;
}

}  // namespace ticketd::api
