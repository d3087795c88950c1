#!/usr/bin/env python3
"""Markdown summary of bench/seed/run.sh's figures.txt.

Usage: summary.py FIGURES CMDLINE NPROC MEM_GB DATE PGCRATE_BINARY TOOL...
"""
import statistics, sys
fig_path, cmdline, cpus, mem_gb, date, binary, *tools = sys.argv[1:]
f = {}
for line in open(fig_path):
    k, _, v = line.rstrip("\n").partition(" ")
    f.setdefault(k, []).append(v)
one = lambda k: f[k][0]
rows, mb = int(one("rows")), int(one("bytes")) / 1e6
print(f"# Seed benchmark — results\n")
print(f"Command: `{cmdline}` (binary `{binary}`), {date}; {cpus} CPUs, {mem_gb} GB RAM;")
print(f"PostgreSQL {one('pg')} started by the script with default settings (fsync on).")
print(f"Load average before/after the load rounds: {one('load_before')} / {one('load_after')}.\n")
print(f"Workload: {rows:,} rows, {mb:.1f} MB CSV, 8 columns (bigint PK, text email, text name "
      "with quoted commas/quotes/newlines, integer, numeric(12,2), boolean, timestamptz, uuid).\n")
print(f"## Load into an empty table ({one('runs')} interleaved rounds; truncate + CHECKPOINT before each)\n")
print("| tool | mean | min | median | mean vs psql-copy | mean vs psql-copy-txn |")
print("|---|---|---|---|---|---|")
loads = {t: [float(x) for x in f[f"load.{t}"]] for t in tools}
base = statistics.mean(loads["psql-copy"]); base_txn = statistics.mean(loads["psql-copy-txn"])
for t in tools:
    v = loads[t]
    print(f"| {t} | {statistics.mean(v):.3f} s | {min(v):.3f} s | {statistics.median(v):.3f} s "
          f"| {statistics.mean(v)/base:.3f}x | {statistics.mean(v)/base_txn:.3f}x |")
pg = loads["pgcrate"]
med = statistics.median


def ratios(ref):
    r = loads[ref]
    return (f"mean {statistics.mean(pg)/statistics.mean(r):.3f}x, median {med(pg)/med(r):.3f}x, "
            f"min {min(pg)/min(r):.3f}x")


print(f"\npgcrate / psql-copy-txn (apples to apples: both truncate, load, analyze in one "
      f"transaction): {ratios('psql-copy-txn')} (goal <= 1.05x).")
am, amin = map(float, one("analyze").split())
print(f"pgcrate / psql-copy (bare \\copy, no ANALYZE): {ratios('psql-copy')}. ANALYZE alone on "
      f"the loaded table: mean {am:.3f} s, min {amin:.3f} s (median gap pgcrate - psql-copy: "
      f"{med(pg) - med(loads['psql-copy']):.3f} s).\n")
print("## Peak RSS (/usr/bin/time -v; goal under 30 MB and flat)\n")
print("| rows | seed run RSS | wall | CPU (user+sys) | psql \\copy RSS | psql CPU |")
print("|---|---|---|---|---|---|")
for k in sorted((k for k in f if k.startswith("rss.")), key=lambda k: int(k[4:])):
    n = k[4:]
    rss, wall, cpu, *_ = f[k][0].split()
    prss, _, pcpu, *_ = f[f"rss_psql.{n}"][0].split()
    print(f"| {int(n):,} | {int(rss)/1024:.1f} MB | {wall} s | {cpu} s | {int(prss)/1024:.1f} MB | {pcpu} s |")
dmean, dmin = map(float, one("diff").split())
drss, dwall, dcpu, *_ = one("rss_diff").split()
print(f"\n## seed diff of the {rows:,}-row seed against its loaded table (goal < 2x the load)\n")
fmean, fmin = map(float, one("diff_floor").split())
print(f"mean {dmean:.3f} s, min {dmin:.3f} s = {dmean/statistics.mean(pg):.2f}x pgcrate's mean "
      f"load time; peak RSS {int(drss)/1024:.1f} MB; pgcrate CPU {dcpu} s.")
print(f"Floor for comparison (psql: \\copy into a temp table, FULL JOIN on the native key, typed "
      f"row comparison, counts only): mean {fmean:.3f} s, min {fmin:.3f} s = "
      f"{fmean/statistics.mean(pg):.2f}x the load.\n")
print(f"## seed validate of the {rows:,}-row file (goal >= 100 MB/s offline)\n")
vo = [float(x) for x in one("validate-offline").split()]
vd = [float(x) for x in one("validate-db").split()]
vrss, _, vcpu, *_ = one("rss_validate").split()
print(f"- `--offline`: mean {vo[0]:.3f} s, min {vo[1]:.3f} s = {mb/vo[0]:.0f} MB/s (mean), "
      f"{mb/vo[1]:.0f} MB/s (best); peak RSS {int(vrss)/1024:.1f} MB")
print(f"- with the database: mean {vd[0]:.3f} s, min {vd[1]:.3f} s = {mb/vd[0]:.0f} MB/s (mean)")
