CREATE TABLE t (id int PRIMARY KEY, user_id integer);
