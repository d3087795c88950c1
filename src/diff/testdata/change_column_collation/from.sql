CREATE TABLE people (
  id integer PRIMARY KEY,
  name text NOT NULL,
  code varchar(10) COLLATE "C" DEFAULT 'a',
  tag text COLLATE "C",
  nick text COLLATE "C"
);
CREATE INDEX people_name ON people (name);
CREATE VIEW people_names AS SELECT id, name FROM people;
CREATE TYPE pair AS (a text, b text COLLATE "C");
