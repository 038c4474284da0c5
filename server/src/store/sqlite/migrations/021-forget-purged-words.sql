-- The words of purged or deleted comments must not outlive them.
-- The term counts: a count back at 0 is now deleted as it is reached (store/terms.ts); those left
-- at 0 before are deleted here ('' stands for every comment: its total stays).
DELETE FROM term_totals WHERE comments = 0 AND term <> '';
DELETE FROM term_days WHERE comments = 0;
DELETE FROM term_months WHERE comments = 0;
-- The search index: FTS5 only marks a deleted comment's entries, and its words stay in the
-- index's pages until a merge of its segments, which on a quiet procedure may never come.
-- `secure-delete` (SQLite 3.42) takes them out of the pages at the delete; `optimize` rewrites
-- the index once, without what was deleted before.
INSERT INTO comment_search (comment_search, rank) VALUES ('secure-delete', 1);
INSERT INTO comment_search (comment_search) VALUES ('optimize');
