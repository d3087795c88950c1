SET check_function_bodies = false;

CREATE SCHEMA reporting;

CREATE TABLE reporting.daily (
    day date NOT NULL PRIMARY KEY,
    orders integer NOT NULL
);
