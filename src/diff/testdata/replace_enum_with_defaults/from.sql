CREATE TYPE status AS ENUM ('new', 'active', 'retired');
CREATE TABLE tasks (
  id integer PRIMARY KEY,
  status status NOT NULL DEFAULT 'new',
  history status[] DEFAULT '{new}'
);
-- Declared again in the child: local and inherited at once.
CREATE TABLE urgent_tasks (status status DEFAULT 'active') INHERITS (tasks);
-- Only inherited, with a default of its own.
CREATE TABLE archived_tasks () INHERITS (tasks);
ALTER TABLE archived_tasks ALTER COLUMN status SET DEFAULT 'retired';
-- Gone in to.sql: the table, and one column.
CREATE TABLE old_log (id integer, s status DEFAULT 'retired');
CREATE TABLE notes (id integer, body text, s status DEFAULT 'retired');
