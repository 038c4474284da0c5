-- Themes (DESIGN §12): a procedure's named sets of keywords. A row in theme_lists says the
-- procedure's list exists: the starter set was given once, and from then on the owner's edits
-- (deleting every theme included) are what it holds.
CREATE TABLE theme_lists (
  procedure_id bigint PRIMARY KEY REFERENCES procedures (id) ON DELETE CASCADE
);

CREATE TABLE themes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_id bigint NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  name         text   NOT NULL,
  keywords     jsonb  NOT NULL
);

CREATE INDEX themes_by_procedure ON themes (procedure_id, id);
