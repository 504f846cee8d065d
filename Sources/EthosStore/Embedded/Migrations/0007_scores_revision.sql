-- A number that changes whenever stored scores are replaced (rescoring deletes a record's
-- evidence row and writes it again), so `ethos serve` can keep record cards, which show
-- verdicts and evidence, in memory and still show a rescore from any process at once. Storing
-- new records does not move it: a new record is a new card.
CREATE TABLE scores_revision (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    value INTEGER NOT NULL
);
INSERT INTO scores_revision (only, value) VALUES (1, 0);

CREATE TRIGGER evidence_replaced AFTER DELETE ON record_evidence BEGIN UPDATE scores_revision SET value = value + 1; END;
CREATE TRIGGER evidence_changed AFTER UPDATE ON record_evidence BEGIN UPDATE scores_revision SET value = value + 1; END;
CREATE TRIGGER scores_changed AFTER UPDATE ON scores BEGIN UPDATE scores_revision SET value = value + 1; END;
