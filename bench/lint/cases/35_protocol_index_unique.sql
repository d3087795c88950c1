CREATE UNIQUE INDEX uq_orders_ref ON orders (ref);
