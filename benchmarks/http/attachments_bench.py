#!/usr/bin/env python3
"""Attachment transfer benchmark of the real ticketd over HTTP (issue 21).

An upload is a request body streamed to a temporary file (hashed, fsynced,
renamed to its SHA-256); a download is a file streamed back. The ceiling for
that on this machine is nginx doing the same, in the same run, on loopback,
with the same client (Python http.client, persistent connections, 1 MiB
blocks; as fast as curl here): uploads are PUTs to nginx's WebDAV module
(`dav_methods PUT`: body to a temporary file, renamed into place, like
ticketd but without fsync), downloads are a static file (`sendfile on`).

1. Upload: RUNS files of MIB MiB, fresh random bytes for every request to
   either server, from 1 client and from PARALLEL clients.
2. Download: one such file RUNS times, from ticketd (referenced by a ticket)
   and from nginx (the same bytes).
   Per case: median request (ms, MiB/s) and total MiB/s (all bytes over the
   case's wall time); ratio = ticketd / nginx total (goal >= 0.5). Beside it
   what ticketd does that nginx does not: SHA-256 of MIB MiB (the blob's name), and
   the disk: MIB MiB written, fsynced, renamed, directory fsynced (what the
   blob store pays and nginx does not), from Python.
3. Memory: a fresh ticketd, CLIENTS clients uploading 25 MiB files at once,
   streamed from disk with a Content-Length; VmRSS sampled every 50 ms. The
   claim: it grows by far less than CLIENTS x 25 MiB.

This machine is a VM: before each timed run a scratch file is written and
deleted (see warm_page_cache), or the run would be timed on the hypervisor.
Prints one table and writes the same as JSON.

  benchmarks/http/attachments_bench.py [--build-dir DIR | --ticketd PATH] [--skip-build]
                                       [--runs N] [--mib M] [--parallel P] [--clients C]
                                       [--no-warm] [--work-dir DIR] [--out FILE]
"""

import argparse
import http.client
import json
import os
import grp
import hashlib
import pwd
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from e2e_bench import log, run  # the script beside this one

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "bench-admin-token"
TENANT = "bench"
MIB = 1 << 20
MEMORY_FILE_BYTES = 26214400  # 25 MiB: ticketd's default --attachment-max-bytes


def build(build_dir):
    run(["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release"], stdout=subprocess.DEVNULL)
    run(["cmake", "--build", build_dir, "-j", str(os.cpu_count() or 2), "--target", "ticketd"],
        stdout=subprocess.DEVNULL)


def proc_status_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def connect(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=300, blocksize=MIB)


def request(conn, method, path, body=None, headers=None):
    """One request; the answer's body is read into a reused 1 MiB buffer (kept only when small).
    Returns (status, bytes received, small body or b"", seconds)."""
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    buf, got, small = bytearray(MIB), 0, b""
    while n := resp.readinto(buf):
        small = bytes(buf[:n]) if got == 0 and n < MIB else small
        got += n
    return resp.status, got, small, time.perf_counter() - started


