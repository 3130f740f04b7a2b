-- One row per recording (by audio hash): the latest stage and reason it failed with.
INSERT OR REPLACE INTO quarantine (audio_hash, files, stage, reason, run_id, quarantined_at)
VALUES ($audio_hash, $files, $stage, $reason, $run_id, $quarantined_at);
