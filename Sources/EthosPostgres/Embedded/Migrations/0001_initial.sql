-- The PostgreSQL schema. Migrations are SQL files, numbered, applied in order once each (each in
-- its own transaction, under an advisory lock, so servers starting together take turns), and
-- never edited once shipped: a change is a new file. They hold the same data as the SQLite
-- store's; the differences are PostgreSQL's types and what keeps keys in commit order.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Handles and ids compare byte by byte (COLLATE "C"), as in SQLite: a listing's order, and
-- a range of ids with a prefix, do not depend on the server's locale.
CREATE TABLE people (
    handle TEXT COLLATE "C" PRIMARY KEY,
    name TEXT,
    email TEXT,
    team TEXT,
    manager TEXT REFERENCES people(handle) DEFERRABLE INITIALLY DEFERRED,
    role TEXT,
    joined TEXT
);
CREATE INDEX people_team ON people(team);

-- The principles of each verdict summary's layout, in order (a JSON array).
CREATE TABLE verdict_layouts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, principles TEXT NOT NULL UNIQUE);

-- A record's key (`seq`) comes from a sequence, and every write takes one advisory transaction
-- lock (see PostgresStore), so keys grow in the order transactions commit: a reader that has
-- seen every record up to a key never misses one stored later with a smaller key.
CREATE TABLE records (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    -- SHA-256 of kind, author (or anonymous key), subject, date, text and minutes.
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('feedback', 'mentoring')),
    author TEXT REFERENCES people(handle),
    anonymous_author_key TEXT,
    subject TEXT NOT NULL REFERENCES people(handle),
    date BIGINT NOT NULL,
    date_nanos INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    minutes INTEGER,
    principles TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'recipient', 'manager', 'private')),
    anonymous BOOLEAN NOT NULL,
    recorded_at BIGINT NOT NULL,
    language_supported BOOLEAN NOT NULL DEFAULT TRUE,
    -- A copy of the record's verdicts (VerdictSummary), so a report reads no score rows.
    verdict_layout BIGINT REFERENCES verdict_layouts(id),
    verdicts BYTEA,
    CHECK (anonymous = (author IS NULL)),
    CHECK (anonymous = (anonymous_author_key IS NOT NULL))
);
CREATE INDEX records_content_hash ON records(content_hash);
CREATE INDEX records_pair ON records(author, subject, date, kind);
CREATE INDEX records_subject_date ON records(subject, date, kind, author);
CREATE INDEX records_author_date ON records(author, date, subject, kind) WHERE author IS NOT NULL;
CREATE INDEX records_date ON records(date, seq);

-- What scored a score: the hash of the scorer's fingerprint, and the plugins that answered.
CREATE TABLE scorings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    principles_hash TEXT NOT NULL,
    plugin_versions TEXT NOT NULL,
    UNIQUE (principles_hash, plugin_versions)
);

CREATE TABLE scores (
    record BIGINT NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
    principle TEXT NOT NULL,
    position INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    alignment DOUBLE PRECISION NOT NULL,
    relevance DOUBLE PRECISION NOT NULL,
    scoring BIGINT NOT NULL REFERENCES scorings(id),
    PRIMARY KEY (record, principle)
);

-- A record's evidence, every principle's, as one JSON text (EvidenceJSON), kept as written.
CREATE TABLE record_evidence (
    record BIGINT PRIMARY KEY REFERENCES records(seq) ON DELETE CASCADE,
    items TEXT NOT NULL
);

-- Numbers that change whenever the directory, or stored scores, do (RecordStore's
-- directoryRevision and scoresRevision), from any process.
CREATE TABLE revisions (
    name TEXT PRIMARY KEY CHECK (name IN ('directory', 'scores')),
    value BIGINT NOT NULL
);
INSERT INTO revisions (name, value) VALUES ('directory', 0), ('scores', 0);

CREATE FUNCTION ethos_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE revisions SET value = value + 1 WHERE name = 'directory';
    RETURN NULL;
END $$;
-- Per row, as in SQLite: adding people who are already there changes nothing.
CREATE TRIGGER people_changed AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION ethos_directory_changed();

CREATE FUNCTION ethos_scores_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE revisions SET value = value + 1 WHERE name = 'scores';
    RETURN NULL;
END $$;
-- Every rescore rewrites records' verdict summaries; once a statement, not once a record.
CREATE TRIGGER verdicts_replaced AFTER UPDATE OF verdicts ON records FOR EACH STATEMENT EXECUTE FUNCTION ethos_scores_changed();

-- What `ethos serve` stores beside records, as in SQLite's 0004.
CREATE TABLE accounts (
    handle TEXT PRIMARY KEY REFERENCES people(handle),
    password_hash TEXT,
    deactivated_at BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    handle TEXT NOT NULL REFERENCES people(handle),
    expires_at BIGINT NOT NULL
);
CREATE INDEX invitations_handle ON invitations(handle);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    handle TEXT NOT NULL REFERENCES people(handle),
    csrf_token TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_handle ON sessions(handle);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    name TEXT COLLATE "C" PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE feedback_requests (
    id TEXT COLLATE "C" PRIMARY KEY,
    requester TEXT NOT NULL REFERENCES people(handle),
    responder TEXT NOT NULL REFERENCES people(handle),
    subject TEXT NOT NULL REFERENCES people(handle),
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'declined')),
    record_id TEXT REFERENCES records(id)
);
CREATE INDEX feedback_requests_responder ON feedback_requests(responder, status);
CREATE INDEX feedback_requests_requester ON feedback_requests(requester, status);
