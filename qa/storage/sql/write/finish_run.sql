-- A run ends: its status, counters as summarised by qa.batch, and why it failed (if it did).
UPDATE runs SET
    finished_at = $finished_at,
    status = $status,
    calls_found = $calls_found,
    processed = $processed,
    skipped = $skipped,
    quarantined = $quarantined,
    warnings = $warnings,
    audio_seconds = $audio_seconds,
    wall_seconds = $wall_seconds,
    realtime_factor = $realtime_factor,
    error = $error
WHERE run_id = $run_id;
