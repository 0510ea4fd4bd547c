#!/usr/bin/env python3
"""Signs tasks through cutover serve's API from many clients at once.

usage: serve-load.py BASE BEARER KEYS CLIENTS OUT

Each of CLIENTS threads takes its share of the keys in the file KEYS (one
task key a line, none shared) and signs them one after another over its
own keep-alive connection (POST /api/v1/tasks/KEY/sign, bearer session).
Each answer is appended to OUT at once, one line "KEY STATUS EVENT" (EVENT
0 when none), so that whatever was acknowledged before a crash is on
disk; a request that gets no answer is "KEY ERR 0".  Bounded: a request
waits at most 120 s, and a client stops at its first unanswered request.
Prints the number of answers and the seconds they took.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse


def main():
    base, bearer, keys_file, clients, out_file = sys.argv[1:6]
    clients = int(clients)
    url = urllib.parse.urlsplit(base)
    with open(keys_file) as f:
        keys = [k.strip() for k in f if k.strip()]
    shares = [keys[i::clients] for i in range(clients)]
    out = open(out_file, "a", buffering=1)
    lock = threading.Lock()
    answered = [0]

    def client(share):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        for key in share:
            path = "/api/v1/tasks/%s/sign" % urllib.parse.quote(key, safe="")
            try:
                conn.request("POST", path, body="", headers={
                    "Authorization": "Bearer " + bearer,
                    "Content-Type": "application/x-www-form-urlencoded"})
                r = conn.getresponse()
                body = r.read()
                event = 0
                if r.status == 200:
                    event = json.loads(body).get("event", 0)
                line = "%s %d %d\n" % (key, r.status, event)
            except Exception:
                line = "%s ERR 0\n" % key
            with lock:
                out.write(line)
                out.flush()
                answered[0] += 1
            if " ERR " in line:
                return

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(s,)) for s in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%d answers in %.2f s" % (answered[0], time.monotonic() - start))


if __name__ == "__main__":
    main()
