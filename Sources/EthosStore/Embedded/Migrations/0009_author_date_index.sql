-- A person's records given, newest first (the home page, `records list --from`, the API's
-- `from` filter), and the records an author gave in the 30 days before a new one (its history
-- facts) were read from `records_pair`, which orders an author's records by subject: each read
-- went through all of them (221 for one person at 100k records, ten times that at 1M), sorted
-- the listing in a temporary tree and read every record's row to do so. This index keeps an
-- author's records in date order and holds every column the history read needs. Anonymous
-- records have no author and are not in it.
CREATE INDEX records_author_date ON records(author, date, subject, kind) WHERE author IS NOT NULL;
