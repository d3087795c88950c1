ALTER TABLE users ADD COLUMN country char(2);
