CREATE TABLE people (
  id integer PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  code varchar(10) COLLATE "POSIX" DEFAULT 'a',
  tag text,
  nick varchar(20) COLLATE "POSIX"
);
CREATE INDEX people_name ON people (name);
CREATE VIEW people_names AS SELECT id, name FROM people;
CREATE TYPE pair AS (a text COLLATE "C", b text);
