-- The words of purged or deleted comments must not outlive them: a term count back at 0 is now
-- deleted as it is reached (store/terms.ts); those left at 0 before are deleted here ('' stands
-- for every comment: its total stays).
DELETE FROM term_totals WHERE comments = 0 AND term <> '';
DELETE FROM term_days WHERE comments = 0;
DELETE FROM term_months WHERE comments = 0;
