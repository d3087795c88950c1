CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint CONSTRAINT fk_orders_user_id REFERENCES users (id));
