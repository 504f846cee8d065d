-- Scoring one record reads the history of its author and subject: the records they gave and
-- the mentoring they received (seq, author, subject, date, kind). With `kind` (and, on the
-- subject's side, `author`) only in the table, each of those rows cost a read of the record's
-- own page, which holds its text; a record posted through `ethos serve` read hundreds of them.
-- Both indexes now hold every column that read needs, keeping their order for the other
-- queries that use them (pairs met before; a person's records newest first).
DROP INDEX records_pair;
CREATE INDEX records_pair ON records(author, subject, date, kind);
DROP INDEX records_subject_date;
CREATE INDEX records_subject_date ON records(subject, date, kind, author);
