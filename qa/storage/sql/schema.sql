-- Bookkeeping for the versioned schema. The tables themselves are created by the
-- numbered files in migrations/, applied in order, each in one transaction, once.
-- The current schema version is max(version); docs/schema.md documents it.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
