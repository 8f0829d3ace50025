#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# bench/lockprobe.py DB [PID]: take and drop the database's write lock
# (BEGIN IMMEDIATE, ROLLBACK, no busy wait) every millisecond while
# process PID runs, or until SIGTERM; then print "LONGEST TRIES FAILS":
# the longest time in ms between two successful takes, an upper bound on
# the longest write-lock hold of the other writers, as a writer trying
# that often sees it (issue 16, item 7).
import os, signal, sqlite3, sys, time
db = sys.argv[1]
pid = int(sys.argv[2]) if len(sys.argv) > 2 else 0
stop = False
def on_term(signum, frame):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
def alive():
    if pid == 0:
        return True
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False
c = sqlite3.connect(db, timeout=0, isolation_level=None)
last = time.monotonic()
longest = 0.0
tries = fails = 0
ok = True
while not stop and alive():
    tries += 1
    try:
        c.execute("BEGIN IMMEDIATE")
        c.execute("ROLLBACK")
        now = time.monotonic()
        longest = max(longest, now - last)
        last = now
        ok = True
    except sqlite3.OperationalError:
        fails += 1
        ok = False
    time.sleep(0.001)
if not ok:
    longest = max(longest, time.monotonic() - last)
print("%.0f %d %d" % (longest * 1000, tries, fails))
