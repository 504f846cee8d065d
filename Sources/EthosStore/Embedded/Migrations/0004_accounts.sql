-- What `ethos serve` needs beyond records: who may sign in and how, their sessions, the API's
-- tokens, and requests for feedback. Secrets are stored only as SHA-256 hashes (tokens) or
-- bcrypt hashes (passwords); the value a person or integration holds is never stored.

-- A person who may sign in. No password until they accept an invitation; a leaver is
-- deactivated (their records stay, they can no longer sign in).
CREATE TABLE accounts (
    handle TEXT PRIMARY KEY REFERENCES people(handle),
    password_hash TEXT,
    deactivated_at INTEGER,
    updated_at INTEGER NOT NULL
);

-- One-time links to set a password: the hash of the link's token, and when it stops working.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    handle TEXT NOT NULL REFERENCES people(handle),
    expires_at INTEGER NOT NULL
);
CREATE INDEX invitations_handle ON invitations(handle);

-- Signed-in sessions: the hash of the cookie's token, the form token that goes with it, and
-- when it ends unless used again.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    handle TEXT NOT NULL REFERENCES people(handle),
    csrf_token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_handle ON sessions(handle);

-- Tokens for integrations, by name; scopes is a JSON array such as ["feedback:write"].
CREATE TABLE api_tokens (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- A request for feedback: the requester asks the responder for feedback about the subject
-- (themselves, or one of their reports); it stays open until answered or declined.
CREATE TABLE feedback_requests (
    id TEXT PRIMARY KEY,
    requester TEXT NOT NULL REFERENCES people(handle),
    responder TEXT NOT NULL REFERENCES people(handle),
    subject TEXT NOT NULL REFERENCES people(handle),
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'declined')),
    record_id TEXT REFERENCES records(id)
);
CREATE INDEX feedback_requests_responder ON feedback_requests(responder, status);
CREATE INDEX feedback_requests_requester ON feedback_requests(requester, status);
