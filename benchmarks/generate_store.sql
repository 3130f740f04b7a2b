-- A big store of synthetic calls in the real schema (benchmarks/snapshot.py); $calls calls.
INSERT INTO calls BY NAME SELECT
    'call-' || i AS call_id, sha256('call-' || i) AS audio_hash, ['/inbox/' || i || '.wav'] AS source_files,
    'agent-' || (i % 40) AS agent_id, 'Agent ' || (i % 40) AS agent_name, 'team-' || (i % 4) AS team,
    'billing' AS queue, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes(i) AS started_at,
    'inbound' AS direction, 'cust-' || i AS customer_ref, 'en' AS language, 'stereo' AS layout,
    300.0 AS duration_s, 'faster-whisper' AS asr_backend, 'base' AS asr_model, false AS asr_truncated,
    '{"text": "' || repeat('transcript text ', 300) || '"}' AS transcript, 'gen' AS run_id,
    now() AS loaded_at
FROM range($calls) t(i);
INSERT INTO segments BY NAME SELECT
    'call-' || i AS call_id, j AS segment_index, CASE WHEN j % 2 = 0 THEN 'agent' ELSE 'customer' END AS speaker,
    j * 15.0 AS start_s, j * 15.0 + 12 AS end_s,
    'this is what was said in turn ' || j || ' of call ' || i AS text, 0.9 AS confidence, [] AS flags
FROM range($calls) t(i), range(20) s(j);
INSERT INTO scorecards BY NAME SELECT
    'call-' || i AS call_id, 'service@3' AS rubric, 70.0 + i % 30 AS overall, 'exceed' AS level,
    true AS resolved, 'resolved' AS resolution_status, 0.9 AS resolution_confidence,
    'positive' AS agent_tone, 2 AS empathy_level, 0.1 AS customer_sentiment_start,
    0.5 AS customer_sentiment_end, [] AS auto_failed, '{"reason": "' || repeat('criteria ', 200) || '"}' AS scorecard,
    'gen' AS run_id, now() AS scored_at
FROM range($calls) t(i);
INSERT INTO criterion_results BY NAME SELECT
    'call-' || i AS call_id, 'service@3' AS rubric, 'criterion_' || k AS criterion_id,
    'Criterion ' || k AS title, 'process' AS dimension, 'passed' AS status, 0.8 AS score,
    1.0 AS weight, 'found the words' AS reason,
    [{'speaker': 'agent', 'start_s': 1.0, 'end_s': 3.0, 'text': 'thank you for calling',
      'confidence': 0.9}] AS evidence
FROM range($calls) t(i), range(12) c(k);
