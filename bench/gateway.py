#!/usr/bin/python3
"""Gateway benchmark: what keygate in front of an Odoo costs, measured in one run.

1. Starts the real Odoo 18 of ODOO18 (default ../shared/odoo18; start-odoo.sh --fresh, its own
   workdir and ports), attaches keygate to its database (`keygate db attach`) and makes an API key
   for admin with keygate (written into Odoo's own table, so Odoo accepts it directly too).
2. Real Odoo: the same `execute_kw` (`search_count` on res.partner with the key) sent with wrk
   straight to Odoo and through `keygate serve --upstream-url` to it, in alternating rounds (A, B,
   A, B, ...) after one unmeasured second each; prints each side's median requests/s and the
   ratio through keygate / direct.
3. keygate's own cost, where Odoo cannot hide it: nginx answering a fixed XML-RPC response stands
   in for Odoo, and the same call goes to nginx directly and through a second keygate gateway in
   front of it (the key still checked against the attached Odoo database), 16 connections,
   alternating rounds; prints the median p50 and p99 latencies of each and the microseconds
   keygate adds at p50 and p99.
4. Appends the results to bench/results/gateway-<N>cores.txt and stops everything it started.

Usage: bench/gateway.py [path/to/keygate]; env ROUNDS (default 3), DURATION (wrk seconds per
round, default 5), ODOO18. Needs wrk and nginx (scripts/install-deps.sh installs them). Loopback
only.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DB = "odoo18"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Odoo:
    """The reference Odoo 18, on ports of its own, in a workdir of its own."""

    def __init__(self, shared, workdir):
        self.shared, self.workdir = shared, workdir
        self.port, self.pg_port = free_port(), free_port()
        out = subprocess.run([os.path.join(shared, "start-odoo.sh"), "--fresh", "--workdir",
                              workdir, "--port", str(self.port), "--pg-port", str(self.pg_port)],
                             capture_output=True, text=True, timeout=900)
        if out.returncode != 0:
            raise RuntimeError("start-odoo.sh failed:\n" + (out.stdout + out.stderr)[-3000:])
        self.url = "http://127.0.0.1:%d" % self.port

    def conf(self, name):
        with open(os.path.join(self.workdir, "odoo.conf")) as f:
            return re.search(r"^%s = (.*)$" % name, f.read(), re.M).group(1).strip()

    def stop(self):
        subprocess.run([os.path.join(self.shared, "stop-odoo.sh"), "--workdir", self.workdir],
                       capture_output=True, timeout=120)


class Gateway:
    """`keygate serve --upstream-url UPSTREAM` on a free port."""

    def __init__(self, binary, env, upstream, log_path):
        self.port = free_port()
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([binary, "serve", "--http-port", str(self.port),
                                      "--upstream-url", upstream], stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while "keygate serving on" not in open(log_path).read():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("keygate did not start:\n" + open(log_path).read())
            time.sleep(0.05)
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


class FixedUpstream:
    """nginx answering every POST with one fixed XML-RPC response (an Odoo that costs nothing)."""

    def __init__(self, work, answer):
        self.port = free_port()
        self.dir = os.path.join(work, "nginx")
        os.makedirs(os.path.join(self.dir, "logs"), exist_ok=True)
        conf = os.path.join(self.dir, "nginx.conf")
        one_line = answer.replace("\n", "")
        if '"' in one_line or "\\" in one_line:
            raise ValueError("the fixed answer must need no quoting in nginx.conf")
        with open(conf, "w") as f:
            f.write("""
