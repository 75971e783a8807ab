#!/usr/bin/env python3
"""End-to-end benchmark of the real ticketd over HTTP.

Builds in Release, loads a fresh data directory with `ticketctl demo`
(default 100k tickets across 200 tenants), starts ticketd and drives it with
wrk and the Lua scripts in lua/ on loopback, each case bounded in time. In
the same run it measures the baselines: a minimal Beast server answering a
fixed JSON body (the HTTP ceiling of this machine for this stack) and the
raw RocksDB figure of append_bench. Each case starts once the store's
flushes and compactions from the previous one are done (the wait is logged
and kept as settled_s; the mixed case and the soak pay them as they come).
Prints one table (requests/s, p50, p99, p99.9, ratio to the case's
baseline) and writes the same as JSON.

  benchmarks/http/e2e_bench.py [--tickets N] [--tenants N] [--seconds S]
                               [--connections C] [--only a,b] [--soak S] [--out FILE]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LUA = os.path.join(ROOT, "benchmarks", "http", "lua")
TOKEN = "bench-admin-token"

COMMAND_CASES = ["open", "reply", "assign", "status"]
READ_CASES = ["queue", "detail", "metrics", "mixed"]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("+", " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def build(build_dir):
    run(["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release"], stdout=subprocess.DEVNULL)
    run(["cmake", "--build", build_dir, "-j", str(os.cpu_count() or 2), "--target", "ticketd",
         "ticketctl", "min_http_server", "append_bench"], stdout=subprocess.DEVNULL)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Ticketd:
    def __init__(self, binary, data, port, extra_args=()):
        self.port = port
        env = dict(os.environ, TICKETD_ADMIN_TOKEN=TOKEN)
        self.proc = subprocess.Popen(
            [binary, "--data", data, "--listen", "127.0.0.1:%d" % port, "--rate-limit", "0",
             *extra_args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on http://[\d.]+:(\d+)", line)
        if not m:
            raise RuntimeError("ticketd did not start: %r" % line)
        self.port = int(m.group(1))
        self.url = "http://127.0.0.1:%d" % self.port

    def get(self, path):
        req = urllib.request.Request(self.url + path, headers={"Authorization": "Bearer " + TOKEN})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    def metric(self, name):
        with urllib.request.urlopen(self.url + "/metrics", timeout=60) as r:
            text = r.read().decode()
        m = re.search(r"^%s (\d+)$" % name, text, re.M)
        return int(m.group(1)) if m else None

    def settle_store(self, timeout=120):
        """Waits until RocksDB has no flush or compaction running or due, so a case does not
        share the cores with the write debt the previous case left (the mixed case and the
        soak measure reads and writes together). Returns the seconds waited."""
        started = time.time()
        quiet = 0
        while quiet < 2 and time.time() - started < timeout:
            busy = sum(self.metric(n) or 0 for n in ("ticketd_store_flushes_running",
                                                     "ticketd_store_compactions_running",
                                                     "ticketd_store_compactions_pending"))
            quiet = quiet + 1 if busy == 0 else 0
            time.sleep(0.5)
        return time.time() - started

    def caches_kib(self):
        """What the bounded caches hold now (ticketd's /metrics): RocksDB's block cache and
        memtables, the command path's state cache and the summary cache. They fill with use up to their bounds
        whatever the number of tickets, so they are reported beside the resident size."""
        with urllib.request.urlopen(self.url + "/metrics", timeout=60) as r:
            text = r.read().decode()
        total = 0
        for name in ("ticketd_store_block_cache_bytes", "ticketd_store_memtable_bytes",
                     "ticketd_state_cache_bytes", "ticketd_summary_cache_bytes"):
            m = re.search(r"^%s (\d+)$" % name, text, re.M)
            total += int(m.group(1)) if m else 0
        return total // 1024

    def wait_ready(self, timeout=300):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                h = self.get("/healthz")
                if all(p >= h["log_position"] for p in h["projections"].values()):
                    return h
            except Exception:
                pass
            time.sleep(0.2)
        raise RuntimeError("ticketd did not catch up")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


def wrk(url, script, case, seconds, connections, env_extra):
    env = dict(os.environ, TICKETD_LUA_DIR=LUA, TICKETD_CASE=case, TICKETD_TOKEN=TOKEN,
               TICKETD_WRK_THREADS="2", **env_extra)
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--timeout", "10s",
                          "-s", os.path.join(LUA, script), url], env=env, check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise RuntimeError("wrk printed no summary:\n" + out)


def collect(server, path, key, limit):
    items, cursor = [], None
    while len(items) < limit:
        sep = "&" if "?" in path else "?"
        page = server.get(path + sep + "limit=500" + ("&cursor=" + cursor if cursor else ""))
        items += [it[key] for it in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return items[:limit]


def raw_rocksdb_baseline(build_dir, work):
    out = subprocess.run([os.path.join(build_dir, "benchmarks", "append_bench"), "--only", "raw64",
                          "--seconds", "5", "--repeats", "1", "--data-dir", os.path.join(work, "append")],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"raw\s+appenders=64\s+(\d+) appends/s", out)
    return float(m.group(1)) if m else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-release"))
    ap.add_argument("--work-dir", default="/tmp/ticketd-e2e-bench")
    ap.add_argument("--tickets", type=int, default=100000)
    ap.add_argument("--tenants", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--only", default="", help="comma-separated cases")
    ap.add_argument("--soak", type=int, default=0,
                    help="seconds of the mixed workload after the cases, sampled each minute")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("e2e_bench: wrk is missing (tools/install-deps.sh installs it)")
    if not args.skip_build:
        build(args.build_dir)
    ticketd = os.path.join(args.build_dir, "api", "ticketd")
    ticketctl = os.path.join(args.build_dir, "tools", "ticketctl")
    os.makedirs(args.work_dir, exist_ok=True)

    # A pristine demo log, generated once per size and copied for each run.
    pristine = os.path.join(args.work_dir, "demo-%d-%d" % (args.tickets, args.tenants))
    if not os.path.exists(os.path.join(pristine, "COMPLETE")):
        shutil.rmtree(pristine, ignore_errors=True)
        run([ticketctl, "--data", pristine, "demo", "--tenants", str(args.tenants),
             "--tickets", str(args.tickets)], stdout=subprocess.DEVNULL)
        open(os.path.join(pristine, "COMPLETE"), "w").close()
    data = os.path.join(args.work_dir, "data")
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(pristine, data)
    empty = os.path.join(args.work_dir, "empty")
    shutil.rmtree(empty, ignore_errors=True)

    results = {"commit": subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True).stdout.strip(),
               "tickets": args.tickets, "tenants": args.tenants, "seconds": args.seconds,
               "connections": args.connections, "cases": {}}
    only = set(filter(None, args.only.split(",")))

    # Baselines, measured in this run: the minimal Beast server with a small
    # fixed body, and the raw RocksDB append figure. Read cases are also
    # compared with the minimal server answering a body of their own size.
    min_server = os.path.join(args.build_dir, "benchmarks", "min_http_server")

    def http_ceiling(body_bytes):
        base = subprocess.Popen([min_server, "0", str(body_bytes)], stdout=subprocess.PIPE, text=True)
        port = int(re.search(r":(\d+)$", base.stdout.readline().strip()).group(1))
        try:
            return wrk("http://127.0.0.1:%d" % port, "read.lua", "fixed", args.seconds, args.connections, {})
        finally:
            base.terminate()
            base.wait()

    ceiling = http_ceiling(800)
    results["baseline_http"] = ceiling
    raw = raw_rocksdb_baseline(args.build_dir, args.work_dir)
    results["baseline_raw_rocksdb_appends_per_s"] = raw

    # Memory: an empty server, then the loaded one.
    server = Ticketd(ticketd, empty, 0)
    server.wait_ready()
    rss_empty = rss_kib(server.proc.pid)
    server.stop()

    def start_settled():
        server = Ticketd(ticketd, data, 0)
        started = time.time()
        server.wait_ready()
        ready_s = time.time() - started
        # The SLA automation acts on start (breaches that fell due since the
        # demo ended); measure once it has settled.
        previous = None
        while True:
            state = server.get("/admin/v1/automation")
            if state.get("ready") and state.get("actions") == previous:
                break
            previous = state.get("actions")
            time.sleep(1)
        return server, server.wait_ready(), ready_s

    # Twice: right after the first start built every view from the log, and
    # after a restart, which loads the saved views (the resident size a
    # server keeps for its life).
    server, health, ready_s = start_settled()
    rss_loaded = rss_kib(server.proc.pid)
    caches_loaded = server.caches_kib()
    server.stop()
    server, health, restart_s = start_settled()
    rss_restarted = rss_kib(server.proc.pid)
    caches_restarted = server.caches_kib()
    results["memory"] = {"rss_empty_kib": rss_empty, "rss_loaded_kib": rss_loaded,
                         "caches_loaded_kib": caches_loaded,
                         "caches_restarted_kib": caches_restarted,
                         "bytes_per_ticket": (rss_loaded - rss_empty) * 1024.0 / args.tickets,
                         "rss_restarted_kib": rss_restarted,
                         "bytes_per_ticket_restarted": (rss_restarted - rss_empty) * 1024.0 / args.tickets,
                         "log_position": health["log_position"], "ready_s": ready_s,
                         "ready_after_restart_s": restart_s}

    ids_path = os.path.join(args.work_dir, "ids.txt")
    progress_path = os.path.join(args.work_dir, "in_progress.txt")
    tenants_path = os.path.join(args.work_dir, "tenants.txt")
    tenants = collect(server, "/admin/v1/tenants", "slug", 100000)
    with open(tenants_path, "w") as f:
        f.write("\n".join(tenants) + "\n")

    # The demo's history ends with nearly every ticket closed, so commands
    # would pile onto a few hundred tickets (and their answers grow with every
    # reply). Keep a working set of open tickets, opened through the API, and
    # collect the ids each case works on right before it runs.
    def ensure_open(count):
        have = len(collect(server, "/admin/v1/tickets?status=open", "id", count))
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
        for i in range(have, count):
            tenant = tenants[i % len(tenants)]
            body = json.dumps({"tenant": tenant, "subject": "Working set %d" % i,
                               "description": "Opened by the benchmark harness.",
                               "requester": {"email": "ws%d@%s.test" % (i, tenant), "name": "WS"}})
            conn.request("POST", "/admin/v1/tickets", body, headers)
            conn.getresponse().read()
        conn.close()
        server.wait_ready()

    def write_ids(path, query):
        ids = collect(server, query, "id", 20000)
        with open(path, "w") as f:
            f.write("\n".join(ids) + "\n")
        return ids

    ensure_open(20000)
    sample_id = write_ids(ids_path, "/admin/v1/tickets?status=open")[0]
    sample_paths = {"queue": "/admin/v1/tickets?status=open&limit=50",
                    "detail": "/admin/v1/tickets/" + sample_id,
                    "metrics": "/admin/v1/metrics?tenant=" + tenants[0],
                    "mixed": "/admin/v1/tickets?status=open&limit=50"}
    same_size = {}

    def case(name, script, ids=ids_path):
        if only and name not in only:
            return
        settled_s = server.settle_store()
        r = wrk(server.url, script, name, args.seconds, args.connections,
                {"TICKETD_IDS": ids, "TICKETD_TENANTS": tenants_path})
        r["settled_s"] = settled_s
        baseline = raw if name in COMMAND_CASES else ceiling["rps"]
        r["baseline"] = baseline
        r["ratio"] = r["rps"] / baseline if baseline else 0.0
        if name in sample_paths:
            size = len(json.dumps(server.get(sample_paths[name]), separators=(",", ":")))
            if size not in same_size:
                same_size[size] = http_ceiling(size)["rps"]
            r["answer_bytes"] = size
            r["same_size_baseline"] = same_size[size]
            r["same_size_ratio"] = r["rps"] / same_size[size] if same_size[size] else 0.0
        results["cases"][name] = r
        log("%-8s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  non-2xx %d"
            "  (store settled in %.1f s)" % (
            name, r["rps"], r["p50_us"] / 1e3, r["p99_us"] / 1e3, r["p999_us"] / 1e3, r["non_2xx"],
            settled_s))

    for name in COMMAND_CASES:
        if name == "status":  # after assign: in_progress tickets to flip
            write_ids(progress_path, "/admin/v1/tickets?status=in_progress")
        else:
            ensure_open(20000)
            write_ids(ids_path, "/admin/v1/tickets?status=open")
        case(name, "command.lua", progress_path if name == "status" else ids_path)
    write_ids(ids_path, "/admin/v1/tickets?status=open")
    for name in READ_CASES:
        if name == "mixed":  # resolves tickets and opens new ones: a fresh working set
            write_ids(ids_path, "/admin/v1/tickets?status=open")
        case(name, "mixed.lua" if name == "mixed" else "read.lua")

    if args.soak:
        samples = []
        end = time.time() + args.soak
        while time.time() < end:
            write_ids(ids_path, "/admin/v1/tickets?status=open")
            r = wrk(server.url, "mixed.lua", "mixed", min(60, max(1, int(end - time.time()))),
                    args.connections, {"TICKETD_IDS": ids_path, "TICKETD_TENANTS": tenants_path})
            r["rss_kib"] = rss_kib(server.proc.pid)
            r["caches_kib"] = server.caches_kib()
            # The workload opens a ticket for each one it resolves, so the
            # data grows all along: memory is judged per ticket.
            r["tickets"] = sum(server.get("/admin/v1/metrics")["tickets"]["by_status"].values())
            r["bytes_per_ticket"] = (r["rss_kib"] - rss_empty) * 1024.0 / r["tickets"]
            samples.append(r)
            log("soak: %.0f req/s p99 %.2f ms rss %d KiB (caches %d), %d tickets: %.0f bytes per ticket" % (
                r["rps"], r["p99_us"] / 1e3, r["rss_kib"], r["caches_kib"], r["tickets"],
                r["bytes_per_ticket"]))
        results["soak"] = samples
    server.stop()

    print("ticketd e2e benchmark (commit %s): %d tickets, %d tenants, %d connections, %d s per case"
          % (results["commit"], args.tickets, args.tenants, args.connections, args.seconds))
    print("baseline: minimal Beast server %.0f req/s (p99 %.2f ms); raw RocksDB 64 appenders %.0f appends/s"
          % (ceiling["rps"], ceiling["p99_us"] / 1e3, raw))
    m = results["memory"]
    print("memory: empty %d KiB; first start (views built from the log) %d KiB (caches %d): %.0f bytes"
          " per ticket, ready in %.1f s; after a restart %d KiB (caches %d): %.0f bytes per ticket,"
          " ready in %.1f s"
          % (m["rss_empty_kib"], m["rss_loaded_kib"], m["caches_loaded_kib"], m["bytes_per_ticket"],
             m["ready_s"], m["rss_restarted_kib"], m["caches_restarted_kib"],
             m["bytes_per_ticket_restarted"], m["ready_after_restart_s"]))
    print("%-9s %11s %9s %9s %9s %8s  %-22s %6s  %s" % ("case", "req/s", "p50 ms", "p99 ms", "p99.9 ms",
                                                      "non-2xx", "baseline", "ratio",
                                                      "same-size ceiling (bytes: req/s, ratio)"))
    for name, r in results["cases"].items():
        what = "raw RocksDB appends/s" if name in COMMAND_CASES else "min Beast req/s"
        extra = ""
        if "same_size_baseline" in r:
            extra = "%d B: %.0f, %.2f" % (r["answer_bytes"], r["same_size_baseline"], r["same_size_ratio"])
        print("%-9s %11.0f %9.2f %9.2f %9.2f %8d  %-22s %6.2f  %s" % (
            name, r["rps"], r["p50_us"] / 1e3, r["p99_us"] / 1e3, r["p999_us"] / 1e3, r["non_2xx"],
            what, r["ratio"], extra))
    for s in results.get("soak", []):
        print("soak slice: %.0f req/s p99 %.2f ms p99.9 %.2f ms rss %d KiB (caches %d), %d tickets:"
              " %.0f bytes per ticket"
              % (s["rps"], s["p99_us"] / 1e3, s["p999_us"] / 1e3, s["rss_kib"], s["caches_kib"],
                 s["tickets"], s["bytes_per_ticket"]))
    out = args.out or os.path.join(args.build_dir, "e2e-bench-%s.json" % results["commit"])
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print("written: " + out)


if __name__ == "__main__":
    main()
