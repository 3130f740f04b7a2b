-- 004: privacy (issue 12). Redaction counts, redacted audio, erasure and its audit trail.
-- Which redaction rules the stored transcript went through (NULL: stored before 004).
ALTER TABLE calls ADD COLUMN redaction_version VARCHAR;
-- The redacted audio's file name under `<db stem>.audio/` (NULL: none kept).
ALTER TABLE calls ADD COLUMN redacted_audio VARCHAR;

-- Per call, how many pieces of each kind were redacted: counts, never the values.
CREATE TABLE redactions (
    call_id          VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,          -- card | cvv | expiry | phone | email | iban | national_id
    count            INTEGER NOT NULL,
    PRIMARY KEY (call_id, kind)
);

-- One row per erasure (`callqa forget`, the nightly retention): what, when, by whom; never
-- the customer reference or anything else that was erased.
CREATE TABLE erasures (
    erasure_id       VARCHAR PRIMARY KEY,
    erased_at        TIMESTAMPTZ NOT NULL,
    erased_by        VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,          -- customer_ref | call_id | retention
    request_ref      VARCHAR,                   -- the ticket it answers, as given
    calls_removed    INTEGER NOT NULL,
    reviews_removed  INTEGER NOT NULL,
    audio_removed    INTEGER NOT NULL
);

-- Recordings erased: a later run skips them even if they are still in the inbox.
CREATE TABLE erased_recordings (
    audio_hash       VARCHAR PRIMARY KEY,
    erasure_id       VARCHAR NOT NULL
);
