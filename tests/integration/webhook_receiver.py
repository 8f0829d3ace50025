#!/usr/bin/python3
# SPDX-License-Identifier: ISC
#
# A Standard Webhooks receiver for the tests (stdlib only). It binds
# 127.0.0.1 on a free port, prints "PORT <n>" (and writes it to
# --port-file), verifies the webhook-signature of every POST with the
# secret in --secret-file ("whsec_<base64>", the only form cetrack
# accepts), answers 401 to a bad or missing signature, and logs every delivery
# it answers with 2xx as one JSON line in --log:
#   {"webhook_id", "timestamp", "path", "user_agent", "content_type",
#    "body": "<the raw body as a string>"}
# written and flushed before the answer is sent (a request held by
# /hold-first also has "held_while": the others answered meanwhile).
#
# The behaviour is chosen by the URL path (so one receiver serves a whole
# test), or by --mode for any other path:
#   /ok                 200
#   /fail-first/N       500 to the first N requests of each webhook-id
#                       (counted per path and webhook-id, not globally),
#                       then 200
#   /gone               410
#   /status/N           answer N (400, 429, 302 with a Location, ...)
#   /hang               read the request, never answer (until SIGTERM)
#   /slow/MS            200 after MS milliseconds
#   /hold-first/N       the first request to the path is held until N
#                       other requests to it have been answered, then
#                       200 (503 "held too long" after 30 s); every other
#                       request: 200 at once. Ordering without a clock:
#                       the held one succeeds only if N others got past it
#   /big/BYTES          200 with a body of BYTES bytes and a Content-Length
#   /big-stream/BYTES   200 with a body of BYTES bytes and no length
#                       (the end is the closed connection)
#   /by-id              the webhook-id picks: its part before the first
#                       "." is one of the words above with "+" for "/"
#                       ("hang.1", "ok.7", "slow+200.3", "gone.x"), so one
#                       batch to one URL can mix behaviours
# --mode takes the same words: ok, fail-first/2, gone, hang, slow/200, ...
#
# --stats FILE is rewritten (atomically) after each request:
#   {"requests", "accepted", "bad_signature", "max_in_flight", "in_flight"}
# max_in_flight is the largest number of POSTs being handled at once.
# --tolerance SECONDS rejects (401) a webhook-timestamp further than that
# from --now (Unix seconds or ISO 8601; default: the real clock).
# --keep-alive answers HTTP/1.1 and keeps each connection open for the
# next request (with TCP_NODELAY), as a production receiver does; without
# it every answer closes its connection (HTTP/1.0). The benchmark uses it:
# a connection and a thread per request made this receiver, not cetrackd,
# the bottleneck at 100 requests in flight.
# SIGTERM (or SIGINT) stops it; requests left hanging are dropped.

import argparse
import base64
import datetime
import hashlib
import hmac
import http.server
import json
import os
import signal
import sys
import threading
import time

BODY_MAX = 4 * 1024 * 1024
HOLD_MAX = 30.0             # seconds a /hold-first request waits at most


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.args = args
        self.secret = load_secret(args.secret_file)
        self.now = parse_now(args.now) if args.now else None
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None
        self.stats_path = args.stats
        self.requests = 0
        self.accepted = 0
        self.bad_signature = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.attempts = {}      # (path, webhook-id) -> requests seen
        self.cond = threading.Condition(self.lock)
        self.holds = {}         # path -> /hold-first state
        self.stop = threading.Event()

    def write_stats(self):
        if not self.stats_path:
            return
        # Under the lock: a later snapshot is never replaced by an older.
        with self.lock:
            d = {"requests": self.requests, "accepted": self.accepted,
                 "bad_signature": self.bad_signature,
                 "max_in_flight": self.max_in_flight,
                 "in_flight": self.in_flight}
            tmp = self.stats_path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(d, f)
            os.replace(tmp, self.stats_path)


def load_secret(path):
    # As cetrack and the Standard Webhooks libraries take it: the key is
    # the base64 after "whsec_"; anything else is refused.
    with open(path, "rb") as f:
        raw = f.read().strip()
    if not raw.startswith(b"whsec_"):
        sys.exit("webhook_receiver: %s: expected whsec_ + base64" % path)
    return base64.b64decode(raw[6:], validate=True)


def parse_now(s):
    try:
        return int(s)
    except ValueError:
        return int(datetime.datetime.fromisoformat(s).timestamp())


