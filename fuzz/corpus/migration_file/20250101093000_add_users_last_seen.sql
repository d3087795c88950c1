-- Track when a user was last active (nullable: instant on any table size).

-- up
ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
COMMENT ON COLUMN users.last_seen_at IS 'Last request seen from this user (UTC).';

-- down
ALTER TABLE users DROP COLUMN last_seen_at;
