#!/usr/bin/env python3
"""Generates the code-objects benchmark project (issue 14).

One migration creates 20 tables (100 rows each); the code folder holds 500 objects:
  15 types   5 enums, 5 composite types, 5 domains (used by views and function signatures)
  100 SQL functions   10 chains of 10 (f_c_d calls f_c_{d-1}; f_c_0 takes a domain), half with
                      BEGIN ATOMIC bodies, half with string bodies
  40 PL/pgSQL functions returning a composite type, reading views, calling SQL functions and
                      each other
  5 trigger functions + 5 triggers on the tables
  5 materialized views over view chains
  330 views   40 base views (2 per table; enum, domain and composite columns), 36 chains of
              8 views over them (views over views, depth 8, some levels calling functions or
              joining a base view), 2 views joining chain tops
plus COMMENT ON / GRANT lines. Files are spread over subfolders and named so that alphabetical
order is NOT dependency order (the top of each chain sorts before its base, types sort last,
statements inside a file are in reverse order).

50 views use column t00.qty (2 base views on t00 + 6 chains of 8 over them): migration
20250102000000_widen_qty.sql (written to OUT/widen/, added by run.sh) alters it to bigint.

10 objects have a second version (4 mid-chain views, 1 base view, 3 SQL functions, 2 PL/pgSQL
functions): OUT/alt/ holds the files containing them in version B; OUT/flip.sh swaps them with
the project's copies (so each call makes 10 objects differ from the database).

usage: gen.py OUT_DIR [DOMAIN_ARGS=0]
"""
import os, random, sys

out = sys.argv[1]
# 1: f_c_0 takes a domain argument. 0 (what run.sh uses until it is fixed): the domain is a cast
# in the body, because planning fails on a database where the domain does not exist yet
# (to_regprocedure('f(pos_amount0)') raises on PostgreSQL 15; see RESULTS.md).
DOMAIN_ARGS = len(sys.argv) > 2 and sys.argv[2] == "1"
rng = random.Random(14)
N_TABLES, N_ENUM, N_CHAINS, DEPTH = 20, 5, 36, 8
proj = f"{out}/project"
os.makedirs(f"{proj}/db/migrations", exist_ok=True)
with open(f"{proj}/pgcrate.toml", "w") as f:
    f.write('[paths]\nmigrations = "db/migrations"\ncode = "db/code"\n')

mig = []
for t in range(N_TABLES):
    mig.append(f"CREATE TABLE t{t:02d} (id bigint PRIMARY KEY, grp integer NOT NULL, "
               f"qty integer NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL, "
               f"created_at timestamptz NOT NULL DEFAULT now());")
    mig.append(f"INSERT INTO t{t:02d} (id, grp, qty, amount, status) SELECT i, i % 10, i % 7, "
               f"(i * 13 % 1000) / 10.0, (ARRAY['new','paid','shipped'])[1 + i % 3] "
               f"FROM generate_series(1, 100) i;")
with open(f"{proj}/db/migrations/20250101000000_tables.sql", "w") as f:
    f.write("-- up\n" + "\n".join(mig) + "\n")
os.makedirs(f"{out}/widen", exist_ok=True)
with open(f"{out}/widen/20250102000000_widen_qty.sql", "w") as f:
    f.write("-- up\nALTER TABLE t00 ALTER COLUMN qty TYPE bigint;\n")

files = {}    # relative path -> list of statements (version A)
alt = set()   # files holding a changed object
n_objects = 0


def add(path, stmts, stmts_b=None):
    """Adds one object's statements (CREATE + attachments) at the front of the file's list,
    so that a file lists its objects in reverse creation order."""
    global n_objects
    n_objects += 1
    files.setdefault(path, [])
    files[path] = stmts + files[path]
    if stmts_b is not None:
        alt.add(path)
    b = stmts_b if stmts_b is not None else stmts
    # Keep the B list in step with the A list for every file that has a change.
    alt_lists.setdefault(path, [])
    alt_lists[path] = b + alt_lists[path]


alt_lists = {}


def attach(kind, name, i):
    extra = []
    if i % 5 == 0:
        extra.append(f"COMMENT ON {kind} {name} IS 'generated object {i}';")
    if i % 7 == 0:
        if kind in ("VIEW", "MATERIALIZED VIEW"):
            extra.append(f"GRANT SELECT ON {name.split('(')[0]} TO PUBLIC;")
        elif kind == "FUNCTION":
            extra.append(f"GRANT EXECUTE ON FUNCTION {name} TO PUBLIC;")
    return extra


