-- Attempts at one target in the current window: the same as SQLite's migration 013. Nodes sharing
-- this database count together, so a limit per account holds across them.
CREATE TABLE attempts (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  count integer NOT NULL
);
CREATE INDEX attempts_by_window ON attempts (window_start);
