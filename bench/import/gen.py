#!/usr/bin/env python3
"""A dbmate project of N migrations (default 1,000) for bench/import/run.sh.

Writes OUT/dbmate/<14-digit version>_<name>.sql in dbmate's format (`-- migrate:up`, SQL,
`-- migrate:down`, SQL): each migration creates a table with an index; every 50th builds an
index CONCURRENTLY with `-- migrate:up transaction:false`. Also OUT/pgcrate.toml and
OUT/versions.txt (one version a line, what dbmate's schema_migrations holds once all are
applied).
"""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
src = os.path.join(out, "dbmate")
os.makedirs(src, exist_ok=True)
versions = []
for i in range(n):
    version = f"20240101{i // 3600:02d}{(i // 60) % 60:02d}{i % 60:02d}"
    versions.append(version)
    t = f"t_{i:04d}"
    if i % 50 == 49:
        body = (f"-- migrate:up transaction:false\n"
                f"CREATE INDEX CONCURRENTLY {t}_body ON t_{i - 1:04d} (body);\n\n"
                f"-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY {t}_body;\n")
        name = f"index_{t}"
    else:
        body = (f"-- migrate:up\nCREATE TABLE {t} (\n  id bigint PRIMARY KEY,\n  body text,\n"
                f"  created_at timestamptz NOT NULL DEFAULT now()\n);\n"
                f"CREATE INDEX {t}_created ON {t} (created_at);\n\n"
                f"-- migrate:down\nDROP TABLE {t};\n")
        name = f"create_{t}"
    with open(os.path.join(src, f"{version}_{name}.sql"), "w") as f:
        f.write(body)
with open(os.path.join(out, "pgcrate.toml"), "w") as f:
    f.write('[paths]\nmigrations = "db/migrations"\n')
with open(os.path.join(out, "versions.txt"), "w") as f:
    f.write("\n".join(versions) + "\n")
print(f"{n} dbmate migrations in {src}")
