-- Attempts at one target (an account's e-mail, a link's token) in the current fixed window
-- (issue 24): one row a target, counted by one upsert, so that the limit holds whichever node is
-- asked. The key is a hash: no address is kept here.
CREATE TABLE attempts (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX attempts_by_window ON attempts (window_start);