class Ticketd:
    def __init__(self, binary, data, max_bytes):
        env = dict(os.environ, TICKETD_ADMIN_TOKEN=TOKEN)
        self.proc = subprocess.Popen(
            [binary, "--data", data, "--listen", "127.0.0.1:0", "--rate-limit", "0",
             "--attachment-max-bytes", str(max_bytes), "--attachment-quota-mb", "100000"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on http://[\d.]+:(\d+)", line)
        if not m:
            raise RuntimeError("ticketd did not start: %r" % line)
        self.port = int(m.group(1))
        self.auth = {"Authorization": "Bearer " + TOKEN}

    def json(self, method, path, body):
        status, _, answer, _ = request(connect(self.port), method, path, json.dumps(body),
                                       dict(self.auth, **{"Content-Type": "application/json"}))
        if status not in (200, 201):
            raise RuntimeError("%s %s: %d %r" % (method, path, status, answer))
        return json.loads(answer)

    def upload(self, conn, i, body, size):
        return request(conn, "POST", "/admin/v1/attachments?tenant=%s&name=f%d.bin" % (TENANT, i), body,
                       dict(self.auth, **{"Content-Type": "application/octet-stream",
                                          "Content-Length": str(size)}))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


class Nginx:
    def __init__(self, prefix):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        os.makedirs(os.path.join(prefix, "www", "upload"))
        os.makedirs(os.path.join(prefix, "www", "files"))
        user = ""
        if os.geteuid() == 0:  # otherwise the workers would run as nobody
            user = "user %s %s;" % (pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name)
        temps = "\n".join("  %s_temp_path %s/%s;" % (t, prefix, t)
                          for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = """%s
worker_processes auto;
pid %s/nginx.pid;
error_log %s/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; default_type application/octet-stream;
%s
  server {
    listen 127.0.0.1:%d;
    root %s/www;
    location /upload/ { dav_methods PUT; client_max_body_size 64m; client_body_buffer_size 1m; }
    location /files/ { }
  }
}
""" % (user, prefix, prefix, temps, self.port, prefix)
        self.conf = os.path.join(prefix, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen(["nginx", "-p", prefix, "-e", prefix + "/error.log", "-c", self.conf,
                                      "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        for _ in range(200):
            time.sleep(0.05)
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
        raise RuntimeError("nginx did not start; see %s/error.log" % prefix)

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        self.proc.wait(timeout=30)


def transfer(port, jobs, clients):
    """Runs jobs (functions of a connection returning (status, bytes, answer, seconds)) on
    `clients` threads, each with its own connection, taking the next job as it finishes one."""
    jobs_left, results = iter(jobs), []

    def client():
        conn = connect(port)
        for job in jobs_left:  # a list iterator hands each job out once, whichever thread asks
            results.append(job(conn))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def stats(times, size, wall):
    median = statistics.median(times)
    return {"requests": len(times), "median_ms": median * 1e3, "median_mib_s": size / median / MIB,
            "total_mib_s": size * len(times) / wall / MIB, "wall_s": wall}


def summarize(results, wall, size, ok, received=None):
    bad = [r[0] for r in results if r[0] not in ok]
    if bad:
        raise RuntimeError("unexpected statuses: %r (%r)" % (bad[:5], results[0][2][:300]))
    if received is not None and any(r[1] != received for r in results):
        raise RuntimeError("answers of %r bytes, not %d" % (sorted({r[1] for r in results}), received))
    return stats([r[3] for r in results], size, wall)


def disk_baseline(directory, bodies):
    """Writes each body as ticketd's blob store does: file, fsync, rename, fsync of the directory."""
    times, dfd = [], os.open(directory, os.O_RDONLY)
    for i, body in enumerate(bodies):
        started = time.perf_counter()
        fd = os.open(os.path.join(directory, "tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, body)
        os.fsync(fd)
        os.close(fd)
        os.rename(os.path.join(directory, "tmp"), os.path.join(directory, "f%d" % i))
        os.fsync(dfd)
        times.append(time.perf_counter() - started)
    os.close(dfd)
    return stats(times, len(bodies[0]), sum(times))


def sha256_baseline(bodies):
    """Hashes each body with SHA-256 (hashlib: OpenSSL, as ticketd): the other work an upload
    does that nginx does not, beside the fsyncs."""
    times = []
    for body in bodies:
        started = time.perf_counter()
        hashlib.sha256(body).digest()
        times.append(time.perf_counter() - started)
    return stats(times, len(bodies[0]), sum(times))


def warm_page_cache(directory, mib):
    """The VM's balloon hands memory freed for a few seconds back to the host (free page
    reporting), and page cache written into such memory costs a host fault per page (~34 ms per
    10 MiB here, against ~2 ms). A scratch file as large as the next run's writes, deleted before
    it reaches the disk, gives that memory back to the guest first. Returns its MiB/s."""
    if not mib:
        return 0.0
    chunk, path = os.urandom(16 * MIB), os.path.join(directory, "warm")
    started = time.perf_counter()
    with open(path, "wb") as f:
        for _ in range(-(-mib // 16)):
            f.write(chunk)
    os.remove(path)
    return mib / (time.perf_counter() - started)


def memory_case(binary, work, clients, warm):
    """A fresh ticketd; `clients` uploads of 25 MiB at once, streamed from files; VmRSS sampled."""
    files = [os.path.join(work, "big%d.bin" % i) for i in range(clients)]
    for path in files:
        with open(path, "wb") as f:
            f.write(os.urandom(MEMORY_FILE_BYTES))
    server = Ticketd(binary, os.path.join(work, "data-memory"), MEMORY_FILE_BYTES)
    try:
        server.json("POST", "/admin/v1/tenants", {"slug": TENANT, "name": "Bench"})
        warm(clients * MEMORY_FILE_BYTES // MIB * 5 // 4)
        time.sleep(1)
        before, samples, done = proc_status_kib(server.proc.pid, "VmRSS"), [], threading.Event()

        def sample():
            while not done.wait(0.05):
                samples.append(proc_status_kib(server.proc.pid, "VmRSS"))

        def upload(conn, i):
            with open(files[i], "rb") as f:  # http.client sends it in 1 MiB blocks
                return server.upload(conn, i, f, MEMORY_FILE_BYTES)

        sampler = threading.Thread(target=sample)
        sampler.start()
        results, wall = transfer(server.port, [lambda c, i=i: upload(c, i) for i in range(clients)], clients)
        time.sleep(1)
        done.set()
        sampler.join()
        after = proc_status_kib(server.proc.pid, "VmRSS")
        summarize(results, wall, MEMORY_FILE_BYTES, (201,))
        peak = max(samples + [before, after])
        return {"clients": clients, "file_bytes": MEMORY_FILE_BYTES, "rss_before_kib": before,
                "rss_peak_kib": peak, "rss_after_kib": after,
                "vm_hwm_kib": proc_status_kib(server.proc.pid, "VmHWM"),
                "peak_growth_kib": peak - before, "samples": len(samples), "wall_s": wall,
                "total_mib_s": clients * MEMORY_FILE_BYTES / wall / MIB}
    finally:
        server.stop()
        for path in files:
            os.remove(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-release"))
    ap.add_argument("--ticketd", default="", help="the binary (default BUILD_DIR/api/ticketd)")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--work-dir", default="/tmp/ticketd-attachments-bench")
    ap.add_argument("--runs", type=int, default=20, help="transfers per case")
    ap.add_argument("--mib", type=int, default=10, help="file size of the transfer cases")
    ap.add_argument("--parallel", type=int, default=4, help="clients of the concurrent cases")
    ap.add_argument("--clients", type=int, default=16, help="clients of the memory case")
    ap.add_argument("--no-warm", action="store_true", help="no scratch write before each run")
    ap.add_argument("--out", default="/tmp/attachments_bench.json")
    args = ap.parse_args()
    if shutil.which("nginx") is None:
        sys.exit("attachments_bench: nginx is missing (apt-get install nginx-light)")
    if not args.skip_build:
        build(args.build_dir)
    binary = args.ticketd or os.path.join(args.build_dir, "api", "ticketd")
    size = args.mib * MIB
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(os.path.join(args.work_dir, "disk"))

    def bodies():
        return [os.urandom(size) for _ in range(args.runs)]

    warm_mib = args.mib * args.runs * 5 // 4

    def warm(mib=warm_mib):
        os.sync()  # no run pays for the previous one's unwritten pages
        mib = 0 if args.no_warm else mib
        log("scratch write: %d MiB at %.0f MiB/s" % (mib, warm_page_cache(args.work_dir, mib)))

    results = {"mib": args.mib, "runs": args.runs, "parallel": args.parallel, "cases": {},
               "warm_mib": 0 if args.no_warm else warm_mib,
               "nginx_upload": "dav_methods PUT (temporary file + rename, no fsync)",
               "nginx_download": "static file, sendfile on"}
    cases = results["cases"]
    server = Ticketd(binary, os.path.join(args.work_dir, "data"), max(size, MEMORY_FILE_BYTES))
    nginx = Nginx(os.path.join(args.work_dir, "nginx"))

    def case(label, clients, ok, received, **runs):
        for name, (port, jobs) in runs.items():
            warm()
            cases.setdefault(label, {})[name] = summarize(*transfer(port, jobs, clients), size, ok, received)
        log("%s: ticketd %.0f MiB/s, nginx %.0f MiB/s" % (
            label, cases[label]["ticketd"]["total_mib_s"], cases[label]["nginx"]["total_mib_s"]))

    try:
        server.json("POST", "/admin/v1/tenants", {"slug": TENANT, "name": "Bench"})
        for clients in (1, args.parallel):
            case("upload x%d" % clients, clients, (201,), None,
                 ticketd=(server.port, [lambda c, i=i, b=b: server.upload(c, i, b, size)
                                        for i, b in enumerate(bodies())]),
                 nginx=(nginx.port, [lambda c, i=i, b=b: request(c, "PUT", "/upload/c%d-%d" % (clients, i), b)
                                     for i, b in enumerate(bodies())]))
        warm()
        results["disk_fsync"] = disk_baseline(os.path.join(args.work_dir, "disk"), bodies())
        results["sha256"] = sha256_baseline(bodies())

        # The download: one more upload, referenced by a ticket; nginx serves the same bytes.
        data = os.urandom(size)
        att = json.loads(server.upload(connect(server.port), 0, data, size)[2])["id"]
        ticket = server.json("POST", "/admin/v1/tickets", {
            "tenant": TENANT, "subject": "Attachment download", "description": "bench",
            "requester": {"email": "bench@bench.test", "name": "Bench"}, "attachments": [att]})
        url = "/admin/v1/tickets/%s/attachments/%s" % (ticket["id"], att)
        with open(os.path.join(args.work_dir, "nginx", "www", "files", "same.bin"), "wb") as f:
            f.write(data)
        for clients in (1, args.parallel):
            case("download x%d" % clients, clients, (200,), size,
                 ticketd=(server.port, [lambda c: request(c, "GET", url, None, server.auth)] * args.runs),
                 nginx=(nginx.port, [lambda c: request(c, "GET", "/files/same.bin")] * args.runs))
    finally:
        server.stop()
        nginx.stop()
    for c in cases.values():
        c["ratio"] = c["ticketd"]["total_mib_s"] / c["nginx"]["total_mib_s"]
        c["median_ratio"] = c["ticketd"]["median_mib_s"] / c["nginx"]["median_mib_s"]

    results["memory"] = memory_case(binary, args.work_dir, args.clients, warm)
    shutil.rmtree(args.work_dir, ignore_errors=True)

    print("ticketd attachments benchmark: %d MiB files, %d transfers per case, loopback, "
          "nginx = %s / %s" % (args.mib, args.runs, results["nginx_upload"], results["nginx_download"]))
    print("%-12s %-8s %9s %12s %12s %7s" % ("case", "server", "median ms", "median MiB/s",
                                            "total MiB/s", "ratio"))
    for label, c in cases.items():
        for name in ("ticketd", "nginx"):
            r = c[name]
            ratio = "%7.2f" % c["ratio"] if name == "ticketd" else ""
            print("%-12s %-8s %9.1f %12.0f %12.0f %s" % (label, name, r["median_ms"], r["median_mib_s"],
                                                         r["total_mib_s"], ratio))
    d = results["disk_fsync"]
    results["upload_x1_vs_disk_fsync"] = cases["upload x1"]["ticketd"]["median_mib_s"] / d["median_mib_s"]
    print("%-12s %-8s %9.1f %12.0f %12.0f %7.2f  (ratio: ticketd upload x1 / this, medians)" % (
        "disk fsync", "python", d["median_ms"], d["median_mib_s"], d["total_mib_s"],
        results["upload_x1_vs_disk_fsync"]))
    h = results["sha256"]
    print("%-12s %-8s %9.1f %12.0f %12.0f" % ("sha256", "python", h["median_ms"], h["median_mib_s"],
                                            h["total_mib_s"]))
    m = results["memory"]
    print("memory: %d clients x %d bytes at once (%.0f MiB/s): ticketd VmRSS before %d KiB, peak %d KiB "
          "(VmHWM %d), after %d KiB; peak - before = %d KiB (%.1f MiB; the files total %d MiB)"
          % (m["clients"], m["file_bytes"], m["total_mib_s"], m["rss_before_kib"], m["rss_peak_kib"],
             m["vm_hwm_kib"], m["rss_after_kib"], m["peak_growth_kib"], m["peak_growth_kib"] / 1024,
             m["clients"] * m["file_bytes"] // MIB))
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
    print("written: " + args.out)


if __name__ == "__main__":
    main()
