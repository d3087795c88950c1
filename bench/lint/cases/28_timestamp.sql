ALTER TABLE users ADD COLUMN seen_at timestamp;
