ALTER TABLE orders ADD CONSTRAINT chk_orders_qty CHECK (qty > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT chk_orders_qty;
