-- callqa schema v1: the coaches' public interface. Never edit a migration that has
-- shipped; add the next numbered file instead and document it in docs/schema.md.

CREATE TABLE runs (
    run_id           VARCHAR PRIMARY KEY,
    flow_run_id      VARCHAR,
    inbox            VARCHAR NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    status           VARCHAR NOT NULL,          -- running | completed | failed
    calls_found      INTEGER NOT NULL DEFAULT 0,
    processed        INTEGER NOT NULL DEFAULT 0,
    skipped          INTEGER NOT NULL DEFAULT 0,
    quarantined      INTEGER NOT NULL DEFAULT 0,
    audio_seconds    DOUBLE NOT NULL DEFAULT 0,
    wall_seconds     DOUBLE NOT NULL DEFAULT 0,
    realtime_factor  DOUBLE,                    -- audio_seconds / wall_seconds (× real time)
    asr_model        VARCHAR,
    rubric           VARCHAR
);

CREATE TABLE calls (
    call_id          VARCHAR PRIMARY KEY,
    audio_hash       VARCHAR NOT NULL UNIQUE,   -- sha256 of the audio bytes: the identity
    source_files     VARCHAR[] NOT NULL,
    agent_id         VARCHAR,
    agent_name       VARCHAR,
    team             VARCHAR,
    queue            VARCHAR,
    started_at       TIMESTAMPTZ,
    direction        VARCHAR,
    customer_ref     VARCHAR,
    language         VARCHAR NOT NULL,
    layout           VARCHAR NOT NULL,
    duration_s       DOUBLE NOT NULL,
    asr_backend      VARCHAR NOT NULL,
    asr_model        VARCHAR NOT NULL,
    asr_truncated    BOOLEAN NOT NULL,
    transcript       JSON NOT NULL,             -- the full transcript contract
    run_id           VARCHAR NOT NULL,
    loaded_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE segments (
    call_id          VARCHAR NOT NULL,
    segment_index    INTEGER NOT NULL,
    speaker          VARCHAR NOT NULL,          -- agent | customer | unknown
    start_s          DOUBLE NOT NULL,
    end_s            DOUBLE NOT NULL,
    text             VARCHAR NOT NULL,
    confidence       DOUBLE NOT NULL,
    flags            VARCHAR[] NOT NULL,
    PRIMARY KEY (call_id, segment_index)
);

CREATE TABLE scorecards (
    call_id                  VARCHAR NOT NULL,
    rubric                   VARCHAR NOT NULL,  -- name@version: re-scores sit beside old ones
    overall                  DOUBLE NOT NULL,
    level                    VARCHAR NOT NULL,
    tone                     DOUBLE,
    empathy                  DOUBLE,
    resolution               DOUBLE,
    process                  DOUBLE,
    resolved                 BOOLEAN NOT NULL,
    resolution_status        VARCHAR NOT NULL,
    resolution_confidence    DOUBLE NOT NULL,
    agent_tone               VARCHAR NOT NULL,
    empathy_level            INTEGER NOT NULL,
    customer_sentiment_start DOUBLE NOT NULL,
    customer_sentiment_end   DOUBLE NOT NULL,
    auto_failed              VARCHAR[] NOT NULL,
    scorecard                JSON NOT NULL,     -- the full scorecard contract
    run_id                   VARCHAR NOT NULL,
    scored_at                TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (call_id, rubric)
);

CREATE TABLE criterion_results (
    call_id          VARCHAR NOT NULL,
    rubric           VARCHAR NOT NULL,
    criterion_id     VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    dimension        VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,          -- passed | failed | na | unverifiable
    score            DOUBLE,
    weight           DOUBLE NOT NULL,
    reason           VARCHAR NOT NULL,
    evidence         STRUCT(speaker VARCHAR, start_s DOUBLE, end_s DOUBLE, text VARCHAR,
                            confidence DOUBLE)[] NOT NULL,
    PRIMARY KEY (call_id, rubric, criterion_id)
);

CREATE TABLE call_metrics (
    call_id                   VARCHAR NOT NULL,
    rubric                    VARCHAR NOT NULL, -- the hold limit comes from the rubric
    holds                     INTEGER NOT NULL,
    holds_over_limit          INTEGER NOT NULL,
    longest_hold_s            DOUBLE NOT NULL,
    dead_air_s                DOUBLE NOT NULL,
    overtalk_s                DOUBLE NOT NULL,
    agent_talk_ratio          DOUBLE NOT NULL,
    agent_words_per_minute    DOUBLE NOT NULL,
    customer_response_latency_s DOUBLE NOT NULL,
    PRIMARY KEY (call_id, rubric)
);

CREATE TABLE quarantine (
    audio_hash       VARCHAR PRIMARY KEY,
    files            VARCHAR[] NOT NULL,
    stage            VARCHAR NOT NULL,          -- decode | transcribe | score | metadata
    reason           VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    quarantined_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE reviews (
    review_id        VARCHAR PRIMARY KEY,
    call_id          VARCHAR NOT NULL,
    rubric           VARCHAR NOT NULL,
    criterion_id     VARCHAR,                   -- NULL: a review of the whole call
    reviewer         VARCHAR NOT NULL,
    original_status  VARCHAR,
    override_status  VARCHAR,
    override_score   DOUBLE,
    comment          VARCHAR,
    created_at       TIMESTAMPTZ NOT NULL
);
