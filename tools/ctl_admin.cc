// ticketctl rebuild, token create and demo: the offline operations that
// write (the projections, the directory, the log), so ticketd must not be
// running on the same data directory (RocksDB locks it).

#include <algorithm>
#include <cstdio>
#include <thread>

#include "api/commands/directory.h"
#include "domain/json_writer.h"
#include "domain/time_format.h"
#include "projections/projections.h"
#include "tools/ctl_commands.h"
#include "tools/demo_history.h"

namespace ticketd::tools::ctl {
namespace {

domain::Instant now() {
  return std::chrono::time_point_cast<domain::Millis>(std::chrono::system_clock::now());
}

const domain::Actor kOperator{"ticketctl", domain::Role::kAdmin, "", "", "ticketctl"};

std::unique_ptr<api::Directory> open_directory(std::string_view command,
                                               eventstore::EventStore& store) {
  auto directory = api::Directory::open(store, "");
  if (!directory) {
    fail(command, kStoreError, "cannot read tenants and tokens: " + directory.error().message);
    return nullptr;
  }
  return std::move(*directory);
}

}  // namespace

int run_rebuild(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "rebuild";
  Args args(kName, raw, global, {"--projection"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (!args.positional().empty())
    return fail(kName, kUsage, "unexpected argument '" + args.positional().front() + "'");
  auto store = open_log(kName, global, /*read_only=*/true);
  if (!store) return kStoreError;
  projections::Projections::Options options;
  options.runtime.log = [](std::string_view line) {
    std::fprintf(stderr, "ticketctl rebuild: %.*s\n", static_cast<int>(line.size()), line.data());
  };
  auto opened = projections::Projections::open(*store, global.projections_dir(), options);
  if (!opened) {
    return fail(kName, kStoreError,
                "cannot open " + global.projections_dir().string() + ": " + opened.error().message +
                    " (is ticketd running on this data directory? rebuild is offline)");
  }
  projections::ProjectionRuntime& runtime = (*opened)->runtime();
  std::vector<std::string> names;
  for (const auto& s : runtime.status()) {
    if (!args.has("--projection") || s.name == *args.value("--projection")) names.push_back(s.name);
  }
  if (names.empty()) return fail(kName, kUsage, "no projection " + *args.value("--projection"));
  for (const auto& name : names) {
    auto started = runtime.rebuild(name);
    // kConflict: already rebuilding (e.g. a fresh projections directory).
    if (!started && started.error().code != domain::ErrorCode::kConflict) {
      return fail(kName, kStoreError, started.error().message);
    }
  }
  const std::uint64_t head = store->head();
  Progress progress(global, "rebuild", "events");
  std::vector<projections::ProjectorStatus> status;
  for (;;) {
    status = runtime.status();
    bool done = true;
    std::uint64_t least = head;
    for (const auto& s : status) {
      if (std::find(names.begin(), names.end(), s.name) == names.end()) continue;
      if (!s.error.empty()) return fail(kName, kStoreError, s.name + ": " + s.error);
      const std::uint64_t at = s.rebuilding ? s.rebuild_position : s.position;
      least = std::min(least, at);
      // rebuild() marks the projector rebuilding at once; the flag drops
      // when the rebuilt model has been swapped in.
      if (s.rebuilding || !s.ready || s.position < head) done = false;
    }
    progress.update(least, head);
    if (done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  progress.finish();
  const double seconds = progress.elapsed();
  (*opened)->stop();
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("head", head);
    w.member("seconds", seconds);
    w.key("projections");
    w.begin_array();
    for (const auto& s : status) {
      if (std::find(names.begin(), names.end(), s.name) == names.end()) continue;
      w.begin_object();
      w.member("name", s.name);
      w.member("version", s.version);
      w.member("position", s.position);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    for (const auto& name : names)
      std::printf("rebuilt %s up to position %llu\n", name.c_str(),
                  static_cast<unsigned long long>(head));
    std::printf("%.2f s, %.0f events/s\n", seconds,
                seconds > 0 ? static_cast<double>(head) / seconds : 0.0);
  }
  return kOk;
}

int run_token(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "token";
  Args args(kName, raw, global, {"--role", "--tenant", "--user", "--email", "--name", "--scope"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (args.positional().size() != 1 || args.positional().front() != "create") {
    return fail(kName, kUsage,
                "usage: token create --role ROLE [--tenant T] [--scope A,B] --user ID [--email E] "
                "[--name N]");
  }
  const auto role = domain::parse_role(args.value("--role").value_or(""));
  if (!role || *role == domain::Role::kSystem) {
    return fail(kName, kUsage,
                "--role must be customer, customer_admin, agent, tenant_admin or admin");
  }
  // --scope a,b: the tenants a staff token reaches (sorted, unique).
  std::vector<std::string> scope;
  if (auto text = args.value("--scope")) {
    for (std::size_t from = 0; from <= text->size();) {
      std::size_t comma = std::min(text->find(',', from), text->size());
      if (comma > from) scope.push_back(text->substr(from, comma - from));
      from = comma + 1;
    }
    std::sort(scope.begin(), scope.end());
    scope.erase(std::unique(scope.begin(), scope.end()), scope.end());
    if (scope.empty()) return fail(kName, kUsage, "--scope wants tenant slugs: a,b");
  }
  if (domain::is_customer(*role) && !scope.empty())
    return fail(kName, kUsage, "customer roles have --tenant, not --scope");
  if (*role == domain::Role::kTenantAdmin && scope.empty())
    return fail(kName, kUsage, "tenant_admin needs --scope");
  const std::string user = args.value("--user").value_or("");
  if (user.empty()) return fail(kName, kUsage, "--user ID is required");
  const std::string tenant = args.value("--tenant").value_or("");
  if (domain::is_customer(*role) && tenant.empty())
    return fail(kName, kUsage, "customer roles need --tenant");
  if (!domain::is_customer(*role) && !tenant.empty())
    return fail(kName, kUsage, "staff roles have no --tenant");

  auto store = open_log(kName, global, /*read_only=*/false, /*create=*/true);
  if (!store) return kStoreError;
  auto directory = open_directory(kName, *store);
  if (!directory) return kStoreError;
  if (!tenant.empty() && !directory->tenant(tenant))
    return fail(kName, kCheckFailed, "no tenant " + tenant);
  for (const std::string& slug : scope) {
    if (!directory->tenant(slug)) return fail(kName, kCheckFailed, "no tenant " + slug);
  }
  domain::Actor actor{user,
                      *role,
                      tenant,
                      args.value("--email").value_or(""),
                      args.value("--name").value_or(user),
                      std::move(scope)};
  auto issued = api::await_answer<std::pair<api::TokenInfo, std::string>>([&](auto done) {
    directory->issue_token(std::move(actor), kOperator, now(), std::move(done));
  });
  if (!issued) {
    return fail(kName, issued.error().code == domain::ErrorCode::kValidation ? kUsage : kStoreError,
                issued.error().message);
  }
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("id", issued->first.id);
    w.member("token", issued->second);
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    std::printf("%s\n", issued->second.c_str());
  }
  return kOk;
}

int run_demo(GlobalOptions& global, const Arguments& raw) {
  constexpr const char* kName = "demo";
  Args args(kName, raw, global, {"--tenants", "--tickets", "--seed", "--start"});
  if (!args.error().empty()) return fail(kName, kUsage, args.error());
  if (!args.positional().empty())
    return fail(kName, kUsage, "unexpected argument '" + args.positional().front() + "'");
  DemoOptions options;
  auto number = [&](const char* flag, auto& into, std::uint64_t max) {
    auto text = args.value(flag);
    if (!text) return true;
    auto n = parse_u64(*text);
    if (!n || *n < 1 || *n > max) return false;
    into = static_cast<std::remove_reference_t<decltype(into)>>(*n);
    return true;
  };
  if (!number("--tenants", options.tenants, 1000) ||
      !number("--tickets", options.tickets, 100'000'000) ||
      !number("--seed", options.seed, UINT32_MAX)) {
    return fail(kName, kUsage,
                "--tenants (1..1000), --tickets (1..1e8) and --seed want positive numbers");
  }
  if (auto start = args.value("--start")) {
    auto at = domain::parse_instant(*start);
    if (!at) return fail(kName, kUsage, "--start: not an RFC 3339 instant: " + *start);
    options.start = *at;
  }
  auto store = open_log(kName, global, /*read_only=*/false, /*create=*/true);
  if (!store) return kStoreError;
  auto directory = open_directory(kName, *store);
  if (!directory) return kStoreError;
  int created = 0;
  for (const DemoTenant& t : demo_tenants(options.tenants)) {
    if (directory->tenant(t.slug)) continue;
    auto made = api::await_answer<api::Tenant>([&](auto done) {
      directory->create_tenant(t.slug, t.name, kOperator, now(), std::move(done));
    });
    if (made) {
      made = api::await_answer<api::Tenant>([&](auto done) {
        directory->set_policy(t.slug, t.policy, kOperator, now(), std::move(done));
      });
    }
    if (!made) return fail(kName, kStoreError, "tenant " + t.slug + ": " + made.error().message);
    ++created;
  }
  Progress progress(global, "demo", "tickets");
  options.progress = [&](std::uint64_t, std::uint64_t tickets) {
    progress.update(tickets, static_cast<std::uint64_t>(options.tickets));
  };
  auto report = generate_demo_history(*store, options);
  progress.finish();
  if (!report) {
    return fail(kName, report.error().code == domain::ErrorCode::kValidation ? kUsage : kStoreError,
                report.error().message);
  }
  const double seconds = progress.elapsed();
  if (global.json) {
    std::string out;
    domain::JsonWriter w(out);
    w.begin_object();
    w.member("tenants_created", created);
    w.member("tickets", report->tickets);
    w.member("events", report->events);
    w.member("commands", report->commands);
    w.member("rejected", report->rejected);
    w.member("first_position", report->first_position);
    w.member("last_position", report->last_position);
    w.member("seconds", seconds);
    w.end_object();
    std::printf("%s\n", out.c_str());
  } else {
    std::printf(
        "demo: %llu tickets, %llu events (positions %llu..%llu) over %d tenants (%d created) in "
        "%.2f s\n",
        static_cast<unsigned long long>(report->tickets),
        static_cast<unsigned long long>(report->events),
        static_cast<unsigned long long>(report->first_position),
        static_cast<unsigned long long>(report->last_position), options.tenants, created, seconds);
  }
  return kOk;
}

}  // namespace ticketd::tools::ctl
