#!/usr/bin/python3
"""Steady load through HAProxy for the blue-green tests and benchmark (Debian's python3, stdlib only).

  load_client.py URL OUT.csv STOP_FILE [--keepalive N] [--fresh N] [--path P]

Runs N keep-alive clients (one connection, reused for every request) and N clients that open a new
connection per request, until STOP_FILE exists. Every request is one CSV line:
  start_unix_s,latency_s,status,colour,kind,error
status 0 means a connection error (refused, reset, timeout, short response); colour is the
X-Colour header the test's HAProxy config adds. A failed request on a keep-alive connection is
counted, then the client reconnects. `summary OUT.csv [FROM TO]` prints counts, failures and p99.
"""
import http.client
import os
import sys
import threading
import time
import urllib.parse


def client(url, out, lock, stop_file, keepalive, path):
    u = urllib.parse.urlsplit(url)
    conn = None
    while not os.path.exists(stop_file):
        if conn is None:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
        t0 = time.time()
        status, colour, err = 0, "", ""
        try:
            conn.request("GET", path, headers={"Connection": "keep-alive" if keepalive else "close"})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
            colour = resp.getheader("X-Colour", "")
            if not keepalive or resp.will_close:
                conn.close()
                conn = None
        except Exception as e:  # noqa: BLE001 - every failure is a data point
            err = type(e).__name__
            conn.close()
            conn = None
        line = "%.6f,%.6f,%d,%s,%s,%s\n" % (t0, time.time() - t0, status, colour, "ka" if keepalive else "new", err)
        with lock:
            out.write(line)
        if err:
            time.sleep(0.01)


def run(argv):
    url, out_path, stop_file = argv[0], argv[1], argv[2]
    ka, fresh, path = 4, 4, "/api/v1/health"
    i = 3
    while i < len(argv):
        if argv[i] == "--keepalive":
            ka = int(argv[i + 1])
        elif argv[i] == "--fresh":
            fresh = int(argv[i + 1])
        elif argv[i] == "--path":
            path = argv[i + 1]
        else:
            sys.exit("load_client: unknown argument " + argv[i])
        i += 2
    lock = threading.Lock()
    with open(out_path, "w", buffering=1) as out:
        threads = [threading.Thread(target=client, args=(url, out, lock, stop_file, True, path)) for _ in range(ka)]
        threads += [threading.Thread(target=client, args=(url, out, lock, stop_file, False, path)) for _ in range(fresh)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def rows(path, t_from=None, t_to=None):
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split(",")
            if len(p) != 6:
                continue
            start = float(p[0])
            if t_from is not None and start < t_from:
                continue
            if t_to is not None and start > t_to:
                continue
            yield start, float(p[1]), int(p[2]), p[3], p[4], p[5]


def summary(argv):
    path = argv[0]
    t_from = float(argv[1]) if len(argv) > 1 else None
    t_to = float(argv[2]) if len(argv) > 2 else None
    r = list(rows(path, t_from, t_to))
    failed = [x for x in r if x[2] == 0 or x[2] >= 500]
    lat = sorted(x[1] for x in r)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0
    colours = {}
    for x in r:
        colours[x[3]] = colours.get(x[3], 0) + 1
    print("requests=%d failed=%d p99_ms=%.1f colours=%s" % (len(r), len(failed), p99 * 1000,
                                                            ",".join("%s:%d" % kv for kv in sorted(colours.items()))))
    for x in failed[:10]:
        print("  failed: start=%.3f status=%d kind=%s error=%s" % (x[0], x[2], x[4], x[5]))


def switch_time(argv):
    """Seconds from T0 until the first request after which every started request is on COLOUR."""
    path, t0, colour = argv[0], float(argv[1]), argv[2]
    r = sorted(rows(path, t0), key=lambda x: x[0])
    last_other = None
    for x in r:
        if x[3] != colour:
            last_other = x[0]
    after = [x for x in r if x[3] == colour and (last_other is None or x[0] > last_other)]
    print("%.3f" % ((after[0][0] - t0) if after else -1.0))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "summary":
        summary(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "switch-time":
        switch_time(sys.argv[2:])
    elif len(sys.argv) >= 4:
        run(sys.argv[1:])
    else:
        sys.exit(__doc__)
