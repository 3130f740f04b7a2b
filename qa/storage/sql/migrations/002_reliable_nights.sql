-- 002: nights that are never lost (issue 10).
-- A failed run says why; a run's warnings (entries left for the next run) are kept.
ALTER TABLE runs ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN error VARCHAR;

-- A call with nothing to judge gets a scorecard without a verdict: status no_conversation,
-- no overall, no level. Each score records the exact rubric content it was made under.
ALTER TABLE scorecards ADD COLUMN status VARCHAR NOT NULL DEFAULT 'scored';
ALTER TABLE scorecards ADD COLUMN status_reason VARCHAR;
ALTER TABLE scorecards ADD COLUMN rubric_digest VARCHAR;
ALTER TABLE scorecards ALTER COLUMN overall DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN level DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN resolved DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN resolution_status DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN resolution_confidence DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN agent_tone DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN empathy_level DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN customer_sentiment_start DROP NOT NULL;
ALTER TABLE scorecards ALTER COLUMN customer_sentiment_end DROP NOT NULL;

-- One content digest per rubric name@version: an edited rubric must bump its version.
CREATE TABLE rubrics (
    rubric           VARCHAR PRIMARY KEY,
    digest           VARCHAR NOT NULL,
    first_used_at    TIMESTAMPTZ NOT NULL
);

-- Entries a run looked at and left alone, with the reason (still being written, not a
-- regular file, unreadable): looked at again by the next run, nothing lost.
CREATE TABLE intake_warnings (
    run_id           VARCHAR NOT NULL,
    files            VARCHAR[] NOT NULL,
    reason           VARCHAR NOT NULL,
    noted_at         TIMESTAMPTZ NOT NULL
);

-- Quarantined calls released by `callqa requeue`: who/why stays auditable.
CREATE TABLE quarantine_released (
    audio_hash       VARCHAR NOT NULL,
    files            VARCHAR[] NOT NULL,
    stage            VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    quarantined_at   TIMESTAMPTZ NOT NULL,
    released_at      TIMESTAMPTZ NOT NULL
);
