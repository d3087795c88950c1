CREATE TABLE items (id int PRIMARY KEY, order_id int);
