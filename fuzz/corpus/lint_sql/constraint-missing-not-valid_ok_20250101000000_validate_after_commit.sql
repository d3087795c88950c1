-- pgcrate: no-transaction
-- up
BEGIN;
ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user_id;
-- down
ALTER TABLE orders DROP CONSTRAINT fk_orders_user_id;
