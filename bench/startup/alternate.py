#!/usr/bin/env python3
"""Times commands in alternation, for A/B comparisons on a machine whose speed drifts.

    bench/startup/alternate.py RUNS -- CMD1 ARGS... -- CMD2 ARGS... [-- CMD3 ...]

hyperfine runs one command's runs, then the next's: on a shared VM whose speed drifts by more
than the change being measured, the order decides the result. Here every iteration runs each
command once, in turn (the order reversed every other iteration), so drift falls on all of them
alike. Each command runs 5 times first (warm-up), stdout and stderr to /dev/null, no shell;
prints median, mean and quartiles in milliseconds. The times include Python's fork/exec (~1 ms),
the same for every command.
"""
import os
import statistics
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 4 or argv[2] != "--" or not argv[1].isdigit():
        sys.exit(__doc__)
    runs = int(argv[1])
    commands, current = [], []
    for arg in argv[3:] + ["--"]:
        if arg == "--":
            if current:
                commands.append(current)
            current = []
        else:
            current.append(arg)
    times = [[] for _ in commands]
    with open(os.devnull, "w") as null:
        for command in commands:
            for _ in range(5):
                subprocess.run(command, stdout=null, stderr=null, check=False)
        for i in range(runs):
            order = range(len(commands)) if i % 2 == 0 else reversed(range(len(commands)))
            for k in order:
                start = time.perf_counter()
                subprocess.run(commands[k], stdout=null, stderr=null, check=False)
                times[k].append((time.perf_counter() - start) * 1000)
    for command, t in zip(commands, times):
        t.sort()
        print(f"median {statistics.median(t):6.1f}  mean {statistics.fmean(t):6.1f}  "
              f"p25 {t[len(t) // 4]:6.1f}  p75 {t[3 * len(t) // 4]:6.1f} ms  {' '.join(command)}")


if __name__ == "__main__":
    main(sys.argv)
