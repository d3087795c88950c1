#!/usr/bin/env python3
"""Generates the model benchmark project (issue 13): N_SOURCES seeded tables and a model
project in 4 layers (staging views, intermediate views/tables, marts tables with a few
incremental, reports views), 2 tests per model; plus the psql floor: the same statements in
dependency order (floor_run.sql) and the same test queries (floor_test.sql).

usage: gen.py OUT_DIR [MODELS=200] [SOURCES=20] [ROWS=10000]
"""
import os, random, sys

out = sys.argv[1]
n_models = int(sys.argv[2]) if len(sys.argv) > 2 else 200
n_sources = int(sys.argv[3]) if len(sys.argv) > 3 else 20
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
rng = random.Random(42)

os.makedirs(f"{out}/project/models", exist_ok=True)
os.makedirs(f"{out}/project/seeds/raw", exist_ok=True)
with open(f"{out}/project/pgcrate.toml", "w") as f:
    f.write('[paths]\nmodels = "models"\nseeds = "seeds"\n')

setup = ["CREATE SCHEMA IF NOT EXISTS raw;"]
for s in range(n_sources):
    setup.append(f"CREATE TABLE raw.src_{s} (id bigint PRIMARY KEY, grp integer NOT NULL, "
                 f"amount numeric(12,2), status text, created_at timestamptz NOT NULL);")
    with open(f"{out}/project/seeds/raw/src_{s}.csv", "w") as f:
        f.write("id,grp,amount,status,created_at\n")
        for i in range(rows):
            f.write(f"{i},{rng.randrange(100)},{rng.randrange(100000)/100},"
                    f"{rng.choice(['new','paid','shipped'])},2025-01-{1 + i % 28:02d}T10:00:00Z\n")
with open(f"{out}/setup.sql", "w") as f:
    f.write("\n".join(setup) + "\n")

# Layer sizes: 30% staging, 30% intermediate, 25% marts, 15% reports.
sizes = [int(n_models * p) for p in (0.30, 0.30, 0.25)]
sizes.append(n_models - sum(sizes))
models = []  # (schema, name, materialized, sql, deps, key)
layers = []
for layer, count in enumerate(sizes):
    cur = []
    for i in range(count):
        if layer == 0:
            src = f"raw.src_{i % n_sources}"
            sql = (f"SELECT id, grp, amount, status, created_at FROM {src} "
                   f"WHERE id % {2 + i % 3} = 0")
            m = ("staging", f"stg_{i}", "view", sql, [], "id")
        elif layer == 1:
            a, b = rng.sample(layers[0], 2)
            mat = "table" if i % 3 == 0 else "view"
            sql = (f"SELECT a.id, a.grp, a.amount + coalesce(b.amount, 0) AS amount, a.status, "
                   f"a.created_at FROM {a[0]}.{a[1]} a LEFT JOIN {b[0]}.{b[1]} b ON b.id = a.id")
            m = ("intermediate", f"int_{i}", mat, sql, [a, b], "id")
        elif layer == 2:
            a = rng.choice(layers[1])
            mat = "incremental" if i % 5 == 0 else "table"
            sql = (f"SELECT grp, count(*) AS n, sum(amount) AS amount, max(created_at) AS last_at "
                   f"FROM {a[0]}.{a[1]} GROUP BY grp")
            m = ("marts", f"mart_{i}", mat, sql, [a], "grp")
        else:
            a, b = rng.sample(layers[2], 2)
            sql = (f"SELECT a.grp, a.n + coalesce(b.n, 0) AS n, a.amount FROM {a[0]}.{a[1]} a "
                   f"LEFT JOIN {b[0]}.{b[1]} b ON b.grp = a.grp")
            m = ("reports", f"rep_{i}", "view", sql, [a, b], "grp")
        cur.append(m)
        models.append(m)
    layers.append(cur)

run, test = [], []
for schema, name, mat, sql, deps, key in models:
    os.makedirs(f"{out}/project/models/{schema}", exist_ok=True)
    header = f"-- materialized: {mat}\n"
    if mat == "incremental":
        header += f"-- unique_key: {key}\n"
    header += "-- deps: " + ", ".join(f"{d[0]}.{d[1]}" for d in sorted(deps)) + "\n"
    header += f"-- tests: not_null({key}), unique({key})\n"
    with open(f"{out}/project/models/{schema}/{name}.sql", "w") as f:
        f.write(header + "\n" + sql + "\n")
    q = f"{schema}.{name}"
    run.append("BEGIN;")
    run.append(f"CREATE SCHEMA IF NOT EXISTS {schema};")
    if mat == "view":
        run.append(f"DROP VIEW IF EXISTS {q} CASCADE; CREATE VIEW {q} AS {sql};")
    elif mat == "table":
        run.append(f"DROP TABLE IF EXISTS {q}_new; CREATE TABLE {q}_new AS {sql};")
        # The views over it come later in the file and are re-created there.
        run.append(f"DROP TABLE IF EXISTS {q} CASCADE; ALTER TABLE {q}_new RENAME TO {name};")
    else:
        run.append(f"CREATE TABLE IF NOT EXISTS {q} AS {sql} WITH NO DATA;")
        run.append(f"CREATE UNIQUE INDEX IF NOT EXISTS {name}_key ON {q} ({key});")
        run.append(f"INSERT INTO {q} {sql} ON CONFLICT ({key}) DO UPDATE SET n = EXCLUDED.n, "
                   f"amount = EXCLUDED.amount, last_at = EXCLUDED.last_at;")
    run.append("COMMIT;")
    test.append(f"SELECT count(*) FROM {q} WHERE {key} IS NULL;")
    test.append(f"SELECT count(*) FROM (SELECT {key} FROM {q} WHERE {key} IS NOT NULL "
                f"GROUP BY {key} HAVING count(*) > 1) d;")
with open(f"{out}/floor_run.sql", "w") as f:
    f.write("SET client_min_messages = warning;\n" + "\n".join(run) + "\n")
with open(f"{out}/floor_test.sql", "w") as f:
    f.write("\n".join(test) + "\n")
print(f"{len(models)} models, {n_sources} sources x {rows} rows in {out}")
