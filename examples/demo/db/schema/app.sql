-- The desired schema of the demo, kept as plain SQL ([paths] schema). After editing it,
-- `pgcrate migrate autogenerate NAME` writes the migration that gets the database there;
-- today it matches db/migrations, so autogenerate says "no changes".
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    display_name text,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    CONSTRAINT users_email_key UNIQUE (email)
);
COMMENT ON COLUMN users.last_seen_at IS 'Last request seen from this user (UTC).';

CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL,
    total_cents bigint NOT NULL CHECK (total_cents >= 0),
    status text NOT NULL DEFAULT 'new',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX idx_orders_user_id ON orders (user_id);