user root;
worker_processes 1;
pid %(dir)s/nginx.pid;
error_log %(dir)s/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %(dir)s/body;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:%(port)d;
    location / {
      default_type text/xml;
      return 200 "%(answer)s";
    }
  }
}
""" % {"dir": self.dir, "port": self.port, "answer": one_line})
        self.conf = conf
        subprocess.run(["nginx", "-c", conf, "-p", self.dir], check=True, timeout=30)
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        subprocess.run(["nginx", "-c", self.conf, "-p", self.dir, "-s", "stop"], timeout=30)


def wrk(url, body_file, connections, seconds):
    """One wrk run of the XML-RPC call; (requests/s, p50 µs, p99 µs, non-200 or faults)."""
    env = dict(os.environ, BODY_FILE=body_file, RPC_PATH="/xmlrpc/2/object")
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "-s",
                          os.path.join(HERE, "xmlrpc_post.lua"), url], capture_output=True,
                         text=True, env=env, timeout=seconds + 60).stdout
    m = re.search(r"RESULT rps=([0-9.]+) p50_us=(\d+) p99_us=(\d+) requests=(\d+) "
                  r"faults=(\d+)", out)
    if not m:
        raise RuntimeError("wrk printed no result:\n" + out)
    return float(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(5))


def alternate(rounds, seconds, connections, body, sides):
    """Runs each side in turn, `rounds` times (A B, B A, A B, ...: neither always goes first);
    each side's list of results."""
    results = {name: [] for name in sides}
    names = list(sides)
    # One unmeasured second each: the first calls open the upstream and database connections.
    for name in names:
        wrk(sides[name], body, connections, 1)
    for r in range(rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            rps, p50, p99, faults = wrk(sides[name], body, connections, seconds)
            if faults:
                raise RuntimeError("%s answered %d faults or errors" % (name, faults))
            results[name].append((rps, p50, p99))
    return results


def median(values):
    return statistics.median(values)


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/keygate")
    rounds = int(os.environ.get("ROUNDS", "3"))
    seconds = int(os.environ.get("DURATION", "5"))
    shared = os.path.abspath(os.environ.get("ODOO18", os.path.join(ROOT, "..", "shared",
                                                                   "odoo18")))
    work = tempfile.mkdtemp(prefix="keygate-gwbench-")
    os.chmod(work, 0o755)  # start-odoo.sh runs PostgreSQL as its own system user, inside it
    odoo = gateway = fixed = fixed_gateway = None
    try:
        odoo = Odoo(shared, os.path.join(work, "odoo"))
        env = dict(os.environ, KEYGATE_DB_HOST="127.0.0.1", KEYGATE_DB_PORT=odoo.conf("db_port"),
                   KEYGATE_DB_USER=odoo.conf("db_user"),
                   KEYGATE_DB_PASSWORD=odoo.conf("db_password"))

        def cli(*args):
            return subprocess.run([binary, *args], capture_output=True, text=True, check=True,
                                  env=env, timeout=120).stdout.strip()

        cli("db", "attach", DB)
        key = cli("key", "new", "--db", DB, "admin", "--name", "gateway benchmark")
        body = os.path.join(work, "count.xml")
        with open(body, "w") as f:
            f.write(xmlrpc.client.dumps((DB, 2, key, "res.partner", "search_count", [[]]),
                                        "execute_kw"))
        gateway = Gateway(binary, env, odoo.url, os.path.join(work, "gateway.log"))
        # Both answer, and alike.
        direct = xmlrpc.client.ServerProxy(odoo.url + "/xmlrpc/2/object").execute_kw(
            DB, 2, key, "res.partner", "search_count", [[]])
        through = xmlrpc.client.ServerProxy(gateway.url + "/xmlrpc/2/object").execute_kw(
            DB, 2, key, "res.partner", "search_count", [[]])
        if direct != through:
            raise RuntimeError("Odoo answers %r directly and %r through keygate" %
                               (direct, through))

        real = alternate(rounds, seconds, 16, body, {"odoo": odoo.url, "keygate": gateway.url})
        odoo_rps = median(r[0] for r in real["odoo"])
        kg_rps = median(r[0] for r in real["keygate"])

        fixed = FixedUpstream(work, xmlrpc.client.dumps((direct,), methodresponse=True))
        fixed_gateway = Gateway(binary, env, fixed.url, os.path.join(work, "gateway-fixed.log"))
        fast = alternate(rounds, seconds, 16, body,
                         {"nginx": fixed.url, "keygate": fixed_gateway.url})
        n50 = median(r[1] for r in fast["nginx"])
        n99 = median(r[2] for r in fast["nginx"])
        k50 = median(r[1] for r in fast["keygate"])
        k99 = median(r[2] for r in fast["keygate"])
        krps = median(r[0] for r in fast["keygate"])
        nrps = median(r[0] for r in fast["nginx"])

        cores = os.cpu_count()
        stamp = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())
        lines = [
            "%s gateway on %d cores, %d rounds of %ds, 16 connections, execute_kw search_count "
            "with a key:" % (stamp, cores, rounds, seconds),
            "  real Odoo 18: directly %.1f req/s, through keygate %.1f req/s, ratio %.3f "
            "(rounds: %s / %s)" % (odoo_rps, kg_rps, kg_rps / odoo_rps,
                                   " ".join("%.1f" % r[0] for r in real["odoo"]),
                                   " ".join("%.1f" % r[0] for r in real["keygate"])),
            "  fixed upstream (nginx): directly %.0f req/s p50 %d us p99 %d us; through keygate "
            "%.0f req/s p50 %d us p99 %d us; keygate adds %d us at p50, %d us at p99" %
            (nrps, n50, n99, krps, k50, k99, k50 - n50, k99 - n99),
        ]
        print("\n".join(lines))
        os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
        with open(os.path.join(HERE, "results", "gateway-%dcores.txt" % cores), "a") as f:
            f.write("\n".join(lines) + "\n")
    finally:
        for part in (fixed_gateway, fixed, gateway):
            if part is not None:
                try:
                    part.stop()
                except Exception:  # keep stopping the others
                    pass
        if odoo is not None:
            odoo.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