# Types (file sorts last).
for k in range(N_ENUM):
    add("zz_types/types.sql", [f"CREATE TYPE status_e{k} AS ENUM ('new', 'paid', 'shipped');"]
        + attach("TYPE", f"status_e{k}", k))
    add("zz_types/types.sql", [f"CREATE TYPE pair_t{k} AS (id bigint, amount numeric);"])
    add(f"zz_types/domains_{k}.sql",
        [f"CREATE DOMAIN pos_amount{k} AS numeric CHECK (VALUE >= 0);"]
        + attach("DOMAIN", f"pos_amount{k}", k))

# SQL functions: 10 chains of 10; chain c uses domain c % 5. Changed: f_{2,4,6}_5.
CHANGED_F = {(2, 5), (4, 5), (6, 5)}
for c in range(10):
    for d in range(10):
        def fsql(mult):
            if d == 0 and DOMAIN_ARGS:
                sig = f"f_{c}_0(x pos_amount{c % 5})"
                body = f"SELECT x * {mult}"
            elif d == 0:
                sig = f"f_{c}_0(x numeric)"
                body = f"SELECT x::pos_amount{c % 5} * {mult}"
            else:
                sig = f"f_{c}_{d}(x numeric)"
                body = f"SELECT f_{c}_{d - 1}(x) + {d * mult}"
            if d % 2:
                return (f"CREATE FUNCTION {sig} RETURNS numeric LANGUAGE sql IMMUTABLE "
                        f"BEGIN ATOMIC {body}; END;")
            return f"CREATE FUNCTION {sig} RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ {body} $$;"
        sig_types = f"pos_amount{c % 5}" if d == 0 and DOMAIN_ARGS else "numeric"
        att = attach("FUNCTION", f"f_{c}_{d}({sig_types})", c * 10 + d)
        add(f"api/sql/fn_chain_{c}.sql", [fsql(2)] + att,
            [fsql(3)] + att if (c, d) in CHANGED_F else None)

# Base views: 2 per table; table t uses enum/composite/domain t % 5.
def base_name(t, v): return f"v_t{t:02d}_b{v}"


CHANGED_BASE = {(5, 1)}
for t in range(N_TABLES):
    k = t % N_ENUM
    for v in range(2):
        def bsql(cond):
            return (f"CREATE VIEW {base_name(t, v)} AS SELECT id, grp, qty, "
                    f"amount::pos_amount{k} AS amount, status::status_e{k} AS st, "
                    f"ROW(id, amount)::pair_t{k} AS p FROM t{t:02d} WHERE {cond};")
        cond = "grp % 2 = 0" if v == 0 else "grp % 2 = 1"
        att = attach("VIEW", base_name(t, v), t * 2 + v)
        add(f"x_base/t{t:02d}.sql", [bsql(cond)] + att,
            [bsql(cond + " AND qty >= 0")] + att if (t, v) in CHANGED_BASE else None)


# Chains: 36 chains of 8 views; chains 0-5 sit on t00's base views.
def chain_root(c):
    if c < 6:
        return 0, c % 2
    return 1 + c % (N_TABLES - 1), c % 2


def chain_name(c, level): return f"r{c:02d}_l{level}"


CHANGED_VIEW = {(10, 3), (15, 3), (20, 4), (25, 5)}
for c in range(N_CHAINS):
    t, v = chain_root(c)
    folder = rng.choice(["reporting", "core", "sales/daily", "sales/monthly", "ops"])
    for level in range(1, DEPTH + 1):
        prev = base_name(t, v) if level == 1 else chain_name(c, level - 1)
        def vsql(bound):
            if level % 4 == 0:  # join another base view of a table of the same type family
                other = base_name((t + 5) % (N_TABLES - 1) + 1, v)  # never t00
                return (f"CREATE VIEW {chain_name(c, level)} AS SELECT a.id, a.grp, a.qty, "
                        f"a.amount, a.st, a.p FROM {prev} a JOIN {other} b ON b.grp = a.grp "
                        f"AND b.id = a.id WHERE a.qty >= {bound};")
            if level % 2 == 0:  # call a SQL function
                return (f"CREATE VIEW {chain_name(c, level)} AS SELECT id, grp, qty, "
                        f"f_{c % 10}_{level}(amount) AS amount, st, p FROM {prev} "
                        f"WHERE qty >= {bound};")
            return (f"CREATE VIEW {chain_name(c, level)} AS SELECT id, grp, qty, amount + 1 AS "
                    f"amount, st, p FROM {prev} WHERE qty >= {bound};")
        part = "a_top" if level > 4 else "z_base"
        att = attach("VIEW", chain_name(c, level), c * 8 + level)
        add(f"{folder}/chain_{c:02d}_{part}.sql", [vsql(0)] + att,
            [vsql(-1)] + att if (c, level) in CHANGED_VIEW else None)
