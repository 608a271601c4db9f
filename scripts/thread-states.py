#!/usr/bin/env python3
"""Where a command's threads spend their time: runs COMMAND, samples every
thread's state in /proc every 5 ms (running or runnable, sleeping on a
futex, waiting on I/O, with the kernel's wait channel), and prints, per
thread, the share of samples in each state; with --timeline, each
thread's CPU (user + system) every second as well.

    scripts/thread-states.py [--timeline] -- wegwijs --data-dir D import all.jsonl

Threads that share a name (sled's I/O threads) are counted together;
unnamed threads (an import's admitting thread) carry the program's name
and their thread id. Used in BENCHMARKS.md (fourteenth session) to find
what the import's threads waited for. Linux only.
"""

import collections
import os
import resource
import subprocess
import sys
import time


def thread_key(name: str, tid: str, program: str) -> str:
    if name.startswith("sled-io"):
        return "sled-io"
    if name == program[:15]:
        return f"{name}:{tid}"
    return name


def main() -> int:
    args = sys.argv[1:]
    timeline = False
    if args and args[0] == "--timeline":
        timeline, args = True, args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    program = os.path.basename(args[0])
    started = time.time()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hz = os.sysconf("SC_CLK_TCK")
    states = collections.Counter()
    cpu_before, last_second = {}, started
    while child.poll() is None:
        time.sleep(0.005)
        cpu_now = {}
        try:
            tids = os.listdir(f"/proc/{child.pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{child.pid}/task/{tid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{child.pid}/task/{tid}/wchan") as f:
                    wchan = f.read()
            except OSError:
                continue
            name = stat.split("(", 1)[1].rsplit(")", 1)[0]
            fields = stat.rsplit(")", 1)[1].split()
            key = thread_key(name, tid, program)
            state = fields[0]
            states[(key, state, "" if state == "R" else wchan)] += 1
            cpu_now[(key, tid)] = int(fields[11]) + int(fields[12])
        now = time.time()
        if timeline and now - last_second >= 1.0:
            busy = collections.Counter()
            for (key, tid), ticks in cpu_now.items():
                busy[key] += (ticks - cpu_before.get((key, tid), 0)) / hz / (now - last_second)
            line = " ".join(f"{k}:{v:.2f}" for k, v in sorted(busy.items()) if v >= 0.05)
            print(f"{now - started:6.1f}s {line}", flush=True)
            cpu_before, last_second = cpu_now, now
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"exit {child.returncode}: {time.time() - started:.2f} s wall, "
        f"{usage.ru_utime:.2f} s user, {usage.ru_stime:.2f} s system, "
        f"peak RSS {usage.ru_maxrss // 1024} MiB"
    )
    per_thread = collections.Counter()
    for (key, _, _), n in states.items():
        per_thread[key] += n
    for (key, state, wchan), n in sorted(states.items(), key=lambda kv: (kv[0][0], -kv[1])):
        share = n / per_thread[key]
        if share >= 0.02:
            print(f"{key:24} {state} {wchan:30} {share * 100:5.1f}%")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
