-- Anonymous records no longer share one key per author: each record's key is a keyed hash of its
-- author and its own content (RecordIdentity), so records by one author cannot be linked, and
-- history facts never read them. Keys stored before are replaced by random ones, which link
-- nothing; those records' authors can no longer be checked even with the key file.
UPDATE records SET anonymous_author_key = lower(hex(randomblob(32))) WHERE anonymous_author_key IS NOT NULL;

-- History reads named records only; nothing looks anonymous records up by author any more.
DROP INDEX records_anonymous_author;
