#!/usr/bin/python3
"""Hostile-traffic soak: how much of a well-behaved client's throughput keygate keeps while it is
attacked over loopback, as one ratio measured in one run.

1. Starts `keygate serve` on a fresh demo database and measures a good client alone: sequential
   `execute_kw search_count` calls with an API key over one keep-alive connection, for DURATION
   seconds.
2. Measures the same client again while attackers, from other loopback addresses, run at once:
   - slow connections: as many half-sent headers as the per-address cap lets each address hold,
     one byte now and then (slowloris);
   - oversized and deep inputs: bodies past max_request_bytes, XML nested 10,000 deep, domains
     of 10,000 terms, 200,000 context keys;
   - wrong-credential floods: wrong passwords for admin and wrong API keys, from many addresses
     and many connections at once. With keygate's defaults the login cooldown soon refuses the
     passwords unchecked; COOLDOWN=off switches it off, so that every one costs a hash.
   The attackers run at the lowest CPU priority (nice 19), and (PIN=1, the default on two cores or
   more) on the last CPU only, the good client on the others: on one machine their own work
   (building and sending the requests) would otherwise compete with the good client for the CPU,
   which a real attack from other machines does not (six processes at nice 19 that only burn CPU
   already cost the good client a quarter to a third of its throughput on a 2-core machine).
   The server may run on every CPU; its work for the attackers is what the ratio measures.
3. Repeats: ROUNDS (default 3) attacked rounds, each between two rounds alone; each round's
   ratio is its rate under attack over the mean of the rounds alone on either side (so that a
   machine whose speed drifts moves both). Prints the median ratio, checks that the server is
   still up and answering after each round, and appends the result to bench/results/soak.txt.

Usage: bench/soak.py [path/to/keygate]; env DURATION (seconds, default 10), ATTACKERS (processes
per kind, default 2), COOLDOWN (on, keygate's default, or off), KINDS (default "slow,big,creds"), BIG (the big bodies sent, default
"deep,domain,context,huge"), CREDS_CONNECTIONS (connections per credential flooder, default 32),
SERVE_ARGS (extra `keygate serve` options, e.g. "--max-password-checks 1"). Loopback only; everything it starts is stopped at the end.
"""

import http.client
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
DB = "soak"


