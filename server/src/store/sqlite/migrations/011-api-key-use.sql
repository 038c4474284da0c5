-- The last day (`YYYY-MM-DD` in TZ_REPORT) each API key was used (issue 18, DESIGN §11): written
-- at most once a key and day, with an `api-key.use` audit entry, so that an organisation's
-- administrators see which keys are alive without a write on every request.
ALTER TABLE api_keys ADD COLUMN last_used_on TEXT;
