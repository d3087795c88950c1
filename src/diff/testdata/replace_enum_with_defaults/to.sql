CREATE TYPE status AS ENUM ('new', 'active', 'done');
CREATE TABLE tasks (
  id integer PRIMARY KEY,
  status status NOT NULL DEFAULT 'new',
  history status[] DEFAULT '{new}'
);
CREATE TABLE urgent_tasks (status status DEFAULT 'active') INHERITS (tasks);
CREATE TABLE archived_tasks () INHERITS (tasks);
ALTER TABLE archived_tasks ALTER COLUMN status SET DEFAULT 'done';
CREATE TABLE notes (id integer, body text);
