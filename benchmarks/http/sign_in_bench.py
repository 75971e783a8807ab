#!/usr/bin/env python3
"""Password sign-ins per second, and what they cost the ticket commands.

A sign-in verifies an argon2id hash (19 MiB, 2 passes: OWASP's minimum) on
ticketd's hashing pool (--password-hash-threads, default 2), off the io
threads. This runs the real Release ticketd on loopback with the e2e test
SMTP sink (accounts are invited and accept by mail, as people do) and
measures, each case bounded in time:

  reply            wrk posting replies to open tickets (the e2e_bench case)
  sign-in          CONCURRENCY clients signing in with the right password
  reply+sign-in    both at once, sign-ins as fast as they go
  reply+paced      replies while people sign in at a steady --paced-rate (5/s:
                   a shift of agents starting): do commands keep their throughput?
  reply+raw-argon2id  replies while libsodium alone hashes as much, outside
                   ticketd: what the machine itself loses to argon2id
  reply again      the control: replies alone once more, on the grown log

Baselines measured in the same run: the raw libsodium hash rate on as many
threads as the pool has (benchmarks/argon2_bench.cc), and the reply case
alone. Prints a table and writes JSON.

  benchmarks/http/sign_in_bench.py [--seconds S] [--connections C]
                                   [--concurrency N] [--skip-build] [--out FILE]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import e2e_bench as e2e  # noqa: E402
from smtp_sink import SmtpServer, free_port  # noqa: E402

PASSWORD = "correct horse battery staple"


def request(port, method, path, body=None, token=e2e.TOKEN):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, (json.loads(data) if data else None)


def make_accounts(port, smtp, count):
    emails = ["bench%d@support.test" % i for i in range(count)]
    for e in emails:
        status, body = request(port, "POST", "/admin/v1/accounts",
                               {"email": e, "name": "Bench", "role": "agent"})
        assert status == 201 and body["invitation_sent"], body
    tokens = {}
    deadline = time.monotonic() + 60
    while len(tokens) < count and time.monotonic() < deadline:
        for m in smtp.messages():
            text = m.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"token=([A-Za-z0-9_-]+)", text)
            if found:
                tokens[m["To"]] = found.group(1)
        time.sleep(0.1)
    assert len(tokens) == count, tokens
    for token in tokens.values():
        status, body = request(port, "POST", "/auth/invitation/accept",
                               {"token": token, "password": PASSWORD}, token=None)
        assert status == 200, body
    return emails


def sign_in_load(port, emails, concurrency, seconds, rate=0.0):
    """CONCURRENCY clients signing in for SECONDS (together at most RATE per
    second when RATE is given): rate and latencies."""
    stop = time.monotonic() + seconds
    interval = concurrency / rate if rate else 0.0
    latencies, failures = [], [0]
    lock = threading.Lock()

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = i
        next_at = time.monotonic() + (interval * i / concurrency if interval else 0)
        while time.monotonic() < stop:
            if interval:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += interval
            body = json.dumps({"email": emails[n % len(emails)], "password": PASSWORD})
            t = time.monotonic()
            conn.request("POST", "/auth/sign-in", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            took = time.monotonic() - t
            with lock:
                if r.status == 200:
                    latencies.append(took)
                else:
                    failures[0] += 1
            n += concurrency
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1e3 if latencies else 0

    return {"rps": len(latencies) / elapsed, "p50_ms": pct(0.5), "p99_ms": pct(0.99),
            "failures": failures[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-release"))
    ap.add_argument("--work-dir", default="/tmp/ticketd-sign-in-bench")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--paced-rate", type=float, default=5.0,
                    help="sign-ins per second of the paced case (a shift starting)")
    ap.add_argument("--hash-threads", type=int, default=2,
                    help="ticketd's --password-hash-threads, and the raw baseline's threads")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    HASH_THREADS = args.hash_threads
    if not args.skip_build:
        e2e.run(["cmake", "-S", ROOT, "-B", args.build_dir, "-DCMAKE_BUILD_TYPE=Release"],
                stdout=subprocess.DEVNULL)
        e2e.run(["cmake", "--build", args.build_dir, "-j", str(os.cpu_count() or 2), "--target",
                 "ticketd", "argon2_bench"], stdout=subprocess.DEVNULL)
    raw = subprocess.run([os.path.join(args.build_dir, "benchmarks", "argon2_bench"),
                          "--threads", str(HASH_THREADS), "--seconds", "5"],
                         check=True, capture_output=True, text=True).stdout
    raw_rate = float(re.search(r"hashes/s=([\d.]+)", raw).group(1))
    e2e.log(raw.strip())

    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    smtp_port = free_port()
    smtp = SmtpServer(smtp_port)
    server = e2e.Ticketd(os.path.join(args.build_dir, "api", "ticketd"),
                         os.path.join(args.work_dir, "data"), 0,
                         ("--smtp-url", "smtp://127.0.0.1:%d" % smtp_port,
                          "--password-hash-threads", str(HASH_THREADS)))
    results = {"raw_argon2id_per_s": raw_rate, "hash_threads": HASH_THREADS, "cases": {}}
    try:
        status, _ = request(server.port, "POST", "/admin/v1/tenants",
                            {"slug": "acme", "name": "Acme"})
        assert status == 201
        # Each reply case works tickets of its own: a reply answers the whole
        # ticket, so tickets that earlier cases filled with messages would
        # make a later case slower for reasons of its own.
        ids_paths = []
        for case in range(5):
            ids = []
            for i in range(2000):
                status, body = request(server.port, "POST", "/admin/v1/tickets", {
                    "tenant": "acme", "subject": "Bench %d" % i, "description": "bench",
                    "requester": {"email": "r%d@acme.test" % i, "name": "R"}})
                ids.append(body["id"])
            ids_paths.append(os.path.join(args.work_dir, "ids-%d.txt" % case))
            with open(ids_paths[-1], "w") as f:
                f.write("\n".join(ids) + "\n")
        emails = make_accounts(server.port, smtp, 16)

        def reply():
            ids_path = ids_paths.pop(0)
            return e2e.wrk(server.url, "command.lua", "reply", args.seconds, args.connections,
                           {"TICKETD_IDS": ids_path, "TICKETD_TENANTS": ids_path})

        server.settle_store()
        results["cases"]["reply"] = reply()
        server.settle_store()
        results["cases"]["sign-in"] = sign_in_load(server.port, emails, args.concurrency,
                                                   args.seconds)
        server.settle_store()
        box = {}
        t = threading.Thread(target=lambda: box.update(
            s=sign_in_load(server.port, emails, args.concurrency, args.seconds)))
        t.start()
        both = reply()
        t.join()
        results["cases"]["reply+sign-in"] = {"reply": both, "sign-in": box["s"]}
        server.settle_store()
        box = {}
        t = threading.Thread(target=lambda: box.update(
            s=sign_in_load(server.port, emails, args.concurrency, args.seconds, args.paced_rate)))
        t.start()
        paced = reply()
        t.join()
        results["cases"]["reply+paced-sign-in"] = {"reply": paced, "sign-in": box["s"]}
        # The same hashing outside ticketd (libsodium alone, nice 10 like
        # ticketd's hashing threads): what the machine loses to argon2id
        # whoever computes it -- the baseline of "reply with sign-ins".
        server.settle_store()
        hasher = subprocess.Popen(
            ["nice", "-n", "10", os.path.join(args.build_dir, "benchmarks", "argon2_bench"),
             "--threads", str(HASH_THREADS), "--seconds", str(args.seconds + 2)],
            stdout=subprocess.PIPE, text=True)
        results["cases"]["reply+raw-argon2id"] = reply()
        hasher.wait()
        # The control: replies alone again, on a log that has grown since.
        server.settle_store()
        results["cases"]["reply again"] = reply()
    finally:
        server.stop()
        smtp.stop()

    c = results["cases"]
    alone, with_s = c["reply"], c["reply+sign-in"]["reply"]
    s_alone, s_with = c["sign-in"], c["reply+sign-in"]["sign-in"]
    print("%-22s %10s %10s %10s  %s" % ("case", "req/s", "p50 ms", "p99 ms", "vs baseline"))
    print("%-22s %10.1f %10s %10s  (libsodium, %d threads)" % (
        "raw argon2id verify", raw_rate, "", "", HASH_THREADS))
    print("%-22s %10.1f %10.1f %10.1f  %.2f of raw argon2id" % (
        "sign-in alone", s_alone["rps"], s_alone["p50_ms"], s_alone["p99_ms"],
        s_alone["rps"] / raw_rate))
    print("%-22s %10.0f %10.2f %10.2f  (baseline)" % (
        "reply alone", alone["rps"], alone["p50_us"] / 1e3, alone["p99_us"] / 1e3))
    print("%-22s %10.0f %10.2f %10.2f  %.2f of reply alone" % (
        "reply with sign-ins", with_s["rps"], with_s["p50_us"] / 1e3, with_s["p99_us"] / 1e3,
        with_s["rps"] / alone["rps"]))
    paced, s_paced = c["reply+paced-sign-in"]["reply"], c["reply+paced-sign-in"]["sign-in"]
    print("%-22s %10.0f %10.2f %10.2f  %.2f of reply alone" % (
        "reply, %g sign-ins/s" % args.paced_rate, paced["rps"], paced["p50_us"] / 1e3,
        paced["p99_us"] / 1e3, paced["rps"] / alone["rps"]))
    print("%-22s %10.1f %10.1f %10.1f  (paced)" % (
        "paced sign-in", s_paced["rps"], s_paced["p50_ms"], s_paced["p99_ms"]))
    raw_both = c["reply+raw-argon2id"]
    print("%-22s %10.0f %10.2f %10.2f  %.2f of reply alone" % (
        "reply with raw argon2id", raw_both["rps"], raw_both["p50_us"] / 1e3,
        raw_both["p99_us"] / 1e3, raw_both["rps"] / alone["rps"]))
    again = c["reply again"]
    print("%-22s %10.0f %10.2f %10.2f  %.2f of reply alone (control)" % (
        "reply alone, last", again["rps"], again["p50_us"] / 1e3, again["p99_us"] / 1e3,
        again["rps"] / alone["rps"]))
    print("%-22s %10.1f %10.1f %10.1f  %.2f of sign-in alone" % (
        "sign-in with replies", s_with["rps"], s_with["p50_ms"], s_with["p99_ms"],
        s_with["rps"] / s_alone["rps"] if s_alone["rps"] else 0))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