def keygate(binary, data_dir, *args):
    return subprocess.run([binary, "--data-dir", data_dir, *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def start_server(binary, data_dir):
    extra = os.environ.get("SERVE_ARGS", "").split()
    proc = subprocess.Popen([binary, "--data-dir", data_dir, "serve", "--http-port", "0", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        m = re.search(r"keygate serving on http://127\.0\.0\.1:(\d+)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, int(m.group(1))
    raise RuntimeError("keygate did not start")


def cpu_seconds(pid):
    """User plus system CPU time a process has used so far (from /proc)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def call_body(method, params):
    return xmlrpc.client.dumps(params, method).encode()


class Connection:
    """One keep-alive HTTP connection from a chosen loopback source address."""

    def __init__(self, port, source="127.0.0.1"):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                               source_address=(source, 0))

    def post(self, path, body, headers=None):
        h = {"Content-Type": "text/xml"}
        h.update(headers or {})
        self.conn.request("POST", path, body, h)
        r = self.conn.getresponse()
        return r.status, r.read()


def good_client(port, key, seconds, server_pid):
    """Sequential authenticated calls (all must succeed); returns calls per second and the
    server's CPU seconds per 1,000 good calls over the same window (attackers' work included)."""
    c = Connection(port)
    body = call_body("execute_kw", (DB, 2, key, "res.partner", "search_count", [[]]))
    done = 0
    cpu_before = cpu_seconds(server_pid)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status, data = c.post("/xmlrpc/2/object", body)
        if status != 200 or b"<int>" not in data:
            raise RuntimeError("a good call failed: %d %r" % (status, data[:200]))
        done += 1
    return done / seconds, (cpu_seconds(server_pid) - cpu_before) * 1e6 / max(done, 1)


def slow_connections(port, source, stop_at):
    """Holds as many half-sent requests as the server lets this address keep, adding a header
    byte to each about once a second (a slowloris), and reconnects those the server closes."""
    held = []
    while time.monotonic() < stop_at:
        for _ in range(20):  # new connections, a few at a time
            try:
                s = socket.socket()
                s.settimeout(2)
                s.bind((source, 0))
                s.connect(("127.0.0.1", port))
                s.sendall(b"POST /xmlrpc/2/object HTTP/1.1\r\nHost: x\r\n")
                held.append(s)
            except OSError:
                break
        for s in list(held):
            try:
                s.sendall(b"X")
            except OSError:
                held.remove(s)
                s.close()
        time.sleep(1.0)
    for s in held:
        s.close()


def oversized_and_deep(port, source, stop_at):
    deep = b"<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName><params><param>" + \
        b"<value><array><data>" * 10000 + b"</data></array></value>" * 10000 + \
        b"</param></params></methodCall>"
    terms = [("name", "ilike", "x%d" % i) for i in range(10000)]
    big_domain = call_body("execute_kw", (DB, 2, "0" * 40, "res.partner", "search_count", [terms]))
    context = {"k%d" % i: i for i in range(200000)}
    big_context = call_body("execute_kw", (DB, 2, "0" * 40, "res.partner", "search_count", [[]],
                                           {"context": context}))
    huge = b"<" * (17 * 1024 * 1024)
    every = {"deep": deep, "domain": big_domain, "context": big_context, "huge": huge}
    bodies = [every[b] for b in os.environ.get("BIG", "deep,domain,context,huge").split(",")]
    while time.monotonic() < stop_at:
        for body in bodies:
            try:
                Connection(port, source).post("/xmlrpc/2/object", body)
            except (OSError, http.client.HTTPException):
                pass


def wrong_credentials(port, source, stop_at):
    """CREDS_CONNECTIONS (default 32) keep-alive connections from this address, each sending
    wrong passwords and wrong keys back to back."""
    wrong_password = call_body("execute_kw", (DB, 2, "not the password", "res.partner",
                                              "search_count", [[]]))
    wrong_key = call_body("execute_kw", (DB, 2, "f" * 40, "res.partner", "search_count", [[]]))

    def flood():
        c = Connection(port, source)
        while time.monotonic() < stop_at:
            for body in (wrong_password, wrong_key):
                try:
                    c.post("/xmlrpc/2/object", body)
                except (OSError, http.client.HTTPException):
                    c = Connection(port, source)

    threads = [threading.Thread(target=flood, daemon=True)
               for _ in range(int(os.environ.get("CREDS_CONNECTIONS", "32")))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def attacker_cpus():
    """PIN=1 (the default on two cores or more): the attackers' own CPUs, the last one."""
    if os.environ.get("PIN", "1") != "1" or (os.cpu_count() or 1) < 2:
        return None
    return {os.cpu_count() - 1}


def attack(kind, port, source, stop_at):
    """One attacker process, at the lowest CPU priority (see the module docstring)."""
    os.nice(19)
    if attacker_cpus():
        os.sched_setaffinity(0, attacker_cpus())
    kind(port, source, stop_at)


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/keygate")
    seconds = float(os.environ.get("DURATION", "10"))
    attackers = int(os.environ.get("ATTACKERS", "2"))
    work = tempfile.mkdtemp(prefix="keygate-soak-")
    server = None
    procs = []
    try:
        keygate(binary, work, "db", "create", DB, "--demo")
        if os.environ.get("COOLDOWN", "on") == "off":
            # Every wrong password then costs a hash: the worst case, not the default.
            keygate(binary, work, "config", "set", "--db", DB, "base.login_cooldown_after", "0")
        key = keygate(binary, work, "key", "new", "--db", DB, "admin", "--name", "soak")
        server, port = start_server(binary, work)
        if attacker_cpus():
            # The good client keeps the other CPUs (the server, started before, may use all).
            os.sched_setaffinity(0, set(range(os.cpu_count())) - attacker_cpus())
        good_client(port, key, 1, server.pid)  # warm the credential cache
        all_kinds = {"slow": slow_connections, "big": oversized_and_deep,
                     "creds": wrong_credentials}
        chosen = os.environ.get("KINDS", "slow,big,creds").split(",")
        kinds = [all_kinds[k] for k in chosen]
        rounds = int(os.environ.get("ROUNDS", "3"))

        def attacked_round():
            """Starts the attackers, measures the good client under attack, waits them out."""
            stop_at = time.monotonic() + seconds + 3
            started = []
            n = 0
            for kind in kinds:
                for _ in range(attackers):
                    n += 1
                    p = multiprocessing.Process(target=attack,
                                                args=(kind, port, "127.0.1.%d" % n, stop_at))
                    p.start()
                    started.append(p)
            procs.extend(started)
            time.sleep(2)  # let the attack build up
            rate = good_client(port, key, seconds, server.pid)
            for p in started:
                p.join(timeout=30)
            if server.poll() is not None:
                raise RuntimeError("keygate died under the soak")
            return rate

        # Alone, attacked, alone, ...: each attacked round is compared with the rounds alone on
        # either side of it, so that a machine whose speed drifts (other tenants) moves both.
        alone = [good_client(port, key, seconds, server.pid)]
        attacked = []
        attackers_cpu = []
        for _ in range(rounds):
            before = os.times()
            attacked.append(attacked_round())
            after = os.times()
            attackers_cpu.append(after.children_user + after.children_system -
                                 before.children_user - before.children_system)
            alone.append(good_client(port, key, seconds, server.pid))
        ratios = sorted(a[0] / ((alone[i][0] + alone[i + 1][0]) / 2)
                        for i, a in enumerate(attacked))
        ratio = statistics.median(ratios)
        # Where the CPU went: the server's CPU per 1,000 good calls alone and under attack (the
        # difference is its work for the attackers), and the attacking processes' own CPU.
        cpu = ("server CPU per 1,000 good calls %.0f ms alone, %.0f ms under attack; attackers' "
               "own CPU %.1f s a round" %
               (statistics.median(a[1] for a in alone), statistics.median(a[1] for a in attacked),
                statistics.median(attackers_cpu)))
        cores = os.cpu_count()
        line = ("%s soak on %d cores%s, %d rounds of %gs, %s, cooldown %s: good client alone %s "
                "calls/s, under attack %s calls/s, ratio %.2f (median of %s; server alive); %s" %
                (time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()), cores,
                 " (attackers on CPU %s)" % ",".join(map(str, sorted(attacker_cpus())))
                 if attacker_cpus() else "", rounds, seconds,
                 ",".join(chosen), os.environ.get("COOLDOWN", "on"),
                 "/".join("%.0f" % a[0] for a in alone), "/".join("%.0f" % a[0] for a in attacked),
                 ratio, " ".join("%.2f" % r for r in ratios), cpu))
        print(line)
        os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
        with open(os.path.join(HERE, "results", "soak.txt"), "a") as f:
            f.write(line + "\n")
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
