-- Sample migration used by render_test.cc for the golden files of every output format.
-- up
ALTER TABLE orders ADD COLUMN user_id int;
ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id
  FOREIGN KEY (user_id) REFERENCES users (id);
CREATE INDEX idx_orders_user_id ON orders (user_id);
-- pgcrate-lint: ignore set-not-null
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;
	UPDATE orders SET note = 'a "quoted", 100%: value';
