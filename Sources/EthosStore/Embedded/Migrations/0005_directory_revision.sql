-- A number that changes whenever the people directory does, so that `ethos serve` can keep the
-- directory, and each person's rights built from it, in memory between requests and still see a
-- change another process made (`ethos people import`, a second server) on its next request.
CREATE TABLE directory_revision (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    value INTEGER NOT NULL
);
INSERT INTO directory_revision (only, value) VALUES (1, 0);

CREATE TRIGGER people_inserted AFTER INSERT ON people BEGIN UPDATE directory_revision SET value = value + 1; END;
CREATE TRIGGER people_updated AFTER UPDATE ON people BEGIN UPDATE directory_revision SET value = value + 1; END;
CREATE TRIGGER people_deleted AFTER DELETE ON people BEGIN UPDATE directory_revision SET value = value + 1; END;