def sign(secret, wid, ts, body):
    mac = hmac.new(secret, wid.encode() + b"." + ts.encode() + b"." + body,
                   hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "webhook-receiver/1"

    def log_message(self, fmt, *a):
        pass

    def done(self):
        # Counters and the stats file are final before the answer leaves,
        # so a client that got its answer reads up-to-date stats.
        st = self.server.state
        if getattr(self, "counted_done", False):
            return
        self.counted_done = True
        with st.lock:
            st.in_flight -= 1
        st.write_stats()

    def answer(self, code, body=b"", extra=None):
        self.done()
        self.send_response(code)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        st = self.server.state
        with st.lock:
            st.requests += 1
            st.in_flight += 1
            st.max_in_flight = max(st.max_in_flight, st.in_flight)
        st.write_stats()
        self.counted_done = False
        try:
            self.handle_post(st)
        finally:
            self.done()

    def verify(self, st, body):
        wid = self.headers.get("webhook-id")
        ts = self.headers.get("webhook-timestamp")
        sigs = self.headers.get("webhook-signature")
        if not wid or not ts or not sigs or not ts.isdigit():
            return None, "missing or malformed webhook headers"
        if st.args.tolerance is not None:
            now = st.now if st.now is not None else int(time.time())
            if abs(now - int(ts)) > st.args.tolerance:
                return None, "timestamp outside the tolerance"
        want = sign(st.secret, wid, ts, body)
        for s in sigs.split(" "):
            ver, _, val = s.partition(",")
            if ver == "v1" and hmac.compare_digest(val, want):
                return wid, None
        return None, "bad signature"

    def handle_post(self, st):
        try:
            n = int(self.headers.get("Content-Length", "-1"))
        except ValueError:
            n = -1
        if n < 0 or n > BODY_MAX:
            self.close_connection = True    # the body was not read
            self.answer(411 if n < 0 else 413)
            return
        body = self.rfile.read(n)
        wid, why = self.verify(st, body)
        if wid is None:
            with st.lock:
                st.bad_signature += 1
            self.answer(401, why.encode())
            return
        path = self.path.split("?")[0]
        parts = [p for p in path.split("/") if p]
        known = ("ok", "fail-first", "gone", "status", "hang", "slow",
                 "big", "big-stream", "hold-first")
        if parts and parts[0] == "by-id":
            parts = wid.split(".")[0].split("+")
        if not parts or parts[0] not in known:
            parts = [p for p in st.args.mode.split("/") if p]
        mode = parts[0]
        arg = int(parts[1]) if len(parts) > 1 else 0
        with st.lock:
            key = (path, wid)
            st.attempts[key] = st.attempts.get(key, 0) + 1
            attempt = st.attempts[key]
        if mode == "hang":
            st.stop.wait()
            return
        if mode == "gone":
            self.answer(410, b"gone")
            return
        if mode == "status":
            extra = {"Location": "/ok"} if 300 <= arg <= 399 else None
            if 200 <= arg <= 299:
                self.record(st, wid, path, body)
            self.answer(arg, b"" if arg in (204, 304) else b"status %d" % arg,
                        extra)
            return
        if mode == "fail-first" and attempt <= arg:
            self.answer(500, b"failing on purpose")
            return
        if mode == "hold-first":
            self.hold_first(st, wid, path, body, arg)
            return
        if mode == "slow":
            time.sleep(arg / 1000.0)
        self.record(st, wid, path, body)
        if mode == "big":
            self.answer(200, b"x" * arg)
        elif mode == "big-stream":
            self.done()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"y" * 8192
            left = arg
            try:
                while left > 0:
                    k = min(left, len(chunk))
                    self.wfile.write(chunk[:k])
                    left -= k
            except OSError:
                pass        # the client stopped reading: expected
            self.close_connection = True
        else:
            self.answer(200, b"ok")

    def hold_first(self, st, wid, path, body, n):
        # The first request to the path waits (without the lock) until n
        # others have been answered; each other one counts once its
        # answer has been sent.
        with st.cond:
            h = st.holds.setdefault(path, {"held": False, "answered": 0})
            first = not h["held"]
            h["held"] = True
            if first:
                released = st.cond.wait_for(lambda: h["answered"] >= n,
                                            HOLD_MAX)
                seen = h["answered"]
        if first and not released:
            self.answer(503, b"held too long")
            return
        self.record(st, wid, path, body,
                    {"held_while": seen} if first else None)
        self.answer(200, b"ok")
        if not first:
            with st.cond:
                h["answered"] += 1
                st.cond.notify_all()

    def record(self, st, wid, path, body, extra=None):
        with st.lock:
            st.accepted += 1
            if st.log is not None:
                d = {"webhook_id": wid,
                     "timestamp": self.headers.get("webhook-timestamp"),
                     "path": path,
                     "user_agent": self.headers.get("User-Agent"),
                     "content_type": self.headers.get("Content-Type"),
                     "body": body.decode("utf-8", "replace")}
                d.update(extra or {})
                st.log.write(json.dumps(d) + "\n")
                st.log.flush()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def main():
    ap = argparse.ArgumentParser(description="Standard Webhooks test "
                                 "receiver on 127.0.0.1")
    ap.add_argument("--secret-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--stats")
    ap.add_argument("--port-file")
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--tolerance", type=int)
    ap.add_argument("--now")
    ap.add_argument("--keep-alive", action="store_true")
    args = ap.parse_args()
    if args.keep_alive:
        Handler.protocol_version = "HTTP/1.1"
        Handler.disable_nagle_algorithm = True

    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = State(args)
    port = srv.server_address[1]
    srv.state.write_stats()
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("PORT %d" % port, flush=True)

    def stop(signum, frame):
        srv.state.stop.set()
        threading.Thread(target=srv.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    srv.serve_forever(poll_interval=0.1)
    srv.state.write_stats()
    if srv.state.log is not None:
        srv.state.log.close()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
