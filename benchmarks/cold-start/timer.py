#!/usr/bin/env python3
"""Timing and summaries for cold-start.sh (Python 3 standard library only).

  timer.py time <out> <rounds> <runs>   runs every variant of <out>/variants.tsv (name TAB command):
      checks each decides Allow (hello variants excepted), then <rounds> rounds of one warm-up pass and
      <runs> timed passes; a pass starts every variant once, in a new random order, one after another.
      Per start: wall ms from spawn to exit, peak RSS of the process (wait4), the in-process
      "main->handler" and "main->decision" ms it prints. Writes <out>/runs.json and <out>/summary.md, prints the table.
  timer.py phases <file> <label>          medians of "phases name=ms/classes ..." lines
  timer.py cache <file>                   medians of "jwks-cache <choice> name=ms/classes ..." lines
"""
import collections
import json
import os
import random
import re
import shlex
import statistics as st
import subprocess
import sys
import time

DECISION = re.compile(r"main->decision ([0-9.]+)")
HANDLER = re.compile(r"main->handler ([0-9.]+)")


def load(out):
    names, cmds = [], []
    for line in open(f"{out}/variants.tsv"):
        name, cmd = line.rstrip("\n").split("\t")
        names.append(name)
        cmds.append(shlex.split(cmd))
    return names, cmds


def start(cmd, err_path):
    """Wall ms, peak RSS KB, exit status and stderr of one start."""
    with open(err_path, "w") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = (time.perf_counter() - began) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode, open(err_path).read()


def check(names, cmds):
    """Every variant but the hello ones prints a line starting with Allow and nothing unexpected to stderr."""
    for name, cmd in zip(names, cmds):
        done = subprocess.run(cmd, capture_output=True, text=True)
        if "hello" not in name and not re.search(r"^Allow ", done.stdout, re.M):
            sys.exit(f"FAILED {name}: {done.stdout.strip()} {done.stderr.strip()[-2000:]}")
        if done.stderr.strip() and "hello" not in name and not DECISION.search(done.stderr):
            sys.exit(f"FAILED {name}: unexpected stderr {done.stderr.strip()[-2000:]}")


def time_all(out, rounds, runs):
    names, cmds = load(out)
    check(names, cmds)
    load_avg = open("/proc/loadavg").read().split()[:3]
    print(f"all variants decide Allow; load {' '.join(load_avg)}", flush=True)
    data = {n: {"wall": [], "rss": [], "decision": [], "handler": [], "rounds": []} for n in names}
    loads = []
    for r in range(1, rounds + 1):
        loads.append(" ".join(open("/proc/loadavg").read().split()[:3]))
        per_round = collections.defaultdict(list)
        for k in range(runs + 1):
            order = list(range(len(names)))
            random.shuffle(order)
            for i in order:
                wall, rss, code, err = start(cmds[i], f"{out}/err.txt")
                if code != 0:
                    sys.exit(f"{names[i]} exited {code}: {err[-2000:]}")
                if k == 0:
                    continue  # warm-up pass: page cache, JIT of nothing, the servers' first answers
                d = data[names[i]]
                d["wall"].append(wall)
                d["rss"].append(rss / 1024)
                per_round[names[i]].append(wall)
                if m := DECISION.search(err):
                    d["decision"].append(float(m.group(1)))
                if m := HANDLER.search(err):
                    d["handler"].append(float(m.group(1)))
        for n in names:
            data[n]["rounds"].append(st.median(per_round[n]))
        print(f"round {r} (load at start {loads[-1]}): "
              + " ".join(f"{n}={st.median(per_round[n]):.0f}" for n in names), flush=True)
    loads.append(" ".join(open("/proc/loadavg").read().split()[:3]))
    json.dump({"loads": loads, "data": data}, open(f"{out}/runs.json", "w"), indent=1)
    summary(out, names, data, loads)


def med(xs, fmt="{:.0f}"):
    return fmt.format(st.median(xs)) if xs else "-"


def summary(out, names, data, loads):
    node = "node-aws-jwt-verify"
    ref = data.get(node, {}).get("rounds")
    pinned = "node-aws-jwt-verify-1cpu"
    lines = [
        "| variant | median ms | min-max ms | per-round medians | vs node-aws-jwt-verify, -1cpu vs its -1cpu (per round) "
        "| main->handler ms | main->decision ms | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in names:
        d = data[n]
        ratio = "-"
        # the one-CPU variants against the one-CPU node, the others against node on both CPUs
        against = pinned if n.endswith("-1cpu") and pinned in data else node
        if ref:
            per = [a / b for a, b in zip(d["rounds"], data[against]["rounds"])]
            ratio = f"{st.median(d['wall']) / st.median(data[against]['wall']):.2f}x ({' / '.join(f'{x:.2f}' for x in per)})"
        lines.append(
            f"| {n} | {med(d['wall'])} | {min(d['wall']):.0f}-{max(d['wall']):.0f} | "
            f"{' / '.join(f'{x:.0f}' for x in d['rounds'])} | {ratio} | {med(d['handler'])} | "
            f"{med(d['decision'])} | {med(d['rss'])} |")
    text = "\n".join(lines) + f"\n\nload average (1/5/15 min) at each round's start and at the end: {' ; '.join(loads)}\n"
    open(f"{out}/summary.md", "w").write(text)
    print(text)


def medians(path, skip):
    """Medians of name=ms/classes fields; skip = leading words to drop; groups by the words dropped."""
    groups = collections.defaultdict(lambda: collections.defaultdict(lambda: ([], [])))
    for line in open(path):
        words = line.split()
        if len(words) <= skip or "=" not in words[skip]:
            continue
        key = " ".join(words[:skip])
        for kv in words[skip:]:
            name, value = kv.split("=")
            ms, classes = value.split("/")
            groups[key][name][0].append(float(ms))
            groups[key][name][1].append(int(classes))
    return groups


def phases(path, label):
    for _, fields in medians(path, 1).items():
        n = len(next(iter(fields.values()))[0])
        print(f"phases {label} (median of {n} JVMs, ms/classes loaded): "
              + " ".join(f"{k}={st.median(ms):.1f}/{st.median(c):.0f}" for k, (ms, c) in fields.items()))


def cache(path):
    for key, fields in sorted(medians(path, 2).items()):
        n = len(next(iter(fields.values()))[0])
        print(f"{key} (median of {n} JVMs, ms/classes loaded): "
              + " ".join(f"{k}={st.median(ms):.1f}/{st.median(c):.0f}" for k, (ms, c) in fields.items()))


if __name__ == "__main__":
    verb = sys.argv[1]
    if verb == "time":
        time_all(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif verb == "phases":
        phases(sys.argv[2], sys.argv[3])
    elif verb == "cache":
        cache(sys.argv[2])
    else:
        sys.exit(__doc__)