add("reporting/a_summary.sql",
    ["CREATE VIEW summary_a AS SELECT x.id, x.amount, y.amount AS amount_y FROM r10_l8 x "
     "JOIN r11_l8 y USING (id);"])
add("reporting/a_summary.sql",
    ["CREATE VIEW summary_b AS SELECT id, amount FROM summary_a WHERE amount > amount_y;"])

# Materialized views over chain tops (not on t00's chains).
for m in range(5):
    add("a_reports/matviews.sql",
        [f"CREATE MATERIALIZED VIEW mv_{m} AS SELECT grp, count(*) AS n, sum(amount) AS total "
         f"FROM {chain_name(20 + m, DEPTH)} GROUP BY grp;"] + attach("MATERIALIZED VIEW",
                                                                  f"mv_{m}", m))

# PL/pgSQL functions: p_i returns pair_t{i % 5}; even ones read a chain view (of a table of the
# same type family) and call a SQL function; odd ones call p_{i-1}. Changed: p_3, p_7.
CHANGED_P = {3, 7}
for i in range(40):
    k = i % 5
    def psql(delta):
        if i % 2 == 0:
            fam = [c for c in range(6, N_CHAINS) if chain_root(c)[0] % 5 == k]
            c = fam[(i // 10) % len(fam)]
            body = (f"DECLARE r pair_t{k}; BEGIN SELECT (v.p).id, f_{i % 10}_9(v.amount) + "
                    f"{delta} INTO r FROM {chain_name(c, 3)} v WHERE v.id = k; RETURN r; END")
        else:
            # (Not `r.amount := ...`: pgcrate's PL/pgSQL reading rejects assignments to fields
            # of a composite-typed variable, see RESULTS.md.)
            body = (f"DECLARE r pair_t{k}; BEGIN SELECT q.id, coalesce(q.amount, 0) + {delta} "
                    f"INTO r FROM p_{i - 1}(k) q; RETURN r; END")
        return (f"CREATE FUNCTION p_{i}(k bigint) RETURNS pair_t{k} LANGUAGE plpgsql STABLE "
                f"AS $$ {body} $$;")
    att = attach("FUNCTION", f"p_{i}(bigint)", i)
    add(f"api/plpgsql/{rng.choice(['b', 'k', 'q'])}_p{i:02d}.sql", [psql(1)] + att,
        [psql(2)] + att if i in CHANGED_P else None)

# Triggers (the trigger sorts before its function inside the file).
for k in range(5):
    add(f"a_triggers/trg_{k}.sql",
        [f"CREATE FUNCTION trg_{k}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         f"NEW.amount := f_{k}_3(NEW.amount); RETURN NEW; END $$;"])
    add(f"a_triggers/trg_{k}.sql",
        [f"CREATE TRIGGER t{k + 10:02d}_bump BEFORE INSERT OR UPDATE ON t{k + 10:02d} "
         f"FOR EACH ROW EXECUTE FUNCTION trg_{k}();"])

assert n_objects == 500, n_objects
for path, stmts in files.items():
    os.makedirs(os.path.dirname(f"{proj}/db/code/{path}"), exist_ok=True)
    with open(f"{proj}/db/code/{path}", "w") as f:
        f.write("\n".join(stmts) + "\n")
changed_files = sorted(alt)
for path in changed_files:
    os.makedirs(os.path.dirname(f"{out}/alt/{path}"), exist_ok=True)
    with open(f"{out}/alt/{path}", "w") as f:
        f.write("\n".join(alt_lists[path]) + "\n")
with open(f"{out}/flip.sh", "w") as f:
    f.write("#!/bin/sh\n# Swaps the 10 changed objects' files between versions A and B.\nset -e\n")
    for path in changed_files:
        a, b = f"{proj}/db/code/{path}", f"{out}/alt/{path}"
        f.write(f"mv '{a}' '{a}.tmp' && mv '{b}' '{a}' && mv '{a}.tmp' '{b}'\n")
print(f"{n_objects} objects in {len(files)} files; {len(changed_files)} files hold the 10 changes")
