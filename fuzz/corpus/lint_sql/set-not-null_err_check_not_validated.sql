ALTER TABLE orders ADD CONSTRAINT chk_orders_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT chk_orders_total CHECK (total > 0);
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT chk_orders_note_not_null CHECK (note IS NOT NULL);
ALTER TABLE orders DROP CONSTRAINT chk_orders_note_not_null;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
