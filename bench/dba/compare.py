#!/usr/bin/env python3
"""Compares check_postgres (nagios perfdata) with pgcrate --json findings; prints markdown.

Usage: compare.py DIR   (DIR holds cp_<action>.txt and pg_<check>.json from agreement.sh)
"""
import json
import os
import re
import sys

d = sys.argv[1]

# check_postgres action -> (pgcrate check, how a pgcrate finding names its object)
PAIRS = [
    ("sequence", "sequences"),
    ("txn_wraparound", "xid"),
    ("bloat", "bloat"),
    ("locks", "locks"),
    ("last_vacuum", "vacuum"),
    ("last_analyze", "stats-age"),
]
BLOAT_WARNING = 1048576  # --warning='1 M'


def perf(action):
    """[(name, value, warn)] from the perfdata after '|'."""
    text = open(os.path.join(d, f"cp_{action}.txt")).read()
    status = text.split("|")[0].strip()
    items = []
    if "|" in text:
        for tok in text.split("|", 1)[1].split():
            if "=" not in tok or tok.startswith("time="):
                continue
            name, rest = tok.rsplit("=", 1)
            parts = rest.split(";")
            num = lambda s: float(re.sub(r"[^0-9.]", "", s) or 0)
            items.append((name, num(parts[0]), num(parts[1]) if len(parts) > 1 and parts[1] else None))
    return status, items


def cp_problems(action):
    status, items = perf(action)
    found = set()
    for name, value, warn in items:
        if action == "bloat":
            if value >= BLOAT_WARNING:
                found.add(name)
        elif warn is not None and value >= warn:
            if action == "locks":
                found.add(name.split(".")[0])  # database with waiting locks
            elif action in ("last_vacuum", "last_analyze"):
                found.add(name.split(".", 1)[1])  # strip the database
            else:
                found.add(name)
    return status.split(":")[0], found


def pg_findings(check):
    path = os.path.join(d, f"pg_{check}.json")
    try:
        doc = json.load(open(path))
    except (OSError, ValueError):
        return "no output", set()
    objs = set()
    for f in doc.get("findings", []):
        if f["severity"] not in ("warning", "critical"):
            continue
        obj = f.get("object") or ""
        if check == "xid":
            obj = obj.replace("database ", "") if f["kind"] == "xid_wraparound" else ""
        if check == "locks":
            obj = "broken" if f["kind"] == "blocked_session" else ""
        if obj:
            objs.add(obj)
    return doc.get("status", "error"), objs


def same(a, b):
    # check_postgres names some indexes without their schema.
    return a == b or a.split(".")[-1] == b.split(".")[-1]


print("## Agreement with check_postgres (same thresholds on both sides)\n")
print("| check_postgres action | its result | pgcrate check | pgcrate status | reported by check_postgres | also by pgcrate | only pgcrate |")
print("|---|---|---|---|---|---|---|")
missed_total = 0
for action, check in PAIRS:
    cp_status, cp = cp_problems(action)
    pg_status, pg = pg_findings(check)
    both = sorted(x for x in cp if any(same(x, y) for y in pg))
    missed = sorted(x for x in cp if not any(same(x, y) for y in pg))
    extra = sorted(y for y in pg if not any(same(x, y) for x in cp))
    missed_total += len(missed)
    cell = lambda s: ", ".join(s) if s else "-"
    print(f"| {action} | {cp_status} | {check} | {pg_status} | {cell(sorted(cp))} | "
          f"{cell(both)}{' (MISSED: ' + cell(missed) + ')' if missed else ''} | {cell(extra)} |")
print()
print(f"Problems check_postgres reports that pgcrate misses: **{missed_total}**.")
sys.exit(1 if missed_total else 0)
