-- Themes (DESIGN §12): a procedure's named sets of keywords. A row in theme_lists says the
-- procedure's list exists: the starter set was given once, and from then on the owner's edits
-- (deleting every theme included) are what it holds.
CREATE TABLE theme_lists (
  procedure_id INTEGER PRIMARY KEY REFERENCES procedures (id) ON DELETE CASCADE
) STRICT;

CREATE TABLE themes (
  id           INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  keywords     TEXT    NOT NULL                            -- JSON array of words or phrases
) STRICT;

CREATE INDEX themes_by_procedure ON themes (procedure_id, id);
