#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# bench/timeit.py NAME REPS ERRFILE CMD...: run CMD REPS times, its output
# discarded (stderr to ERRFILE), and print "NAME<TAB>runs<TAB>median<TAB>
# min<TAB>max" in ms. Each run is timed from just before the spawn to the
# child's exit. Python starts the child with vfork/posix_spawn; bash's
# fork() of itself costs 3-5 ms on a VM whose page faults are slow, more
# than a short command takes, and would be timed with it. Exit 3 after the
# line when a run failed (the first failure's stderr is left in ERRFILE).
# bench/timeit.py --given NAME US...: the same line for times taken
# elsewhere, in microseconds.
import statistics
import subprocess
import sys
import time


def summary(name, times):
    times = sorted(times)
    print("%s\t%d\t%.2f\t%.2f\t%.2f" % (name, len(times),
                                        statistics.median(times),
                                        times[0], times[-1]))


if sys.argv[1] == "--given":
    # bench/timeit.py --given NAME US...: the line for times measured
    # elsewhere (run.sh's loop for shell functions), in microseconds.
    summary(sys.argv[2], [int(x) / 1000.0 for x in sys.argv[3:]])
    sys.exit(0)

name, reps, errpath, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
times, failed = [], 0
for _ in range(reps):
    with open(errpath, "wb") as err:
        a = time.perf_counter()
        rc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=err).returncode
        times.append((time.perf_counter() - a) * 1000.0)
    if rc != 0:
        failed = rc
        break
summary(name, times)
sys.exit(3 if failed else 0)
