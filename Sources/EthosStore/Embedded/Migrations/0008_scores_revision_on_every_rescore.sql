-- 0007 moved the scores revision when a record's evidence row or a score row was replaced, but
-- rescoring deletes and inserts score rows, and a record with no evidence has no evidence row:
-- rescoring it left the revision where it was, and a card or figure kept in memory stale.
-- Every rescore rewrites the record's verdict summary, so that is what moves it now.
CREATE TRIGGER verdicts_replaced AFTER UPDATE OF verdicts ON records BEGIN UPDATE scores_revision SET value = value + 1; END;
