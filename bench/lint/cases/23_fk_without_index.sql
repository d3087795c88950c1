CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint CONSTRAINT fk_payments_order_id REFERENCES orders (id));
