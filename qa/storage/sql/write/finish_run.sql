-- A run ends: its status and counters, as summarised by qa.batch.
UPDATE runs SET
    finished_at = $finished_at,
    status = $status,
    calls_found = $calls_found,
    processed = $processed,
    skipped = $skipped,
    quarantined = $quarantined,
    audio_seconds = $audio_seconds,
    wall_seconds = $wall_seconds,
    realtime_factor = $realtime_factor
WHERE run_id = $run_id;
