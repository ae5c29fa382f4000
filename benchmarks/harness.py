#!/usr/bin/env python3
"""The load harness: starts each server in turn pinned to one core, drives the same loads from the
other core, stops it, and prints one table (server, workload, throughput, per-busy-core throughput,
p50/p99 latency, server RSS). Run through benchmarks/run.sh, which builds everything first.

Servers: ./twist echo (our NIO reactor), a Netty 4.2 NIO echo and HTTP server (this module), Python
Twisted's echo and twisted.web hello (Debian's python3-twisted), and our HTTP server when the web
plugin is present. Loads: echo ping-pong of 64-byte messages on 1, 64 and 1,000 connections, bulk
echo of 16 KiB writes, HTTP keep-alive GET with wrk at 64 connections, HTTP with a new connection
per request, and idle memory with 10,000 open connections. Every load is bounded in time.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TWIST_JAR = os.path.join(ROOT, "dist", "target", "twist.jar")
BENCH_JAR = os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar")
LOADGEN = os.path.join(ROOT, "benchmarks", "target", "echo_load")
PEERS = os.path.join(ROOT, "benchmarks", "peers")
PY = "/usr/bin/python3"
JAVA_OPTS = ["-Xmx2g", "-XX:+UseParallelGC"]
SERVER_CPU = "0"
CLIENT_CPU = "1"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, proc, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited with %s" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not listen on %d" % port)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def java_live_heap_kb(pid):
    """Live heap after a full GC (jcmd), or None when jcmd is not there."""
    jcmd = shutil.which("jcmd") or os.path.join(os.path.dirname(os.path.realpath(shutil.which("java"))), "jcmd")
    if not os.path.exists(jcmd):
        return None
    try:
        subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    used = [int(m) for m in re.findall(r"used (\d+)K", out)]
    # ParallelGC prints young and old gens then metaspace/class space; the first two are the heap.
    return sum(used[:2]) if len(used) >= 2 else None


class Server:
    def __init__(self, name, kind, argv, java=False, cpus=None):
        self.name, self.kind, self.argv, self.java = name, kind, argv, java
        self.cpus = cpus or SERVER_CPU
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        argv = [a.replace("{PORT}", str(self.port)) for a in self.argv]
        self.proc = subprocess.Popen(["taskset", "-c", self.cpus] + argv, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        wait_port(self.port, self.proc)
        time.sleep(0.5)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def run_client(argv, seconds):
    out = subprocess.run(["taskset", "-c", CLIENT_CPU] + argv, capture_output=True, text=True,
                         timeout=seconds + 60)
    return out.stdout + out.stderr


def measure(server, argv, seconds, parse):
    pid = server.proc.pid
    c0, t0 = cpu_seconds(pid), time.time()
    out = run_client(argv, seconds)
    c1, t1 = cpu_seconds(pid), time.time()
    res = parse(out)
    res["busy"] = (c1 - c0) / (t1 - t0)
    res["rss_kb"] = rss_kb(pid)
    return res


def parse_loadgen(out):
    kv = dict(re.findall(r"(\w+)=([\w.]+)", out))
    if "rate" not in kv:
        raise RuntimeError("load generator said: " + out.strip()[:200])
    latency = kv.get("mode") != "bulk" and kv.get("p50_us") not in (None, "0")
    return {"rate": float(kv["rate"]), "p50": kv.get("p50_us") if latency else None,
            "p99": kv.get("p99_us") if latency else None,
            "errors": int(kv.get("errors", 0)), "open": int(kv.get("open", 0))}


def parse_wrk(out):
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not m:
        raise RuntimeError("wrk said: " + out.strip()[:300])
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    nerr = int(errors.group(1)) if errors else 0
    if sock:
        nerr += sum(int(x) for x in sock.groups())
    return {"rate": float(m.group(1)), "p50": lat.get("50"), "p99": lat.get("99"), "errors": nerr}


def parse_amp(out):
    m = re.search(r"([\d.]+) calls/s", out)
    if not m:
        raise RuntimeError("CalculatorLoad said: " + out.strip()[:300])
    return {"rate": float(m.group(1)), "p50": None, "p99": None, "errors": 0}


def parse_dnsperf(out):
    m = re.search(r"Queries per second:\s+([\d.]+)", out)
    lost = re.search(r"Queries lost:\s+(\d+)", out)
    if not m:
        raise RuntimeError("dnsperf said: " + out.strip()[:300])
    lat = re.search(r"Average Latency \(s\):\s+([\d.]+)", out)
    return {"rate": float(m.group(1)), "p50": ("%.0f us avg" % (float(lat.group(1)) * 1e6)) if lat else None,
            "p99": None, "errors": int(lost.group(1)) if lost else -1}


def echo_loads(seconds):
    return [
        ("echo 64B ping-pong, 1 conn", ["pingpong", "1"], "msg/s"),
        ("echo 64B ping-pong, 64 conns", ["pingpong", "64"], "msg/s"),
        ("echo 64B ping-pong, 1000 conns", ["pingpong", "1000"], "msg/s"),
        ("echo bulk 16 KiB writes, 4 conns", ["bulk", "4"], "B/s"),
    ]


def fmt_rate(rate, unit):
    if unit == "B/s":
        return "%.2f GB/s" % (rate / 1e9)
    return "%.0f %s" % (rate, unit)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10, help="length of each load (default 10)")
    ap.add_argument("--only", default="", help="comma-separated server names to run (default: all)")
    ap.add_argument("--idle-conns", type=int, default=10000)
    ap.add_argument("--scaling", action="store_true",
                    help="instead: twist echo on 1 and on 2 reactors, server and client sharing both cores")
    args = ap.parse_args()
    s = args.seconds

    servers = [
        Server("twist echo", "echo", ["java"] + JAVA_OPTS + ["-jar", TWIST_JAR, "--log-level", "warning", "echo",
                                                            "--listen", "tcp:{PORT}:interface=127.0.0.1:backlog=1024"], java=True),
        Server("netty echo", "echo", ["java"] + JAVA_OPTS + ["-cp", BENCH_JAR, "io.twisted.benchmarks.NettyEchoServer",
                                                            "{PORT}"], java=True),
        Server("python twisted echo", "echo", [PY, os.path.join(PEERS, "twisted_echo.py"), "{PORT}"]),
        Server("c epoll echo", "echo", [os.path.join(ROOT, "benchmarks", "target", "epoll_echo"), "{PORT}"]),
        Server("netty http", "http", ["java"] + JAVA_OPTS + ["-cp", BENCH_JAR, "io.twisted.benchmarks.NettyHttpServer",
                                                            "{PORT}"], java=True),
        Server("python twisted.web", "http", [PY, os.path.join(PEERS, "twisted_web_hello.py"), "{PORT}"]),
    ]
    web_help = subprocess.run(["java", "-jar", TWIST_JAR, "--help"], capture_output=True, text=True).stdout
    if re.search(r"^\s+web\s", web_help, re.M):
        servers.insert(3, Server("twist web", "http", ["java"] + JAVA_OPTS + [
            "-jar", TWIST_JAR, "--log-level", "warning", "web", "--no-access-log", "--class", "io.twisted.examples.web.Hello",
            "--listen", "tcp:{PORT}:interface=127.0.0.1:backlog=1024"], java=True))
    else:
        print("note: no `twist web` plugin in this build; HTTP rows for our server are skipped", file=sys.stderr)
    servers += [
        Server("twist amp (Java client)", "amp", ["java"] + JAVA_OPTS + ["-cp", TWIST_JAR,
               "io.twisted.examples.amp.CalculatorServer", "tcp:{PORT}:interface=127.0.0.1"], java=True),
        Server("python twisted amp (Java client)", "amp", [PY, os.path.join(PEERS, "twisted_amp_calculator.py"), "{PORT}"]),
        Server("twist dns", "dns", ["java"] + JAVA_OPTS + ["-jar", TWIST_JAR, "--log-level", "warning", "dns",
               "--interface", "127.0.0.1", "--port", "{PORT}", "--bindzone", os.path.join(PEERS, "bench.zone")], java=True),
    ]
    if args.scaling:
        global CLIENT_CPU
        CLIENT_CPU = "0,1"
        servers = [Server("twist echo, %d reactor%s" % (n, "s" if n > 1 else ""), "echo", ["java"] + JAVA_OPTS + [
            "-jar", TWIST_JAR, "--log-level", "warning", "--reactors", str(n), "echo",
            "--listen", "tcp:{PORT}:interface=127.0.0.1:backlog=1024"], java=True, cpus="0,1") for n in (1, 2)]
    if args.only:
        names = set(x.strip() for x in args.only.split(","))
        servers = [x for x in servers if x.name in names]

    rows = []
    for srv in servers:
        print("== %s" % srv.name, file=sys.stderr)
        try:
            srv.start()
            if srv.kind == "echo":
                for label, load, unit in echo_loads(s):
                    r = measure(srv, [LOADGEN, "127.0.0.1", str(srv.port)] + [load[0], load[1], str(s)], s, parse_loadgen)
                    rows.append((srv.name, label, r, unit))
                    print("   %s: %s" % (label, fmt_rate(r["rate"], unit)), file=sys.stderr)
                rss0 = rss_kb(srv.proc.pid)
                heap0 = java_live_heap_kb(srv.proc.pid) if srv.java else None
                idle = subprocess.Popen(["taskset", "-c", CLIENT_CPU, LOADGEN, "127.0.0.1", str(srv.port), "idle",
                                         str(args.idle_conns), str(max(s, 20))], stdout=subprocess.PIPE, text=True)
                time.sleep(min(max(s, 20) / 2, 15))
                rss1 = rss_kb(srv.proc.pid)
                heap1 = java_live_heap_kb(srv.proc.pid) if srv.java else None
                out, _ = idle.communicate(timeout=max(s, 20) + 60)
                r = parse_loadgen(out)
                n = max(r["open"], 1)
                r["rate"] = 0
                r["busy"] = 0
                r["rss_kb"] = rss1
                r["per_conn"] = "%.0f B RSS/conn" % ((rss1 - rss0) * 1024 / n)
                if heap0 is not None and heap1 is not None:
                    r["per_conn"] += ", %.0f B live heap/conn" % ((heap1 - heap0) * 1024 / n)
                rows.append((srv.name, "idle %d conns (%d open)" % (args.idle_conns, r["open"]), r, "-"))
            elif srv.kind == "amp":
                calls = str(int(max(s, 1) * 20000))
                r = measure(srv, ["java"] + JAVA_OPTS + ["-cp", TWIST_JAR, "io.twisted.examples.amp.CalculatorLoad",
                                                         "tcp:127.0.0.1:%d" % srv.port, calls, "100"], s, parse_amp)
                rows.append((srv.name, "AMP Sum calls, 100 in flight", r, "calls/s"))
                print("   amp: %.0f calls/s" % r["rate"], file=sys.stderr)
            elif srv.kind == "dns":
                r = measure(srv, ["dnsperf", "-s", "127.0.0.1", "-p", str(srv.port), "-d",
                                  os.path.join(PEERS, "dnsperf-queries.txt"), "-l", str(int(s)), "-c", "4", "-q", "200"],
                            s, parse_dnsperf)
                rows.append((srv.name, "dnsperf UDP queries, 4 clients", r, "q/s"))
                print("   dns: %.0f q/s" % r["rate"], file=sys.stderr)
            else:
                url = "http://127.0.0.1:%d/" % srv.port
                r = measure(srv, ["wrk", "-t1", "-c64", "-d%ds" % s, "--latency", url], s, parse_wrk)
                rows.append((srv.name, "http keep-alive GET, 64 conns", r, "req/s"))
                print("   keep-alive: %.0f req/s" % r["rate"], file=sys.stderr)
                r = measure(srv, ["wrk", "-t1", "-c64", "-d%ds" % s, "--latency", "-H", "Connection: close", url], s,
                            parse_wrk)
                rows.append((srv.name, "http new connection per request", r, "req/s"))
                print("   close: %.0f req/s" % r["rate"], file=sys.stderr)
        except Exception as e:  # report and go on with the next server
            rows.append((srv.name, "FAILED: %s" % e, {"rate": 0, "busy": 0, "rss_kb": 0, "errors": -1}, "-"))
            print("   failed: %s" % e, file=sys.stderr)
        finally:
            srv.stop()

    print()
    print("| server | workload | throughput | per busy server core | p50 | p99 | server RSS | errors | notes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, label, r, unit in rows:
        busy = r.get("busy") or 0
        per_core = fmt_rate(r["rate"] / busy, unit) if busy > 0.05 and r["rate"] else "-"
        p50 = r.get("p50") or "-"
        p99 = r.get("p99") or "-"
        if unit in ("msg/s",) and p50 != "-":
            p50, p99 = p50 + " us", p99 + " us"
        print("| %s | %s | %s | %s | %s | %s | %.1f MB | %s | %s |" % (
            name, label, fmt_rate(r["rate"], unit) if r["rate"] else "-", per_core, p50, p99,
            r.get("rss_kb", 0) / 1024, r.get("errors", 0), r.get("per_conn", "busy %.0f%%" % (busy * 100))))


if __name__ == "__main__":
    main()
