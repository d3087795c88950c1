ALTER TABLE orders ADD CONSTRAINT chk_orders_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT chk_orders_user_id_not_null;
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE orders ADD CHECK (total IS NOT NULL);
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
