-- up
CREATE TABLE "{{tables.users}}" (id int);
