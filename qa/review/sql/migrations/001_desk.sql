-- The review desk's own file (`<db>.reviews.duckdb`): human judgement beside, never over,
-- the automatic scorecards. Rows are only ever added. Documented in docs/schema.md.

CREATE TABLE reviews (
    review_id        VARCHAR PRIMARY KEY,
    call_id          VARCHAR NOT NULL,
    rubric           VARCHAR NOT NULL,          -- name@version of the score reviewed
    rubric_digest    VARCHAR,
    criterion_id     VARCHAR,                   -- NULL: a review of the whole call
    reviewer         VARCHAR NOT NULL,
    original_status  VARCHAR,                   -- criterion status, or the call's level
    original_score   DOUBLE,                    -- criterion 0–1, whole call 0–100
    override_status  VARCHAR,                   -- passed | failed | na
    override_score   DOUBLE,
    comment          VARCHAR NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE dispute_events (
    event_id         VARCHAR PRIMARY KEY,
    call_id          VARCHAR NOT NULL,
    action           VARCHAR NOT NULL,          -- opened | upheld | overturned
    actor            VARCHAR NOT NULL,
    comment          VARCHAR NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE calibration_queue (
    sample_id        VARCHAR NOT NULL,
    call_id          VARCHAR NOT NULL,
    rubric           VARCHAR NOT NULL,
    why              VARCHAR NOT NULL,
    added_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sample_id, call_id)
);
