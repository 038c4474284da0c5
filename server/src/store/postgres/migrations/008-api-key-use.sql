-- The last day each API key was used: the same as SQLite's migration 011.
ALTER TABLE api_keys ADD COLUMN last_used_on date;
