-- 005 OAuth login (issue 8): identities at external providers, and login sessions.
-- An identity is keyed by what the provider says is stable (Discord `id`, Spotify `account_id`);
-- a user holds at most one identity per provider.
CREATE TABLE oauth_identities (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 32),
    provider_user_id TEXT NOT NULL CHECK (length(provider_user_id) BETWEEN 1 AND 255),
    email TEXT,
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (provider, provider_user_id),
    UNIQUE (user_id, provider)
);

-- Sessions are stored like API tokens: only the SHA-256 of the token, never the token.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX idx_sessions_user ON sessions(user_id);
