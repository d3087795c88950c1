"""Writes the speed inputs into DIR: big.sql (10,000 statements) and many/ (1,000 files)."""
import os
import sys

STMTS = [
    "CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());",
    "CREATE INDEX idx_t{i}_name ON t{j} (name);",
    "ALTER TABLE t{j} ADD COLUMN email varchar(255);",
    "ALTER TABLE t{j} ADD CONSTRAINT fk_t{i} FOREIGN KEY (id) REFERENCES users (id);",
    "UPDATE t{j} SET name = 'x' WHERE id = {i};",
]

def stmt(i):
    return STMTS[i % 5].format(i=i, j=i - i % 5)

out = sys.argv[1]
with open(os.path.join(out, "big.sql"), "w") as f:
    f.write("\n".join(stmt(i) for i in range(10000)) + "\n")
os.makedirs(os.path.join(out, "many"), exist_ok=True)
total = 0
for n in range(1000):
    with open(os.path.join(out, "many", "%04d_step.sql" % n), "w") as f:
        lines = [stmt(n * 10 + k) for k in range(10)]
        total += len(lines)
        f.write("\n".join(lines) + "\n")
with open(os.path.join(out, "many.count"), "w") as f:
    f.write(str(total))
