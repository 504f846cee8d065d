-- The first schema. Migrations are SQL files, numbered, applied in order once each, and never
-- edited once shipped: a change is a new file.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE people (
    handle TEXT PRIMARY KEY,
    name TEXT,
    email TEXT,
    team TEXT,
    manager TEXT REFERENCES people(handle) DEFERRABLE INITIALLY DEFERRED,
    role TEXT,
    joined TEXT
);
CREATE INDEX people_team ON people(team);

-- The principles of each verdict summary's layout, in order (a JSON array).
CREATE TABLE verdict_layouts (id INTEGER PRIMARY KEY, principles TEXT NOT NULL UNIQUE);

CREATE TABLE records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    -- SHA-256 of kind, author (or anonymous key), subject, date, text and minutes.
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('feedback', 'mentoring')),
    author TEXT REFERENCES people(handle),
    anonymous_author_key TEXT,
    subject TEXT NOT NULL REFERENCES people(handle),
    date INTEGER NOT NULL,
    date_nanos INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    minutes INTEGER,
    principles TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'recipient', 'manager', 'private')),
    anonymous INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    -- A copy of the record's verdicts (VerdictSummary), so reports read one covering index.
    verdict_layout INTEGER REFERENCES verdict_layouts(id),
    verdicts BLOB,
    CHECK ((anonymous = 1) = (author IS NULL)),
    CHECK ((anonymous = 1) = (anonymous_author_key IS NOT NULL))
);
-- Duplicates by content are found by the hash's first 16 hex digits (64 bits) and confirmed
-- against the whole hash: a random key a quarter the size, so an import rewrites fewer pages.
CREATE INDEX records_content_hash ON records(substr(content_hash, 1, 16));
CREATE INDEX records_pair ON records(author, subject, date);
CREATE INDEX records_anonymous_author ON records(anonymous_author_key, date) WHERE anonymous_author_key IS NOT NULL;
CREATE INDEX records_subject_date ON records(subject, date);
CREATE INDEX records_report ON records(date, seq, kind, author, subject, minutes, visibility, anonymous, verdict_layout, verdicts);

-- What scored a score: the hash of the scorer's fingerprint, and the plugins that answered.
CREATE TABLE scorings (
    id INTEGER PRIMARY KEY,
    principles_hash TEXT NOT NULL,
    plugin_versions TEXT NOT NULL,
    UNIQUE (principles_hash, plugin_versions)
);

CREATE TABLE scores (
    record INTEGER NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
    principle TEXT NOT NULL,
    position INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    alignment REAL NOT NULL,
    relevance REAL NOT NULL,
    scoring INTEGER NOT NULL REFERENCES scorings(id),
    PRIMARY KEY (record, principle)
) WITHOUT ROWID;

-- A record's evidence, every principle's, as one JSON text (EvidenceJSON).
CREATE TABLE record_evidence (
    record INTEGER PRIMARY KEY REFERENCES records(seq) ON DELETE CASCADE,
    items TEXT NOT NULL
);
