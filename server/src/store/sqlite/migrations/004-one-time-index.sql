-- Every read by procedure (comment pages, export) goes through submissions_by_procedure_time,
-- bounded by the period's times; the day index was one more B-tree to update for each answer
-- (measured: a third of the cost of an insert).
DROP INDEX submissions_by_procedure_day;
