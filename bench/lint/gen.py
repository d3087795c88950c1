"""Writes the speed inputs into DIR: big.sql (10,000 statements, few findings), many/ (1,000
files of 10 statements) and findings.sql (10,000 statements cycling through 24 common DDL
shapes on tables that already exist, so most statements have at least one finding)."""
import os
import sys

STMTS = [
    "CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());",
    "CREATE INDEX idx_t{i}_name ON t{j} (name);",
    "ALTER TABLE t{j} ADD COLUMN email varchar(255);",
    "ALTER TABLE t{j} ADD CONSTRAINT fk_t{i} FOREIGN KEY (id) REFERENCES users (id);",
    "UPDATE t{j} SET name = 'x' WHERE id = {i};",
]

# Issue 10 #23: the shapes a real migration history is made of, each on an existing table
# ({g} = the group of 24 statements, so VALIDATE follows its NOT VALID constraint).
FINDINGS = [
    "ALTER TABLE orders{g} ADD COLUMN qty{g} integer DEFAULT 0;",
    "ALTER TABLE orders{g} ADD COLUMN seen_at{g} timestamptz DEFAULT clock_timestamp();",
    "ALTER TABLE orders{g} ADD COLUMN paid{g} boolean NOT NULL;",
    "CREATE INDEX idx_orders{g}_user_id ON orders{g} (user_id);",
    "CREATE INDEX CONCURRENTLY idx_orders{g}_created_at ON orders{g} (created_at);",
    "CREATE UNIQUE INDEX idx_orders{g}_ref ON orders{g} (ref);",
    "DROP INDEX idx_orders{g}_old;",
    "ALTER TABLE orders{g} ADD CONSTRAINT fk_orders{g}_user_id FOREIGN KEY (user_id) REFERENCES users (id);",
    "ALTER TABLE orders{g} ADD CONSTRAINT fk_orders{g}_shop_id FOREIGN KEY (shop_id) REFERENCES shops (id) NOT VALID;",
    "ALTER TABLE orders{g} VALIDATE CONSTRAINT fk_orders{g}_shop_id;",
    "ALTER TABLE orders{g} ADD CONSTRAINT chk_orders{g}_total CHECK (total > 0);",
    "ALTER TABLE orders{g} ALTER COLUMN user_id SET NOT NULL;",
    "ALTER TABLE orders{g} ALTER COLUMN total TYPE numeric(12,2);",
    "ALTER TABLE orders{g} RENAME COLUMN note TO comment;",
    "ALTER TABLE carts{g} RENAME TO baskets{g};",
    "ALTER TABLE orders{g} DROP COLUMN legacy_flag;",
    "DROP TABLE old_orders{g};",
    "ALTER TYPE order_status ADD VALUE 'archived{g}';",
    "ALTER TABLE orders{g} ADD COLUMN shipped_at{g} timestamp;",
    "ALTER TABLE orders{g} ADD COLUMN code{g} varchar(255);",
    "ALTER TABLE orders{g} ADD COLUMN seq{g} serial;",
    "ALTER TABLE invoices{g} ADD PRIMARY KEY (id);",
    "ALTER TABLE orders{g} ADD CONSTRAINT uq_orders{g}_ref UNIQUE (ref);",
    "UPDATE orders{g} SET status = 'new';",
]

def stmt(i):
    return STMTS[i % 5].format(i=i, j=i - i % 5)

out = sys.argv[1]
with open(os.path.join(out, "big.sql"), "w") as f:
    f.write("\n".join(stmt(i) for i in range(10000)) + "\n")
with open(os.path.join(out, "findings.sql"), "w") as f:
    f.write("\n".join(FINDINGS[i % 24].format(g=i // 24) for i in range(10000)) + "\n")
os.makedirs(os.path.join(out, "many"), exist_ok=True)
total = 0
for n in range(1000):
    with open(os.path.join(out, "many", "%04d_step.sql" % n), "w") as f:
        lines = [stmt(n * 10 + k) for k in range(10)]
        total += len(lines)
        f.write("\n".join(lines) + "\n")
with open(os.path.join(out, "many.count"), "w") as f:
    f.write(str(total))
